"""Fuzz: 5,000 seeded mutations of the example scenarios through validate, in-process (issue 12).

Each mutation deletes, duplicates, swaps or re-indents lines, replaces a value with an odd one (a
5,000-digit number, a control character, ``.nan``, a list, a mapping, a lone surrogate, an alias, a
Python tag, a broken expression …), adds an unknown key or truncates the file; one to three of them
per case. The mutated file is written beside its original (a copy of the scenario's folder), so that
``call:``, images and input defaults resolve as they do for a clerk.

What must hold for every case: validate returns (no exception of any kind escapes), and every problem
has a place (line and column ≥ 1), a catalogued message key, and a Japanese and an English text that
render. The counts are printed (valid / refused / by message key); the seed is fixed, so a failure
replays exactly.
"""

from __future__ import annotations

import collections
import random
import shutil
import time
import traceback
from pathlib import Path

import pytest

from rpa_core.language.parser import validate_scenario
from rpa_core.messages import CATALOGUE

SEED = 20261207
CASES = 5_000
REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "scenarios").glob("*/*.yaml"))

ODD_VALUES = [
    "7" * 5000,
    "123456789012345678901234567890",
    "-0",
    "1e999",
    "1.0e+400",
    ".nan",
    ".inf",
    "-.inf",
    "~",
    "null",
    "true",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: 1, b: [x, y]}",
    '"\\ud800"',
    '"\\udfff\\ud800"',
    "\x00",
    "開始\x0c",
    "\x1b[31m",
    "\u3000全角",
    "*nothing",
    "&anchor 1",
    "!!python/object/apply:os.system ['echo x']",
    "!!binary AAAA",
    '"{{ ((((( }}"',
    "{{ row.金額 }}",
    '"{{ ' + "(" * 3000 + "1" + ")" * 3000 + ' }}"',
    '"{{ x.__class__.__mro__ }}"',
    "99999999999",
    "25h",
    "-5s",
    "2026-13-45",
    "'" + "あ" * 5000 + "'",
    "[" * 300 + "]" * 300,
    "|\n  複数行\n  の文字",
    ": :",
    "- - -",
    '"unterminated',
]
UNKNOWN_KEYS = ["bogus", "stpes", "retyr", "comit", "verfy", "item_kee", "名前", "on_eror", "\u3000name"]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]


def _mutate(lines: list[str], rng: random.Random) -> list[str]:
    if not lines:
        return ["name: x"]
    out = list(lines)
    i = rng.randrange(len(out))
    kind = rng.randrange(9)
    if kind == 0:
        del out[i]
    elif kind == 1:
        out.insert(i, out[i])
    elif kind == 2 and len(out) > 1:
        j = min(i + 1, len(out) - 1)
        out[i], out[j] = out[j], out[i]
    elif kind == 3:
        delta = rng.choice([-4, -2, -1, 1, 2, 4])
        stripped = out[i].lstrip(" ")
        width = max(0, len(out[i]) - len(stripped) + delta)
        out[i] = (" " * width if rng.random() < 0.9 else "\t") + stripped
    elif kind in (4, 5, 6):
        line = out[i]
        if ": " in line:
            head = line[: line.index(": ") + 2]
            out[i] = head + rng.choice(ODD_VALUES)
        elif line.strip().startswith("- "):
            out[i] = line[: line.index("- ") + 2] + rng.choice(ODD_VALUES)
        else:
            out[i] = line + " " + rng.choice(ODD_VALUES)
    elif kind == 7:
        out.insert(i, f"{_indent(out[i])}{rng.choice(UNKNOWN_KEYS)}: {rng.choice(ODD_VALUES[:20])}")
    else:
        text = "\n".join(out)
        cut = rng.randrange(len(text) + 1)
        out = text[:cut].split("\n")
    return out


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """(original, where its mutations are written): each example's folder copied once."""
    root = tmp_path_factory.mktemp("fuzz")
    out = []
    for path in EXAMPLES:
        folder = root / path.parent.name
        if not folder.exists():
            shutil.copytree(path.parent, folder)
        out.append((path, folder / f"_fuzz_{path.stem}.yaml"))
    return out


@pytest.mark.slow
def test_validate_survives_5000_mutations_of_the_examples(copies: list[tuple[Path, Path]]) -> None:
    assert len(copies) >= 8, "the example scenarios are missing"
    rng = random.Random(SEED)
    sources = {path: path.read_text(encoding="utf-8").split("\n") for path, _ in copies}
    counts: collections.Counter[str] = collections.Counter()
    keys: collections.Counter[str] = collections.Counter()
    escaped: list[str] = []
    unplaced: list[str] = []
    slowest = (0.0, "")
    t_start, cpu_start = time.perf_counter(), time.process_time()
    for case in range(CASES):
        original, target = copies[rng.randrange(len(copies))]
        lines = sources[original]
        for _ in range(rng.choice([1, 1, 2, 3])):
            lines = _mutate(lines, rng)
        text = "\n".join(lines)
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        t0 = time.process_time()  # CPU time: the machine may be shared, the bound is about our work
        try:
            problems = validate_scenario(target, unattended=case % 2 == 1)
        except BaseException as exc:  # the point: nothing may escape, not even a RecursionError
            if isinstance(exc, KeyboardInterrupt):
                raise
            escaped.append(f"case {case} ({original.parent.name}/{original.name}): "
                           f"{''.join(traceback.format_exception_only(exc)).strip()}\n{text[:400]}")
            continue
        elapsed = time.process_time() - t0
        if elapsed > slowest[0]:
            slowest = (elapsed, f"case {case} ({original.name})")
        counts["valid" if not problems else "refused"] += 1
        for p in problems:
            keys[p.key] += 1
            try:
                ok = p.loc.line >= 1 and p.loc.col >= 1 and p.key in CATALOGUE and p.render("ja") and p.render("en")
            except Exception as exc:  # a message whose values do not fit its text
                ok = False
                unplaced.append(f"case {case}: {p.key} does not render: {exc!r}")
            if not ok and len(unplaced) < 20:
                unplaced.append(f"case {case}: {p.key} at {p.loc}")
    total, cpu = time.perf_counter() - t_start, time.process_time() - cpu_start
    print(f"\nfuzz validate: {CASES} mutations (seed {SEED}) in {total:.1f} s ({cpu:.1f} s CPU); "
          f"slowest {slowest[0] * 1000:.0f} ms CPU ({slowest[1]})")
    print(f"  valid {counts['valid']}, refused {counts['refused']}, uncaught exceptions {len(escaped)}")
    for key, n in keys.most_common():
        print(f"  {n:6d}  {key}")
    assert not escaped, f"{len(escaped)} mutations escaped validate:\n" + "\n\n".join(escaped[:5])
    assert not unplaced, "\n".join(unplaced[:20])
    assert counts["valid"] + counts["refused"] == CASES
    assert counts["refused"] > CASES // 2 and counts["valid"] > 0  # the mutations do reach the checks
    # the slowest case is printed above; time is measured (benchmarks/validate_hostile.py), never asserted
