"""Issue 13, "a sandbox with no doors": what an expression can reach, and how much work it may do.

Each attack is the one seen from outside (a path value's ``read_text``/``write_text``/``unlink``/``iterdir``/
``home``; ``'a' * 10**8``; loops of loops), run through the real expression engine against real files in
tmp_path: it must fail with the clerk's error and leave the victim file as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from connectors._rows import Row
from rpa_core.errors import StepFailed
from rpa_core.language import _limits
from rpa_core.language.expressions import analyse, render_value
from rpa_core.language.plain import PathText, to_plain
from rpa_core.language.secret_value import Secret

VICTIM_TEXT = "住民記録 山田太郎 岩手県花巻市東町1-1\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "住民一覧.txt"
    path.write_text(VICTIM_TEXT, encoding="utf-8")
    return path


PATH_ATTACKS = [
    "{{ x.joinpath('/etc/passwd').read_text() }}",
    "{{ x.read_text() }}",
    "{{ x.write_text('上書き') }}",
    "{{ x.unlink() }}",
    "{{ x.parent.iterdir() | list }}",
    "{{ x.home() }}",
    "{{ x.open('w') }}",
    "{{ x['unlink']() }}",
    "{{ (x|attr('unlink'))() }}",
    "{% if x.unlink() %}消した{% endif %}",
    "{{ x.__class__.__mro__ }}",
]


@pytest.mark.parametrize("source", PATH_ATTACKS)
@pytest.mark.parametrize("kind", [Path, PathText])
def test_a_path_value_in_an_expression_has_no_file_methods(source, kind, victim):
    """A path input's text (PathText) has none; even a live Path (which plain data no longer lets in) is refused."""
    with pytest.raises(StepFailed) as info:
        render_value(source, {"x": kind(victim)})
    assert info.value.key in ("expr.unsafe", "expr.undefined")
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT


@pytest.mark.parametrize("source", PATH_ATTACKS)
def test_validate_sees_the_path_attacks_without_running_them(source):
    info = analyse(source)
    assert info.calls or info.unsafe, source


@pytest.mark.parametrize("source", [
    "{{ row.氏名.strip().upper() }}",
    "{{ row['住所'].split('市')[0] }}",
    "{{ code.zfill(7) }}",
    "{{ today.strftime('%Y年%m月') }}",
    "{{ today.replace(day=1).isoformat() }}",
    "{{ mapping.get('a', 0) }}{% for k, v in mapping.items() %}{{ k }}{% endfor %}",
    "{% for r in rows %}{{ loop.cycle('a', 'b') }}{% endfor %}",
    "{% macro f(v) %}{{ v }}{% endmacro %}{{ f(1) }}",
    "{{ ','.join(['a', 'b']) }}",
    "{{ dict(a=1).keys() | list }}",
])
def test_ordinary_methods_are_no_unsafe_calls(source):
    assert analyse(source).calls == [] and analyse(source).unsafe == []


def test_data_methods_and_columns_still_work():
    row = Row({"氏名": " 山田 花子 ", "_row": 5})
    variables = {"row": row, "today": dt.date(2026, 12, 7), "code": "123", "mapping": {"a": 1}}
    assert render_value("{{ row.氏名.strip() }}/{{ row._row }}", variables) == "山田 花子/5"
    assert render_value("{{ today.strftime('%Y/%m') }} {{ today.year }}", variables) == "2026/12 2026"
    assert render_value("{{ code.zfill(7) }} {{ mapping.get('a') }} {{ mapping.items() | list }}", variables) == \
        "0000123 1 [('a', 1)]"


@pytest.mark.parametrize("source", [
    "{{ '{0.__class__}'.format(x) }}",
    "{{ '{x}'.format_map(m) }}",
    "{{ 'a'.encode() }}",
    "{{ m.pop('a') }}",
    "{{ rows.append(1) }}",
    "{{ secret.reveal() }}",
])
def test_methods_outside_the_whitelist_are_refused(source):
    variables = {"x": 1, "m": {"a": 1}, "rows": [1], "secret": Secret("tax_system", "s3cr3t-pass")}
    with pytest.raises(StepFailed) as info:
        render_value(source, variables)
    assert info.value.key == "expr.unsafe"
    assert variables["m"] == {"a": 1} and variables["rows"] == [1]


# -- plain data ----------------------------------------------------------------------------------------------


class _Kind(enum.Enum):
    NORMAL = "通常"


@dataclasses.dataclass
class _Reading:
    氏名: str
    金額: Decimal


def test_plain_data_paths_become_text_and_containers_lists(tmp_path):
    row = Row({"氏名": "山田 花子", "書類": tmp_path / "a.pdf", "_row": 7})
    plain = to_plain({"p": tmp_path / "a.xlsx", "t": (1, 2), "s": {3}, "e": _Kind.NORMAL, "rows": [row],
                      "r": _Reading("佐藤 一郎", Decimal("1200")), "g": (n for n in range(3)), "when": dt.date(2026, 4, 1)})
    assert plain["p"] == str(tmp_path / "a.xlsx") and isinstance(plain["p"], str)
    assert (plain["p"].name, plain["p"].stem, plain["p"].suffix, plain["p"].parent) == \
        ("a.xlsx", "a", ".xlsx", str(tmp_path))
    assert render_value("{{ p.name }} / {{ p.parent.name }}", plain) == f"a.xlsx / {tmp_path.name}"
    assert plain["t"] == [1, 2] and plain["s"] == [3] and plain["e"] == "通常" and plain["g"] == [0, 1, 2]
    assert plain["r"] == {"氏名": "佐藤 一郎", "金額": Decimal("1200")} and plain["when"] == dt.date(2026, 4, 1)
    kept = plain["rows"][0]
    assert isinstance(kept, Row) and kept["_row"] == 7 and kept["書類"] == str(tmp_path / "a.pdf")
    assert row["書類"] == tmp_path / "a.pdf"  # the action's own row is not changed behind its back


