"""Actions that exist only for tests: a flaky step and a probe of the run log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from rpa_core.api import SECRET_OK
from rpa_core.errors import ActionError
from rpa_core.registry import action

CALLS: dict[str, int] = {}


@action("test.flaky", summary="テスト用: 指定回数まで失敗する", summary_en="test: fail the first N calls")
def flaky(*, name: str, fail_times: int) -> int:
    CALLS[name] = CALLS.get(name, 0) + 1
    if CALLS[name] <= fail_times:
        raise ActionError.plain(f"一時的な失敗 {CALLS[name]}", f"transient failure {CALLS[name]}")
    return CALLS[name]


@action("test.crash", summary="テスト用: Pythonの例外を出す", summary_en="test: raise a Python exception")
def crash(*, detail: str = "boom") -> None:
    raise RuntimeError(detail)


@action("test.echo", summary="テスト用: 値をそのまま返す", summary_en="test: return the value")
def echo(*, value: Any = None, path: Path | None = None, count: int = 0) -> Any:
    return {"value": value, "path": path, "count": count}


@action("test.run_status", summary="テスト用: 実行記録の状態を読む", summary_en="test: read this run's status")
def run_status(ctx: Any) -> str:
    from sqlalchemy import select

    from rpa_core.store.runlog import runs

    with ctx.recorder.log.engine.connect() as conn:
        return str(conn.execute(select(runs.c.status).where(runs.c.id == ctx.recorder.run_id)).scalar_one())


@action("test.write_target", summary="テスト用: 対象システムに書く", summary_en="test: write to a target system",
        commit=True)
def write_target(*, path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")


TYPED: list[str] = []  # what test.type_secret was given, in order (a secret's text arrives here only)


@action("test.type_secret", summary="テスト用: 秘密情報を入力する", summary_en="test: type a secret")
def type_secret(*, text: Annotated[str, SECRET_OK], echo_in_error: bool = False) -> None:
    """A password field stand-in. ``echo_in_error``: a target system that repeats what it was given in its
    error (``user 7 not found``), the case the masker is the last net for."""
    TYPED.append(text)
    if echo_in_error:
        raise RuntimeError(f"ログインできません: 「{text}」は登録されていません / login refused: {text}")
