"""Pure metric functions on arrays and strings; no pytest, no I/O."""
