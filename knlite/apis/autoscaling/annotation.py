"""Autoscaling annotations: their keys and Knative's validation of them.

Per-revision autoscaling knobs live in ``autoscaling.knative.dev/*`` annotations on the
revision template (``pkg/apis/autoscaling/register.go``); several have a legacy camelCase
alias that is still honoured at lower priority (``minScale`` after ``min-scale``). The
webhook checks them with :func:`validate_annotations` (``annotation_validation.go``), and so
does the autoscaler when it reads a PodAutoscaler, which is why the function takes only the
annotations and the ``config-autoscaler`` values and returns a :class:`FieldError` whose
paths are the annotation keys (callers prefix ``metadata.annotations``).

Values are parsed the way Go's ``strconv`` and ``time.ParseDuration`` parse them (no spaces,
no underscores), and messages print values as the user wrote them, as Knative does.
"""

from __future__ import annotations

import re

from knlite.apis import goduration
from knlite.apis.fielderrors import FieldError, err_invalid_value, err_out_of_bounds
from knlite.apis.kmeta import KeyPriority
from knlite.config.types import AutoscalerConfig

GROUP = "autoscaling.knative.dev"
INTERNAL_GROUP = "autoscaling.internal.knative.dev"
KPA = "kpa.autoscaling.knative.dev"
HPA = "hpa.autoscaling.knative.dev"
CONCURRENCY, RPS, CPU, MEMORY = "concurrency", "rps", "cpu", "memory"
ALGORITHM_LINEAR = "linear"
ALGORITHM_WEIGHTED_EXPONENTIAL = "weighted-exponential"
ALGORITHM_WEIGHTED_EXPONENTIAL_ALT = "weightedExponential"

MAX_INT32 = 2**31 - 1
TARGET_MIN = 0.01
WINDOW_MIN = 6 * goduration.SECOND
WINDOW_MAX = goduration.HOUR
PANIC_WINDOW_PERCENTAGE_MIN, PANIC_WINDOW_PERCENTAGE_MAX = 1.0, 100.0
PANIC_THRESHOLD_PERCENTAGE_MIN, PANIC_THRESHOLD_PERCENTAGE_MAX = 110.0, 1000.0


def _keys(name: str, legacy: str = "") -> KeyPriority:
    return KeyPriority(f"{GROUP}/{name}", *([f"{GROUP}/{legacy}"] if legacy else []))


CLASS = _keys("class")
MIN_SCALE = _keys("min-scale", "minScale")
MAX_SCALE = _keys("max-scale", "maxScale")
INITIAL_SCALE = _keys("initial-scale", "initialScale")
ACTIVATION_SCALE = _keys("activation-scale")
SCALE_DOWN_DELAY = _keys("scale-down-delay", "scaleDownDelay")
METRIC = _keys("metric")
METRIC_AGGREGATION_ALGORITHM = _keys("metric-aggregation-algorithm", "metricAggregationAlgorithm")
TARGET = _keys("target")
TARGET_UTILIZATION_PERCENTAGE = _keys("target-utilization-percentage", "targetUtilizationPercentage")
TARGET_BURST_CAPACITY = _keys("target-burst-capacity", "targetBurstCapacity")
PANIC_WINDOW_PERCENTAGE = _keys("panic-window-percentage", "panicWindowPercentage")
PANIC_THRESHOLD_PERCENTAGE = _keys("panic-threshold-percentage", "panicThresholdPercentage")
WINDOW = _keys("window")
SCALE_TO_ZERO_POD_RETENTION_PERIOD = _keys("scale-to-zero-pod-retention-period", "scaleToZeroPodRetentionPeriod")

Annotations = dict[str, str]

# -- Go-compatible parsing -------------------------------------------------------------------------

_INT = re.compile(r"^[+-]?[0-9]+$")
_FLOAT = re.compile(r"^[+-]?(inf|infinity|nan|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)$", re.IGNORECASE)


class RangeError(ValueError):
    """The text is a number but does not fit (Go's ``strconv.ErrRange``)."""


def parse_int(text: str, bits: int = 64) -> int:
    """``strconv.ParseInt(text, 10, bits)``: ValueError on bad syntax, RangeError when too big."""
    if not _INT.match(text):
        raise ValueError(f"invalid syntax: {text!r}")
    value = int(text)
    if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
        raise RangeError(f"value out of range: {text!r}")
    return value


