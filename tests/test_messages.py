"""The message catalogues, checked both ways (issue 11, point 6: "one way to say an error").

(a) every key has a Japanese and an English text with the same ``{placeholders}``;
(b) every key the code USES exists: the source is read with ``ast`` for string literals in the key position
    of ``text()``, the error classes, ``Problem(loc, key)``, ``.err(loc, key)`` and the other call sites below;
(c) every key DEFINED is used: it appears as a string literal in the source, or is ``<used key>.hint``, or
    belongs to one of the dynamic families listed below (each with the place that builds it).
Catalogue modules are plain data and register nothing on import.
"""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rpa_core import messages
from rpa_core.store.status import ItemStatus, RunStatus

ROOT = Path(__file__).resolve().parents[1]

# Where robosan's own messages are used. The sample systems' web/ and desktop/ stand in for other
# vendors' systems: they import no robosan code and keep their own strings.
SOURCES = [*(ROOT / d for d in ("rpa_core", "robots", "connectors", "ocr", "sample_systems")), ROOT / "scheduler.py"]
FOREIGN = (ROOT / "sample_systems" / "web", ROOT / "sample_systems" / "desktop")

KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

# Call sites whose argument at this position (or keyword) is a message key.
KEY_ARGS: dict[str, tuple[int | str, ...]] = {
    # rpa_core.messages and the modules' shorthands for it
    "text": (0,), "has": (0,), "_text": (0,), "msg": (0,), "_msg": (0,),
    # the error classes (rpa_core.errors, PluginError in rpa_core.registry, ScheduleError in calendar_jp)
    "RobosanError": (0,), "InputError": (0,), "StepFailed": (0,), "ActionError": (0,),
    "AssertionFailed": (0,), "Rejected": (0,), "BadValue": (0,), "PluginError": (0,), "ScheduleError": (0,),
    # problems of a scenario, a robot file, an OCR template
    "Problem": (1, "key", "hint_key"), "err": (1,),
    # rpa_core.language.checks.Checker
    "unknown_key": ("message", "suggest"), "unknown_keys": ("message", "suggest"),
    # filters (rpa_core.language.filters._fail), files written in place (connectors._file_common)
    "_fail": (0,), "atomic_write": ("in_use_key",),
}

# Keys built at run time, and where.
FAMILIES: dict[str, set[str] | None] = {
    # "status." + status: console._status (runs, items, steps), scenario_run (result workbook),
    # scheduling.runner / scheduler.py (a scheduled job's result: timeout, error, invalid)
    "status.": {*ItemStatus, *RunStatus, "ok", "timeout", "error", "invalid"},
    # "sched.event." + kind: scheduling.runner (ran, failed, missed, locked, mail_failed) and scheduler.py history
    "sched.event.": {"ran", "failed", "missed", "locked", "mail_failed"},
    # f"savings.col.{key}": reports.table.render_table
    "savings.col.": {"items", "before", "saved", "rate", "robot", "by_hand", "errors", "yen"},
    # f"arg.need.{pydantic error type}": running.arguments._explain (what an action argument needs)
    "arg.need.": {
        "string_type", "int_type", "int_parsing", "int_from_float", "float_type", "float_parsing", "decimal_type",
        "decimal_parsing", "bool_type", "bool_parsing", "missing", "literal_error", "list_type", "dict_type",
        "model_type", "path_type", "date_type", "date_parsing", "datetime_type", "datetime_parsing", "greater_than",
        "greater_than_equal", "less_than", "less_than_equal", "too_short", "too_long", "string_too_short",
        "string_too_long", "value_error",
    },
}


def _python_files() -> Iterator[Path]:
    for source in SOURCES:
        for path in [source] if source.is_file() else sorted(source.rglob("*.py")):
            if not any(path.is_relative_to(f) for f in FOREIGN):
                yield path


def _is_catalogue(path: Path) -> bool:
    return path.name == "messages.py" or re.fullmatch(r"_\w+_messages\.py", path.name) is not None


def _catalogue_nodes(tree: ast.Module) -> set[int]:
    """The nodes of a catalogue module's data (its dicts), which define keys rather than use them."""
    nodes: set[int] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and isinstance(stmt.value, ast.Dict):
            nodes |= {id(n) for n in ast.walk(stmt.value)}
    return nodes