def test_plain_data_keeps_a_secret_as_its_own_type():
    secret = Secret("tax_system", "s3cr3t-pass")
    assert to_plain({"pw": secret})["pw"] is secret


@pytest.mark.parametrize("value", [sys, print, Path, b"bytes", object()])
def test_objects_that_are_not_data_are_refused_naming_the_step(value):
    with pytest.raises(StepFailed) as info:
        to_plain({"v": value}, "file.open")
    assert info.value.key == "plain.not_data"
    assert "file.open" in info.value.message("ja")


def test_an_open_file_is_refused_not_read(victim):
    with victim.open(encoding="utf-8") as handle:
        with pytest.raises(StepFailed):
            to_plain(handle, "test.handle")
        assert handle.tell() == 0


# -- bounded work ---------------------------------------------------------------------------------------------

BIG = "x" * 999_999

LIMIT_ATTACKS = [
    ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "expr.limit_"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "expr.limit_depth"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "expr.limit_steps"),
    ("{% for a in big %}{% for b in big %}{% endfor %}{% endfor %}", "expr.limit_steps"),
    ("{{ 'a' * 10**8 }}", "expr.too_large"),
    ("{{ [1] * 10**9 }}", "expr.too_large"),
    ("{{ 'x' | center(10**9) }}", "expr.limit_size"),
    ("{{ 'x'.center(10**9) }}", "expr.limit_size"),
    ("{{ 'x'.ljust(10**9) }}", "expr.limit_size"),
    ("{{ big ~ big }}", "expr.limit_size"),
    ("{{ big + big }}", "expr.limit_size"),
    ("{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s | length }}{% endmacro %}{{ d('ab', 40) }}", "expr.limit_size"),
    ("{{ big.replace('', 'yy') }}", "expr.limit_size"),
    ("{{ big | replace('x', 'yy') }}", "expr.limit_size"),
    ("{{ [big, big] | join }}", "expr.limit_size"),
    ("{{ '-'.join([big, big]) }}", "expr.limit_size"),
    ("{{ '%0999999999d' | format(1) }}", "expr.limit_size"),
    ("{{ '%0999999999d' % 1 }}", "expr.limit_size"),
    ("{{ big | indent(10) }}", "expr.limit_size"),
    ("{{ big | wordwrap(1) }}", "expr.limit_size"),
    ("{{ [1] | batch(10**9, 0) | list }}", "expr.limit_size"),
    ("{{ [[1] * 999999] * 999999 }}", "expr.limit_size"),
    ("{{ ([[1] * 999999] * 999999) | string }}", "expr.limit_size"),
    ("{{ ('ab' ~ range(99999) | join) * 100 }}", "expr.too_large"),
    ("{{ ([1] * 999999) + ([1] * 999999) }}", "expr.limit_size"),
    ("{{ [big] * 999999 }}", "expr.limit_size"),
    ("{% macro m(x, n) %}{{ m(x * x, n - 1) if n else x > 0 }}{% endmacro %}{{ m(10 ** 1000, 40) }}", "expr.limit_size"),
    ("{% for x in big recursive %}{{ loop(big) }}{% endfor %}", "expr.limit_"),
    ("{{ lipsum(10**6) }}", "expr.undefined"),
]


@pytest.mark.parametrize(("source", "key"), LIMIT_ATTACKS)
def test_unbounded_work_ends_with_a_clear_error_within_seconds(source, key):
    t0 = time.monotonic()
    with pytest.raises(StepFailed) as info:
        render_value(source, {"big": BIG})
    assert time.monotonic() - t0 < 10
    assert info.value.key.startswith(key), info.value.message("ja")
    message = info.value.message("ja")
    assert any(words in message for words in ("上限", "大きすぎ", "秒を超えた", "深すぎる", "定義されていません"))


def test_a_slow_expression_stops_at_the_time_limit(monkeypatch):
    monkeypatch.setattr(_limits, "TIME_LIMIT", 0.3)
    t0 = time.monotonic()
    with pytest.raises(StepFailed) as info:
        render_value("{% for i in range(99999) %}{{ big.count('x') }}{% endfor %}", {"big": BIG})
    assert info.value.key == "expr.limit_time"
    assert "0.3 秒" in info.value.message("ja")
    assert time.monotonic() - t0 < 3


def test_the_time_limit_is_per_expression_not_per_run(monkeypatch):
    monkeypatch.setattr(_limits, "TIME_LIMIT", 1.0)
    for _ in range(5):  # each render has its own budget: together they pass the limit, none alone does
        assert render_value("{% for i in range(2000) %}{{ i }}{% endfor %}", {}).endswith("1999")
        time.sleep(0.3)


def test_limits_leave_large_but_fair_work_alone():
    rows = [{"課": f"{n % 40}課", "金額": Decimal(n)} for n in range(50_000)]
    total = render_value("{{ rows | map(attribute='金額') | sum }}", {"rows": rows})
    assert total == Decimal(sum(range(50_000)))
    text = render_value("{% for r in rows %}{{ r.課 }},{% endfor %}", {"rows": rows[:10_000]})
    assert text.count(",") == 10_000
    assert render_value("{{ rows | map(attribute='課') | unique | list | length }}", {"rows": rows}) == 40
