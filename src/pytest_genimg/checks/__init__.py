"""Limitation checks: one module per limitation, each with ``measure_*`` and ``assert_*``."""
