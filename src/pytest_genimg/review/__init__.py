"""Review and accept pending snapshots without re-running the model (no torch import anywhere here).

``python -m pytest_genimg review [RESULTS_DIR|REPORT.json]`` lists and walks them;
``python -m pytest_genimg accept [--test NODEID_OR_GLOB ...] [--all] [--decisions FILE]`` promotes them.
"""
from __future__ import annotations

# Submodules are imported where used: ``snapshot/pending.py`` needs only ``format`` during a test run.
