"""The command tree of Knative kn 1.12: names, usage lines, help texts, examples and flags.

Extracted from knative/client release-1.12 ``docs/cmd/*.md`` (Apache-2.0), so that ``kn
--help`` and every command's help read as kn's; flags kn accepts but hides from its help
(deprecated spellings, ``--no-log-http``, ...) are in ``hidden_flags``. Each command has its
``use`` line, ``short`` and ``long`` descriptions, ``example`` text, ``aliases`` and ``flags``;
a flag is ``[name, shorthand, type, default, usage]`` with pflag's type names (``bool``,
``string``, ``int``, ``int32``, ``stringArray``, ``strings``).

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
  "short": "kn manages Knative Serving and Eventing resources",
  "long": "kn is the command line interface for managing Knative Serving and Eventing resources\n\nFind more information about Knative at: https://knative.dev"
 },
 "global_flags": [
  [
   "as",
   "",
   "string",
   "",
   "username to impersonate for the operation"
  ],
  [
   "as-group",
   "",
   "stringArray",
   "",
   "group to impersonate for the operation, this flag can be repeated to specify multiple groups"
  ],
  [
   "as-uid",
   "",
   "string",
   "",
   "uid to impersonate for the operation"
  ],
  [
   "cluster",
   "",
   "string",
   "",
   "name of the kubeconfig cluster to use"
  ],
  [
   "config",
   "",
   "string",
   "",
   "kn configuration file (default: ~/.config/kn/config.yaml)"
  ],
  [
   "context",
   "",
   "string",
   "",
   "name of the kubeconfig context to use"
  ],
  [
   "kubeconfig",
   "",
   "string",
   "",
   "kubectl configuration file (default: ~/.kube/config)"
  ],
  [
   "log-http",
   "",
   "bool",
   "",
   "log http traffic"
  ]
 ],
 "hidden_flags": {
  "": [
   [
    "no-log-http",
    "",
    "bool",
    "true",
    "Do not log http traffic"
   ],
   [
    "plugins-dir",
    "",
    "string",
    "",
    "Directory holding kn plugins"
   ]
  ],
  "service create": [
   [
    "autoscale-window",
    "",
    "string",
    "",
    "Deprecated option, please use --scale-window"
   ],
   [
    "concurrency-target",
    "",
    "int",
    "",
    "Deprecated, use --scale-target instead."
   ],
   [
    "concurrency-utilization",
    "",
    "int",
    "70",
    "Deprecated, use --scale-utilization instead."
   ],
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated, use --containers instead."
   ]
  ],
  "service update": [
   [
    "autoscale-window",
    "",
    "string",
    "",
    "Deprecated option, please use --scale-window"
   ],
   [
    "concurrency-target",
    "",
    "int",
    "",
    "Deprecated, use --scale-target instead."
   ],
   [
    "concurrency-utilization",
    "",
    "int",
    "70",
    "Deprecated, use --scale-utilization instead."
   ],
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated, use --containers instead."
   ]
  ],
  "service apply": [
   [
    "autoscale-window",
    "",
    "string",
    "",
    "Deprecated option, please use --scale-window"
   ],
   [
    "concurrency-target",
    "",
    "int",
    "",
    "Deprecated, use --scale-target instead."
   ],
   [
    "concurrency-utilization",
    "",
    "int",
    "70",
    "Deprecated, use --scale-utilization instead."
   ],
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated, use --containers instead."
   ]
  ],
  "source container create": [
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated, use --containers instead."
   ]
  ],
  "source container update": [
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated, use --containers instead."
   ]
  ],
  "container add": [
   [
    "extra-containers",
    "",
    "string",
    "",
    "Deprecated, use --containers instead."
   ],
   [
    "volume",
    "",
    "stringArray",
    "",
    "Add a volume from a ConfigMap (prefix cm: or config-map:) a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:) or a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim). Example: --volume myvolume=cm:myconfigmap, --volume myvolume=secret:mysecret or --volume emptyDir:myvol:size=1Gi,type=Memory. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --volume myvolume-."
   ]
  ]
 },
 "commands": {
  "broker": {
   "use": "broker",
   "short": "Manage message brokers",
   "long": "",
   "example": "",
   "aliases": [
    "brokers"
   ],
   "flags": []
  },
  "broker create": {
   "use": "create NAME",
   "short": "Create a broker",
   "long": "",
   "example": "\n  # Create a broker 'mybroker' in the current namespace\n  kn broker create mybroker\n\n  # Create a broker 'mybroker' in the 'myproject' namespace and with a broker class of 'Kafka'\n  kn broker create mybroker --namespace myproject --class Kafka\n\n  # Create a broker 'mybroker' in the myproject namespace with config referencing a configmap in current namespace\n  kn broker create mybroker --namespace myproject --class Kafka --broker-config cm:spec-cm\n  OR\n  kn broker create mybroker --namespace myproject --class Kafka --broker-config spec-cm\n\n  # Create a broker 'mybroker' in the myproject namespace with config referencing secret named spec-sc in test namespace\n  kn broker create mybroker --namespace myproject --class Kafka --broker-config sc:spec-sc:test\n\n  # Create a broker 'mybroker' in the myproject namespace with config referencing RabbitmqCluster mycluster in test namespace\n  kn broker create mybroker --namespace myproject --class Kafka --broker-config rabbitmq.com/v1beta1:RabbitmqCluster:mycluster:test\n",
   "aliases": [],
   "flags": [
    [
     "backoff-delay",
     "",
     "string",
     "",
     "The delay before retrying."
    ],
    [
     "backoff-policy",
     "",
     "string",
     "",
     "The retry backoff policy (linear, exponential)."
    ],
    [
     "broker-config",
     "",
     "string",
     "",
     "Reference to the broker configuration For example, a pointer to a ConfigMap (cm:, configmap:), Secret(sc:, secret:), RabbitmqCluster(rmq:, rabbitmq: rabbitmqcluster:) etc. It should be used in conjunction with --class flag. The format for specifying the object is a colon separated string consisting of at most 4 slices:\nLength 1: <object-name> (the object will be assumed to be ConfigMap with the same name)\nLength 2: <kind>:<object-name> (the APIVersion will be determined for ConfigMap, Secret, and RabbitmqCluster types)\nLength 3: <kind>:<object-name>:<namespace> (the APIVersion will be determined only for ConfigMap, Secret, and RabbitmqCluster types. Otherwise it will be interpreted as:\n<apiVersion>:<kind>:<object-name>)\nLength 4: <apiVersion>:<kind>:<object-name>:<namespace>"
    ],
    [
     "class",
     "",
     "string",
     "",
     "Broker class like 'MTChannelBasedBroker' or 'Kafka' (if available)."
    ],
    [
     "dl-sink",
     "",
     "string",
     "",
     "The sink receiving event that could not be sent to a destination."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "retry",
     "",
     "int32",
     "",
     "The minimum number of retries the sender should attempt when sending an event before moving it to the dead letter sink."
    ],
    [
     "retry-after-max",
     "",
     "string",
     "",
     "An optional upper bound on the duration specified in a \"Retry-After\" header when calculating backoff times for retrying 429 and 503 response codes. Setting the value to zero (\"PT0S\") can be used to opt-out of respecting \"Retry-After\" header values altogether. This value only takes effect if \"Retry\" is configured, and also depends on specific implementations (Channels, Sources, etc.) choosing to provide this capability."
    ],
    [
     "timeout",
     "",
     "string",
     "",
     "The timeout of each single request. The value must be greater than 0."
    ]
   ]
  },
  "broker delete": {
   "use": "delete NAME",
   "short": "Delete a broker",
   "long": "",
   "example": "\n  # Delete a broker 'mybroker' in the current namespace\n  kn broker create mybroker\n\n  # Delete a broker 'mybroker' in the 'myproject' namespace\n  kn broker create mybroker --namespace myproject",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-wait",
     "",
     "bool",
     "true",
     "Do not wait for 'broker delete' operation to be completed."
    ],
    [
     "wait",
     "",
     "bool",
     "",
     "Wait for 'broker delete' operation to be completed."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait before giving up on waiting for broker to be deleted."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds to wait for broker to be deleted after a false ready condition is returned"
    ]
   ]
  },
  "broker describe": {
   "use": "describe NAME",
   "short": "Describe broker",
   "long": "",
   "example": "\n  # Describe broker 'mybroker' in the current namespace\n  kn broker describe mybroker\n\n  # Describe broker 'mybroker' in the 'myproject' namespace\n  kn broker describe mybroker --namespace myproject\n\n  # Describe broker 'mybroker' in YAML format\n  kn broker describe mybroker -o yaml\n\n  # Print only broker URL\n  kn broker describe mybroker -o url",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|url."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "broker list": {
   "use": "list",
   "short": "List brokers",
   "long": "",
   "example": "\n  # List all brokers\n  kn broker list\n\n  # List all brokers in JSON output format\n  kn broker list -o json",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "broker update": {
   "use": "update NAME",
   "short": "Update a broker",
   "long": "",
   "example": "\n  # Update a broker 'mybroker' in the current namespace with delivery sink svc1\n  kn broker update mybroker --dl-sink svc1\n\n  # Update a broker 'mybroker' in the 'myproject' namespace and with retry 2 seconds\n  kn broker update mybroker --namespace myproject --retry 2\n",
   "aliases": [],
   "flags": [
    [
     "backoff-delay",
     "",
     "string",
     "",
     "The delay before retrying."
    ],
    [
     "backoff-policy",
     "",
     "string",
     "",
     "The retry backoff policy (linear, exponential)."
    ],
    [
     "dl-sink",
     "",
     "string",
     "",
     "The sink receiving event that could not be sent to a destination."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "retry",
     "",
     "int32",
     "",
     "The minimum number of retries the sender should attempt when sending an event before moving it to the dead letter sink."
    ],
    [
     "retry-after-max",
     "",
     "string",
     "",
     "An optional upper bound on the duration specified in a \"Retry-After\" header when calculating backoff times for retrying 429 and 503 response codes. Setting the value to zero (\"PT0S\") can be used to opt-out of respecting \"Retry-After\" header values altogether. This value only takes effect if \"Retry\" is configured, and also depends on specific implementations (Channels, Sources, etc.) choosing to provide this capability."
    ],
    [
     "timeout",
     "",
     "string",
     "",
     "The timeout of each single request. The value must be greater than 0."
    ]
   ]
  },
  "channel": {
   "use": "channel COMMAND",
   "short": "Manage event channels",
   "long": "",
   "example": "",
   "aliases": [
    "channels"
   ],
   "flags": []
  },
  "channel create": {
   "use": "create NAME",
   "short": "Create an event channel",
   "long": "",
   "example": "\n  # Create a channel 'pipe' with default setting for channel configuration\n  kn channel create pipe\n\n  # Create a channel 'imc1' of type InMemoryChannel using inbuilt alias 'imc'\n  kn channel create imc1 --type imc\n  # same as above without using inbuilt alias but providing explicit GVK\n  kn channel create imc1 --type messaging.knative.dev:v1:InMemoryChannel\n\n  # Create a channel 'k1' of type KafkaChannel\n  kn channel create k1 --type messaging.knative.dev:v1alpha1:KafkaChannel",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "type",
     "",
     "string",
     "",
     "Override channel type to create, in the format '--type Group:Version:Kind'. If flag is not specified, it uses default messaging layer settings for channel type, cluster wide or specific namespace. You can configure aliases for channel types in kn config and refer the aliases with this flag. You can also refer inbuilt channel type InMemoryChannel using an alias 'imc' like '--type imc'. Examples: '--type messaging.knative.dev:v1alpha1:KafkaChannel' for specifying explicit Group:Version:Kind."
    ]
   ]
  },
  "channel delete": {
   "use": "delete NAME",
   "short": "Delete a channel",
   "long": "",
   "example": "\n  # Delete a channel 'pipe'\n  kn channel delete pipe",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "channel describe": {
   "use": "describe NAME",
   "short": "Show details of a channel",
   "long": "",
   "example": "\n  # Describe a channel 'pipe'\n  kn channel describe pipe\n\n  # Print only channel URL\n  kn channel describe pipe -o url",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|url."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "channel list-types": {
   "use": "list-types",
   "short": "List channel types",
   "long": "",
   "example": "\n  # List available channel types\n  kn channel list-types\n\n  # List available channel types in YAML format\n  kn channel list-types -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "channel list": {
   "use": "list",
   "short": "List channels",
   "long": "",
   "example": "\n  # List all channels\n  kn channel list\n\n  # List channels in YAML format\n  kn channel ping list -o yaml",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "completion": {
   "use": "completion SHELL",
   "short": "Output shell completion code",
   "long": "\nThis command prints shell completion code which needs to be evaluated\nto provide interactive completion\n\nSupported Shells:\n - bash\n - zsh",
   "example": "\n # Generate completion code for bash\n source <(kn completion bash)\n\n # Generate completion code for zsh\n source <(kn completion zsh)\n compdef _kn kn",
   "aliases": [],
   "flags": []
  },
  "container": {
   "use": "container COMMAND",
   "short": "Manage service's containers (experimental)",
   "long": "",
   "example": "",
   "aliases": [
    "containers"
   ],
   "flags": []
  },
  "container add": {
   "use": "add NAME",
   "short": "Add a container",
   "long": "",
   "example": "\n  The command is Beta and may change in the future releases.\n\n  The 'container add' represents utility command that prints YAML container spec to standard output. It's useful for\n  multi-container use cases to create definition with help of standard 'kn' option flags. It accepts all container related\n  flag available for 'service create'. The command can be chained through Unix pipes to create multiple containers at once.\n\n  # Add a container 'sidecar' from image 'docker.io/example/sidecar' and print it to standard output (Beta)\n  kn container add sidecar --image docker.io/example/sidecar\n\n  # Add command can be chained by standard Unix pipe symbol '|' and passed to 'service add|update|apply' commands (Beta)\n  kn container add sidecar --image docker.io/example/sidecar:first | \\\n  kn container add second --image docker.io/example/sidecar:second | \\\n  kn service create myksvc --image docker.io/example/my-app:latest --containers -",
   "aliases": [],
   "flags": [
    [
     "arg",
     "",
     "stringArray",
     "",
     "Add argument to the container command. Example: --arg myArg1 --arg --myArg2 --arg myArg3=3. You can use this flag multiple times."
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Specify command to be used as entrypoint instead of default one. Example: --cmd /app/start or --cmd sh --cmd /app/start.sh or --cmd /app/start --arg myArg to pass additional arguments."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "Specify path to file including definition for additional containers, alternatively use '-' to read from stdin. Example: --containers ./containers.yaml or --containers -."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable to set. NAME=value; you may provide this flag any number of times to set multiple environment variables. To unset, specify the environment variable name followed by a \"-\" (e.g., NAME-)."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "Path to a file containing environment variables (e.g. --env-file=/home/knative/service1/env)."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Add environment variables from a ConfigMap (prefix cm: or config-map:) or a Secret (prefix secret:). Example: --env-from cm:myconfigmap or --env-from secret:mysecret. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --env-from cm:myconfigmap-."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Add environment variable from a value of key in ConfigMap (prefix cm: or config-map:) or a Secret (prefix sc: or secret:). Example: --env-value-from NAME=cm:myconfigmap:key or --env-value-from NAME=secret:mysecret:key. You can use this flag multiple times. To unset a value from a ConfigMap/Secret key reference, append \"-\" to the key, e.g. --env-value-from ENV-."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Image to run."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "The resource requirement limits for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource limit, append \"-\" to the resource name, e.g. '--limit memory-'."
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a ConfigMap (prefix cm: or config-map:), a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:), a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim) or an existing Volume (without any prefix) on the specified directory. Example: --mount /mydir=cm:myconfigmap, --mount /mydir=secret:mysecret, --mount /mydir=emptyDir:myvol or --mount /mydir=myvolume. When a configmap or a secret is specified, a corresponding volume is automatically generated. You can mount a volume with readOnly config (true | false) also. Example: --mount /mydir=ed:ed1:readOnly=true. You can specify a volume subpath by following the volume name with slash separated path. Example: --mount /mydir=cm:myconfigmap/subpath/to/be/mounted. You can use this flag multiple times. For unmounting a directory, append \"-\", e.g. --mount /mydir-, which also removes any auto-generated volume."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "The port where application listens on, in the format 'NAME:PORT', where 'NAME' is optional. Examples: '--port h2c:8080' , '--port 8080'."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Add liveness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Add common options to liveness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Add readiness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Add common options to readiness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "Image pull policy. Valid values (case insensitive): Always | Never | IfNotPresent"
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Image pull secret to set. An empty argument (\"\") clears the pull secret. The referenced secret must exist in the service's namespace."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "The resource requirement requests for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource request, append \"-\" to the resource name, e.g. '--request cpu-'."
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Predefined security context for the service. Accepted values: 'none' for no security context and 'strict' for dropping all capabilities, running as non-root, and no privilege escalation."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account name to set. An empty argument (\"\") clears the service account. The referenced service account must exist in the service's namespace."
    ],
    [
     "user",
     "",
     "int",
     "",
     "The user ID to run the container (e.g., 1001)."
    ]
   ]
  },
  "domain": {
   "use": "domain COMMAND",
   "short": "Manage domain mappings",
   "long": "",
   "example": "",
   "aliases": [
    "domains"
   ],
   "flags": []
  },
  "domain create": {
   "use": "create NAME",
   "short": "Create a domain mapping",
   "long": "",
   "example": "\n  # Create a domain mappings 'hello.example.com' for Knative service 'hello' with TLS secret set\n  kn domain create hello.example.com --ref hello --tls my-cert-secret",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "ref",
     "",
     "string",
     "",
     "Addressable target reference for Domain Mapping. You can specify a Knative service, a Knative route. Examples: '--ref' ksvc:hello' or simply '--ref hello' for a Knative service 'hello', '--ref' kroute:hello' for a Knative route 'hello'. '--ref ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', If a prefix is not provided, it is considered as a Knative service in the current namespace. If referring to a Knative service in another namespace, 'ksvc:name:namespace' combination must be provided explicitly."
    ],
    [
     "tls",
     "",
     "string",
     "",
     "Enable TLS and point to the secret that holds the server certificate."
    ]
   ]
  },
  "domain delete": {
   "use": "delete NAME",
   "short": "Delete a domain mapping",
   "long": "",
   "example": "\n  # Delete domain mappings 'hello.example.com'\n  kn domain delete hello.example.com",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "domain describe": {
   "use": "describe NAME",
   "short": "Show details of a domain mapping",
   "long": "",
   "example": "\n  # Show details of for the domain 'hello.example.com'\n  kn domain describe hello.example.com",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|url."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "domain list": {
   "use": "list",
   "short": "List domain mappings",
   "long": "",
   "example": "\n  # List all domain mappings\n  kn domain list\n\n  # List all domain mappings in JSON output format\n  kn domain list -o json",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "domain update": {
   "use": "update NAME",
   "short": "Update a domain mapping",
   "long": "",
   "example": "\n  # Update a domain mappings 'hello.example.com' for Knative service 'hello'\n  kn domain update hello.example.com --refFlags hello",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "ref",
     "",
     "string",
     "",
     "Addressable target reference for Domain Mapping. You can specify a Knative service, a Knative route. Examples: '--ref' ksvc:hello' or simply '--ref hello' for a Knative service 'hello', '--ref' kroute:hello' for a Knative route 'hello'. '--ref ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', If a prefix is not provided, it is considered as a Knative service in the current namespace. If referring to a Knative service in another namespace, 'ksvc:name:namespace' combination must be provided explicitly."
    ]
   ]
  },
  "eventtype": {
   "use": "eventtype",
   "short": "Manage eventtypes",
   "long": "",
   "example": "",
   "aliases": [
    "eventtypes"
   ],
   "flags": []
  },
  "eventtype create": {
   "use": "create",
   "short": "Create eventtype",
   "long": "",
   "example": "\n  # Create eventtype 'myeventtype' of type example.type in the current namespace\n  kn eventtype create myeventtype --type example.type\n\n  # Create eventtype 'myeventtype' of type example.type in the 'myproject' namespace\n  kn eventtype create myeventtype --namespace myproject -t example.type\n",
   "aliases": [],
   "flags": [
    [
     "broker",
     "b",
     "string",
     "",
     "Cloud Event Broker"
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "reference",
     "r",
     "string",
     "",
     "Addressable Reference producing events. You can specify a broker, channel, or fully qualified GroupVersionResource (GVR). Examples: '--reference broker:nest' for a broker 'nest', '--reference channel:pipe' for a channel 'pipe', '--reference special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'."
    ],
    [
     "source",
     "",
     "string",
     "",
     "Cloud Event source"
    ],
    [
     "type",
     "t",
     "string",
     "",
     "Cloud Event type"
    ]
   ]
  },
  "eventtype delete": {
   "use": "delete",
   "short": "Delete eventtype",
   "long": "",
   "example": "\n  # Delete eventtype 'myeventtype' in the current namespace\n  kn eventtype delete myeventtype\n\n  # Delete eventtype 'myeventtype' in the 'myproject' namespace\n  kn eventtype delete myeventtype --namespace myproject\n",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "eventtype describe": {
   "use": "describe",
   "short": "Describe eventtype",
   "long": "",
   "example": "\n  # Describe eventtype 'myeventtype' in the current namespace\n  kn eventtype describe myeventtype\n\n  # Describe eventtype 'myeventtype' in the 'myproject' namespace\n  kn eventtype describe myeventtype --namespace myproject\n\n  # Describe eventtype 'myeventtype' in YAML format\n  kn eventtype describe myeventtype -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "eventtype list": {
   "use": "list",
   "short": "List eventtypes",
   "long": "",
   "example": "\n  # List all eventtypes\n  kn eventtype list\n\n  # List all eventtypes in JSON output format\n  kn eventtype list -o json",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "options": {
   "use": "options [flags]",
   "short": "Print the list of flags inherited by all commands",
   "long": "Print the list of flags inherited by all commands",
   "example": "# Print flags inherited by all commands\nkn options",
   "aliases": [],
   "flags": []
  },
  "plugin": {
   "use": "plugin",
   "short": "Manage kn plugins",
   "long": "Manage kn plugins\n\nPlugins provide extended functionality that is not part of the core kn command-line distribution.\nPlease refer to the documentation and examples for more information about how to write your own plugins.",
   "example": "",
   "aliases": [
    "plugins"
   ],
   "flags": []
  },
  "plugin list": {
   "use": "list",
   "short": "List plugins",
   "long": "List all installed plugins.\n\nAvailable plugins are those that are:\n- executable\n- begin with \"kn-\"\n- Kn's plugin directory\n- Anywhere in the execution $PATH",
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
     "verbose output"
    ]
   ]
  },
  "revision": {
   "use": "revision",
   "short": "Manage service revisions",
   "long": "",
   "example": "",
   "aliases": [
    "revisions"
   ],
   "flags": []
  },
  "revision delete": {
   "use": "delete NAME [NAME ...]",
   "short": "Delete revisions",
   "long": "",
   "example": "\n  # Delete a revision 'svc1-abcde' in default namespace\n  kn revision delete svc1-abcde\n\n  # Delete all unreferenced revisions\n  kn revision delete --prune-all\n\n  # Delete all unreferenced revisions for a given service 'mysvc'\n  kn revision delete --prune mysvc",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-wait",
     "",
     "bool",
     "true",
     "Do not wait for 'revision delete' operation to be completed."
    ],
    [
     "prune",
     "",
     "string",
     "",
     "Remove unreferenced revisions for a given service in a namespace."
    ],
    [
     "prune-all",
     "",
     "bool",
     "",
     "Remove all unreferenced revisions in a namespace."
    ],
    [
     "wait",
     "",
     "bool",
     "",
     "Wait for 'revision delete' operation to be completed."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait before giving up on waiting for revision to be deleted."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds to wait for revision to be deleted after a false ready condition is returned"
    ]
   ]
  },
  "revision describe": {
   "use": "describe NAME",
   "short": "Show details of a revision",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "revision list": {
   "use": "list",
   "short": "List revisions",
   "long": "List revisions for a given service.",
   "example": "\n  # List all revisions\n  kn revision list\n\n  # List revisions for a service 'svc1' in namespace 'myapp'\n  kn revision list -s svc1 -n myapp\n\n  # List all revisions in JSON output format\n  kn revision list -o json\n\n  # List revision 'web'\n  kn revision list web",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "service",
     "s",
     "string",
     "",
     "Service name"
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "route": {
   "use": "route",
   "short": "List and describe service routes",
   "long": "",
   "example": "",
   "aliases": [
    "routes"
   ],
   "flags": []
  },
  "route describe": {
   "use": "describe NAME",
   "short": "Show details of a route",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "route list": {
   "use": "list NAME",
   "short": "List routes",
   "long": "",
   "example": "\n  # List all routes\n  kn route list\n\n  # List route 'web' in namespace 'dev'\n  kn route list web -n dev\n\n  # List all routes in YAML format\n  kn route list -o yaml",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "secret": {
   "use": "secret COMMAND",
   "short": "Manage secrets",
   "long": "",
   "example": "",
   "aliases": [
    "secrets"
   ],
   "flags": []
  },
  "secret create": {
   "use": "create NAME",
   "short": "Create secret",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "from-literal",
     "l",
     "strings",
     "",
     "Specify comma separated list of key=value pairs."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "tls-cert",
     "",
     "string",
     "",
     "Path to TLS certificate file."
    ],
    [
     "tls-key",
     "",
     "string",
     "",
     "Path to TLS key file."
    ],
    [
     "type",
     "",
     "string",
     "",
     "Specify Secret type."
    ]
   ]
  },
  "secret delete": {
   "use": "delete NAME",
   "short": "Delete secret",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "secret list": {
   "use": "list",
   "short": "List secrets",
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
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "service": {
   "use": "service",
   "short": "Manage Knative services",
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
   "short": "Apply a service declaration",
   "long": "",
   "example": "\n# Create an initial service with using 'kn service apply', if the service has not\n# been already created\nkn service apply s0 --image knativesamples/helloworld\n\n# Apply the service again which is a no-operation if none of the options changed\nkn service apply s0 --image knativesamples/helloworld\n\n# Add an environment variable to your service. Note, that you have to always fully\n# specify all parameters (in contrast to 'kn service update')\nkn service apply s0 --image knativesamples/helloworld --env foo=bar\n\n# Read the service declaration from a file\nkn service apply s0 --filename my-svc.yml\n",
   "aliases": [],
   "flags": [
    [
     "annotation",
     "a",
     "stringArray",
     "",
     "Annotations to set for both Service and Revision. name=value; you may provide this flag any number of times to set multiple annotations."
    ],
    [
     "annotation-revision",
     "",
     "stringArray",
     "",
     "Revision annotation to set. name=value; you may provide this flag any number of times to set multiple annotations. To unset, specify the annotation name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"annotation\" flag."
    ],
    [
     "annotation-service",
     "",
     "stringArray",
     "",
     "Service annotation to set. name=value; you may provide this flag any number of times to set multiple annotations. To unset, specify the annotation name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"annotation\" flag."
    ],
    [
     "arg",
     "",
     "stringArray",
     "",
     "Add argument to the container command. Example: --arg myArg1 --arg --myArg2 --arg myArg3=3. You can use this flag multiple times."
    ],
    [
     "cluster-local",
     "",
     "bool",
     "",
     "Specify that the service be private. (--no-cluster-local will make the service publicly available)"
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Specify command to be used as entrypoint instead of default one. Example: --cmd /app/start or --cmd sh --cmd /app/start.sh or --cmd /app/start --arg myArg to pass additional arguments."
    ],
    [
     "concurrency-limit",
     "",
     "int",
     "",
     "Hard Limit of concurrent requests to be processed by a single replica."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "Specify path to file including definition for additional containers, alternatively use '-' to read from stdin. Example: --containers ./containers.yaml or --containers -."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable to set. NAME=value; you may provide this flag any number of times to set multiple environment variables."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "Path to a file containing environment variables (e.g. --env-file=/home/knative/service1/env)."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Add environment variables from a ConfigMap (prefix cm: or config-map:) or a Secret (prefix secret:). Example: --env-from cm:myconfigmap or --env-from secret:mysecret. You can use this flag multiple times."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Add environment variable from a value of key in ConfigMap (prefix cm: or config-map:) or a Secret (prefix sc: or secret:). Example: --env-value-from NAME=cm:myconfigmap:key or --env-value-from NAME=secret:mysecret:key. You can use this flag multiple times."
    ],
    [
     "filename",
     "f",
     "string",
     "",
     "Create a service from file. The created service can be further modified by combining with other options. For example, -f /path/to/file --env NAME=value adds also an environment variable."
    ],
    [
     "force",
     "",
     "bool",
     "",
     "Create service forcefully, replaces existing service if any."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Image to run."
    ],
    [
     "label",
     "l",
     "stringArray",
     "",
     "Labels to set for both Service and Revision. name=value; you may provide this flag any number of times to set multiple labels."
    ],
    [
     "label-revision",
     "",
     "stringArray",
     "",
     "Revision label to set. name=value; you may provide this flag any number of times to set multiple labels. To unset, specify the label name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"label\" flag."
    ],
    [
     "label-service",
     "",
     "stringArray",
     "",
     "Service label to set. name=value; you may provide this flag any number of times to set multiple labels. To unset, specify the label name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"label\" flag."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "The resource requirement limits for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource limit, append \"-\" to the resource name, e.g. '--limit memory-'."
    ],
    [
     "lock-to-digest",
     "",
     "bool",
     "true",
     "Keep the running image for the service constant when not explicitly specifying the image. (--no-lock-to-digest pulls the image tag afresh with each new revision)"
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a ConfigMap (prefix cm: or config-map:), a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:), a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim) or an existing Volume (without any prefix) on the specified directory. Example: --mount /mydir=cm:myconfigmap, --mount /mydir=secret:mysecret, --mount /mydir=emptyDir:myvol or --mount /mydir=myvolume. When a configmap or a secret is specified, a corresponding volume is automatically generated. You can mount a volume with readOnly config (true | false) also. Example: --mount /mydir=ed:ed1:readOnly=true. You can specify a volume subpath by following the volume name with slash separated path. Example: --mount /mydir=cm:myconfigmap/subpath/to/be/mounted. You can use this flag multiple times. For unmounting a directory, append \"-\", e.g. --mount /mydir-, which also removes any auto-generated volume."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-cluster-local",
     "",
     "bool",
     "true",
     "Do not specify that the service be private. (--no-cluster-local will make the service publicly available)"
    ],
    [
     "no-lock-to-digest",
     "",
     "bool",
     "",
     "Do not keep the running image for the service constant when not explicitly specifying the image. (--no-lock-to-digest pulls the image tag afresh with each new revision)"
    ],
    [
     "no-wait",
     "",
     "bool",
     "",
     "Do not wait for 'service apply' operation to be completed."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "The port where application listens on, in the format 'NAME:PORT', where 'NAME' is optional. Examples: '--port h2c:8080' , '--port 8080'."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Add liveness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Add common options to liveness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Add readiness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Add common options to readiness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "Image pull policy. Valid values (case insensitive): Always | Never | IfNotPresent"
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Image pull secret to set. An empty argument (\"\") clears the pull secret. The referenced secret must exist in the service's namespace."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "The resource requirement requests for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource request, append \"-\" to the resource name, e.g. '--request cpu-'."
    ],
    [
     "revision-name",
     "",
     "string",
     "",
     "The revision name to set. Must start with the service name and a dash as a prefix. Empty revision name will result in the server generating a name for the revision. Accepts golang templates, allowing {{.Service}} for the service name, {{.Generation}} for the generation, and {{.Random [n]}} for n random consonants (e.g. {{.Service}}-{{.Random 5}}-{{.Generation}})"
    ],
    [
     "scale",
     "",
     "string",
     "",
     "Set the Minimum and Maximum number of replicas. You can use this flag to set both to a single value, or set a range with min/max values, or set either min or max values without specifying the other. Example: --scale 5 (scale-min = 5, scale-max = 5) or --scale 1..5 (scale-min = 1, scale-max = 5) or --scale 1.. (scale-min = 1, scale-max = unchanged) or --scale ..5 (scale-min = unchanged, scale-max = 5)"
    ],
    [
     "scale-activation",
     "",
     "int",
     "",
     "Minimum non-zero value that a service should scale to."
    ],
    [
     "scale-init",
     "",
     "int",
     "",
     "Initial number of replicas with which a service starts. Can be 0 or a positive integer."
    ],
    [
     "scale-max",
     "",
     "int",
     "",
     "Maximum number of replicas."
    ],
    [
     "scale-metric",
     "",
     "string",
     "",
     "Set the name of the metric the PodAutoscaler should scale on. Example: --scale-metric rps (to scale on rps) or --scale-metric concurrency (to scale on concurrency). The default metric is concurrency."
    ],
    [
     "scale-min",
     "",
     "int",
     "",
     "Minimum number of replicas."
    ],
    [
     "scale-target",
     "",
     "int",
     "",
     "Recommendation for what metric value the PodAutoscaler should attempt to maintain. Use with --scale-metric flag to configure the metric name for which the target value should be maintained. Default metric name is concurrency. The flag defaults to --concurrency-limit when given."
    ],
    [
     "scale-utilization",
     "",
     "int",
     "70",
     "Percentage of concurrent requests utilization before scaling up."
    ],
    [
     "scale-window",
     "",
     "string",
     "",
     "Duration to look back for making auto-scaling decisions. The service is scaled to zero if no request was received in during that time. (eg: 10s)"
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Predefined security context for the service. Accepted values: 'none' for no security context and 'strict' for dropping all capabilities, running as non-root, and no privilege escalation."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account name to set. An empty argument (\"\") clears the service account. The referenced service account must exist in the service's namespace."
    ],
    [
     "timeout",
     "",
     "int",
     "300",
     "Duration in seconds that the request routing layer will wait for a request delivered to a container to begin replying"
    ],
    [
     "user",
     "",
     "int",
     "",
     "The user ID to run the container (e.g., 1001)."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Add a volume from a ConfigMap (prefix cm: or config-map:) a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:) or a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim). Example: --volume myvolume=cm:myconfigmap, --volume myvolume=secret:mysecret or --volume emptyDir:myvol:size=1Gi,type=Memory. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --volume myvolume-."
    ],
    [
     "wait",
     "",
     "bool",
     "true",
     "Wait for 'service apply' operation to be completed."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait before giving up on waiting for service to be ready."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds to wait for service to be ready after a false ready condition is returned"
    ]
   ]
  },
  "service create": {
   "use": "create NAME --image IMAGE",
   "short": "Create a service",
   "long": "",
   "example": "\n  # Create a service 's0' using image knativesamples/helloworld\n  kn service create s0 --image knativesamples/helloworld\n\n  # Create a service with multiple environment variables\n  kn service create s1 --env TARGET=v1 --env FROM=examples --image knativesamples/helloworld\n\n  # Create or replace a service using --force flag\n  # if service 's1' doesn't exist, it's a normal create operation\n  kn service create --force s1 --image knativesamples/helloworld\n\n  # Create or replace environment variables of service 's1' using --force flag\n  kn service create --force s1 --env TARGET=force --env FROM=examples --image knativesamples/helloworld\n\n  # Create a service with port 8080\n  kn service create s2 --port 8080 --image knativesamples/helloworld\n\n  # Create a service with port 8080 and port name h2c\n  kn service create s2 --port h2c:8080 --image knativesamples/helloworld\n\n  # Create or replace default resources of a service 's1' using --force flag\n  # (earlier configured resource requests and limits will be replaced with default)\n  # (earlier configured environment variables will be cleared too if any)\n  kn service create --force s1 --image knativesamples/helloworld\n\n  # Create a service with annotation\n  kn service create s3 --image knativesamples/helloworld --annotation sidecar.istio.io/inject=false\n\n  # Create a private service (that is a service with no external endpoint)\n  kn service create s1 --image knativesamples/helloworld --cluster-local\n\n  # Create a service with 250MB memory, 200m CPU requests and a GPU resource limit\n  # [https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/]\n  # [https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/]\n  kn service create s4gpu --image knativesamples/hellocuda-go --request memory=250Mi,cpu=200m --limit nvidia.com/gpu=1\n\n  # Create the service in offline mode instead of kubernetes cluster (Beta)\n  kn service create gitopstest -n test-ns --image knativesamples/helloworld --target=/user/knfiles\n  kn service create gitopstest --image knativesamples/helloworld --target=/user/knfiles/test.yaml\n  kn service create gitopstest --image knativesamples/helloworld --target=/user/knfiles/test.json",
   "aliases": [],
   "flags": [
    [
     "annotation",
     "a",
     "stringArray",
     "",
     "Annotations to set for both Service and Revision. name=value; you may provide this flag any number of times to set multiple annotations."
    ],
    [
     "annotation-revision",
     "",
     "stringArray",
     "",
     "Revision annotation to set. name=value; you may provide this flag any number of times to set multiple annotations. To unset, specify the annotation name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"annotation\" flag."
    ],
    [
     "annotation-service",
     "",
     "stringArray",
     "",
     "Service annotation to set. name=value; you may provide this flag any number of times to set multiple annotations. To unset, specify the annotation name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"annotation\" flag."
    ],
    [
     "arg",
     "",
     "stringArray",
     "",
     "Add argument to the container command. Example: --arg myArg1 --arg --myArg2 --arg myArg3=3. You can use this flag multiple times."
    ],
    [
     "cluster-local",
     "",
     "bool",
     "",
     "Specify that the service be private. (--no-cluster-local will make the service publicly available)"
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Specify command to be used as entrypoint instead of default one. Example: --cmd /app/start or --cmd sh --cmd /app/start.sh or --cmd /app/start --arg myArg to pass additional arguments."
    ],
    [
     "concurrency-limit",
     "",
     "int",
     "",
     "Hard Limit of concurrent requests to be processed by a single replica."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "Specify path to file including definition for additional containers, alternatively use '-' to read from stdin. Example: --containers ./containers.yaml or --containers -."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable to set. NAME=value; you may provide this flag any number of times to set multiple environment variables."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "Path to a file containing environment variables (e.g. --env-file=/home/knative/service1/env)."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Add environment variables from a ConfigMap (prefix cm: or config-map:) or a Secret (prefix secret:). Example: --env-from cm:myconfigmap or --env-from secret:mysecret. You can use this flag multiple times."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Add environment variable from a value of key in ConfigMap (prefix cm: or config-map:) or a Secret (prefix sc: or secret:). Example: --env-value-from NAME=cm:myconfigmap:key or --env-value-from NAME=secret:mysecret:key. You can use this flag multiple times."
    ],
    [
     "filename",
     "f",
     "string",
     "",
     "Create a service from file. The created service can be further modified by combining with other options. For example, -f /path/to/file --env NAME=value adds also an environment variable."
    ],
    [
     "force",
     "",
     "bool",
     "",
     "Create service forcefully, replaces existing service if any."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Image to run."
    ],
    [
     "label",
     "l",
     "stringArray",
     "",
     "Labels to set for both Service and Revision. name=value; you may provide this flag any number of times to set multiple labels."
    ],
    [
     "label-revision",
     "",
     "stringArray",
     "",
     "Revision label to set. name=value; you may provide this flag any number of times to set multiple labels. To unset, specify the label name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"label\" flag."
    ],
    [
     "label-service",
     "",
     "stringArray",
     "",
     "Service label to set. name=value; you may provide this flag any number of times to set multiple labels. To unset, specify the label name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"label\" flag."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "The resource requirement limits for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource limit, append \"-\" to the resource name, e.g. '--limit memory-'."
    ],
    [
     "lock-to-digest",
     "",
     "bool",
     "true",
     "Keep the running image for the service constant when not explicitly specifying the image. (--no-lock-to-digest pulls the image tag afresh with each new revision)"
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a ConfigMap (prefix cm: or config-map:), a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:), a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim) or an existing Volume (without any prefix) on the specified directory. Example: --mount /mydir=cm:myconfigmap, --mount /mydir=secret:mysecret, --mount /mydir=emptyDir:myvol or --mount /mydir=myvolume. When a configmap or a secret is specified, a corresponding volume is automatically generated. You can mount a volume with readOnly config (true | false) also. Example: --mount /mydir=ed:ed1:readOnly=true. You can specify a volume subpath by following the volume name with slash separated path. Example: --mount /mydir=cm:myconfigmap/subpath/to/be/mounted. You can use this flag multiple times. For unmounting a directory, append \"-\", e.g. --mount /mydir-, which also removes any auto-generated volume."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-cluster-local",
     "",
     "bool",
     "true",
     "Do not specify that the service be private. (--no-cluster-local will make the service publicly available)"
    ],
    [
     "no-lock-to-digest",
     "",
     "bool",
     "",
     "Do not keep the running image for the service constant when not explicitly specifying the image. (--no-lock-to-digest pulls the image tag afresh with each new revision)"
    ],
    [
     "no-wait",
     "",
     "bool",
     "",
     "Do not wait for 'service create' operation to be completed."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "The port where application listens on, in the format 'NAME:PORT', where 'NAME' is optional. Examples: '--port h2c:8080' , '--port 8080'."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Add liveness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Add common options to liveness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Add readiness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Add common options to readiness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "Image pull policy. Valid values (case insensitive): Always | Never | IfNotPresent"
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Image pull secret to set. An empty argument (\"\") clears the pull secret. The referenced secret must exist in the service's namespace."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "The resource requirement requests for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource request, append \"-\" to the resource name, e.g. '--request cpu-'."
    ],
    [
     "revision-name",
     "",
     "string",
     "",
     "The revision name to set. Must start with the service name and a dash as a prefix. Empty revision name will result in the server generating a name for the revision. Accepts golang templates, allowing {{.Service}} for the service name, {{.Generation}} for the generation, and {{.Random [n]}} for n random consonants (e.g. {{.Service}}-{{.Random 5}}-{{.Generation}})"
    ],
    [
     "scale",
     "",
     "string",
     "",
     "Set the Minimum and Maximum number of replicas. You can use this flag to set both to a single value, or set a range with min/max values, or set either min or max values without specifying the other. Example: --scale 5 (scale-min = 5, scale-max = 5) or --scale 1..5 (scale-min = 1, scale-max = 5) or --scale 1.. (scale-min = 1, scale-max = unchanged) or --scale ..5 (scale-min = unchanged, scale-max = 5)"
    ],
    [
     "scale-activation",
     "",
     "int",
     "",
     "Minimum non-zero value that a service should scale to."
    ],
    [
     "scale-init",
     "",
     "int",
     "",
     "Initial number of replicas with which a service starts. Can be 0 or a positive integer."
    ],
    [
     "scale-max",
     "",
     "int",
     "",
     "Maximum number of replicas."
    ],
    [
     "scale-metric",
     "",
     "string",
     "",
     "Set the name of the metric the PodAutoscaler should scale on. Example: --scale-metric rps (to scale on rps) or --scale-metric concurrency (to scale on concurrency). The default metric is concurrency."
    ],
    [
     "scale-min",
     "",
     "int",
     "",
     "Minimum number of replicas."
    ],
    [
     "scale-target",
     "",
     "int",
     "",
     "Recommendation for what metric value the PodAutoscaler should attempt to maintain. Use with --scale-metric flag to configure the metric name for which the target value should be maintained. Default metric name is concurrency. The flag defaults to --concurrency-limit when given."
    ],
    [
     "scale-utilization",
     "",
     "int",
     "70",
     "Percentage of concurrent requests utilization before scaling up."
    ],
    [
     "scale-window",
     "",
     "string",
     "",
     "Duration to look back for making auto-scaling decisions. The service is scaled to zero if no request was received in during that time. (eg: 10s)"
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Predefined security context for the service. Accepted values: 'none' for no security context and 'strict' for dropping all capabilities, running as non-root, and no privilege escalation."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account name to set. An empty argument (\"\") clears the service account. The referenced service account must exist in the service's namespace."
    ],
    [
     "tag",
     "",
     "strings",
     "",
     "Set tag (format: --tag revisionRef=tagName) where revisionRef can be a revision or '@latest' string representing latest ready revision. This flag can be specified multiple times."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Work on local directory instead of a remote cluster (experimental)"
    ],
    [
     "timeout",
     "",
     "int",
     "300",
     "Duration in seconds that the request routing layer will wait for a request delivered to a container to begin replying"
    ],
    [
     "user",
     "",
     "int",
     "",
     "The user ID to run the container (e.g., 1001)."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Add a volume from a ConfigMap (prefix cm: or config-map:) a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:) or a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim). Example: --volume myvolume=cm:myconfigmap, --volume myvolume=secret:mysecret or --volume emptyDir:myvol:size=1Gi,type=Memory. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --volume myvolume-."
    ],
    [
     "wait",
     "",
     "bool",
     "true",
     "Wait for 'service create' operation to be completed."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait before giving up on waiting for service to be ready."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds to wait for service to be ready after a false ready condition is returned"
    ]
   ]
  },
  "service delete": {
   "use": "delete NAME [NAME ...]",
   "short": "Delete services",
   "long": "",
   "example": "\n  # Delete a service 'svc1' in default namespace\n  kn service delete svc1\n\n  # Delete a service 'svc2' in 'ns1' namespace\n  kn service delete svc2 -n ns1\n\n  # Delete all services in 'ns1' namespace\n  kn service delete --all -n ns1\n\n  # Delete the services in offline mode instead of kubernetes cluster (Beta)\n  kn service delete test -n test-ns --target=/user/knfiles\n  kn service delete test --target=/user/knfiles/test.yaml\n  kn service delete test --target=/user/knfiles/test.json",
   "aliases": [],
   "flags": [
    [
     "all",
     "",
     "bool",
     "",
     "Delete all services in a namespace."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-wait",
     "",
     "bool",
     "true",
     "Do not wait for 'service delete' operation to be completed."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Work on local directory instead of a remote cluster (experimental)"
    ],
    [
     "wait",
     "",
     "bool",
     "",
     "Wait for 'service delete' operation to be completed."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait before giving up on waiting for service to be deleted."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds to wait for service to be deleted after a false ready condition is returned"
    ]
   ]
  },
  "service describe": {
   "use": "describe NAME",
   "short": "Show details of a service",
   "long": "",
   "example": "\n  # Describe service 'svc' in human friendly format\n  kn service describe svc\n\n  # Describe service 'svc' in YAML format\n  kn service describe svc -o yaml\n\n  # Print only service URL\n  kn service describe svc -o url\n\n  # Describe the services in offline mode instead of kubernetes cluster (Beta)\n  kn service describe test -n test-ns --target=/user/knfiles\n  kn service describe test --target=/user/knfiles/test.yaml\n  kn service describe test --target=/user/knfiles/test.json",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|url."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Work on local directory instead of a remote cluster (experimental)"
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "service export": {
   "use": "export NAME",
   "short": "Export a service and its revisions",
   "long": "",
   "example": "\n  # Export a service in YAML format (Beta)\n  kn service export foo -n bar -o yaml\n\n  # Export a service in JSON format (Beta)\n  kn service export foo -n bar -o json\n\n  # Export a service with revisions (Beta)\n  kn service export foo --with-revisions --mode=export -n bar -o json\n\n  # Export services in kubectl friendly format, as a list kind, one service item for each revision (Beta)\n  kn service export foo --with-revisions --mode=replay -n bar -o json",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "mode",
     "",
     "string",
     "",
     "Format for exporting all routed revisions. One of replay|export (Beta)"
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "with-revisions",
     "",
     "bool",
     "",
     "Export all routed revisions (Beta)"
    ]
   ]
  },
  "service import": {
   "use": "import FILENAME",
   "short": "Import a service and its revisions (experimental)",
   "long": "",
   "example": "\n # Import a service from YAML file (Beta)\n kn service import /path/to/file.yaml\n\n # Import a service from JSON file (Beta)\n kn service import /path/to/file.json",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-wait",
     "",
     "bool",
     "",
     "Do not wait for 'service import' operation to be completed."
    ],
    [
     "wait",
     "",
     "bool",
     "true",
     "Wait for 'service import' operation to be completed."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait before giving up on waiting for service to be ready."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds to wait for service to be ready after a false ready condition is returned"
    ]
   ]
  },
  "service list": {
   "use": "list",
   "short": "List services",
   "long": "",
   "example": "\n  # List all services\n  kn service list\n\n  # List all services in JSON output format\n  kn service list -o json\n\n  # List service 'web'\n  kn service list web\n\n  # List the services in offline mode instead of kubernetes cluster (Beta)\n  kn service list --target=/user/knfiles\n  kn service list --target=/user/knfiles/test.json\n  kn service list --target=/user/knfiles/test.yaml\n  kn service list -n test-ns --target=/user/knfiles",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Work on local directory instead of a remote cluster (experimental)"
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "service update": {
   "use": "update NAME",
   "short": "Update a service",
   "long": "",
   "example": "\n  # Updates a service 'svc' with new environment variables\n  kn service update svc --env KEY1=VALUE1 --env KEY2=VALUE2\n\n  # Update a service 'svc' with new port\n  kn service update svc --port 80\n\n  # Updates a service 'svc' with new request and limit parameters\n  kn service update svc --request cpu=500m --limit memory=1024Mi --limit cpu=1000m\n\n  # Assign tag 'latest' and 'stable' to revisions 'echo-v2' and 'echo-v1' respectively\n  kn service update svc --tag echo-v2=latest --tag echo-v1=stable\n  OR\n  kn service update svc --tag echo-v2=latest,echo-v1=stable\n\n  # Update tag from 'testing' to 'staging' for latest ready revision of service\n  kn service update svc --untag testing --tag @latest=staging\n\n  # Add tag 'test' to echo-v3 revision with 10% traffic and rest to latest ready revision of service\n  kn service update svc --tag echo-v3=test --traffic test=10,@latest=90\n\n  # Split 50% traffic to stable, 40% traffic to staging and the\n  # rest will automatically be directed to echo-v3 (the remaining revision)\n  kn service update svc --traffic stable=50,staging=40\n\n  # Update the service in offline mode instead of kubernetes cluster (Beta)\n  kn service update gitopstest -n test-ns --env KEY1=VALUE1 --target=/user/knfiles\n  kn service update gitopstest --env KEY1=VALUE1 --target=/user/knfiles/test.yaml\n  kn service update gitopstest --env KEY1=VALUE1 --target=/user/knfiles/test.json",
   "aliases": [],
   "flags": [
    [
     "annotation",
     "a",
     "stringArray",
     "",
     "Annotations to set for both Service and Revision. name=value; you may provide this flag any number of times to set multiple annotations. To unset, specify the annotation name followed by a \"-\" (e.g., name-)."
    ],
    [
     "annotation-revision",
     "",
     "stringArray",
     "",
     "Revision annotation to set. name=value; you may provide this flag any number of times to set multiple annotations. To unset, specify the annotation name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"annotation\" flag."
    ],
    [
     "annotation-service",
     "",
     "stringArray",
     "",
     "Service annotation to set. name=value; you may provide this flag any number of times to set multiple annotations. To unset, specify the annotation name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"annotation\" flag."
    ],
    [
     "arg",
     "",
     "stringArray",
     "",
     "Add argument to the container command. Example: --arg myArg1 --arg --myArg2 --arg myArg3=3. You can use this flag multiple times."
    ],
    [
     "cluster-local",
     "",
     "bool",
     "",
     "Specify that the service be private. (--no-cluster-local will make the service publicly available)"
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Specify command to be used as entrypoint instead of default one. Example: --cmd /app/start or --cmd sh --cmd /app/start.sh or --cmd /app/start --arg myArg to pass additional arguments."
    ],
    [
     "concurrency-limit",
     "",
     "int",
     "",
     "Hard Limit of concurrent requests to be processed by a single replica."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "Specify path to file including definition for additional containers, alternatively use '-' to read from stdin. Example: --containers ./containers.yaml or --containers -."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable to set. NAME=value; you may provide this flag any number of times to set multiple environment variables. To unset, specify the environment variable name followed by a \"-\" (e.g., NAME-)."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "Path to a file containing environment variables (e.g. --env-file=/home/knative/service1/env)."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Add environment variables from a ConfigMap (prefix cm: or config-map:) or a Secret (prefix secret:). Example: --env-from cm:myconfigmap or --env-from secret:mysecret. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --env-from cm:myconfigmap-."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Add environment variable from a value of key in ConfigMap (prefix cm: or config-map:) or a Secret (prefix sc: or secret:). Example: --env-value-from NAME=cm:myconfigmap:key or --env-value-from NAME=secret:mysecret:key. You can use this flag multiple times. To unset a value from a ConfigMap/Secret key reference, append \"-\" to the key, e.g. --env-value-from ENV-."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Image to run."
    ],
    [
     "label",
     "l",
     "stringArray",
     "",
     "Labels to set for both Service and Revision. name=value; you may provide this flag any number of times to set multiple labels. To unset, specify the label name followed by a \"-\" (e.g., name-)."
    ],
    [
     "label-revision",
     "",
     "stringArray",
     "",
     "Revision label to set. name=value; you may provide this flag any number of times to set multiple labels. To unset, specify the label name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"label\" flag."
    ],
    [
     "label-service",
     "",
     "stringArray",
     "",
     "Service label to set. name=value; you may provide this flag any number of times to set multiple labels. To unset, specify the label name followed by a \"-\" (e.g., name-). This flag takes precedence over the \"label\" flag."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "The resource requirement limits for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource limit, append \"-\" to the resource name, e.g. '--limit memory-'."
    ],
    [
     "lock-to-digest",
     "",
     "bool",
     "true",
     "Keep the running image for the service constant when not explicitly specifying the image. (--no-lock-to-digest pulls the image tag afresh with each new revision)"
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a ConfigMap (prefix cm: or config-map:), a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:), a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim) or an existing Volume (without any prefix) on the specified directory. Example: --mount /mydir=cm:myconfigmap, --mount /mydir=secret:mysecret, --mount /mydir=emptyDir:myvol or --mount /mydir=myvolume. When a configmap or a secret is specified, a corresponding volume is automatically generated. You can mount a volume with readOnly config (true | false) also. Example: --mount /mydir=ed:ed1:readOnly=true. You can specify a volume subpath by following the volume name with slash separated path. Example: --mount /mydir=cm:myconfigmap/subpath/to/be/mounted. You can use this flag multiple times. For unmounting a directory, append \"-\", e.g. --mount /mydir-, which also removes any auto-generated volume."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-cluster-local",
     "",
     "bool",
     "true",
     "Do not specify that the service be private. (--no-cluster-local will make the service publicly available)"
    ],
    [
     "no-lock-to-digest",
     "",
     "bool",
     "",
     "Do not keep the running image for the service constant when not explicitly specifying the image. (--no-lock-to-digest pulls the image tag afresh with each new revision)"
    ],
    [
     "no-wait",
     "",
     "bool",
     "",
     "Do not wait for 'service update' operation to be completed."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "The port where application listens on, in the format 'NAME:PORT', where 'NAME' is optional. Examples: '--port h2c:8080' , '--port 8080'."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Add liveness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Add common options to liveness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Add readiness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Add common options to readiness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "Image pull policy. Valid values (case insensitive): Always | Never | IfNotPresent"
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Image pull secret to set. An empty argument (\"\") clears the pull secret. The referenced secret must exist in the service's namespace."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "The resource requirement requests for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource request, append \"-\" to the resource name, e.g. '--request cpu-'."
    ],
    [
     "revision-name",
     "",
     "string",
     "",
     "The revision name to set. Must start with the service name and a dash as a prefix. Empty revision name will result in the server generating a name for the revision. Accepts golang templates, allowing {{.Service}} for the service name, {{.Generation}} for the generation, and {{.Random [n]}} for n random consonants (e.g. {{.Service}}-{{.Random 5}}-{{.Generation}})"
    ],
    [
     "scale",
     "",
     "string",
     "",
     "Set the Minimum and Maximum number of replicas. You can use this flag to set both to a single value, or set a range with min/max values, or set either min or max values without specifying the other. Example: --scale 5 (scale-min = 5, scale-max = 5) or --scale 1..5 (scale-min = 1, scale-max = 5) or --scale 1.. (scale-min = 1, scale-max = unchanged) or --scale ..5 (scale-min = unchanged, scale-max = 5)"
    ],
    [
     "scale-activation",
     "",
     "int",
     "",
     "Minimum non-zero value that a service should scale to."
    ],
    [
     "scale-init",
     "",
     "int",
     "",
     "Initial number of replicas with which a service starts. Can be 0 or a positive integer."
    ],
    [
     "scale-max",
     "",
     "int",
     "",
     "Maximum number of replicas."
    ],
    [
     "scale-metric",
     "",
     "string",
     "",
     "Set the name of the metric the PodAutoscaler should scale on. Example: --scale-metric rps (to scale on rps) or --scale-metric concurrency (to scale on concurrency). The default metric is concurrency."
    ],
    [
     "scale-min",
     "",
     "int",
     "",
     "Minimum number of replicas."
    ],
    [
     "scale-target",
     "",
     "int",
     "",
     "Recommendation for what metric value the PodAutoscaler should attempt to maintain. Use with --scale-metric flag to configure the metric name for which the target value should be maintained. Default metric name is concurrency. The flag defaults to --concurrency-limit when given."
    ],
    [
     "scale-utilization",
     "",
     "int",
     "70",
     "Percentage of concurrent requests utilization before scaling up."
    ],
    [
     "scale-window",
     "",
     "string",
     "",
     "Duration to look back for making auto-scaling decisions. The service is scaled to zero if no request was received in during that time. (eg: 10s)"
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Predefined security context for the service. Accepted values: 'none' for no security context and 'strict' for dropping all capabilities, running as non-root, and no privilege escalation."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account name to set. An empty argument (\"\") clears the service account. The referenced service account must exist in the service's namespace."
    ],
    [
     "tag",
     "",
     "strings",
     "",
     "Set tag (format: --tag revisionRef=tagName) where revisionRef can be a revision or '@latest' string representing latest ready revision. This flag can be specified multiple times."
    ],
    [
     "target",
     "",
     "string",
     "",
     "Work on local directory instead of a remote cluster (experimental)"
    ],
    [
     "timeout",
     "",
     "int",
     "300",
     "Duration in seconds that the request routing layer will wait for a request delivered to a container to begin replying"
    ],
    [
     "traffic",
     "",
     "strings",
     "",
     "Set traffic distribution (format: --traffic revisionRef=percent) where revisionRef can be a revision or a tag or '@latest' string representing latest ready revision. This flag can be given multiple times with percent summing up to 100%."
    ],
    [
     "untag",
     "",
     "strings",
     "",
     "Untag revision (format: --untag tagName). This flag can be specified multiple times."
    ],
    [
     "user",
     "",
     "int",
     "",
     "The user ID to run the container (e.g., 1001)."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Add a volume from a ConfigMap (prefix cm: or config-map:) a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:) or a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim). Example: --volume myvolume=cm:myconfigmap, --volume myvolume=secret:mysecret or --volume emptyDir:myvol:size=1Gi,type=Memory. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --volume myvolume-."
    ],
    [
     "wait",
     "",
     "bool",
     "true",
     "Wait for 'service update' operation to be completed."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait before giving up on waiting for service to be ready."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds to wait for service to be ready after a false ready condition is returned"
    ]
   ]
  },
  "service wait": {
   "use": "wait NAME",
   "short": "Wait for a service to be ready",
   "long": "",
   "example": "\n  # Waits on a service 'svc'\n  kn service wait svc\n\n  # Waits on a service 'svc' with a timeout\n  kn service wait svc --wait-timeout 10\n\n  # Waits on a service 'svc' with a timeout and wait window\n  kn service wait svc --wait-timeout 10 --wait-window 1",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "wait-timeout",
     "",
     "int",
     "600",
     "Seconds to wait before giving up on waiting for service to be ready."
    ],
    [
     "wait-window",
     "",
     "int",
     "2",
     "Seconds to wait for service to be ready after a false ready condition is returned"
    ]
   ]
  },
  "source": {
   "use": "source SOURCE|COMMAND",
   "short": "Manage event sources",
   "long": "",
   "example": "",
   "aliases": [
    "sources"
   ],
   "flags": []
  },
  "source apiserver": {
   "use": "apiserver COMMAND",
   "short": "Manage Kubernetes api-server sources",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": []
  },
  "source apiserver create": {
   "use": "create NAME --resource RESOURCE --sink SINK",
   "short": "Create an api-server source",
   "long": "",
   "example": "\n  # Create an ApiServerSource 'k8sevents' which consumes Kubernetes events and sends message to service 'mysvc' as a cloudevent\n  kn source apiserver create k8sevents --resource Event:v1 --service-account myaccountname --sink ksvc:mysvc",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "Cloud Event overrides to apply before sending event to sink. Example: '--ce-override key=value' You may be provide this flag multiple times. To unset, append \"-\" to the key (e.g. --ce-override key-)."
    ],
    [
     "mode",
     "",
     "string",
     "Reference",
     "The mode the receive adapter controller runs under:,\n\"Reference\" sends only the reference to the resource,\n\"Resource\" send the full resource."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "resource",
     "",
     "stringArray",
     "",
     "Specification for which events to listen, in the format Kind:APIVersion:LabelSelector, e.g. \"Event:sourcesv1:key=value\".\n\"LabelSelector\" is a list of comma separated key value pairs. \"LabelSelector\" can be omitted, e.g. \"Event:sourcesv1\"."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Name of the service account to use to run this source"
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ]
   ]
  },
  "source apiserver delete": {
   "use": "delete NAME",
   "short": "Delete an api-server source",
   "long": "",
   "example": "\n  # Delete an ApiServerSource 'k8sevents' in default namespace\n  kn source apiserver delete k8sevents",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "source apiserver describe": {
   "use": "describe NAME",
   "short": "Show details of an api-server source",
   "long": "",
   "example": "\n  # Describe an api-server source with name 'k8sevents'\n  kn source apiserver describe k8sevents\n\n  # Describe an api-server source with name 'k8sevents' in YAML format\n  kn source apiserver describe k8sevents -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "source apiserver list": {
   "use": "list",
   "short": "List api-server sources",
   "long": "",
   "example": "\n  # List all ApiServer sources\n  kn source apiserver list\n\n  # List all ApiServer sources in YAML format\n  kn source apiserver list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "source apiserver update": {
   "use": "update NAME",
   "short": "Update an api-server source",
   "long": "",
   "example": "\n  # Update an ApiServerSource 'k8sevents' with different service account and sink service\n  kn source apiserver update k8sevents --service-account newsa --sink ksvc:newsvc",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "Cloud Event overrides to apply before sending event to sink. Example: '--ce-override key=value' You may be provide this flag multiple times. To unset, append \"-\" to the key (e.g. --ce-override key-)."
    ],
    [
     "mode",
     "",
     "string",
     "Reference",
     "The mode the receive adapter controller runs under:,\n\"Reference\" sends only the reference to the resource,\n\"Resource\" send the full resource."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "resource",
     "",
     "stringArray",
     "",
     "Specification for which events to listen, in the format Kind:APIVersion:LabelSelector, e.g. \"Event:sourcesv1:key=value\".\n\"LabelSelector\" is a list of comma separated key value pairs. \"LabelSelector\" can be omitted, e.g. \"Event:sourcesv1\"."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Name of the service account to use to run this source"
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ]
   ]
  },
  "source binding": {
   "use": "binding COMMAND",
   "short": "Manage sink bindings",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": []
  },
  "source binding create": {
   "use": "create NAME --subject SUBJECT --sink SINK",
   "short": "Create a sink binding",
   "long": "",
   "example": "\n  # Create a sink binding which connects a deployment 'myapp' with a Knative service 'mysvc'\n  kn source binding create my-binding --subject Deployment:apps/v1:myapp --sink ksvc:mysvc",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "Cloud Event overrides to apply before sending event to sink. Example: '--ce-override key=value' You may be provide this flag multiple times. To unset, append \"-\" to the key (e.g. --ce-override key-)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ],
    [
     "subject",
     "",
     "string",
     "",
     "Subject which emits cloud events. This argument takes format kind:apiVersion:name for named resources or kind:apiVersion:labelKey1=value1,labelKey2=value2 for matching via a label selector"
    ]
   ]
  },
  "source binding delete": {
   "use": "delete NAME",
   "short": "Delete a sink binding",
   "long": "",
   "example": "\n  # Delete a sink binding with name 'my-binding'\n  kn source binding delete my-binding",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "source binding describe": {
   "use": "describe NAME",
   "short": "Show details of a sink binding",
   "long": "",
   "example": "\n  # Describe a sink binding 'mysinkbinding'\n  kn source binding describe mysinkbinding\n\n  # Describe a sink binding 'mysinkbinding' in YAML format\n  kn source binding describe mysinkbinding -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "source binding list": {
   "use": "list",
   "short": "List sink bindings",
   "long": "",
   "example": "\n  # List all sink bindings\n  kn source binding list\n\n  # List all sink bindings in YAML format\n  kn source binding list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "source binding update": {
   "use": "update NAME",
   "short": "Update a sink binding",
   "long": "",
   "example": "\n  # Update the subject of a sink binding 'my-binding' to a new cronjob with label selector 'app=ping'  \n  kn source binding update my-binding --subject cronjob:batch/v1beta1:app=ping\"",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "Cloud Event overrides to apply before sending event to sink. Example: '--ce-override key=value' You may be provide this flag multiple times. To unset, append \"-\" to the key (e.g. --ce-override key-)."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ],
    [
     "subject",
     "",
     "string",
     "",
     "Subject which emits cloud events. This argument takes format kind:apiVersion:name for named resources or kind:apiVersion:labelKey1=value1,labelKey2=value2 for matching via a label selector"
    ]
   ]
  },
  "source container": {
   "use": "container create|delete|update|list|describe",
   "short": "Manage container sources",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": []
  },
  "source container create": {
   "use": "create NAME --image IMAGE --sink SINK",
   "short": "Create a container source",
   "long": "",
   "example": "\n  # Create a ContainerSource 'src' to start a container with image 'docker.io/sample/image' and send messages to service 'mysvc'\n  kn source container create src --image docker.io/sample/image --sink ksvc:mysvc",
   "aliases": [],
   "flags": [
    [
     "arg",
     "",
     "stringArray",
     "",
     "Add argument to the container command. Example: --arg myArg1 --arg --myArg2 --arg myArg3=3. You can use this flag multiple times."
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Specify command to be used as entrypoint instead of default one. Example: --cmd /app/start or --cmd sh --cmd /app/start.sh or --cmd /app/start --arg myArg to pass additional arguments."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "Specify path to file including definition for additional containers, alternatively use '-' to read from stdin. Example: --containers ./containers.yaml or --containers -."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable to set. NAME=value; you may provide this flag any number of times to set multiple environment variables. To unset, specify the environment variable name followed by a \"-\" (e.g., NAME-)."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "Path to a file containing environment variables (e.g. --env-file=/home/knative/service1/env)."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Add environment variables from a ConfigMap (prefix cm: or config-map:) or a Secret (prefix secret:). Example: --env-from cm:myconfigmap or --env-from secret:mysecret. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --env-from cm:myconfigmap-."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Add environment variable from a value of key in ConfigMap (prefix cm: or config-map:) or a Secret (prefix sc: or secret:). Example: --env-value-from NAME=cm:myconfigmap:key or --env-value-from NAME=secret:mysecret:key. You can use this flag multiple times. To unset a value from a ConfigMap/Secret key reference, append \"-\" to the key, e.g. --env-value-from ENV-."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Image to run."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "The resource requirement limits for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource limit, append \"-\" to the resource name, e.g. '--limit memory-'."
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a ConfigMap (prefix cm: or config-map:), a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:), a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim) or an existing Volume (without any prefix) on the specified directory. Example: --mount /mydir=cm:myconfigmap, --mount /mydir=secret:mysecret, --mount /mydir=emptyDir:myvol or --mount /mydir=myvolume. When a configmap or a secret is specified, a corresponding volume is automatically generated. You can mount a volume with readOnly config (true | false) also. Example: --mount /mydir=ed:ed1:readOnly=true. You can specify a volume subpath by following the volume name with slash separated path. Example: --mount /mydir=cm:myconfigmap/subpath/to/be/mounted. You can use this flag multiple times. For unmounting a directory, append \"-\", e.g. --mount /mydir-, which also removes any auto-generated volume."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "The port where application listens on, in the format 'NAME:PORT', where 'NAME' is optional. Examples: '--port h2c:8080' , '--port 8080'."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Add liveness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Add common options to liveness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Add readiness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Add common options to readiness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "Image pull policy. Valid values (case insensitive): Always | Never | IfNotPresent"
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Image pull secret to set. An empty argument (\"\") clears the pull secret. The referenced secret must exist in the service's namespace."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "The resource requirement requests for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource request, append \"-\" to the resource name, e.g. '--request cpu-'."
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Predefined security context for the service. Accepted values: 'none' for no security context and 'strict' for dropping all capabilities, running as non-root, and no privilege escalation."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account name to set. An empty argument (\"\") clears the service account. The referenced service account must exist in the service's namespace."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ],
    [
     "user",
     "",
     "int",
     "",
     "The user ID to run the container (e.g., 1001)."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Add a volume from a ConfigMap (prefix cm: or config-map:) a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:) or a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim). Example: --volume myvolume=cm:myconfigmap, --volume myvolume=secret:mysecret or --volume emptyDir:myvol:size=1Gi,type=Memory. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --volume myvolume-."
    ]
   ]
  },
  "source container delete": {
   "use": "delete NAME",
   "short": "Delete a container source",
   "long": "",
   "example": "\n  # Delete a ContainerSource 'containersrc' in default namespace\n  kn source container delete containersrc",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "source container describe": {
   "use": "describe NAME",
   "short": "Show details of a container source",
   "long": "",
   "example": "\n  # Describe a container source with name 'k8sevents'\n  kn source container describe k8sevents",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "source container list": {
   "use": "list",
   "short": "List container sources",
   "long": "",
   "example": "\n  # List all Container sources\n  kn source container list\n\n  # List all Container sources in YAML format\n  kn source apiserver list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "source container update": {
   "use": "update NAME --image IMAGE",
   "short": "Update a container source",
   "long": "",
   "example": "\n  # Update a ContainerSource 'src' with a different image uri 'docker.io/sample/newimage'\n  kn source container update src --image docker.io/sample/newimage",
   "aliases": [],
   "flags": [
    [
     "arg",
     "",
     "stringArray",
     "",
     "Add argument to the container command. Example: --arg myArg1 --arg --myArg2 --arg myArg3=3. You can use this flag multiple times."
    ],
    [
     "cmd",
     "",
     "stringArray",
     "",
     "Specify command to be used as entrypoint instead of default one. Example: --cmd /app/start or --cmd sh --cmd /app/start.sh or --cmd /app/start --arg myArg to pass additional arguments."
    ],
    [
     "containers",
     "",
     "string",
     "",
     "Specify path to file including definition for additional containers, alternatively use '-' to read from stdin. Example: --containers ./containers.yaml or --containers -."
    ],
    [
     "env",
     "e",
     "stringArray",
     "",
     "Environment variable to set. NAME=value; you may provide this flag any number of times to set multiple environment variables. To unset, specify the environment variable name followed by a \"-\" (e.g., NAME-)."
    ],
    [
     "env-file",
     "",
     "string",
     "",
     "Path to a file containing environment variables (e.g. --env-file=/home/knative/service1/env)."
    ],
    [
     "env-from",
     "",
     "stringArray",
     "",
     "Add environment variables from a ConfigMap (prefix cm: or config-map:) or a Secret (prefix secret:). Example: --env-from cm:myconfigmap or --env-from secret:mysecret. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --env-from cm:myconfigmap-."
    ],
    [
     "env-value-from",
     "",
     "stringArray",
     "",
     "Add environment variable from a value of key in ConfigMap (prefix cm: or config-map:) or a Secret (prefix sc: or secret:). Example: --env-value-from NAME=cm:myconfigmap:key or --env-value-from NAME=secret:mysecret:key. You can use this flag multiple times. To unset a value from a ConfigMap/Secret key reference, append \"-\" to the key, e.g. --env-value-from ENV-."
    ],
    [
     "image",
     "",
     "string",
     "",
     "Image to run."
    ],
    [
     "limit",
     "",
     "strings",
     "",
     "The resource requirement limits for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource limit, append \"-\" to the resource name, e.g. '--limit memory-'."
    ],
    [
     "mount",
     "",
     "stringArray",
     "",
     "Mount a ConfigMap (prefix cm: or config-map:), a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:), a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim) or an existing Volume (without any prefix) on the specified directory. Example: --mount /mydir=cm:myconfigmap, --mount /mydir=secret:mysecret, --mount /mydir=emptyDir:myvol or --mount /mydir=myvolume. When a configmap or a secret is specified, a corresponding volume is automatically generated. You can mount a volume with readOnly config (true | false) also. Example: --mount /mydir=ed:ed1:readOnly=true. You can specify a volume subpath by following the volume name with slash separated path. Example: --mount /mydir=cm:myconfigmap/subpath/to/be/mounted. You can use this flag multiple times. For unmounting a directory, append \"-\", e.g. --mount /mydir-, which also removes any auto-generated volume."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "port",
     "p",
     "string",
     "",
     "The port where application listens on, in the format 'NAME:PORT', where 'NAME' is optional. Examples: '--port h2c:8080' , '--port 8080'."
    ],
    [
     "probe-liveness",
     "",
     "string",
     "",
     "Add liveness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-liveness-opts",
     "",
     "string",
     "",
     "Add common options to liveness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "probe-readiness",
     "",
     "string",
     "",
     "Add readiness probe to Service deployment. Supported probe types are HTTGet, Exec and TCPSocket. Format: [http,https]:host:port:path, exec:cmd[,cmd,...], tcp:host:port."
    ],
    [
     "probe-readiness-opts",
     "",
     "string",
     "",
     "Add common options to readiness probe. Common opts (comma separated, case insensitive): InitialDelaySeconds=<int_value>, FailureThreshold=<int_value>, SuccessThreshold=<int_value>, PeriodSeconds=<int_value>, TimeoutSeconds=<int_value>"
    ],
    [
     "pull-policy",
     "",
     "string",
     "",
     "Image pull policy. Valid values (case insensitive): Always | Never | IfNotPresent"
    ],
    [
     "pull-secret",
     "",
     "string",
     "",
     "Image pull secret to set. An empty argument (\"\") clears the pull secret. The referenced secret must exist in the service's namespace."
    ],
    [
     "request",
     "",
     "strings",
     "",
     "The resource requirement requests for this Service. For example, 'cpu=100m,memory=256Mi'. You can use this flag multiple times. To unset a resource request, append \"-\" to the resource name, e.g. '--request cpu-'."
    ],
    [
     "security-context",
     "",
     "string",
     "none",
     "Predefined security context for the service. Accepted values: 'none' for no security context and 'strict' for dropping all capabilities, running as non-root, and no privilege escalation."
    ],
    [
     "service-account",
     "",
     "string",
     "",
     "Service account name to set. An empty argument (\"\") clears the service account. The referenced service account must exist in the service's namespace."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ],
    [
     "user",
     "",
     "int",
     "",
     "The user ID to run the container (e.g., 1001)."
    ],
    [
     "volume",
     "",
     "stringArray",
     "",
     "Add a volume from a ConfigMap (prefix cm: or config-map:) a Secret (prefix secret: or sc:), an EmptyDir (prefix ed: or emptyDir:) or a PersistentVolumeClaim (prefix pvc: or persistentVolumeClaim). Example: --volume myvolume=cm:myconfigmap, --volume myvolume=secret:mysecret or --volume emptyDir:myvol:size=1Gi,type=Memory. You can use this flag multiple times. To unset a ConfigMap/Secret reference, append \"-\" to the name, e.g. --volume myvolume-."
    ]
   ]
  },
  "source list-types": {
   "use": "list-types",
   "short": "List event source types",
   "long": "",
   "example": "\n  # List available event source types\n  kn source list-types\n\n  # List available event source types in YAML format\n  kn source list-types -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "source list": {
   "use": "list",
   "short": "List event sources",
   "long": "",
   "example": "\n  # List available eventing sources\n  kn source list\n\n  # List PingSource type sources\n  kn source list --type=PingSource\n\n  # List PingSource and ApiServerSource types sources\n  kn source list --type=PingSource --type=apiserversource",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "type",
     "t",
     "strings",
     "",
     "Filter list on given source type. This flag can be given multiple times."
    ]
   ]
  },
  "source ping": {
   "use": "ping COMMAND",
   "short": "Manage ping sources",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": []
  },
  "source ping create": {
   "use": "create NAME --sink SINK",
   "short": "Create a ping source",
   "long": "",
   "example": "\n  # Create a Ping source 'my-ping' which fires every two minutes and sends '{ value: \"hello\" }' to service 'mysvc' as a cloudevent\n  kn source ping create my-ping --schedule \"*/2 * * * *\" --data '{ value: \"hello\" }' --sink ksvc:mysvc",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "Cloud Event overrides to apply before sending event to sink. Example: '--ce-override key=value' You may be provide this flag multiple times. To unset, append \"-\" to the key (e.g. --ce-override key-)."
    ],
    [
     "data",
     "d",
     "string",
     "",
     "Data to send in JSON format. This flag can implicitly determine the encoding of the supplied data (text | base64)."
    ],
    [
     "encoding",
     "e",
     "string",
     "",
     "Data encoding format. One of: text | base64"
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "schedule",
     "",
     "string",
     "",
     "Optional schedule specification in crontab format (e.g. '*/2 * * * *' for every two minutes. By default fire every minute."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ]
   ]
  },
  "source ping delete": {
   "use": "delete NAME",
   "short": "Delete a ping source",
   "long": "",
   "example": "\n  # Delete a Ping source 'my-ping'\n  kn source ping delete my-ping",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "source ping describe": {
   "use": "describe NAME",
   "short": "Show details of a ping source",
   "long": "",
   "example": "\n  # Describe a ping source 'myping'\n  kn source ping describe myping\n\n  # Describe a ping source 'myping' in YAML format\n  kn source ping describe myping -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "source ping list": {
   "use": "list",
   "short": "List ping sources",
   "long": "",
   "example": "\n  # List all Ping sources\n  kn source ping list\n\n  # List all Ping sources in YAML format\n  kn source ping list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "source ping update": {
   "use": "update NAME",
   "short": "Update a ping source",
   "long": "",
   "example": "\n  # Update the schedule of a Ping source 'my-ping' to fire every minute\n  kn source ping update my-ping --schedule \"* * * * *\"",
   "aliases": [],
   "flags": [
    [
     "ce-override",
     "",
     "stringArray",
     "",
     "Cloud Event overrides to apply before sending event to sink. Example: '--ce-override key=value' You may be provide this flag multiple times. To unset, append \"-\" to the key (e.g. --ce-override key-)."
    ],
    [
     "data",
     "d",
     "string",
     "",
     "Data to send in JSON format. This flag can implicitly determine the encoding of the supplied data (text | base64)."
    ],
    [
     "encoding",
     "e",
     "string",
     "",
     "Data encoding format. One of: text | base64"
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "schedule",
     "",
     "string",
     "",
     "Optional schedule specification in crontab format (e.g. '*/2 * * * *' for every two minutes. By default fire every minute."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ]
   ]
  },
  "subscription": {
   "use": "subscription COMMAND",
   "short": "Manage event subscriptions",
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
   "short": "Create a subscription",
   "long": "",
   "example": "\n  # Create a subscription 'sub0' from InMemoryChannel 'pipe0' to a subscriber ksvc 'receiver'\n  kn subscription create sub0 --channel imcv1beta1:pipe0 --sink ksvc:receiver\n\n  # Create a subscription 'sub1' from KafkaChannel 'k1' to ksvc 'mirror', reply to a broker 'nest' and DeadLetterSink to a ksvc 'bucket'\n  kn subscription create sub1 --channel messaging.knative.dev:v1alpha1:KafkaChannel:k1 --sink mirror --sink-reply broker:nest --sink-dead-letter bucket",
   "aliases": [],
   "flags": [
    [
     "channel",
     "",
     "string",
     "",
     "Specify the channel to subscribe to. For the default channel, just use the name (e.g. 'mychannel'). A mapped channel type like 'imc' can be used as a prefix (e.g. 'imc:mychannel'). Finally you can specify the full coordinates to the referenced channel with Group:Version:Kind:Name (e.g. 'messaging.knative.dev:v1alpha1:KafkaChannel:mychannel')."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ],
    [
     "sink-dead-letter",
     "",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink-dead-letter broker:nest' for a broker 'nest', '--sink-dead-letter channel:pipe' for a channel 'pipe', '--sink-dead-letter ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink-dead-letter https://event.receiver.uri' for an HTTP URI, '--sink-dead-letter ksvc:receiver' or simply '--sink-dead-letter receiver' for a Knative service 'receiver' in the current namespace. '--sink-dead-letter special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ],
    [
     "sink-reply",
     "",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink-reply broker:nest' for a broker 'nest', '--sink-reply channel:pipe' for a channel 'pipe', '--sink-reply ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink-reply https://event.receiver.uri' for an HTTP URI, '--sink-reply ksvc:receiver' or simply '--sink-reply receiver' for a Knative service 'receiver' in the current namespace. '--sink-reply special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ]
   ]
  },
  "subscription delete": {
   "use": "delete NAME",
   "short": "Delete a subscription",
   "long": "",
   "example": "\n  # Delete a subscription 'sub0'\n  kn subscription delete sub0",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "subscription describe": {
   "use": "describe NAME",
   "short": "Show details of a subscription",
   "long": "",
   "example": "\n  # Describe a subscription 'pipe'\n  kn subscription describe pipe",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "subscription list": {
   "use": "list",
   "short": "List subscriptions",
   "long": "",
   "example": "\n  # List all subscriptions\n  kn subscription list\n\n  # List subscriptions in YAML format\n  kn subscription list -o yaml",
   "aliases": [],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "subscription update": {
   "use": "update NAME",
   "short": "Update an event subscription",
   "long": "",
   "example": "\n  # Update a subscription 'sub0' with a subscriber ksvc 'receiver'\n  kn subscription update sub0 --sink ksvc:receiver\n\n  # Update a subscription 'sub1' with subscriber ksvc 'mirror', reply to a broker 'nest' and DeadLetterSink to a ksvc 'bucket'\n  kn subscription update sub1 --sink mirror --sink-reply broker:nest --sink-dead-letter bucket",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ],
    [
     "sink-dead-letter",
     "",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink-dead-letter broker:nest' for a broker 'nest', '--sink-dead-letter channel:pipe' for a channel 'pipe', '--sink-dead-letter ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink-dead-letter https://event.receiver.uri' for an HTTP URI, '--sink-dead-letter ksvc:receiver' or simply '--sink-dead-letter receiver' for a Knative service 'receiver' in the current namespace. '--sink-dead-letter special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ],
    [
     "sink-reply",
     "",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink-reply broker:nest' for a broker 'nest', '--sink-reply channel:pipe' for a channel 'pipe', '--sink-reply ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink-reply https://event.receiver.uri' for an HTTP URI, '--sink-reply ksvc:receiver' or simply '--sink-reply receiver' for a Knative service 'receiver' in the current namespace. '--sink-reply special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ]
   ]
  },
  "trigger": {
   "use": "trigger",
   "short": "Manage event triggers",
   "long": "",
   "example": "",
   "aliases": [
    "triggers"
   ],
   "flags": []
  },
  "trigger create": {
   "use": "create NAME --sink SINK",
   "short": "Create a trigger",
   "long": "",
   "example": "\n  # Create a trigger 'mytrigger' to declare a subscription to events from default broker. The subscriber is service 'mysvc'\n  kn trigger create mytrigger --broker default --sink ksvc:mysvc\n\n  # Create a trigger to filter events with attribute 'type=dev.knative.foo'\n  kn trigger create mytrigger --broker default --filter type=dev.knative.foo --sink ksvc:mysvc",
   "aliases": [],
   "flags": [
    [
     "broker",
     "",
     "string",
     "default",
     "Name of the Broker which the trigger associates with."
    ],
    [
     "filter",
     "",
     "strings",
     "",
     "Key-value pair for exact CloudEvent attribute matching against incoming events, e.g type=dev.knative.foo"
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ]
   ]
  },
  "trigger delete": {
   "use": "delete NAME",
   "short": "Delete a trigger",
   "long": "",
   "example": "\n  # Delete a trigger 'mytrigger' in default namespace\n  kn trigger delete mytrigger",
   "aliases": [],
   "flags": [
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ]
   ]
  },
  "trigger describe": {
   "use": "describe NAME",
   "short": "Show details of a trigger",
   "long": "",
   "example": "\n  # Describe a trigger with name 'my-trigger'\n  kn trigger describe my-trigger\n\n  # Describe a trigger 'my-trigger' in YAML format\n  kn trigger describe my-trigger -o yaml",
   "aliases": [],
   "flags": [
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ],
    [
     "verbose",
     "v",
     "bool",
     "",
     "More output."
    ]
   ]
  },
  "trigger list": {
   "use": "list",
   "short": "List triggers",
   "long": "",
   "example": "\n  # List all triggers\n  kn trigger list\n\n  # List all triggers in JSON output format\n  kn trigger list -o json",
   "aliases": [
    "ls"
   ],
   "flags": [
    [
     "all-namespaces",
     "A",
     "bool",
     "",
     "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."
    ],
    [
     "allow-missing-template-keys",
     "",
     "bool",
     "true",
     "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "no-headers",
     "",
     "bool",
     "",
     "When using the default output format, don't print headers (default: print headers)."
    ],
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."
    ],
    [
     "show-managed-fields",
     "",
     "bool",
     "",
     "If true, keep the managedFields when printing objects in JSON or YAML format."
    ],
    [
     "template",
     "",
     "string",
     "",
     "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."
    ]
   ]
  },
  "trigger update": {
   "use": "update NAME",
   "short": "Update a trigger",
   "long": "",
   "example": "\n  # Update the filter which key is 'type' to value 'knative.dev.bar' in a trigger 'mytrigger'\n  kn trigger update mytrigger --filter type=knative.dev.bar\n\n  # Remove the filter which key is 'type' from a trigger 'mytrigger'\n  kn trigger update mytrigger --filter type-\n\n  # Update the sink of a trigger 'mytrigger' to 'ksvc:new-service'\n  kn trigger update mytrigger --sink ksvc:new-service\n  ",
   "aliases": [],
   "flags": [
    [
     "filter",
     "",
     "strings",
     "",
     "Key-value pair for exact CloudEvent attribute matching against incoming events, e.g type=dev.knative.foo"
    ],
    [
     "namespace",
     "n",
     "string",
     "",
     "Specify the namespace to operate in."
    ],
    [
     "sink",
     "s",
     "string",
     "",
     "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an HTTP URI, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. '--sink special.eventing.dev/v1alpha1/channels:pipe' for GroupVersionResource of v1alpha1 'pipe'. If a prefix is not provided, it is considered as a Knative service in the current namespace."
    ]
   ]
  },
  "version": {
   "use": "version",
   "short": "Show the version of this client",
   "long": "",
   "example": "",
   "aliases": [],
   "flags": [
    [
     "output",
     "o",
     "string",
     "",
     "Output format. One of: json|yaml."
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
