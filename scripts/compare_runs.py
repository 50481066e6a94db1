"""Compare two pytest-genimg JSON reports of the same suite: same tests, outcomes, verdicts, metrics.

Used by CI to show that a 2-worker xdist run of the example suite gives the same results as a
1-worker run. Timing-like metrics (latency, throughput, memory, energy) are machine noise and are
left out; every other metric must agree to 1e-6 relative.

    python scripts/compare_runs.py one.json two.json
"""
from __future__ import annotations

import json
import math
import sys
from typing import Any

NOISY = ("latency", "throughput", "memory", "energy", "duration", "_s", "seconds", "ips", "_ms")


def _summary(path: str) -> dict[str, dict[str, Any]]:
    data = json.loads(open(path, encoding="utf-8").read())
    out = {}
    for test in data["tests"]:
        metrics = {k: v for k, v in (test.get("metrics") or {}).items()
                   if isinstance(v, (int, float)) and not any(n in k for n in NOISY)}
        checks = [(c.get("check"), c.get("passed")) for c in test.get("checks") or []]
        out[test["nodeid"]] = {"outcome": test["outcome"], "metrics": metrics, "checks": checks}
    return out


def compare(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> list[str]:
    problems = [f"only in first run: {n}" for n in sorted(set(a) - set(b))]
    problems += [f"only in second run: {n}" for n in sorted(set(b) - set(a))]
    for nodeid in sorted(set(a) & set(b)):
        x, y = a[nodeid], b[nodeid]
        if x["outcome"] != y["outcome"]:
            problems.append(f"{nodeid}: outcome {x['outcome']} vs {y['outcome']}")
        if x["checks"] != y["checks"]:
            problems.append(f"{nodeid}: check verdicts {x['checks']} vs {y['checks']}")
        for key in sorted(set(x["metrics"]) | set(y["metrics"])):
            u, v = x["metrics"].get(key), y["metrics"].get(key)
            if u is None or v is None or not math.isclose(u, v, rel_tol=1e-6, abs_tol=1e-9):
                problems.append(f"{nodeid}: metric {key} {u} vs {v}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    a, b = _summary(argv[0]), _summary(argv[1])
    problems = compare(a, b)
    for line in problems:
        print(line)
    print(f"compared {len(set(a) & set(b))} tests: {'SAME RESULTS' if not problems else f'{len(problems)} difference(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
