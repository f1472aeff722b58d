"""The command tree of kn, Knative's CLI: names, usage lines, flags, help texts and examples.

The tree itself follows kn 1.12 so that scripts written for kn work unchanged: the commands and
their order, ``use`` lines, aliases, and every flag's name, shorthand, pflag type and default,
including the flags kn accepts but hides from its help (deprecated spellings,
``--no-log-http``, ...), which are in ``hidden_flags``. The help prose (each command's
``short`` and ``long`` descriptions and each flag's usage) and the ``example`` texts are
knlite's own words. A flag is ``[name, shorthand, type, default, usage]`` with pflag's type
names (``bool``, ``string``, ``int``, ``int32``, ``stringArray``, ``strings``).

The data is one JSON document rather than Python literals: it loads in about a millisecond even
when no bytecode cache can be written, which keeps ``kn --help`` fast.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Flag = tuple[str, str, str, str, str]

_SPEC = r"""
{
 "root": {
  "short": "Command line client for Knative Serving and Eventing",
  "long": "kn creates, changes and inspects Knative Serving and Eventing resources: services,\nrevisions, routes and domain mappings, and brokers, triggers, channels, subscriptions\nand event sources.\n\nKnative's documentation lives at knative.dev."
 },
 "global_flags": [
  [
   "as",
   "",
   "string",
   "",
   "Act as this user for the request (impersonation)."
  ],
  [
   "as-group",
   "",
   "stringArray",
   "",
   "Act as a member of this group for the request; repeat the flag to add more groups."
  ],
  [
   "as-uid",
   "",
   "string",
   "",
   "Act as the user with this UID for the request."
  ],
  [
   "cluster",
   "",
   "string",
   "",
   "Cluster entry of the kubeconfig to connect to."
  ],
  [
   "config",
   "",
   "string",
   "",
   "Path of kn's own settings file (default: ~/.config/kn/config.yaml)"
  ],
  [
   "context",
   "",
   "string",
   "",
   "Context of the kubeconfig to use."
  ],
  [
   "kubeconfig",
   "",
   "string",
   "",
   "Path of the kubeconfig file to read (default: ~/.kube/config)"
  ],
  [
   "log-http",
   "",
   "bool",
   "",
   "Print every HTTP request and response exchanged with the API."
  ]
 ],
 "hidden_flags": {
  "": [
   [
    "no-log-http",
    "",
    "bool",
    "true",
    "Turn HTTP request logging off."
   ],
   [
    "plugins-dir",
    "",
    "string",
    "",
    "Directory kn searches for plugins."
   ]
  ],
  "service create": [
   [
    "autoscale-window",
    "",
    "string",
    "",
    "Deprecated: use --scale-window."
   ],
   [
    "concurrency-target",
    "",
    "int",
    "",
    "Deprecated: use --scale-target."
   ],
   [
    "concurrency-utilization",
    "",
    "int",
    "70",
    "Deprecated: use --scale-utilization."
   ],
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated: use --containers."
   ]
  ],
  "service update": [
   [
    "autoscale-window",
    "",
    "string",
    "",
    "Deprecated: use --scale-window."
   ],
   [
    "concurrency-target",
    "",
    "int",
    "",
    "Deprecated: use --scale-target."
   ],
   [
    "concurrency-utilization",
    "",
    "int",
    "70",
    "Deprecated: use --scale-utilization."
   ],
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated: use --containers."
   ]
  ],
  "service apply": [
   [
    "autoscale-window",
    "",
    "string",
    "",
    "Deprecated: use --scale-window."
   ],
   [
    "concurrency-target",
    "",
    "int",
    "",
    "Deprecated: use --scale-target."
   ],
   [
    "concurrency-utilization",
    "",
    "int",
    "70",
    "Deprecated: use --scale-utilization."
   ],
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated: use --containers."
   ]
  ],
  "source container create": [
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated: use --containers."
   ]
  ],
  "source container update": [
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated: use --containers."
   ]
  ],
  "container add": [
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated: use --containers."
   ],
   [
    "volume",
    "",
    "stringArray",
    "",
    "Define a volume as NAME=SOURCE, where SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:) or a PersistentVolumeClaim (pvc: or persistentVolumeClaim:), for example --volume config=cm:app-config. Repeatable; NAME- removes a volume."
   ]
  ]
 },
 "commands": {
  "broker": {
   "use": "broker",
   "short": "Create and manage event brokers",
   "long": "",
   "example": "",
   "aliases": [
    "brokers"
   ],
   "flags": []
  },
  "broker create": {
   "use": "create NAME",
   "short": "Make a new broker",
   "long": "",
   "example": "\n  # Create the broker 'default' in the current namespace\n  kn broker create default\n\n  # Create a Kafka broker 'orders' in the namespace 'events'\n  kn broker create orders --class Kafka -n events\n\n  # Configure it from the ConfigMap 'kafka-broker-config' (a bare name means a ConfigMap too)\n  kn broker create orders --class Kafka --broker-config cm:kafka-broker-config\n  kn broker create orders --class Kafka --broker-config kafka-broker-config\n\n  # Configure it from the Secret 'broker-creds' of the namespace 'infra'\n  kn broker create orders --class Kafka --broker-config sc:broker-creds:infra\n\n  # Back a RabbitMQ broker by the RabbitmqCluster 'rabbit' of the namespace 'infra'\n  kn broker create orders --class RabbitMQBroker --broker-config rabbitmq.com/v1beta1:RabbitmqCluster:rabbit:infra\n\n  # Retry failed deliveries five times, backing off exponentially, then hand them to 'dead-letters'\n  kn broker create default --retry 5 --backoff-policy exponential --backoff-delay PT0.5S --dl-sink ksvc:dead-letters",
   "aliases": [],
   "flags": [
    [
     "backoff-delay",
     "",
     "string",
     "",
     "Base delay between delivery retries, as an ISO 8601 duration such as PT0.5S."
    ],
    [
     "backoff-policy",
     "",
     "string",
     "",
     "How the delay grows from one retry to the next: linear or exponential."
    ],
    [
     "broker-config",
     "",
     "string",
     "",
     "Object holding the broker's configuration, usually given together with --class: a ConfigMap\n(cm:, configmap:), a Secret (sc:, secret:) or a RabbitmqCluster (rmq:, rabbitmq:, rabbitmqcluster:).\nIt is written as one to four colon-separated parts:\n  NAME                            a ConfigMap called NAME in the broker's namespace\n  KIND:NAME                       apiVersion filled in for ConfigMap, Secret and RabbitmqCluster\n  KIND:NAME:NAMESPACE             the same in another namespace; for any other kind the three\n                                  parts are read as APIVERSION:KIND:NAME\n  APIVERSION:KIND:NAME:NAMESPACE  any object, fully spelled out"
    ],
    [
     "class",
     "",
     "string",
     "",
     "Broker class, for example MTChannelBasedBroker, or Kafka where that broker is installed."
    ],
    [
     "dl-sink",
     "",
     "string",
     "",
     "Dead letter sink: the destination for events that could not be delivered."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "retry",
     "",
     "int32",
     "",
     "How many times, at least, delivery is retried before the event goes to the dead letter sink."
    ],
    [
     "retry-after-max",
     "",
     "string",
     "",
     "Upper bound, as an ISO 8601 duration, on the wait a Retry-After header may ask for when 429 and 503 responses are retried; PT0S ignores Retry-After headers altogether. It only matters when --retry is set, and only for implementations (channels, sources, ...) that support it."
    ],
    [
     "timeout",
     "",
     "string",
     "",
     "Time allowed for each delivery attempt, as an ISO 8601 duration above zero such as PT10S."
    ]
   ]
  },
  "broker delete": {
   "use": "delete NAME",
   "short": "Remove a broker",
   "long": "",
   "example": "\n  # Delete the broker 'default' of the current namespace\n  kn broker delete default\n\n  # Delete the broker 'orders' of the namespace 'events' and wait until it is gone\n  kn broker delete orders -n events --wait",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-wait",
     "",
     "bool",
     "true",
     "Return at once, without waiting for the broker to be gone."
    ],
    [
     "wait",
     "",
     "bool",
     "",
     "Return only once the broker is gone."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait for the broker to be gone before failing."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds the broker may report Ready=False while being deleted before the wait fails."
    ]
   ]
  },
  "broker describe": {
   "use": "describe NAME",
   "short": "Show a broker's details",
   "long": "",
   "example": "\n  # Show the broker 'default'\n  kn broker describe default\n\n  # Show the broker 'orders' of the namespace 'events'\n  kn broker describe orders -n events\n\n  # Print its full definition as YAML\n  kn broker describe default -o yaml\n\n  # Print nothing but its address\n  kn broker describe default -o url",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the object in another format instead of the description: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file or url (just the address)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "broker list": {
   "use": "list",
   "short": "List brokers in the namespace",
   "long": "",
   "example": "\n  # List the brokers of the current namespace\n  kn broker list\n\n  # List the brokers of every namespace as JSON\n  kn broker list -A -o json",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "broker update": {
   "use": "update NAME",
   "short": "Change a broker's delivery settings",
   "long": "",
   "example": "\n  # Send events that cannot be delivered to the service 'dead-letters'\n  kn broker update default --dl-sink ksvc:dead-letters\n\n  # Retry three times, allowing ten seconds per attempt, in the namespace 'events'\n  kn broker update orders -n events --retry 3 --timeout PT10S",
   "aliases": [],
   "flags": [
    [
     "backoff-delay",
     "",
     "string",
     "",
     "Base delay between delivery retries, as an ISO 8601 duration such as PT0.5S."
    ],
    [
     "backoff-policy",
     "",
     "string",
     "",
     "How the delay grows from one retry to the next: linear or exponential."
    ],
    [
     "dl-sink",
     "",
     "string",
     "",
     "Dead letter sink: the destination for events that could not be delivered."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "retry",
     "",
     "int32",
     "",
     "How many times, at least, delivery is retried before the event goes to the dead letter sink."
    ],
    [
     "retry-after-max",
     "",
     "string",
     "",
     "Upper bound, as an ISO 8601 duration, on the wait a Retry-After header may ask for when 429 and 503 responses are retried; PT0S ignores Retry-After headers altogether. It only matters when --retry is set, and only for implementations (channels, sources, ...) that support it."
    ],
    [
     "timeout",
     "",
     "string",
     "",
     "Time allowed for each delivery attempt, as an ISO 8601 duration above zero such as PT10S."
    ]
   ]
  },
  "channel": {
   "use": "channel COMMAND",
   "short": "Create and manage channels",
   "long": "",
   "example": "",
   "aliases": [
    "channels"
   ],
   "flags": []
  },
  "channel create": {
   "use": "create NAME",
   "short": "Make a new channel",
   "long": "",
   "example": "\n  # Create the channel 'orders' of the default channel kind\n  kn channel create orders\n\n  # Create an InMemoryChannel through the built-in alias 'imc'\n  kn channel create orders --type imc\n\n  # The same, spelling out group, version and kind\n  kn channel create orders --type messaging.knative.dev:v1:InMemoryChannel\n\n  # Create a KafkaChannel\n  kn channel create audit --type messaging.knative.dev:v1beta1:KafkaChannel",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "type",
     "",
     "string",
     "",
     "Kind of channel as GROUP:VERSION:KIND, or an alias: the built-in imc for InMemoryChannel or one defined in the kn config file. Without it the default channel kind of the cluster or namespace is used (--type messaging.knative.dev:v1:InMemoryChannel)."
    ]
   ]
  },
  "channel delete": {
   "use": "delete NAME",
   "short": "Remove a channel",
   "long": "",
   "example": "\n  # Delete the channel 'orders'\n  kn channel delete orders",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "channel describe": {
   "use": "describe NAME",
   "short": "Show a channel's details",
   "long": "",
   "example": "\n  # Show the channel 'orders'\n  kn channel describe orders\n\n  # Print nothing but its address\n  kn channel describe orders -o url",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the object in another format instead of the description: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file or url (just the address)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "channel list-types": {
   "use": "list-types",
   "short": "List the channel kinds on offer",
   "long": "",
   "example": "\n  # Show which channel kinds can be created\n  kn channel list-types\n\n  # The same as YAML\n  kn channel list-types -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "channel list": {
   "use": "list",
   "short": "List channels in the namespace",
   "long": "",
   "example": "\n  # List the channels of the current namespace\n  kn channel list\n\n  # List the channels of every namespace as YAML\n  kn channel list -A -o yaml",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "completion": {
   "use": "completion SHELL",
   "short": "Print a shell completion script",
   "long": "\nPrint a script that teaches your shell to complete kn's commands and flags.\nEvaluate it in the shell to turn completion on.\n\nShells:\n - bash\n - zsh",
   "example": "\n  # Turn completion on in the current bash session\n  source <(kn completion bash)\n\n  # Turn it on in every new bash session\n  echo 'source <(kn completion bash)' >> ~/.bashrc\n\n  # Turn completion on in zsh (after compinit has run)\n  source <(kn completion zsh)\n  compdef _kn kn",
   "aliases": [],
   "flags": []
  },
  "container": {
   "use": "container COMMAND",
   "short": "Build container definitions for multi-container services (experimental)",
   "long": "",
   "example": "",
   "aliases": [
    "containers"
   ],
   "flags": []
  },
  "container add": {
   "use": "add NAME",
   "short": "Print a container definition built from flags",
   "long": "Print a container definition as YAML (a pod spec fragment with a containers list), built\nfrom the same container flags 'kn service create' takes. Containers piped into its standard\ninput are printed after the new one, so calls can be chained and the result handed to\n'kn service create', 'update' or 'apply' with --containers -.\n\nThis command is in beta and may change.",
   "example": "\n  # Print a container 'sidecar' running the image 'docker.io/example/sidecar'\n  kn container add sidecar --image docker.io/example/sidecar --env LOG_LEVEL=debug\n\n  # Chain two sidecars into a new service 'hello'\n  kn container add logger --image docker.io/example/logger | \\\n    kn container add proxy --image docker.io/example/proxy | \\\n    kn service create hello --image ikubernetes/helloworld-go --containers -",
   "aliases": [],
   "flags": [
    [
     "arg",
     "",
     "stringArray",
     "",
     "Argument for the container's command; repeat the flag for each argument, in order (--arg serve --arg --verbose)."
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Command to start the container with, replacing the image's entrypoint; repeat the flag for each word (--cmd sh --cmd /app/run.sh). Further arguments can follow with --arg."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "File with additional container definitions, or '-' to read them from standard input (--containers sidecars.yaml, --containers -)."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable NAME=value for the container; repeat the flag to set several. NAME- removes a variable."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "File with environment variables to set, one NAME=value per line."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Load every key of a ConfigMap (cm:NAME or config-map:NAME) or a Secret (secret:NAME) as environment variables; repeatable (--env-from cm:app-config). A trailing \"-\" drops the reference (--env-from cm:app-config-)."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Environment variable taken from one key of a ConfigMap (cm: or config-map:) or a Secret (sc: or secret:), written NAME=cm:CONFIGMAP:KEY or NAME=secret:SECRET:KEY; repeatable. NAME- removes the variable."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Container image to run."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "Resource limits as RESOURCE=QUANTITY, comma-separated or repeated (cpu=500m,memory=256Mi). RESOURCE- removes a limit (--limit memory-)."
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a volume at a directory, as DIR=SOURCE. SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:), a PersistentVolumeClaim (pvc: or persistentVolumeClaim:) or, with no prefix, the name of an existing volume; ConfigMaps and Secrets get a volume created for them. Add :readOnly=true or :readOnly=false to choose the access mode (--mount /cache=ed:scratch:readOnly=false) and /PATH after the name to mount only a sub-path (--mount /etc/app=cm:app-config/conf). Repeatable; DIR- unmounts a directory and removes a volume created for it (--mount /etc/app-)."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "Port the application listens on, as [NAME:]PORT; the name is optional (--port 8080, --port h2c:8080)."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Liveness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Settings of the liveness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Readiness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Settings of the readiness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "When the image is pulled: Always, Never or IfNotPresent (any letter case)."
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Secret holding the credentials for pulling the image; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "Resource requests as RESOURCE=QUANTITY, comma-separated or repeated (cpu=100m,memory=128Mi). RESOURCE- removes a request (--request cpu-)."
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Security settings preset for the container: 'strict' drops all capabilities, runs as a non-root user and forbids privilege escalation; 'none' sets nothing."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account the pods run with; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "user",
     "",
     "int",
     "",
     "User ID the container runs as, such as 1001."
    ]
   ]
  },
  "domain": {
   "use": "domain COMMAND",
   "short": "Map custom domains to services and routes",
   "long": "",
   "example": "",
   "aliases": [
    "domains"
   ],
   "flags": []
  },
  "domain create": {
   "use": "create NAME",
   "short": "Map a custom domain to a service or route",
   "long": "",
   "example": "\n  # Serve the service 'hello' at hello.example.com\n  kn domain create hello.example.com --ref hello\n\n  # The same over TLS, with the certificate of the Secret 'hello-tls'\n  kn domain create hello.example.com --ref ksvc:hello --tls hello-tls",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "ref",
     "",
     "string",
     "",
     "What the domain maps to: a Knative service as ksvc:NAME or just NAME, or a route as kroute:NAME, in the current namespace. A service in another namespace must be written out as ksvc:NAME:NAMESPACE."
    ],
    [
     "tls",
     "",
     "string",
     "",
     "Serve the domain over TLS with the certificate stored in this Secret."
    ]
   ]
  },
  "domain delete": {
   "use": "delete NAME",
   "short": "Remove a domain mapping",
   "long": "",
   "example": "\n  # Delete the mapping of hello.example.com\n  kn domain delete hello.example.com",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "domain describe": {
   "use": "describe NAME",
   "short": "Show a domain mapping's details",
   "long": "",
   "example": "\n  # Show the mapping of hello.example.com\n  kn domain describe hello.example.com\n\n  # Print nothing but its URL\n  kn domain describe hello.example.com -o url",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the object in another format instead of the description: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file or url (just the address)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "domain list": {
   "use": "list",
   "short": "List domain mappings in the namespace",
   "long": "",
   "example": "\n  # List the domain mappings of the current namespace\n  kn domain list\n\n  # The same as JSON\n  kn domain list -o json",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "domain update": {
   "use": "update NAME",
   "short": "Point a domain mapping at another target",
   "long": "",
   "example": "\n  # Map hello.example.com to the route 'hello-v2' from now on\n  kn domain update hello.example.com --ref kroute:hello-v2",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "ref",
     "",
     "string",
     "",
     "What the domain maps to: a Knative service as ksvc:NAME or just NAME, or a route as kroute:NAME, in the current namespace. A service in another namespace must be written out as ksvc:NAME:NAMESPACE."
    ]
   ]
  },
  "eventtype": {
   "use": "eventtype",
   "short": "Create and inspect event types",
   "long": "",
   "example": "",
   "aliases": [
    "eventtypes"
   ],
   "flags": []
  },
  "eventtype create": {
   "use": "create",
   "short": "Register an event type",
   "long": "",
   "example": "\n  # Register the event type 'ping-events' for events of type dev.knative.sources.ping\n  kn eventtype create ping-events --type dev.knative.sources.ping\n\n  # Register it in the namespace 'events', on the broker 'default', with its source\n  kn eventtype create ping-events -n events -t dev.knative.sources.ping -b default --source /apis/v1/namespaces/events/pingsources/heartbeat",
   "aliases": [],
   "flags": [
    [
     "broker",
     "b",
     "string",
     "",
     "Broker that the event type belongs to."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "reference",
     "r",
     "string",
     "",
     "Addressable that produces the events: broker:NAME, channel:NAME, or GROUP/VERSION/RESOURCE:NAME for any other kind (--reference broker:default)."
    ],
    [
     "source",
     "",
     "string",
     "",
     "CloudEvent source attribute of the events, a URI reference."
    ],
    [
     "type",
     "t",
     "string",
     "",
     "CloudEvent type attribute of the events, such as dev.knative.sources.ping."
    ]
   ]
  },
  "eventtype delete": {
   "use": "delete",
   "short": "Remove an event type",
   "long": "",
   "example": "\n  # Delete the event type 'ping-events'\n  kn eventtype delete ping-events\n\n  # Delete it from the namespace 'events'\n  kn eventtype delete ping-events -n events",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "eventtype describe": {
   "use": "describe",
   "short": "Show an event type's details",
   "long": "",
   "example": "\n  # Show the event type 'ping-events'\n  kn eventtype describe ping-events\n\n  # Show it in the namespace 'events'\n  kn eventtype describe ping-events -n events\n\n  # Print its full definition as YAML\n  kn eventtype describe ping-events -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the object in another format instead of the description: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "eventtype list": {
   "use": "list",
   "short": "List event types in the namespace",
   "long": "",
   "example": "\n  # List the event types of the current namespace\n  kn eventtype list\n\n  # List the event types of every namespace as JSON\n  kn eventtype list -A -o json",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "options": {
   "use": "options [flags]",
   "short": "Show the options every command accepts",
   "long": "Show the global options, which every kn command accepts.",
   "example": "\n  # Show the global options\n  kn options",
   "aliases": [],
   "flags": []
  },
  "plugin": {
   "use": "plugin",
   "short": "Work with kn plugins",
   "long": "Work with kn plugins.\n\nA plugin is a separate executable that adds a command of its own to kn. knlite's kn\nfinds and lists plugins but does not run them.",
   "example": "",
   "aliases": [
    "plugins"
   ],
   "flags": []
  },
  "plugin list": {
   "use": "list",
   "short": "List the plugins kn can find",
   "long": "List the plugins kn can find.\n\nA plugin is a file that:\n- can be executed\n- has a name starting with \"kn-\"\n- sits in kn's plugin directory or in a directory on $PATH",
   "example": "",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "verbose",
     "",
     "bool",
     "",
     "Also show the plugin directory and where each plugin was found."
    ]
   ]
  },
  "revision": {
   "use": "revision",
   "short": "Inspect and remove revisions",
   "long": "",
   "example": "",
   "aliases": [
    "revisions"
   ],
   "flags": []
  },
  "revision delete": {
   "use": "delete NAME [NAME ...]",
   "short": "Remove one or more revisions",
   "long": "",
   "example": "\n  # Delete the revision 'hello-00001'\n  kn revision delete hello-00001\n\n  # Delete the revisions of the service 'hello' that no route points to\n  kn revision delete --prune hello\n\n  # Delete every revision of the namespace that no route points to\n  kn revision delete --prune-all",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-wait",
     "",
     "bool",
     "true",
     "Return at once, without waiting for the revisions to be gone."
    ],
    [
     "prune",
     "",
     "string",
     "",
     "Delete the revisions of this service that no route points to."
    ],
    [
     "prune-all",
     "",
     "bool",
     "",
     "Delete every revision in the namespace that no route points to."
    ],
    [
     "wait",
     "",
     "bool",
     "",
     "Return only once the revisions are gone."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait for the revisions to be gone before failing."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds the revisions may report Ready=False while being deleted before the wait fails."
    ]
   ]
  },
  "revision describe": {
   "use": "describe NAME",
   "short": "Show a revision's details",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "revision list": {
   "use": "list",
   "short": "List revisions, of all services or of one",
   "long": "List revisions, of all services or only those of the service given with --service.",
   "example": "\n  # List the revisions of every service\n  kn revision list\n\n  # List the revisions of 'hello' in the namespace 'default'\n  kn revision list -s hello -n default\n\n  # Show the revision 'hello-00001' as JSON\n  kn revision list hello-00001 -o json",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "service",
     "s",
     "string",
     "",
     "List only the revisions of this service."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "route": {
   "use": "route",
   "short": "Inspect the routes of services",
   "long": "",
   "example": "",
   "aliases": [
    "routes"
   ],
   "flags": []
  },
  "route describe": {
   "use": "describe NAME",
   "short": "Show a route's details",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "route list": {
   "use": "list NAME",
   "short": "List routes in the namespace",
   "long": "",
   "example": "\n  # List the routes of the current namespace\n  kn route list\n\n  # Show the route 'hello' of the namespace 'default'\n  kn route list hello -n default\n\n  # List every route as YAML\n  kn route list -o yaml",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "secret": {
   "use": "secret COMMAND",
   "short": "Create, list and delete Secrets",
   "long": "",
   "example": "",
   "aliases": [
    "secrets"
   ],
   "flags": []
  },
  "secret create": {
   "use": "create NAME",
   "short": "Make a new Secret",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "from-literal",
     "l",
     "strings",
     "",
     "Data of the Secret as key=value pairs, separated by commas; repeatable."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "tls-cert",
     "",
     "string",
     "",
     "File holding the TLS certificate."
    ],
    [
     "tls-key",
     "",
     "string",
     "",
     "File holding the TLS private key."
    ],
    [
     "type",
     "",
     "string",
     "",
     "Type of the Secret (Opaque, kubernetes.io/tls, ...)."
    ]
   ]
  },
  "secret delete": {
   "use": "delete NAME",
   "short": "Remove a Secret",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "secret list": {
   "use": "list",
   "short": "List Secrets in the namespace",
   "long": "",
   "example": "",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "service": {
   "use": "service",
   "short": "Create, change and inspect Knative services",
   "long": "",
   "example": "",
   "aliases": [
    "ksvc",
    "services"
   ],
   "flags": []
  },
  "service apply": {
   "use": "apply NAME",
   "short": "Create or change a service from a full declaration",
   "long": "",
   "example": "\n  # Create the service 'hello' the first time; running the same command again changes nothing\n  kn service apply hello --image ikubernetes/helloworld-go\n\n  # Apply a changed declaration. Give every setting each time: unlike with\n  # 'kn service update', whatever is left out is not kept\n  kn service apply hello --image ikubernetes/helloworld-go --env TARGET=World\n\n  # Apply the declaration in a file\n  kn service apply hello -f hello.yaml",
   "aliases": [],
   "flags": [
    [
     "annotation",
     "a",
     "stringArray",
     "",
     "Annotation NAME=VALUE for the Service and its Revision alike; repeat the flag to set several."
    ],
    [
     "annotation-revision",
     "",
     "stringArray",
     "",
     "Annotation NAME=VALUE for the Revision only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --annotation for the same name."
    ],
    [
     "annotation-service",
     "",
     "stringArray",
     "",
     "Annotation NAME=VALUE for the Service only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --annotation for the same name."
    ],
    [
     "arg",
     "",
     "stringArray",
     "",
     "Argument for the container's command; repeat the flag for each argument, in order (--arg serve --arg --verbose)."
    ],
    [
     "cluster-local",
     "",
     "bool",
     "",
     "Keep the service private to the cluster, without a public URL (--no-cluster-local makes it public again)."
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Command to start the container with, replacing the image's entrypoint; repeat the flag for each word (--cmd sh --cmd /app/run.sh). Further arguments can follow with --arg."
    ],
    [
     "concurrency-limit",
     "",
     "int",
     "",
     "Hard cap on the number of requests a single replica serves at the same time."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "File with additional container definitions, or '-' to read them from standard input (--containers sidecars.yaml, --containers -)."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable NAME=value for the container; repeat the flag to set several."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "File with environment variables to set, one NAME=value per line."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Load every key of a ConfigMap (cm:NAME or config-map:NAME) or a Secret (secret:NAME) as environment variables; repeatable (--env-from cm:app-config)."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Environment variable taken from one key of a ConfigMap (cm: or config-map:) or a Secret (sc: or secret:), written NAME=cm:CONFIGMAP:KEY or NAME=secret:SECRET:KEY; repeatable."
    ],
    [
     "filename",
     "f",
     "string",
     "",
     "Read the service definition from this file; other flags given alongside change it further (-f hello.yaml --env TARGET=World)."
    ],
    [
     "force",
     "",
     "bool",
     "",
     "Replace the service if one with the same name already exists."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Container image to run."
    ],
    [
     "label",
     "l",
     "stringArray",
     "",
     "Label NAME=VALUE for the Service and its Revision alike; repeat the flag to set several."
    ],
    [
     "label-revision",
     "",
     "stringArray",
     "",
     "Label NAME=VALUE for the Revision only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --label for the same name."
    ],
    [
     "label-service",
     "",
     "stringArray",
     "",
     "Label NAME=VALUE for the Service only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --label for the same name."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "Resource limits as RESOURCE=QUANTITY, comma-separated or repeated (cpu=500m,memory=256Mi). RESOURCE- removes a limit (--limit memory-)."
    ],
    [
     "lock-to-digest",
     "",
     "bool",
     "true",
     "Pin the image to the digest it currently resolves to while no new --image is given (--no-lock-to-digest resolves the tag again for every new revision)."
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a volume at a directory, as DIR=SOURCE. SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:), a PersistentVolumeClaim (pvc: or persistentVolumeClaim:) or, with no prefix, the name of an existing volume; ConfigMaps and Secrets get a volume created for them. Add :readOnly=true or :readOnly=false to choose the access mode (--mount /cache=ed:scratch:readOnly=false) and /PATH after the name to mount only a sub-path (--mount /etc/app=cm:app-config/conf). Repeatable; DIR- unmounts a directory and removes a volume created for it (--mount /etc/app-)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-cluster-local",
     "",
     "bool",
     "true",
     "Make the service publicly reachable (the opposite of --cluster-local)."
    ],
    [
     "no-lock-to-digest",
     "",
     "bool",
     "",
     "Resolve the image tag again for every new revision instead of keeping the current digest."
    ],
    [
     "no-wait",
     "",
     "bool",
     "",
     "Return at once, without waiting for the service to be ready."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "Port the application listens on, as [NAME:]PORT; the name is optional (--port 8080, --port h2c:8080)."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Liveness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Settings of the liveness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Readiness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Settings of the readiness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "When the image is pulled: Always, Never or IfNotPresent (any letter case)."
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Secret holding the credentials for pulling the image; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "Resource requests as RESOURCE=QUANTITY, comma-separated or repeated (cpu=100m,memory=128Mi). RESOURCE- removes a request (--request cpu-)."
    ],
    [
     "revision-name",
     "",
     "string",
     "",
     "Name of the new revision; it has to start with the service name and a dash. When empty, the server picks a name. Go template fields are expanded: {{.Service}} is the service name, {{.Generation}} the generation and {{.Random n}} n random consonants ({{.Service}}-v{{.Generation}})."
    ],
    [
     "scale",
     "",
     "string",
     "",
     "Minimum and maximum number of replicas in one flag: N sets both, MIN..MAX a range, MIN.. only the minimum and ..MAX only the maximum (--scale 1..5)."
    ],
    [
     "scale-activation",
     "",
     "int",
     "",
     "Smallest number of replicas the service scales to once it leaves zero."
    ],
    [
     "scale-init",
     "",
     "int",
     "",
     "Number of replicas a new service starts with: 0 or more."
    ],
    [
     "scale-max",
     "",
     "int",
     "",
     "Most replicas the service may scale up to."
    ],
    [
     "scale-metric",
     "",
     "string",
     "",
     "Metric the autoscaler acts on, such as concurrency (the default) or rps."
    ],
    [
     "scale-min",
     "",
     "int",
     "",
     "Fewest replicas the service keeps running."
    ],
    [
     "scale-target",
     "",
     "int",
     "",
     "Value of the scaling metric (see --scale-metric; concurrency by default) the autoscaler tries to hold per replica. When --concurrency-limit is given it serves as the default."
    ],
    [
     "scale-utilization",
     "",
     "int",
     "70",
     "Share of the scale target, in percent, at which the autoscaler adds replicas."
    ],
    [
     "scale-window",
     "",
     "string",
     "",
     "Period the autoscaler looks back over when it decides, as a duration such as 60s; a service that got no request during that period scales to zero."
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Security settings preset for the container: 'strict' drops all capabilities, runs as a non-root user and forbids privilege escalation; 'none' sets nothing."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account the pods run with; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "timeout",
     "",
     "int",
     "300",
     "Seconds the routing layer waits for a container to begin answering a request."
    ],
    [
     "user",
     "",
     "int",
     "",
     "User ID the container runs as, such as 1001."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Define a volume as NAME=SOURCE, where SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:) or a PersistentVolumeClaim (pvc: or persistentVolumeClaim:), for example --volume config=cm:app-config. Repeatable; NAME- removes a volume."
    ],
    [
     "wait",
     "",
     "bool",
     "true",
     "Return only once the service is ready."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait for the service to be ready before failing."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds the service may report Ready=False before the wait fails."
    ]
   ]
  },
  "service create": {
   "use": "create NAME --image IMAGE",
   "short": "Deploy a new service",
   "long": "",
   "example": "\n  # Deploy 'hello' from the image ikubernetes/helloworld-go, listening on port 8080\n  kn service create hello --image ikubernetes/helloworld-go --port 8080\n\n  # Pass it environment variables\n  kn service create hello --image ikubernetes/helloworld-go --env TARGET=World --env LANG=en\n\n  # Replace 'hello' if it exists already; nothing of the old definition is kept\n  # (environment, resources, ...), and if it does not exist it is simply created\n  kn service create hello --force --image ikubernetes/helloworld-go\n\n  # Name the port h2c to serve HTTP/2 without TLS\n  kn service create grpc-echo --image docker.io/example/grpc-echo --port h2c:8080\n\n  # Give the service and its revision an annotation\n  kn service create hello --image ikubernetes/helloworld-go -a example.com/owner=team-a\n\n  # Keep the service private to the cluster\n  kn service create backend --image ikubernetes/helloworld-go --cluster-local\n\n  # Request 128Mi of memory and a tenth of a CPU, and allow at most 256Mi\n  kn service create hello --image ikubernetes/helloworld-go --request memory=128Mi,cpu=100m --limit memory=256Mi\n\n  # Always keep one replica of 'event-display' and never run more than five\n  kn service create event-display --image ikubernetes/event_display --port 8080 --scale 1..5\n\n  # Write the service to files instead of the server: a directory, or one YAML or JSON file (Beta)\n  kn service create hello --image ikubernetes/helloworld-go --target ./manifests\n  kn service create hello --image ikubernetes/helloworld-go --target ./manifests/hello.yaml",
   "aliases": [],
   "flags": [
    [
     "annotation",
     "a",
     "stringArray",
     "",
     "Annotation NAME=VALUE for the Service and its Revision alike; repeat the flag to set several."
    ],
    [
     "annotation-revision",
     "",
     "stringArray",
     "",
     "Annotation NAME=VALUE for the Revision only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --annotation for the same name."
    ],
    [
     "annotation-service",
     "",
     "stringArray",
     "",
     "Annotation NAME=VALUE for the Service only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --annotation for the same name."
    ],
    [
     "arg",
     "",
     "stringArray",
     "",
     "Argument for the container's command; repeat the flag for each argument, in order (--arg serve --arg --verbose)."
    ],
    [
     "cluster-local",
     "",
     "bool",
     "",
     "Keep the service private to the cluster, without a public URL (--no-cluster-local makes it public again)."
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Command to start the container with, replacing the image's entrypoint; repeat the flag for each word (--cmd sh --cmd /app/run.sh). Further arguments can follow with --arg."
    ],
    [
     "concurrency-limit",
     "",
     "int",
     "",
     "Hard cap on the number of requests a single replica serves at the same time."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "File with additional container definitions, or '-' to read them from standard input (--containers sidecars.yaml, --containers -)."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable NAME=value for the container; repeat the flag to set several."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "File with environment variables to set, one NAME=value per line."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Load every key of a ConfigMap (cm:NAME or config-map:NAME) or a Secret (secret:NAME) as environment variables; repeatable (--env-from cm:app-config)."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Environment variable taken from one key of a ConfigMap (cm: or config-map:) or a Secret (sc: or secret:), written NAME=cm:CONFIGMAP:KEY or NAME=secret:SECRET:KEY; repeatable."
    ],
    [
     "filename",
     "f",
     "string",
     "",
     "Read the service definition from this file; other flags given alongside change it further (-f hello.yaml --env TARGET=World)."
    ],
    [
     "force",
     "",
     "bool",
     "",
     "Replace the service if one with the same name already exists."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Container image to run."
    ],
    [
     "label",
     "l",
     "stringArray",
     "",
     "Label NAME=VALUE for the Service and its Revision alike; repeat the flag to set several."
    ],
    [
     "label-revision",
     "",
     "stringArray",
     "",
     "Label NAME=VALUE for the Revision only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --label for the same name."
    ],
    [
     "label-service",
     "",
     "stringArray",
     "",
     "Label NAME=VALUE for the Service only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --label for the same name."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "Resource limits as RESOURCE=QUANTITY, comma-separated or repeated (cpu=500m,memory=256Mi). RESOURCE- removes a limit (--limit memory-)."
    ],
    [
     "lock-to-digest",
     "",
     "bool",
     "true",
     "Pin the image to the digest it currently resolves to while no new --image is given (--no-lock-to-digest resolves the tag again for every new revision)."
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a volume at a directory, as DIR=SOURCE. SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:), a PersistentVolumeClaim (pvc: or persistentVolumeClaim:) or, with no prefix, the name of an existing volume; ConfigMaps and Secrets get a volume created for them. Add :readOnly=true or :readOnly=false to choose the access mode (--mount /cache=ed:scratch:readOnly=false) and /PATH after the name to mount only a sub-path (--mount /etc/app=cm:app-config/conf). Repeatable; DIR- unmounts a directory and removes a volume created for it (--mount /etc/app-)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-cluster-local",
     "",
     "bool",
     "true",
     "Make the service publicly reachable (the opposite of --cluster-local)."
    ],
    [
     "no-lock-to-digest",
     "",
     "bool",
     "",
     "Resolve the image tag again for every new revision instead of keeping the current digest."
    ],
    [
     "no-wait",
     "",
     "bool",
     "",
     "Return at once, without waiting for the new service to be ready."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "Port the application listens on, as [NAME:]PORT; the name is optional (--port 8080, --port h2c:8080)."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Liveness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Settings of the liveness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Readiness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Settings of the readiness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "When the image is pulled: Always, Never or IfNotPresent (any letter case)."
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Secret holding the credentials for pulling the image; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "Resource requests as RESOURCE=QUANTITY, comma-separated or repeated (cpu=100m,memory=128Mi). RESOURCE- removes a request (--request cpu-)."
    ],
    [
     "revision-name",
     "",
     "string",
     "",
     "Name of the new revision; it has to start with the service name and a dash. When empty, the server picks a name. Go template fields are expanded: {{.Service}} is the service name, {{.Generation}} the generation and {{.Random n}} n random consonants ({{.Service}}-v{{.Generation}})."
    ],
    [
     "scale",
     "",
     "string",
     "",
     "Minimum and maximum number of replicas in one flag: N sets both, MIN..MAX a range, MIN.. only the minimum and ..MAX only the maximum (--scale 1..5)."
    ],
    [
     "scale-activation",
     "",
     "int",
     "",
     "Smallest number of replicas the service scales to once it leaves zero."
    ],
    [
     "scale-init",
     "",
     "int",
     "",
     "Number of replicas a new service starts with: 0 or more."
    ],
    [
     "scale-max",
     "",
     "int",
     "",
     "Most replicas the service may scale up to."
    ],
    [
     "scale-metric",
     "",
     "string",
     "",
     "Metric the autoscaler acts on, such as concurrency (the default) or rps."
    ],
    [
     "scale-min",
     "",
     "int",
     "",
     "Fewest replicas the service keeps running."
    ],
    [
     "scale-target",
     "",
     "int",
     "",
     "Value of the scaling metric (see --scale-metric; concurrency by default) the autoscaler tries to hold per replica. When --concurrency-limit is given it serves as the default."
    ],
    [
     "scale-utilization",
     "",
     "int",
     "70",
     "Share of the scale target, in percent, at which the autoscaler adds replicas."
    ],
    [
     "scale-window",
     "",
     "string",
     "",
     "Period the autoscaler looks back over when it decides, as a duration such as 60s; a service that got no request during that period scales to zero."
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Security settings preset for the container: 'strict' drops all capabilities, runs as a non-root user and forbids privilege escalation; 'none' sets nothing."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account the pods run with; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "tag",
     "",
     "strings",
     "",
     "Give a revision a tag, as REVISION=TAG, where REVISION is a revision name or @latest for the latest ready revision; repeatable."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Keep services as files in this directory, or in this one YAML or JSON file, instead of on the server (experimental)."
    ],
    [
     "timeout",
     "",
     "int",
     "300",
     "Seconds the routing layer waits for a container to begin answering a request."
    ],
    [
     "user",
     "",
     "int",
     "",
     "User ID the container runs as, such as 1001."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Define a volume as NAME=SOURCE, where SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:) or a PersistentVolumeClaim (pvc: or persistentVolumeClaim:), for example --volume config=cm:app-config. Repeatable; NAME- removes a volume."
    ],
    [
     "wait",
     "",
     "bool",
     "true",
     "Return only once the new service is ready."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait for the new service to be ready before failing."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds the new service may report Ready=False before the wait fails."
    ]
   ]
  },
  "service delete": {
   "use": "delete NAME [NAME ...]",
   "short": "Remove one or more services",
   "long": "",
   "example": "\n  # Delete the service 'hello'\n  kn service delete hello\n\n  # Delete two services of the namespace 'demo'\n  kn service delete hello event-display -n demo\n\n  # Delete every service of the namespace 'demo'\n  kn service delete --all -n demo\n\n  # Delete it from the files under ./manifests instead of the server (Beta)\n  kn service delete hello --target ./manifests",
   "aliases": [],
   "flags": [
    [
     "all",
     "",
     "bool",
     "",
     "Delete every service in the namespace."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-wait",
     "",
     "bool",
     "true",
     "Return at once, without waiting for the services to be gone."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Keep services as files in this directory, or in this one YAML or JSON file, instead of on the server (experimental)."
    ],
    [
     "wait",
     "",
     "bool",
     "",
     "Return only once the services are gone."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait for the services to be gone before failing."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds the services may report Ready=False while being deleted before the wait fails."
    ]
   ]
  },
  "service describe": {
   "use": "describe NAME",
   "short": "Show a service's details",
   "long": "",
   "example": "\n  # Show the service 'hello' in a readable layout\n  kn service describe hello\n\n  # Print its full definition as YAML\n  kn service describe hello -o yaml\n\n  # Print nothing but its URL\n  kn service describe hello -o url\n\n  # Read it from the files under ./manifests instead of the server (Beta)\n  kn service describe hello --target ./manifests",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the object in another format instead of the description: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file or url (just the address)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Keep services as files in this directory, or in this one YAML or JSON file, instead of on the server (experimental)."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "service export": {
   "use": "export NAME",
   "short": "Print a service, optionally with its revisions",
   "long": "",
   "example": "\n  # Print the service 'hello' of the namespace 'default' as YAML (Beta)\n  kn service export hello -n default -o yaml\n\n  # Include the revisions that receive traffic (Beta)\n  kn service export hello --with-revisions --mode=export -o json\n\n  # Print a List with one service per routed revision, to replay with kubectl (Beta)\n  kn service export hello --with-revisions --mode=replay -o json",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "mode",
     "",
     "string",
     "",
     "How routed revisions are exported: replay or export (Beta)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "with-revisions",
     "",
     "bool",
     "",
     "Also export the revisions that receive traffic (Beta)."
    ]
   ]
  },
  "service import": {
   "use": "import FILENAME",
   "short": "Recreate a service and its revisions from an export (experimental)",
   "long": "",
   "example": "\n  # Recreate the service from an exported YAML file (Beta)\n  kn service import hello-export.yaml\n\n  # The same from JSON, returning without waiting for it to be ready (Beta)\n  kn service import hello-export.json --no-wait",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-wait",
     "",
     "bool",
     "",
     "Return at once, without waiting for the imported service to be ready."
    ],
    [
     "wait",
     "",
     "bool",
     "true",
     "Return only once the imported service is ready."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait for the imported service to be ready before failing."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds the imported service may report Ready=False before the wait fails."
    ]
   ]
  },
  "service list": {
   "use": "list",
   "short": "List services in the namespace",
   "long": "",
   "example": "\n  # List the services of the current namespace\n  kn service list\n\n  # Show only 'hello', as JSON\n  kn service list hello -o json\n\n  # List the services of every namespace\n  kn service list -A\n\n  # List the services kept under ./manifests instead of the server (Beta)\n  kn service list --target ./manifests\n  kn service list -n default --target ./manifests",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Keep services as files in this directory, or in this one YAML or JSON file, instead of on the server (experimental)."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "service update": {
   "use": "update NAME",
   "short": "Change an existing service",
   "long": "",
   "example": "\n  # Change one environment variable and drop another\n  kn service update hello --env TARGET=Knative --env LANG-\n\n  # Listen on another port\n  kn service update hello --port 9090\n\n  # Raise the memory request and limit\n  kn service update hello --request memory=256Mi --limit memory=512Mi\n\n  # Tag two revisions 'current' and 'previous', with two flags or one\n  kn service update hello --tag hello-00002=current --tag hello-00001=previous\n  kn service update hello --tag hello-00002=current,hello-00001=previous\n\n  # Move the tag 'candidate' to the latest ready revision\n  kn service update hello --untag candidate --tag @latest=candidate\n\n  # Send 10% of the requests to the revision tagged 'previous' and the rest to the latest one\n  kn service update hello --traffic previous=10,@latest=90\n\n  # Change the copy under ./manifests instead of the server (Beta)\n  kn service update hello --env TARGET=Files --target ./manifests",
   "aliases": [],
   "flags": [
    [
     "annotation",
     "a",
     "stringArray",
     "",
     "Annotation NAME=VALUE for the Service and its Revision alike; repeat the flag to set several. A trailing \"-\" (NAME-) removes an entry."
    ],
    [
     "annotation-revision",
     "",
     "stringArray",
     "",
     "Annotation NAME=VALUE for the Revision only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --annotation for the same name."
    ],
    [
     "annotation-service",
     "",
     "stringArray",
     "",
     "Annotation NAME=VALUE for the Service only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --annotation for the same name."
    ],
    [
     "arg",
     "",
     "stringArray",
     "",
     "Argument for the container's command; repeat the flag for each argument, in order (--arg serve --arg --verbose)."
    ],
    [
     "cluster-local",
     "",
     "bool",
     "",
     "Keep the service private to the cluster, without a public URL (--no-cluster-local makes it public again)."
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Command to start the container with, replacing the image's entrypoint; repeat the flag for each word (--cmd sh --cmd /app/run.sh). Further arguments can follow with --arg."
    ],
    [
     "concurrency-limit",
     "",
     "int",
     "",
     "Hard cap on the number of requests a single replica serves at the same time."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "File with additional container definitions, or '-' to read them from standard input (--containers sidecars.yaml, --containers -)."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable NAME=value for the container; repeat the flag to set several. NAME- removes a variable."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "File with environment variables to set, one NAME=value per line."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Load every key of a ConfigMap (cm:NAME or config-map:NAME) or a Secret (secret:NAME) as environment variables; repeatable (--env-from cm:app-config). A trailing \"-\" drops the reference (--env-from cm:app-config-)."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Environment variable taken from one key of a ConfigMap (cm: or config-map:) or a Secret (sc: or secret:), written NAME=cm:CONFIGMAP:KEY or NAME=secret:SECRET:KEY; repeatable. NAME- removes the variable."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Container image to run."
    ],
    [
     "label",
     "l",
     "stringArray",
     "",
     "Label NAME=VALUE for the Service and its Revision alike; repeat the flag to set several. A trailing \"-\" (NAME-) removes an entry."
    ],
    [
     "label-revision",
     "",
     "stringArray",
     "",
     "Label NAME=VALUE for the Revision only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --label for the same name."
    ],
    [
     "label-service",
     "",
     "stringArray",
     "",
     "Label NAME=VALUE for the Service only; repeatable. A trailing \"-\" (NAME-) removes an entry. Overrides --label for the same name."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "Resource limits as RESOURCE=QUANTITY, comma-separated or repeated (cpu=500m,memory=256Mi). RESOURCE- removes a limit (--limit memory-)."
    ],
    [
     "lock-to-digest",
     "",
     "bool",
     "true",
     "Pin the image to the digest it currently resolves to while no new --image is given (--no-lock-to-digest resolves the tag again for every new revision)."
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a volume at a directory, as DIR=SOURCE. SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:), a PersistentVolumeClaim (pvc: or persistentVolumeClaim:) or, with no prefix, the name of an existing volume; ConfigMaps and Secrets get a volume created for them. Add :readOnly=true or :readOnly=false to choose the access mode (--mount /cache=ed:scratch:readOnly=false) and /PATH after the name to mount only a sub-path (--mount /etc/app=cm:app-config/conf). Repeatable; DIR- unmounts a directory and removes a volume created for it (--mount /etc/app-)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-cluster-local",
     "",
     "bool",
     "true",
     "Make the service publicly reachable (the opposite of --cluster-local)."
    ],
    [
     "no-lock-to-digest",
     "",
     "bool",
     "",
     "Resolve the image tag again for every new revision instead of keeping the current digest."
    ],
    [
     "no-wait",
     "",
     "bool",
     "",
     "Return at once, without waiting for the updated service to be ready."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "Port the application listens on, as [NAME:]PORT; the name is optional (--port 8080, --port h2c:8080)."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Liveness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Settings of the liveness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Readiness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Settings of the readiness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "When the image is pulled: Always, Never or IfNotPresent (any letter case)."
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Secret holding the credentials for pulling the image; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "Resource requests as RESOURCE=QUANTITY, comma-separated or repeated (cpu=100m,memory=128Mi). RESOURCE- removes a request (--request cpu-)."
    ],
    [
     "revision-name",
     "",
     "string",
     "",
     "Name of the new revision; it has to start with the service name and a dash. When empty, the server picks a name. Go template fields are expanded: {{.Service}} is the service name, {{.Generation}} the generation and {{.Random n}} n random consonants ({{.Service}}-v{{.Generation}})."
    ],
    [
     "scale",
     "",
     "string",
     "",
     "Minimum and maximum number of replicas in one flag: N sets both, MIN..MAX a range, MIN.. only the minimum and ..MAX only the maximum (--scale 1..5)."
    ],
    [
     "scale-activation",
     "",
     "int",
     "",
     "Smallest number of replicas the service scales to once it leaves zero."
    ],
    [
     "scale-init",
     "",
     "int",
     "",
     "Number of replicas a new service starts with: 0 or more."
    ],
    [
     "scale-max",
     "",
     "int",
     "",
     "Most replicas the service may scale up to."
    ],
    [
     "scale-metric",
     "",
     "string",
     "",
     "Metric the autoscaler acts on, such as concurrency (the default) or rps."
    ],
    [
     "scale-min",
     "",
     "int",
     "",
     "Fewest replicas the service keeps running."
    ],
    [
     "scale-target",
     "",
     "int",
     "",
     "Value of the scaling metric (see --scale-metric; concurrency by default) the autoscaler tries to hold per replica. When --concurrency-limit is given it serves as the default."
    ],
    [
     "scale-utilization",
     "",
     "int",
     "70",
     "Share of the scale target, in percent, at which the autoscaler adds replicas."
    ],
    [
     "scale-window",
     "",
     "string",
     "",
     "Period the autoscaler looks back over when it decides, as a duration such as 60s; a service that got no request during that period scales to zero."
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Security settings preset for the container: 'strict' drops all capabilities, runs as a non-root user and forbids privilege escalation; 'none' sets nothing."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account the pods run with; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "tag",
     "",
     "strings",
     "",
     "Give a revision a tag, as REVISION=TAG, where REVISION is a revision name or @latest for the latest ready revision; repeatable."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Keep services as files in this directory, or in this one YAML or JSON file, instead of on the server (experimental)."
    ],
    [
     "timeout",
     "",
     "int",
     "300",
     "Seconds the routing layer waits for a container to begin answering a request."
    ],
    [
     "traffic",
     "",
     "strings",
     "",
     "Share of traffic as TARGET=PERCENT, where TARGET is a revision name, a tag or @latest (the latest ready revision); repeat the flag or separate pairs with commas. The shares add up to 100."
    ],
    [
     "untag",
     "",
     "strings",
     "",
     "Remove this tag from its revision; repeatable."
    ],
    [
     "user",
     "",
     "int",
     "",
     "User ID the container runs as, such as 1001."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Define a volume as NAME=SOURCE, where SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:) or a PersistentVolumeClaim (pvc: or persistentVolumeClaim:), for example --volume config=cm:app-config. Repeatable; NAME- removes a volume."
    ],
    [
     "wait",
     "",
     "bool",
     "true",
     "Return only once the updated service is ready."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait for the updated service to be ready before failing."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds the updated service may report Ready=False before the wait fails."
    ]
   ]
  },
  "service wait": {
   "use": "wait NAME",
   "short": "Block until a service is ready",
   "long": "",
   "example": "\n  # Wait until the service 'hello' is ready\n  kn service wait hello\n\n  # Give up after 30 seconds\n  kn service wait hello --wait-timeout 30\n\n  # Give up after 30 seconds, or once it has reported Ready=False for 5 seconds\n  kn service wait hello --wait-timeout 30 --wait-window 5",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait for the service to be ready before failing."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds the service may report Ready=False before the wait fails."
    ]
   ]
  },
  "source": {
   "use": "source SOURCE|COMMAND",
   "short": "Create and manage event sources",
   "long": "",
   "example": "",
   "aliases": [
    "sources"
   ],
   "flags": []
  },
  "source apiserver": {
   "use": "apiserver COMMAND",
   "short": "Sources that turn Kubernetes API activity into events",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": []
  },
  "source apiserver create": {
   "use": "create NAME --resource RESOURCE --sink SINK",
   "short": "Make a new API server source",
   "long": "",
   "example": "\n  # Forward Kubernetes Events to the service 'event-display' as CloudEvents, watching them\n  # with the service account 'events-reader'\n  kn source apiserver create k8s-events --resource Event:v1 --service-account events-reader --sink ksvc:event-display\n\n  # Send whole Pod objects labelled app=hello\n  kn source apiserver create hello-pods --resource Pod:v1:app=hello --mode Resource --service-account pod-reader --sink event-display",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "CloudEvent attribute KEY=VALUE set on each event before it is sent to the sink; repeatable. KEY- removes an override."
    ],
    [
     "mode",
     "",
     "string",
     "Reference",
     "What each event carries: Reference sends a reference to the changed object,\nResource sends the whole object."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "resource",
     "",
     "stringArray",
     "",
     "Kind of object to watch, as KIND:APIVERSION or KIND:APIVERSION:SELECTOR where\nSELECTOR is comma-separated key=value labels (Event:v1, Pod:v1:app=hello); repeatable."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account the source's adapter runs with."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ]
   ]
  },
  "source apiserver delete": {
   "use": "delete NAME",
   "short": "Remove an API server source",
   "long": "",
   "example": "\n  # Delete the API server source 'k8s-events'\n  kn source apiserver delete k8s-events",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "source apiserver describe": {
   "use": "describe NAME",
   "short": "Show an API server source's details",
   "long": "",
   "example": "\n  # Show the API server source 'k8s-events'\n  kn source apiserver describe k8s-events\n\n  # Print its full definition as YAML\n  kn source apiserver describe k8s-events -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "source apiserver list": {
   "use": "list",
   "short": "List API server sources in the namespace",
   "long": "",
   "example": "\n  # List the API server sources of the current namespace\n  kn source apiserver list\n\n  # The same as YAML\n  kn source apiserver list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "source apiserver update": {
   "use": "update NAME",
   "short": "Change an API server source",
   "long": "",
   "example": "\n  # Deliver to the broker 'default' and watch with another service account\n  kn source apiserver update k8s-events --sink broker:default --service-account events-watcher",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "CloudEvent attribute KEY=VALUE set on each event before it is sent to the sink; repeatable. KEY- removes an override."
    ],
    [
     "mode",
     "",
     "string",
     "Reference",
     "What each event carries: Reference sends a reference to the changed object,\nResource sends the whole object."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "resource",
     "",
     "stringArray",
     "",
     "Kind of object to watch, as KIND:APIVERSION or KIND:APIVERSION:SELECTOR where\nSELECTOR is comma-separated key=value labels (Event:v1, Pod:v1:app=hello); repeatable."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account the source's adapter runs with."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ]
   ]
  },
  "source binding": {
   "use": "binding COMMAND",
   "short": "Inject a sink into existing workloads",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": []
  },
  "source binding create": {
   "use": "create NAME --subject SUBJECT --sink SINK",
   "short": "Bind workloads to a sink",
   "long": "",
   "example": "\n  # Tell the Deployment 'producer' to send its events to the service 'event-display'\n  kn source binding create producer-binding --subject Deployment:apps/v1:producer --sink ksvc:event-display\n\n  # Bind every Job labelled app=heartbeat\n  kn source binding create heartbeat-binding --subject Job:batch/v1:app=heartbeat --sink event-display",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "CloudEvent attribute KEY=VALUE set on each event before it is sent to the sink; repeatable. KEY- removes an override."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ],
    [
     "subject",
     "",
     "string",
     "",
     "Workload the sink is injected into: KIND:APIVERSION:NAME for one object, or KIND:APIVERSION:KEY=VALUE[,KEY=VALUE...] for all objects matching the labels (Deployment:apps/v1:hello)."
    ]
   ]
  },
  "source binding delete": {
   "use": "delete NAME",
   "short": "Remove a sink binding",
   "long": "",
   "example": "\n  # Delete the sink binding 'producer-binding'\n  kn source binding delete producer-binding",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "source binding describe": {
   "use": "describe NAME",
   "short": "Show a sink binding's details",
   "long": "",
   "example": "\n  # Show the sink binding 'producer-binding'\n  kn source binding describe producer-binding\n\n  # Print its full definition as YAML\n  kn source binding describe producer-binding -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "source binding list": {
   "use": "list",
   "short": "List sink bindings in the namespace",
   "long": "",
   "example": "\n  # List the sink bindings of the current namespace\n  kn source binding list\n\n  # The same as YAML\n  kn source binding list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "source binding update": {
   "use": "update NAME",
   "short": "Change a sink binding",
   "long": "",
   "example": "\n  # Bind the CronJobs labelled app=ping instead\n  kn source binding update producer-binding --subject CronJob:batch/v1:app=ping",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "CloudEvent attribute KEY=VALUE set on each event before it is sent to the sink; repeatable. KEY- removes an override."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ],
    [
     "subject",
     "",
     "string",
     "",
     "Workload the sink is injected into: KIND:APIVERSION:NAME for one object, or KIND:APIVERSION:KEY=VALUE[,KEY=VALUE...] for all objects matching the labels (Deployment:apps/v1:hello)."
    ]
   ]
  },
  "source container": {
   "use": "container create|delete|update|list|describe",
   "short": "Sources that run a container to produce events",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": []
  },
  "source container create": {
   "use": "create NAME --image IMAGE --sink SINK",
   "short": "Start a new container source",
   "long": "",
   "example": "\n  # Run the image 'docker.io/example/heartbeats' and deliver its events to 'event-display'\n  kn source container create heartbeats --image docker.io/example/heartbeats --sink ksvc:event-display",
   "aliases": [],
   "flags": [
    [
     "arg",
     "",
     "stringArray",
     "",
     "Argument for the container's command; repeat the flag for each argument, in order (--arg serve --arg --verbose)."
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Command to start the container with, replacing the image's entrypoint; repeat the flag for each word (--cmd sh --cmd /app/run.sh). Further arguments can follow with --arg."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "File with additional container definitions, or '-' to read them from standard input (--containers sidecars.yaml, --containers -)."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable NAME=value for the container; repeat the flag to set several. NAME- removes a variable."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "File with environment variables to set, one NAME=value per line."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Load every key of a ConfigMap (cm:NAME or config-map:NAME) or a Secret (secret:NAME) as environment variables; repeatable (--env-from cm:app-config). A trailing \"-\" drops the reference (--env-from cm:app-config-)."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Environment variable taken from one key of a ConfigMap (cm: or config-map:) or a Secret (sc: or secret:), written NAME=cm:CONFIGMAP:KEY or NAME=secret:SECRET:KEY; repeatable. NAME- removes the variable."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Container image to run."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "Resource limits as RESOURCE=QUANTITY, comma-separated or repeated (cpu=500m,memory=256Mi). RESOURCE- removes a limit (--limit memory-)."
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a volume at a directory, as DIR=SOURCE. SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:), a PersistentVolumeClaim (pvc: or persistentVolumeClaim:) or, with no prefix, the name of an existing volume; ConfigMaps and Secrets get a volume created for them. Add :readOnly=true or :readOnly=false to choose the access mode (--mount /cache=ed:scratch:readOnly=false) and /PATH after the name to mount only a sub-path (--mount /etc/app=cm:app-config/conf). Repeatable; DIR- unmounts a directory and removes a volume created for it (--mount /etc/app-)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "Port the application listens on, as [NAME:]PORT; the name is optional (--port 8080, --port h2c:8080)."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Liveness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Settings of the liveness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Readiness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Settings of the readiness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "When the image is pulled: Always, Never or IfNotPresent (any letter case)."
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Secret holding the credentials for pulling the image; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "Resource requests as RESOURCE=QUANTITY, comma-separated or repeated (cpu=100m,memory=128Mi). RESOURCE- removes a request (--request cpu-)."
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Security settings preset for the container: 'strict' drops all capabilities, runs as a non-root user and forbids privilege escalation; 'none' sets nothing."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account the pods run with; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ],
    [
     "user",
     "",
     "int",
     "",
     "User ID the container runs as, such as 1001."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Define a volume as NAME=SOURCE, where SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:) or a PersistentVolumeClaim (pvc: or persistentVolumeClaim:), for example --volume config=cm:app-config. Repeatable; NAME- removes a volume."
    ]
   ]
  },
  "source container delete": {
   "use": "delete NAME",
   "short": "Remove a container source",
   "long": "",
   "example": "\n  # Delete the container source 'heartbeats'\n  kn source container delete heartbeats",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "source container describe": {
   "use": "describe NAME",
   "short": "Show a container source's details",
   "long": "",
   "example": "\n  # Show the container source 'heartbeats'\n  kn source container describe heartbeats",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "source container list": {
   "use": "list",
   "short": "List container sources in the namespace",
   "long": "",
   "example": "\n  # List the container sources of the current namespace\n  kn source container list\n\n  # The same as YAML\n  kn source container list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "source container update": {
   "use": "update NAME --image IMAGE",
   "short": "Change a container source",
   "long": "",
   "example": "\n  # Run another image in the container source 'heartbeats'\n  kn source container update heartbeats --image docker.io/example/heartbeats:v2",
   "aliases": [],
   "flags": [
    [
     "arg",
     "",
     "stringArray",
     "",
     "Argument for the container's command; repeat the flag for each argument, in order (--arg serve --arg --verbose)."
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Command to start the container with, replacing the image's entrypoint; repeat the flag for each word (--cmd sh --cmd /app/run.sh). Further arguments can follow with --arg."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "File with additional container definitions, or '-' to read them from standard input (--containers sidecars.yaml, --containers -)."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable NAME=value for the container; repeat the flag to set several. NAME- removes a variable."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "File with environment variables to set, one NAME=value per line."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Load every key of a ConfigMap (cm:NAME or config-map:NAME) or a Secret (secret:NAME) as environment variables; repeatable (--env-from cm:app-config). A trailing \"-\" drops the reference (--env-from cm:app-config-)."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Environment variable taken from one key of a ConfigMap (cm: or config-map:) or a Secret (sc: or secret:), written NAME=cm:CONFIGMAP:KEY or NAME=secret:SECRET:KEY; repeatable. NAME- removes the variable."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Container image to run."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "Resource limits as RESOURCE=QUANTITY, comma-separated or repeated (cpu=500m,memory=256Mi). RESOURCE- removes a limit (--limit memory-)."
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a volume at a directory, as DIR=SOURCE. SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:), a PersistentVolumeClaim (pvc: or persistentVolumeClaim:) or, with no prefix, the name of an existing volume; ConfigMaps and Secrets get a volume created for them. Add :readOnly=true or :readOnly=false to choose the access mode (--mount /cache=ed:scratch:readOnly=false) and /PATH after the name to mount only a sub-path (--mount /etc/app=cm:app-config/conf). Repeatable; DIR- unmounts a directory and removes a volume created for it (--mount /etc/app-)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "Port the application listens on, as [NAME:]PORT; the name is optional (--port 8080, --port h2c:8080)."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Liveness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Settings of the liveness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Readiness probe of the container: http:HOST:PORT:PATH or https:HOST:PORT:PATH for an HTTP GET, exec:CMD[,ARG...] to run a command, or tcp:HOST:PORT to open a connection."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Settings of the readiness probe as comma-separated NAME=INTEGER pairs, names case-insensitive: InitialDelaySeconds, FailureThreshold, SuccessThreshold, PeriodSeconds, TimeoutSeconds."
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "When the image is pulled: Always, Never or IfNotPresent (any letter case)."
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Secret holding the credentials for pulling the image; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "Resource requests as RESOURCE=QUANTITY, comma-separated or repeated (cpu=100m,memory=128Mi). RESOURCE- removes a request (--request cpu-)."
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Security settings preset for the container: 'strict' drops all capabilities, runs as a non-root user and forbids privilege escalation; 'none' sets nothing."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account the pods run with; it has to exist in the service's namespace. An empty value (\"\") removes it."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ],
    [
     "user",
     "",
     "int",
     "",
     "User ID the container runs as, such as 1001."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Define a volume as NAME=SOURCE, where SOURCE is a ConfigMap (cm: or config-map:), a Secret (secret: or sc:), an EmptyDir (ed: or emptyDir:) or a PersistentVolumeClaim (pvc: or persistentVolumeClaim:), for example --volume config=cm:app-config. Repeatable; NAME- removes a volume."
    ]
   ]
  },
  "source list-types": {
   "use": "list-types",
   "short": "List the kinds of event source on offer",
   "long": "",
   "example": "\n  # Show which kinds of source can be created\n  kn source list-types\n\n  # The same as YAML\n  kn source list-types -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "source list": {
   "use": "list",
   "short": "List event sources of every kind",
   "long": "",
   "example": "\n  # List all sources of the current namespace\n  kn source list\n\n  # Only ping sources\n  kn source list --type PingSource\n\n  # Ping sources and API server sources\n  kn source list -t PingSource -t ApiServerSource",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "type",
     "t",
     "strings",
     "",
     "Only list sources of this kind (PingSource, ApiServerSource, ...); repeatable."
    ]
   ]
  },
  "source ping": {
   "use": "ping COMMAND",
   "short": "Sources that send events on a cron schedule",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": []
  },
  "source ping create": {
   "use": "create NAME --sink SINK",
   "short": "Make a new ping source",
   "long": "",
   "example": "\n  # Send {\"message\": \"hello\"} to the service 'event-display' every minute\n  kn source ping create hello-ping --data '{\"message\": \"hello\"}' --sink ksvc:event-display\n\n  # Send an event to the broker 'default' every five minutes\n  kn source ping create heartbeat --schedule '*/5 * * * *' --data '{\"beat\": true}' --sink broker:default",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "CloudEvent attribute KEY=VALUE set on each event before it is sent to the sink; repeatable. KEY- removes an override."
    ],
    [
     "data",
     "d",
     "string",
     "",
     "Payload of every event, usually JSON; whether it is text or base64 is worked out from the value unless --encoding says so."
    ],
    [
     "encoding",
     "e",
     "string",
     "",
     "How the --data value is encoded: text or base64."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "schedule",
     "",
     "string",
     "",
     "When to send an event, in cron syntax ('*/5 * * * *' is every five minutes); when not given, an event is sent every minute."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ]
   ]
  },
  "source ping delete": {
   "use": "delete NAME",
   "short": "Remove a ping source",
   "long": "",
   "example": "\n  # Delete the ping source 'heartbeat'\n  kn source ping delete heartbeat",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "source ping describe": {
   "use": "describe NAME",
   "short": "Show a ping source's details",
   "long": "",
   "example": "\n  # Show the ping source 'heartbeat'\n  kn source ping describe heartbeat\n\n  # Print its full definition as YAML\n  kn source ping describe heartbeat -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "source ping list": {
   "use": "list",
   "short": "List ping sources in the namespace",
   "long": "",
   "example": "\n  # List the ping sources of the current namespace\n  kn source ping list\n\n  # The same as YAML\n  kn source ping list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "source ping update": {
   "use": "update NAME",
   "short": "Change a ping source",
   "long": "",
   "example": "\n  # Fire at the start of every hour\n  kn source ping update heartbeat --schedule '0 * * * *'",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "CloudEvent attribute KEY=VALUE set on each event before it is sent to the sink; repeatable. KEY- removes an override."
    ],
    [
     "data",
     "d",
     "string",
     "",
     "Payload of every event, usually JSON; whether it is text or base64 is worked out from the value unless --encoding says so."
    ],
    [
     "encoding",
     "e",
     "string",
     "",
     "How the --data value is encoded: text or base64."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "schedule",
     "",
     "string",
     "",
     "When to send an event, in cron syntax ('*/5 * * * *' is every five minutes); when not given, an event is sent every minute."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ]
   ]
  },
  "subscription": {
   "use": "subscription COMMAND",
   "short": "Connect subscribers to channels",
   "long": "",
   "example": "",
   "aliases": [
    "subscriptions",
    "sub"
   ],
   "flags": []
  },
  "subscription create": {
   "use": "create NAME",
   "short": "Subscribe a sink to a channel",
   "long": "",
   "example": "\n  # Deliver the events of the channel 'orders' to the service 'event-display'\n  kn subscription create orders-display --channel orders --sink ksvc:event-display\n\n  # Subscribe 'audit' to the InMemoryChannel 'orders', sending its replies to the broker\n  # 'default' and undeliverable events to the service 'dead-letters'\n  kn subscription create orders-audit --channel imc:orders --sink audit --sink-reply broker:default --sink-dead-letter ksvc:dead-letters",
   "aliases": [],
   "flags": [
    [
     "channel",
     "",
     "string",
     "",
     "Channel to subscribe to: NAME for a Channel of the default kind, an alias prefix such as imc:NAME, or GROUP:VERSION:KIND:NAME for any channel kind (messaging.knative.dev:v1:InMemoryChannel:orders)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Subscriber that receives the channel's events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ],
    [
     "sink-dead-letter",
     "",
     "string",
     "",
     "Where events go that could not be delivered, written like --sink (ksvc:NAME or NAME, broker:NAME, channel:NAME, a URL, ...)."
    ],
    [
     "sink-reply",
     "",
     "string",
     "",
     "Where the subscriber's replies go, written like --sink (ksvc:NAME or NAME, broker:NAME, channel:NAME, a URL, ...)."
    ]
   ]
  },
  "subscription delete": {
   "use": "delete NAME",
   "short": "Remove a subscription",
   "long": "",
   "example": "\n  # Delete the subscription 'orders-display'\n  kn subscription delete orders-display",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "subscription describe": {
   "use": "describe NAME",
   "short": "Show a subscription's details",
   "long": "",
   "example": "\n  # Show the subscription 'orders-display'\n  kn subscription describe orders-display",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "subscription list": {
   "use": "list",
   "short": "List subscriptions in the namespace",
   "long": "",
   "example": "\n  # List the subscriptions of the current namespace\n  kn subscription list\n\n  # The same as YAML\n  kn subscription list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "subscription update": {
   "use": "update NAME",
   "short": "Change where a subscription delivers",
   "long": "",
   "example": "\n  # Deliver to the service 'event-display-v2' from now on\n  kn subscription update orders-display --sink ksvc:event-display-v2\n\n  # Change the reply destination and the dead letter sink\n  kn subscription update orders-audit --sink-reply broker:audit --sink-dead-letter dead-letters",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Subscriber that receives the channel's events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ],
    [
     "sink-dead-letter",
     "",
     "string",
     "",
     "Where events go that could not be delivered, written like --sink (ksvc:NAME or NAME, broker:NAME, channel:NAME, a URL, ...)."
    ],
    [
     "sink-reply",
     "",
     "string",
     "",
     "Where the subscriber's replies go, written like --sink (ksvc:NAME or NAME, broker:NAME, channel:NAME, a URL, ...)."
    ]
   ]
  },
  "trigger": {
   "use": "trigger",
   "short": "Route a broker's events to subscribers",
   "long": "",
   "example": "",
   "aliases": [
    "triggers"
   ],
   "flags": []
  },
  "trigger create": {
   "use": "create NAME --sink SINK",
   "short": "Make a new trigger on a broker",
   "long": "",
   "example": "\n  # Deliver every event of the broker 'default' to the service 'event-display'\n  kn trigger create display-all --broker default --sink ksvc:event-display\n\n  # Deliver only events of type dev.knative.sources.ping\n  kn trigger create display-pings --filter type=dev.knative.sources.ping --sink event-display",
   "aliases": [],
   "flags": [
    [
     "broker",
     "",
     "string",
     "default",
     "Broker whose events the trigger selects."
    ],
    [
     "filter",
     "",
     "strings",
     "",
     "Select only events whose CloudEvent attribute has a given value, as ATTRIBUTE=VALUE (type=dev.knative.sources.ping); repeatable."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ]
   ]
  },
  "trigger delete": {
   "use": "delete NAME",
   "short": "Remove a trigger",
   "long": "",
   "example": "\n  # Delete the trigger 'display-all'\n  kn trigger delete display-all",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ]
   ]
  },
  "trigger describe": {
   "use": "describe NAME",
   "short": "Show a trigger's details",
   "long": "",
   "example": "\n  # Show the trigger 'display-all'\n  kn trigger describe display-all\n\n  # Print its full definition as YAML\n  kn trigger describe display-all -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "Show additional details."
    ]
   ]
  },
  "trigger list": {
   "use": "list",
   "short": "List triggers in the namespace",
   "long": "",
   "example": "\n  # List the triggers of the current namespace\n  kn trigger list\n\n  # List the triggers of every namespace as JSON\n  kn trigger list -A -o json",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "Cover every namespace instead of one; --namespace and the context's namespace are then ignored."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "Do not fail when a template refers to a field or map key that is missing (jsonpath and Go template output only)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "Leave out the header row of the default table output."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Print the result in another format instead of a table: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json or jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "Keep metadata.managedFields in JSON and YAML output."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Go template text, or the path of a template file, for -o go-template and -o go-template-file (Go text/template syntax)."
    ]
   ]
  },
  "trigger update": {
   "use": "update NAME",
   "short": "Change a trigger's filters or sink",
   "long": "",
   "example": "\n  # Select events of type com.example.heartbeat instead\n  kn trigger update display-pings --filter type=com.example.heartbeat\n\n  # Drop the filter on the type attribute\n  kn trigger update display-pings --filter type-\n\n  # Deliver to the service 'event-display-v2'\n  kn trigger update display-pings --sink ksvc:event-display-v2",
   "aliases": [],
   "flags": [
    [
     "filter",
     "",
     "strings",
     "",
     "Select only events whose CloudEvent attribute has a given value, as ATTRIBUTE=VALUE (type=dev.knative.sources.ping); repeatable. ATTRIBUTE- drops a filter."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Namespace to work in; without it the current context's namespace is used."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Destination of the events: ksvc:NAME (or just NAME) for a Knative service, broker:NAME, channel:NAME, an http:// or https:// URL, or GROUP/VERSION/RESOURCE:NAME for any other addressable; add :NAMESPACE for an object in another namespace (ksvc:NAME:NAMESPACE)."
    ]
   ]
  },
  "version": {
   "use": "version",
   "short": "Print version information",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "output",
     "o",
     "string",
     "",
     "Print the version information as json or yaml."
    ]
   ]
  }
 }
}
"""

_DATA: dict[str, Any] = json.loads(_SPEC)

ROOT_SHORT: str = _DATA["root"]["short"]
ROOT_LONG: str = _DATA["root"]["long"]
GLOBAL_FLAGS: list[Flag] = [tuple(f) for f in _DATA["global_flags"]]
HIDDEN: dict[str, list[Flag]] = {k: [tuple(f) for f in v] for k, v in _DATA["hidden_flags"].items()}
COMMANDS: dict[str, dict[str, Any]] = _DATA["commands"]
