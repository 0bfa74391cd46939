"""Gold sets, metrics, the eval runner and its reports."""