def _trees() -> Iterator[tuple[Path, ast.Module, set[int]]]:
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        yield path, tree, _catalogue_nodes(tree) if _is_catalogue(path) else set()


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _used_keys() -> list[tuple[str, str]]:
    """(key, file:line) for each string literal in a key position of a known call site."""
    found: list[tuple[str, str]] = []
    for path, tree, _ in _trees():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            where = KEY_ARGS.get(_call_name(call), ())
            args: list[ast.expr] = [call.args[i] for i in where if isinstance(i, int) and i < len(call.args)]
            args += [kw.value for kw in call.keywords if kw.arg in where]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and KEY.match(arg.value):
                    found.append((arg.value, f"{path.relative_to(ROOT)}:{arg.lineno}"))
    return found


def _literals() -> set[str]:
    """Every string literal of the source outside the catalogues' data."""
    seen: set[str] = set()
    for _, tree, skip in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                seen.add(node.value)
    return seen


def _placeholders(template: str) -> set[str]:
    """The ``{names}`` of a template; a value given in each language (``places`` / ``places_en``,
    ``locator_ja`` / ``locator_en``, ``ja`` / ``en``) counts as one name."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    return {"" if n in ("ja", "en") else n.removesuffix("_en").removesuffix("_ja") for n in names}


def test_every_key_has_japanese_and_english_with_the_same_placeholders() -> None:
    catalogue = messages.catalogue()
    assert len(catalogue) > 500
    for key, (ja, en) in catalogue.items():
        assert ja.strip() and en.strip(), f"{key}: empty text"
        assert _placeholders(ja) == _placeholders(en), f"{key}: {{placeholders}} differ between ja and en"


def test_every_key_used_exists() -> None:
    used = _used_keys()
    assert len(used) > 300, "the scan found too few call sites: has a call form changed?"
    missing = [f"{where}: {key}" for key, where in used if not messages.has(key)]
    assert not missing, "message keys used but not defined:\n" + "\n".join(missing)


def test_every_key_defined_is_used() -> None:
    literals = _literals()

    def used(key: str) -> bool:
        if key in literals:
            return True
        if key.endswith(".hint") and key.removesuffix(".hint") in literals:
            return True
        return any(key.startswith(prefix) and key.removeprefix(prefix) in (values or ()) for prefix, values in
                   FAMILIES.items())

    unused = sorted(key for key in messages.catalogue() if not used(key))
    assert not unused, "message keys defined but never used (delete them, or list their family):\n" + "\n".join(unused)


def test_dynamic_families_have_all_their_keys() -> None:
    for prefix, values in FAMILIES.items():
        missing = [prefix + v for v in values or () if not messages.has(prefix + v)]
        assert not missing, missing


def test_report_labels_match_the_catalogue() -> None:
    from rpa_core.reports.rows import TOTAL_LABEL, UNSET_LABEL

    assert messages.catalogue()["savings.total"][0] == TOTAL_LABEL
    assert messages.catalogue()["savings.unset"][0] == UNSET_LABEL


def test_catalogues_are_plain_data_and_nothing_registers_on_import() -> None:
    for path, tree, _ in _trees():
        if _is_catalogue(path) and path != ROOT / "rpa_core" / "messages.py":
            calls = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call)]
            assert not calls, f"{path.relative_to(ROOT)}:{calls[0]}: a catalogue module holds data only"
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        assert "register" not in names, f"{path.relative_to(ROOT)} registers messages on import"


def test_a_lookup_loads_core_and_plug_in_catalogues_in_a_fresh_interpreter() -> None:
    probe = (
        "import sys; from rpa_core.messages import has, text\n"
        "assert 'rpa_core.language.messages' not in sys.modules\n"
        "print(has('parse.unknown_key'), has('excel.no_sheet'), has('browser.started'), has('ocr.tpl.unknown_key'),"
        " text('label.hint', 'en'))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True", "True", "What", "to", "do"]


def test_a_key_defined_twice_with_different_text_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "_entries", {"x.y": ("あ", "a")})
    with pytest.raises(ValueError, match=r"x\.y"):
        messages._add({"x.y": ("い", "b")}, "test")
    messages._add({"x.y": ("あ", "a")}, "test")  # the same text twice is fine
