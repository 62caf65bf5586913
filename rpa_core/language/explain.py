"""``robosan explain``: a scenario as a numbered Japanese procedure, so that no robot is a black box."""

from __future__ import annotations

from typing import Any

from rpa_core.language.model import (
    ActionStep,
    AssertStep,
    CallStep,
    FailStep,
    ForEachStep,
    IfStep,
    LogStep,
    ManualStep,
    Scenario,
    SetStep,
    SkipItemStep,
    Step,
    TryStep,
    WaitStep,
)
from rpa_core.registry import get_action
from rpa_core.running.secrets import MASK

__all__ = ["explain_markdown"]


def _v(value: Any) -> str:
    """A value as the procedure shows it; expressions stay readable, secrets never appear."""
    text = str(value).strip()
    if "secrets." in text:
        return f"`{text}`（値は表示しません {MASK}）"
    return f"`{text}`" if "{{" in text else f"「{text}」"


def _args(args: dict[str, Any]) -> str:
    return "、".join(f"{k}={_v(v)}" for k, v in args.items())


def _sentence(step: Step) -> str:
    if isinstance(step, ActionStep):
        spec = get_action(step.action)
        what = spec.summary if spec else step.action
        return f"{what}（{step.action}: {_args(step.args)}）" if step.args else f"{what}（{step.action}）"
    if isinstance(step, ForEachStep):
        s = f"{_v(step.items)} の1件ずつ（{step.as_} として）次を行う"
        if step.item_key:
            s += f"。処理台帳のキーは {_v(step.item_key)}（処理済みの件は繰り返さない）"
        return s
    if isinstance(step, IfStep):
        return f"{_v(step.condition)} が成り立つかで分ける"
    if isinstance(step, TryStep):
        return "次を試し、失敗したら別の手順を行う"
    if isinstance(step, SetStep):
        return "値を覚える: " + "、".join(f"{k} = {_v(v)}" for k, v in step.values.items())
    if isinstance(step, CallStep):
        return f"別のシナリオ「{step.file}」を実行する" + (f"（{_args(step.with_)}）" if step.with_ else "")
    if isinstance(step, ManualStep):
        return f"**【手作業】** {_v(step.instruction)}（職員が行い、終わったら Enter。かかった時間を記録）"
    if isinstance(step, LogStep):
        return f"記録に書く: {_v(step.message)}"
    if isinstance(step, FailStep):
        return f"エラーとして止める: {_v(step.message)}"
    if isinstance(step, WaitStep):
        return f"{_v(step.seconds)} 秒待つ"
    if isinstance(step, AssertStep):
        return f"{_v(step.condition)} であることを確かめる"
    if isinstance(step, SkipItemStep):
        return "この件は対象外として次の件へ進む" + (f"（理由: {_v(step.reason)}）" if step.reason else "")
    return step.kind


def _modifiers(step: Step) -> list[str]:
    notes = []
    if step.when is not None:
        notes.append(f"条件: {_v(step.when)} のときだけ")
    if step.commit:
        notes.append("**システムに登録する手順**（試行 --dry-run ではここで止める）")
    if step.retry:
        notes.append(f"失敗したら {step.retry.delay:g} 秒おいて最大 {step.retry.times} 回やり直す")
    if step.timeout:
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
    if isinstance(step, ForEachStep):
        return [("中断後の確認（verify）", step.verify), ("1件ごとの手順", step.steps)]
    if isinstance(step, IfStep):
        return [("成り立つとき", step.then), ("成り立たないとき", step.else_)]
    if isinstance(step, TryStep):
        return [("試す手順", step.body), ("失敗したとき", step.rescue), ("最後に必ず", step.always)]
    if isinstance(step.on_error, tuple):
        return [("失敗したとき", step.on_error)]
    return []


def explain_markdown(scenario: Scenario) -> str:
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
    out += ["", "## 手順", ""]
    _steps(scenario.steps, "", 0, out)
    return "\n".join(out) + "\n"