def parse_float(text: str) -> float:
    """``strconv.ParseFloat(text, 64)`` for decimal input (``inf`` and ``NaN`` included)."""
    if not _FLOAT.match(text):
        raise ValueError(f"invalid syntax: {text!r}")
    return float(text)


def _fmt_float(v: float) -> str:
    return str(int(v)) if v.is_integer() else repr(v)


# -- validation ------------------------------------------------------------------------------------


def validate_annotations(annotations: Annotations | None, config: AutoscalerConfig) -> FieldError:
    """All of Knative's checks of ``autoscaling.knative.dev/*`` annotations (``ValidateAnnotations``)."""
    m = annotations or {}
    return FieldError().also(
        _validate_class(m),
        _validate_min_max_scale(config, m),
        _validate_floats(m),
        _validate_window(m),
        _validate_last_pod_retention(m),
        _validate_scale_down_delay(m),
        _validate_metric(config, m),
        _validate_algorithm(m),
        _validate_initial_scale(config, m),
    )


def _validate_class(m: Annotations) -> FieldError | None:
    found = CLASS.get(m)
    if found and found[1].endswith(".knative.dev") and found[1] not in (KPA, HPA):
        return err_invalid_value(found[1], found[0])
    return None


def _int_ge0(m: Annotations, keys: KeyPriority) -> tuple[int, FieldError | None]:
    found = keys.get(m)
    if found is None:
        return 0, None
    k, v = found
    try:
        i = parse_int(v, 32)
    except RangeError:
        return 0, err_out_of_bounds(v, 0, MAX_INT32, k)
    except ValueError:
        return 0, err_invalid_value(v, k)
    if i < 0:
        return 0, err_out_of_bounds(v, 0, MAX_INT32, k)
    return i, None


def _validate_min_max_scale(config: AutoscalerConfig, m: Annotations) -> FieldError:
    lo, err_min = _int_ge0(m, MIN_SCALE)
    hi, err_max = _int_ge0(m, MAX_SCALE)
    errs = FieldError().also(err_min, err_max)
    if hi != 0 and hi < lo:
        errs = errs.also(FieldError.new(f"max-scale={hi} is less than min-scale={lo}", MAX_SCALE.key, MIN_SCALE.key))
    found = MAX_SCALE.get(m)
    if found:
        errs = errs.also(_validate_max_scale_within_limit(found[0], hi, config.max_scale_limit))
    return errs.also(_validate_activation_scale(m, lo, hi))


def _validate_max_scale_within_limit(key: str, max_scale: int, limit: int) -> FieldError | None:
    if limit == 0:
        return None
    errs = FieldError()
    if max_scale > limit:
        errs = errs.also(err_out_of_bounds(max_scale, 1, limit, key))
    if max_scale == 0:
        errs = errs.also(FieldError.new(f"max-scale=0 (unlimited), must be less than {limit}", key))
    return errs


def _validate_activation_scale(m: Annotations, lo: int, hi: int) -> FieldError | None:
    found = ACTIVATION_SCALE.get(m)
    if found is None:
        return None
    k, v = found
    try:
        nz = parse_int(v, 32)
    except ValueError:
        return err_invalid_value(v, k)
    if lo > nz:
        return FieldError.new(f"min-scale={lo} is greater than activation-scale={nz}", k)
    if hi < nz and hi != 0:
        return FieldError.new(f"max-scale={hi} is less than activation-scale={nz}", k)
    if nz < 2:
        return FieldError.new(f"activation-scale={nz} must be greater than 1", k)
    return None


def _float_in(m: Annotations, keys: KeyPriority, lo: float, hi: float) -> FieldError | None:
    found = keys.get(m)
    if found is None:
        return None
    k, v = found
    try:
        fv = parse_float(v)
    except ValueError:
        return err_invalid_value(v, k)
    if fv < lo or fv > hi:
        return err_out_of_bounds(v, lo, hi, k)
    return None


