"""What the expression sandbox's limits cost on ordinary expressions (issue 13).

    .venv/bin/python benchmarks/expressions_sandbox.py [--rounds 5000]

Renders the expressions a clerk's scenario is made of (a column, a filter chain, an amount, a date, a small
loop, a condition) through the environment every run uses (data-only whitelist, size/iteration/time limits)
and through the same environment built without limits (``_make_env(limits=False)``: same whitelist, same
arithmetic, no budget, no wrapped filters, no guarded loops or joins), in the same process, each compiled once.
Both go through ``render_string`` (its cache of compiled expressions, its error handling); prints microseconds
per render for both and the ratio limited/unlimited.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from connectors._rows import Row  # noqa: E402
from rpa_core.language import _limits, expressions  # noqa: E402

SOURCES = {
    "column": "{{ row.氏名 }}",
    "filter chain": "{{ row.電話 | phone }} / {{ row.郵便番号 | postal }}",
    "amount": "{{ (row.金額 | amount) * 2 + 100 }}",
    "method": "{{ row.氏名.strip().replace(' ', '　') }}",
    "date": "{{ today.strftime('%Y年%m月%d日') }}",
    "condition": "{{ row.金額 | amount > 10000 and row.区分 == '個人' }}",
    "small loop": "{% for r in rows %}{{ r.氏名 }}、{% endfor %}",
    "aggregate": "{{ rows | map(attribute='金額') | map('amount') | sum }}",
}


def _variables() -> dict[str, Any]:
    rows = [Row({"氏名": f" 花巻 太郎{n} ", "電話": "0198241111", "郵便番号": "0258601", "金額": f"{12000 + n:,}",
                 "区分": "個人", "_row": n + 2}) for n in range(20)]
    return {"row": rows[0], "rows": rows, "today": dt.date(2026, 12, 7), "limit": Decimal(10000)}


def _time(render: Any, variables: dict[str, Any], rounds: int) -> float:
    t0 = time.process_time()  # CPU time: the machine is shared
    for _ in range(rounds):
        render(variables)
    return (time.process_time() - t0) / rounds * 1e6


class _NoBudget:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _measure(variables: dict[str, Any], rounds: int) -> dict[str, float]:
    out = {}
    for name, source in SOURCES.items():
        expressions.render_string(source, variables)  # compiled once, outside the timing
        out[name] = _time(lambda v, s=source: expressions.render_string(s, v), variables, rounds)
    return out


def _unlimited(variables: dict[str, Any], rounds: int, expected: dict[str, str]) -> dict[str, float]:
    """The same render_string, with the environment built without limits and no budget opened."""
    env, budget_for = expressions.ENV, _limits.budget_for
    expressions.ENV = expressions._make_env(limits=False)
    _limits.budget_for = _NoBudget  # type: ignore[assignment,misc]
    expressions._compile.cache_clear()
    try:
        assert expected == {name: str(expressions.render_string(s, variables)) for name, s in SOURCES.items()}
        return _measure(variables, rounds)
    finally:
        expressions.ENV, _limits.budget_for = env, budget_for
        expressions._compile.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    variables = _variables()
    expected = {name: str(expressions.render_string(source, variables)) for name, source in SOURCES.items()}
    limited: dict[str, float] = {}
    unlimited: dict[str, float] = {}
    for _ in range(3):  # interleaved, best of three: the machine is shared
        for name, t in _measure(variables, args.rounds).items():
            limited[name] = min(t, limited.get(name, t))
        for name, t in _unlimited(variables, args.rounds, expected).items():
            unlimited[name] = min(t, unlimited.get(name, t))
    print(f"{'expression':<14} {'limits off µs':>14} {'limits on µs':>13} {'ratio':>6}")
    ratios = []
    for name in SOURCES:
        ratios.append(limited[name] / unlimited[name])
        print(f"{name:<14} {unlimited[name]:>14.1f} {limited[name]:>13.1f} {ratios[-1]:>6.2f}")
    print(f"geometric mean ratio limited/unlimited: {statistics.geometric_mean(ratios):.2f} "
          f"(limits: {_limits.MAX_SIZE:,} chars/elements, {_limits.MAX_STEPS:,} iterations, {_limits.TIME_LIMIT} s)")


if __name__ == "__main__":
    main()
