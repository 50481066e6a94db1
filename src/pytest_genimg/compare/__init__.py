"""Candidate model vs baseline model: paired regression tests and distribution comparisons.

``paired`` and ``twosample`` are pure statistics; ``pairing`` and ``regression`` turn check results
into verdicts; ``fixtures`` is the pytest glue for the baseline model.
"""
