"""The ``robosan`` command. Every bad input ends in a clear message and exit code 2, never a traceback.

Exit codes: 0 success, 1 the run failed or items failed, 2 invalid scenario or input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

import click

from rpa_core.cli.options import db_option, lang_option
from rpa_core.cli.purge_cmd import purge as purge_command
from rpa_core.cli.secrets_cmd import secrets_group
from rpa_core.errors import InputError, RobosanError, ScenarioError
from rpa_core.messages import error_words, render, text, visible
from rpa_core.plugins import COMMANDS_GROUP, entry_points, load_entry_point

__all__ = ["db_option", "lang_option", "main", "open_log"]


def _err(message: str) -> None:
    from rpa_core.running.secrets import mask_everywhere  # last net: no secret read here is printed

    click.echo(visible(mask_everywhere(message))[0], err=True)


def _fail(exc: RobosanError) -> None:
    if isinstance(exc, ScenarioError):
        _err(exc.render())
        _err(text("cli.problems", count=len(exc.problems)))
    else:
        _err(render(exc.message(), exc.hint()))
    sys.exit(2)


def open_log(db: str | None) -> Any:
    from rpa_core.store.runlog import RunLog

    return RunLog(db)


class _Group(click.Group):
    """Turns any error that escapes a command into a clear message: never a traceback without --debug."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *(ep.name for ep in entry_points(COMMANDS_GROUP))})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or _extension(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except RobosanError as exc:
            if "--debug" in sys.argv:
                raise
            _fail(exc)
        except Exception as exc:
            if "--debug" in sys.argv:
                raise
            _internal(exc)


def _internal(exc: Exception) -> None:
    """The last net: an error nobody expected, said in a sentence (a database error by its own words,
    never the SQL it ran; control characters shown, not sent to the terminal). Exit 1."""
    from rpa_core.store.database import is_locked

    if is_locked(exc):  # a lock met outside the run log's own wait
        _err(render(text("cli.db_locked", detail=error_words(exc)), text("cli.db_locked.hint")))
        sys.exit(2)
    _err(render(text("cli.internal", type=type(exc).__name__, detail=error_words(exc)), text("cli.internal.hint")))
    sys.exit(1)


def _extension(name: str) -> click.Command | None:
    """A command of the ``robosan.commands`` entry points, imported only when asked for, so that
    ``robosan validate`` never imports Playwright, OpenCV or Tesseract."""
    for ep in entry_points(COMMANDS_GROUP):
        if ep.name == name:
            command = load_entry_point(ep)
            return command if isinstance(command, click.Command) else None
    return None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="show Python tracebacks (for developers)")
@lang_option
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """robosan: 自治体業務のRPA / RPA for municipal back offices."""
    ctx.obj = {"debug": debug}


def _load(path: str, *, unattended: bool = False, given: tuple[str, ...] | None = None) -> Any:
    from rpa_core.language.parser import load_scenario

    return load_scenario(Path(path), unattended=unattended, given_inputs=given)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--unattended", is_flag=True,
              help="無人実行(スケジューラー)として検査する / check as for an unattended run (scheduler)")
@lang_option
def validate(files: tuple[str, ...], unattended: bool) -> None:
    """シナリオを実行せずに検査する / check scenarios without running them."""
    problems = 0
    for f in files:
        try:
            scenario = _load(f, unattended=unattended, given=())
            click.echo(text("cli.valid", file=f))
            _warn_places(scenario)
        except ScenarioError as exc:
            _err(exc.render())
            problems += len(exc.problems)
    if problems:
        _err(text("cli.problems", count=problems))
        sys.exit(2)


def _warn_places(scenario: Any) -> None:
    from rpa_core.cli.places import place_warnings

    for line in place_warnings(scenario):
        _err(line)


