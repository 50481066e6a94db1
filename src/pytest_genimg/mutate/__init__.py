"""Mutation testing for limitation suites: does the suite catch a model that got worse?

Mutators (``registry``, ``mutators``) degrade what the model returns; ``--genimg-mutate=NAME[:STRENGTH]``
runs a session under one (``session``); ``python -m pytest_genimg.mutate`` runs the suite clean and
once per mutation and writes the kill matrix (``driver``, ``matrix``, ``render``).
"""
from __future__ import annotations

from .registry import LIMITATIONS, Context, Mutation, Mutator, get_mutator, mutator_names, parse_mutation, register_mutator

__all__ = ["LIMITATIONS", "Context", "Mutation", "Mutator", "get_mutator", "mutator_names", "parse_mutation", "register_mutator"]
