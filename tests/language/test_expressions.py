"""Expressions: sandbox, native types, static analysis."""

from __future__ import annotations

import pytest

from rpa_core.errors import StepFailed
from rpa_core.language.expressions import analyse, render_value


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ x.__class__ }}",
    "{{ x['__class__'] }}",
    "{{ 'a'.format.__globals__ }}",
    "{{ range(10**9) | list }}",
])
def test_sandbox_escapes_fail_with_a_clear_error(source):
    with pytest.raises(StepFailed) as info:
        render_value(source, {"x": 1})
    assert info.value.key in ("expr.unsafe", "expr.undefined", "expr.failed", "expr.limit_steps")
    assert "Traceback" not in info.value.message()


def test_lone_expression_native_and_mixed_text():
    v = {"rows": [1, 2], "code": "0012", "row": {"氏名": "山田", "_row": 7}}
    assert render_value("{{ rows }}", v) == [1, 2]
    assert render_value("{{ code }}", v) == "0012"
    assert render_value(" {{ row.氏名 }} ", v) == "山田"
    assert render_value("{{ row._row }}", v) == 7
    assert render_value("{{ row.氏名 }}様", v) == "山田様"
    assert render_value({"a": ["{{ rows | length }}"]}, v) == {"a": [2]}


def test_undefined_name_names_it():
    with pytest.raises(StepFailed) as info:
        render_value("{{ row.住所 }}", {"row": {"氏名": "山田"}})
    assert "住所" in info.value.message()


def test_analyse_finds_names_and_private_access():
    info = analyse("{{ inputs.file ~ row['法人番号'] ~ x is defined }}")
    assert info.names == {"inputs", "row"}
    assert ("inputs", "file") in info.attrs and ("row", "法人番号") in info.attrs
    assert analyse("{{ a.__class__ }}").unsafe == ["__class__"]
    assert analyse("{{ row._row }}").unsafe == []