def _parse_inputs(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError("input.syntax", value=pair)
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out


@main.command()
@click.argument("file", type=click.Path())
@click.option("--input", "-i", "inputs", multiple=True, metavar="NAME=VALUE", help="入力値 / input value")
@click.option("--dry-run", is_flag=True, help="登録(commit: true)の手前で止める / stop before commit: true steps")
@click.option("--unattended", is_flag=True, help="無人実行: 手作業の手順で待たない / never wait for a person")
@click.option("--fresh", is_flag=True, help="処理台帳を新しく始める / start a new batch")
@click.option("--trial", is_flag=True,
              help="試行として記録し、削減時間の報告に数えない / record as a trial, left out of the report")
@db_option
@lang_option
@click.pass_context
def run(ctx: click.Context, file: str, inputs: tuple[str, ...], dry_run: bool, unattended: bool, fresh: bool,
        trial: bool, db: str | None) -> None:
    """シナリオを実行する / run a scenario."""
    from rpa_core.cli.console import ConsoleObserver, print_summary
    from rpa_core.running.scenario_run import run_scenario

    try:
        given = _parse_inputs(inputs)
        unattended = unattended or not sys.stdin.isatty()
        scenario = _load(file, unattended=unattended, given=tuple(given))
        log = open_log(db)
        observer = ConsoleObserver()
        result = run_scenario(scenario, inputs=given, log=log, dry_run=dry_run, unattended=unattended,
                              fresh=fresh, observer=observer, debug=ctx.obj["debug"], trial=trial)
    except RobosanError as exc:
        if ctx.obj["debug"]:
            raise
        _fail(exc)
        return
    except KeyboardInterrupt as stop:  # Ctrl+C, SIGTERM, SIGBREAK: the run is closed as stopped by now
        _err(text("cli.interrupted"))
        sys.exit(128 + int(getattr(stop, "signum", 2)))
    print_summary(scenario, result)
    if trial and not dry_run:
        click.echo(text("cli.trial_note"))
    sys.exit(result.exit_code)


@main.command()
@click.argument("file", type=click.Path())
@lang_option
def explain(file: str) -> None:
    """シナリオを日本語の手順書(Markdown)にする / the scenario as a numbered procedure."""
    from rpa_core.language.explain import explain_markdown

    try:
        from rpa_core.cli.places import allowed_here

        scenario = _load(file)
        click.echo(explain_markdown(scenario, allowed_here(scenario)))
    except RobosanError as exc:
        _fail(exc)


@main.command()
@click.option("--markdown", is_flag=True, help="docs/actions.md の形で出力 / as Markdown")
@lang_option
def actions(markdown: bool) -> None:
    """使える動作の一覧 / the available actions."""
    from rpa_core.cli.docs import actions_markdown, actions_table

    if markdown:
        click.echo(actions_markdown(), nl=False)
    else:
        actions_table()


@main.command()
def schema() -> None:
    """シナリオ言語の JSON Schema / JSON Schema of the scenario language."""
    import json

    from rpa_core.language.json_schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("run_id", required=False, type=int)
@click.option("--limit", default=20, show_default=True)
@click.option("--needs-check", is_flag=True, help="要確認・手作業の件だけ / only items waiting for a clerk")
@db_option
@lang_option
def runs(run_id: int | None, limit: int, needs_check: bool, db: str | None) -> None:
    """実行の履歴 / run history (with a run id: its steps and items)."""
    from rpa_core.cli.console import show_run, show_runs, show_waiting_items

    log = open_log(db)
    log.mark_crashed()
    if needs_check:
        show_waiting_items(log)
    elif run_id is None:
        show_runs(log, limit)
    else:
        show_run(log, run_id)


@main.group()
def items() -> None:
    """処理台帳の操作 / the work-item ledger."""


@items.command("settle")
@click.argument("keys", nargs=-1)
@click.option("--as", "status", type=click.Choice(["done", "failed", "skipped"]), required=True,
              help="done=処理済み, failed=やり直す, skipped=対象外")
@click.option("--scenario", "scenario_name", default=None, help="業務名で絞る / scenario name")
@click.option("--all", "all_waiting", is_flag=True, help="要確認・手作業の全件 / every waiting item")
@click.option("--orphans", is_flag=True,
              help="孤立したキー(robosan items orphans)を閉じる / close orphaned keys (with --as skipped)")
@click.option("--reason", default=None, help="理由(記録に残ります) / why (kept in the audit record)")
@db_option
@lang_option
def settle(keys: tuple[str, ...], status: str, scenario_name: str | None, all_waiting: bool, orphans: bool,
           reason: str | None, db: str | None) -> None:
    """要確認・手作業の件(または孤立したキー)を確定する / settle needs_check or manual items (or orphans).

    手作業で完了(--as done)にした件は、報告では手作業として数えます / a clerk's done is hand work in the report.
    """
    from rpa_core.cli.console import settle_items

    if orphans and status != "skipped":
        _fail(InputError("cli.settle_orphans_as"))
    if not keys and not all_waiting and not orphans:
        _err(text("cli.settle_what"))
        sys.exit(2)
    n = settle_items(open_log(db), keys, status, scenario_name, reason=reason, orphans=orphans)
    click.echo(text("cli.settled", count=n))


@items.command("orphans")
@click.option("--scenario", "scenario_name", default=None, help="業務名で絞る / scenario name")
@db_option
@lang_option
def orphans_list(scenario_name: str | None, db: str | None) -> None:
    """孤立したキー(失敗のまま、その後の実行で現れなくなった件)/ failed keys never met again."""
    from rpa_core.cli.console import show_orphans

    show_orphans(open_log(db), scenario_name)


@main.command()
@click.option("--fiscal-year", type=int, default=None, help="年度(4月〜3月) / fiscal year")
@click.option("--from", "date_from", default=None, help="YYYY-MM-DD")
@click.option("--to", "date_to", default=None, help="YYYY-MM-DD")
@click.option("--by", type=click.Choice(["scenario", "department"]), default="scenario")
@click.option("--format", "fmt", type=click.Choice(["table", "xlsx", "html"]), default="table",
              help="表 / Excel / HTML")
@click.option("--out", default=None, help="書き出すファイル / output file (xlsx, html)")
@click.option("--hourly-cost", type=float, default=None, envvar="ROBOSAN_HOURLY_COST",
              help="1時間あたりの人件費(円)。削減額を出す / staff cost per hour in yen (ROBOSAN_HOURLY_COST)")
@click.option("--include-trials", is_flag=True,
              help="試行の実行(run --trial)も数える / count trial runs (run --trial) too")
@db_option
@lang_option
def report(fiscal_year: int | None, date_from: str | None, date_to: str | None,
           by: Literal["scenario", "department"], fmt: Literal["table", "xlsx", "html"], out: str | None,
           hourly_cost: float | None, include_trials: bool, db: str | None) -> None:
    """削減時間の報告 / the time-saved report."""
    from rpa_core.cli.console import print_report

    try:
        print_report(open_log(db), fiscal_year, date_from, date_to, by, fmt=fmt, out=out, hourly_cost=hourly_cost,
                     include_trials=include_trials)
    except RobosanError as exc:
        _fail(exc)


main.add_command(purge_command)
main.add_command(secrets_group)  # robosan secrets set/allow/show: rpa_core/cli/secrets_cmd.py