def _validate_floats(m: Annotations) -> FieldError:
    errs = FieldError().also(
        _float_in(m, PANIC_WINDOW_PERCENTAGE, PANIC_WINDOW_PERCENTAGE_MIN, PANIC_WINDOW_PERCENTAGE_MAX),
        _float_in(m, PANIC_THRESHOLD_PERCENTAGE, PANIC_THRESHOLD_PERCENTAGE_MIN, PANIC_THRESHOLD_PERCENTAGE_MAX),
    )
    found = TARGET.get(m)
    if found:
        k, v = found
        try:
            if parse_float(v) < TARGET_MIN:
                errs = errs.also(FieldError.new(f"target {v} should be at least {_fmt_float(TARGET_MIN)}", k))
        except ValueError:
            errs = errs.also(err_invalid_value(v, k))
    errs = errs.also(_float_in(m, TARGET_UTILIZATION_PERCENTAGE, 1, 100))
    found = TARGET_BURST_CAPACITY.get(m)
    if found:
        k, v = found
        try:
            tbc = parse_float(v)
            bad = tbc < 0 and tbc != -1
        except ValueError:
            bad = True
        if bad:
            errs = errs.also(err_invalid_value(v, k))
    return errs


def _duration(m: Annotations, keys: KeyPriority) -> tuple[str, str, int | None] | None:
    """(key, value, nanoseconds or None when unparsable) of a duration annotation."""
    found = keys.get(m)
    if found is None:
        return None
    k, v = found
    try:
        return k, v, goduration.parse(v)
    except ValueError:
        return k, v, None


def _validate_window(m: Annotations) -> FieldError | None:
    found = _duration(m, WINDOW)
    if found is None:
        return None
    _, v, d = found
    if d is None:
        return err_invalid_value(v, WINDOW.key)
    if d < WINDOW_MIN or d > WINDOW_MAX:
        return err_out_of_bounds(v, goduration.format(WINDOW_MIN), goduration.format(WINDOW_MAX), WINDOW.key)
    if d % goduration.SECOND:
        return FieldError.new("must be specified with at most second precision", WINDOW.key)
    return None


def _validate_scale_down_delay(m: Annotations) -> FieldError | None:
    found = _duration(m, SCALE_DOWN_DELAY)
    if found is None:
        return None
    k, v, d = found
    if d is None:
        return err_invalid_value(v, k)
    if d < 0 or d > WINDOW_MAX:
        return err_out_of_bounds(v, "0s", goduration.format(WINDOW_MAX), k)
    if d % goduration.SECOND:
        return FieldError.new("must be specified with at most second precision", k)
    return None


def _validate_last_pod_retention(m: Annotations) -> FieldError | None:
    found = _duration(m, SCALE_TO_ZERO_POD_RETENTION_PERIOD)
    if found is None:
        return None
    k, v, d = found
    if d is None:
        return err_invalid_value(v, k)
    if d < 0 or d > WINDOW_MAX:
        return err_out_of_bounds(v, "0s", goduration.format(WINDOW_MAX), k)
    return None


def effective_class(m: Annotations | None, config: AutoscalerConfig) -> str:
    """The autoscaler class: the annotation, else config-autoscaler's ``pod-autoscaler-class``."""
    found = CLASS.get(m)
    return found[1] if found else config.pod_autoscaler_class


def _validate_metric(config: AutoscalerConfig, m: Annotations) -> FieldError | None:
    found = METRIC.get(m)
    if found is None:
        return None
    metric = found[1]
    cls = effective_class(m, config)
    if cls == KPA and metric in (CONCURRENCY, RPS):
        return None
    if cls == HPA and metric != "":
        return None
    if cls not in (KPA, HPA):
        return None  # other classes of PodAutoscaler are left alone
    return err_invalid_value(metric, METRIC.key)


def _validate_algorithm(m: Annotations) -> FieldError | None:
    # Only an explicit KPA class is checked: custom autoscalers may have their own algorithms.
    if CLASS.value(m) != KPA:
        return None
    found = METRIC_AGGREGATION_ALGORITHM.get(m)
    if not found or not found[1]:
        return None
    k, v = found
    if v in (ALGORITHM_LINEAR, ALGORITHM_WEIGHTED_EXPONENTIAL, ALGORITHM_WEIGHTED_EXPONENTIAL_ALT):
        return None
    return err_invalid_value(v, k)


def _validate_initial_scale(config: AutoscalerConfig, m: Annotations) -> FieldError | None:
    found = INITIAL_SCALE.get(m)
    if found is None:
        return None
    k, v = found
    try:
        scale = parse_int(v)
    except ValueError:
        return err_invalid_value(v, k)
    if scale < 0:
        return err_invalid_value(v, f"{k} must be greater than 0")
    if scale == 0 and not config.allow_zero_initial_scale:
        return err_invalid_value(v, f"{k}=0 not allowed by cluster")
    return None
