"""``robosan explain``: a scenario as a numbered Japanese procedure, so that no robot is a black box."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from rpa_core.language.constructs import BY_STEP_TYPE
from rpa_core.language.constructs.base import shown as _v
from rpa_core.language.model import Scenario, Step
from rpa_core.language.paths_used import PathUse, paths_used

__all__ = ["explain_markdown", "folders_section"]


def _sentence(step: Step) -> str:
    return BY_STEP_TYPE[type(step)].sentence(step)


def _modifiers(step: Step) -> list[str]:
    notes = []
    if step.when is not None:
        notes.append(f"条件: {_v(step.when)} のときだけ")
    if step.commit:
        notes.append("**システムに登録する手順**（試行 --dry-run ではここで止める）")
    if step.retry:
        notes.append(f"失敗したら {step.retry.delay:g} 秒おいて最大 {step.retry.times} 回やり直す")
    if step.timeout:  # only a step that waits keeps one: validate rejects timeout: anywhere else
        notes.append(f"待つのは最大 {step.timeout:g} 秒")
    if step.save_as:
        notes.append(f"結果を `{step.save_as}` として覚える")
    if step.on_error == "continue":
        notes.append("失敗しても記録して次へ進む")
    elif isinstance(step.on_error, tuple):
        notes.append("失敗したら別の手順を行う")
    return notes


def _steps(steps: tuple[Step, ...], prefix: str, depth: int, out: list[str]) -> None:
    indent = "   " * depth
    for i, step in enumerate(steps, 1):
        number = f"{prefix}{i}"
        title = f"**{step.name}**: " if step.name else ""
        out.append(f"{indent}{number}. {title}{_sentence(step)} <small>({step.loc.line}行目)</small>")
        for note in _modifiers(step):
            out.append(f"{indent}   - {note}")
        for label, body in _children(step):
            if body:
                out.append(f"{indent}   - {label}:")
                _steps(body, f"{number}.", depth + 1, out)


def _children(step: Step) -> list[tuple[str, tuple[Step, ...]]]:
    children = BY_STEP_TYPE[type(step)].children(step)
    if children:
        return children
    if isinstance(step.on_error, tuple):
        return [("失敗したとき", step.on_error)]
    return []


# allowed(use): may a run of the scenario use this path on this PC
Allowed = Callable[[PathUse], bool]


def _place(use: PathUse, allowed: Allowed | None) -> str:
    if use.path is None:
        via = "、".join(f"入力 `{n}`" for n in use.inputs)
        return f"実行時に決まる（{via} に渡した場所）" if via else "実行時に決まる（使うときに確かめる）"
    shown = f"`{use.path}`"
    if use.what == "call":  # while it runs its folder may be read; written only where the caller may write
        if allowed is None or allowed(dataclasses.replace(use, path=use.path.parent, write=True)):
            return f"{shown}（呼び出すシナリオ）"
        return f"{shown}（呼び出すシナリオ。そのフォルダーは読むだけ）"
    if allowed is None:
        return shown
    if allowed(use):
        return f"{shown}: 使える"
    if use.default:
        return f"{shown}: **このPCでは使えません**（--input で別の場所を渡すか、allowed_paths: に追加）"
    return f"{shown}: **このPCでは使えません**（情報政策課に allowed_paths: への追加を依頼）"


def folders_section(scenario: Scenario, allowed: Allowed | None = None) -> list[str]:
    """The files and folders the scenario names, each marked usable or not under this PC's places."""
    uses = paths_used(scenario)
    if not uses:
        return []
    out = ["", "## 使うファイルとフォルダー", ""]
    if allowed is not None:
        out += ["このシナリオが読み書きできるのは、シナリオのフォルダー、実行時に渡した入力、実行フォルダーと、"
                "PCの設定・robot ファイルの allowed_paths: のフォルダーだけです。", ""]
    for use in uses:
        where = "" if use.default else f" <small>({Path(use.loc.file).name} {use.loc.line}行目)</small>"
        label = f"入力 `{use.what}` の既定値" if use.default else use.what
        out.append(f"- {label}: {_place(use, allowed)}{where}")
    return out


def explain_markdown(scenario: Scenario, allowed: Allowed | None = None) -> str:
    out = [f"# {scenario.name}", ""]
    if scenario.description:
        out += [scenario.description, ""]
    meta = [("担当", scenario.department or scenario.owner), ("作成者", scenario.owner)]
    out += [f"- {k}: {v}" for k, v in meta if v]
    b = scenario.baseline
    if b.minutes_per_item or b.minutes_per_run:
        out.append(f"- 手作業の時間: 1件 {b.minutes_per_item:g} 分、1回 {b.minutes_per_run:g} 分"
                   + (f"（{b.measured_on} 計測{'、' + b.note if b.note else ''}）" if b.measured_on else ""))
    if scenario.inputs:
        out += ["", "## 入力", ""]
        for name, spec in scenario.inputs.items():
            default = f"（既定値 {_v(spec.default)}）" if spec.default is not None else ""
            out.append(f"- `{name}`: {spec.description or spec.type}{default}")
    if scenario.secrets:
        out += ["", "## 使う秘密情報", ""] + [f"- `{s}`（値は記録・表示しません）" for s in scenario.secrets]
    if scenario.personal_fields:
        out += ["", "## 個人情報として扱う項目", ""] + [
            f"- `{f}`（値は実行記録・画面に残さず「＊＊＊(個人情報)」と記録）" for f in scenario.personal_fields]
        if scenario.settings.personal_in_result_book:
            out.append("- 結果ブック（result.xlsx）にはこれらの値をそのまま表示する（personal_in_result_book）")
    out += folders_section(scenario, allowed)
    out += ["", "## 手順", ""]
    _steps(scenario.steps, "", 0, out)
    return "\n".join(out) + "\n"
