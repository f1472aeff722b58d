"""The KPA autoscaler: window averages, the decider, and applying its decisions (pure, clock-injected)."""
