"""``robosan ocr template|test|read`` and ``robosan review``.

Top-level imports stay light: OpenCV and Tesseract load only when a command runs.
Exit codes: 0 done, 1 some files could not be read, 2 bad input (a template with
mistakes, a missing file). Never a Python traceback for bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from rpa_core.api import RobosanError, ScenarioError, lang_option, render, text

__all__ = ["ocr", "review"]


def _db(f: Any) -> Any:
    return click.option("--db", default=None, help="run log: SQLAlchemy URL or SQLite file (ROBOSAN_DB)")(f)


def _bad_input(exc: RobosanError) -> None:
    if isinstance(exc, ScenarioError):
        click.echo(exc.render(), err=True)
    else:
        click.echo(render(exc.message(), exc.hint()), err=True)
    sys.exit(2)


def _log(db: str | None) -> Any:
    from rpa_core.api import open_run_log

    return open_run_log(db)


@click.group()
def ocr() -> None:
    """紙の申請書の読み取り / reading paper forms."""


@ocr.command("template")
@click.argument("blank_image", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None, help="出力するYAML / YAML to write")
@click.option("--force", is_flag=True, help="上書きする / overwrite")
@click.option("--engine", default=None, help="auto / tesserocr / pytesseract")
@lang_option
def template_cmd(blank_image: Path, out: Path | None, force: bool, engine: str | None) -> None:
    """白紙の様式からひな形の案を作る / propose a template from a blank form."""
    from .engines import make_engine
    from .image import load_page
    from .propose import find_fields, template_yaml

    out = out or blank_image.with_suffix(".yaml")
    try:
        if out.exists() and not force:
            click.echo(text("ocr.template.exists", path=out), err=True)
            sys.exit(2)
        page = load_page(blank_image)
        eng = make_engine(engine)
        try:
            fields = find_fields(blank_image, eng)
        finally:
            eng.close()
    except RobosanError as exc:
        _bad_input(exc)
        return
    out.write_text(template_yaml(blank_image, fields, (page.shape[1], page.shape[0])), encoding="utf-8")
    click.echo(text("ocr.template.written", path=out, count=len(fields)))


@ocr.command("test")
@click.argument("template", type=click.Path(path_type=Path))
@click.argument("image", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None, help="枠を描いた画像 / annotated image")
@click.option("--engine", default=None, help="auto / tesserocr / pytesseract")
@lang_option
def test_cmd(template: Path, image: Path, out: Path | None, engine: str | None) -> None:
    """1枚を読んで全項目を表示する / read one scan and show every field."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from rpa_core.api import visible

    def plain(value: object) -> Text:  # what the scan says is data: "[" or a control byte is shown as read
        return Text(visible(str(value))[0])

    from .annotate import annotate
    from .reader import OK, FormReader
    from .template import load_template

    try:
        tpl = load_template(template)
        reader = FormReader(tpl, engine, crops_dir=None, keep_aligned=True)
    except RobosanError as exc:
        _bad_input(exc)
        return
    try:
        result = reader.read(image)
    finally:
        reader.close()
    if result.status != OK:
        click.echo(result.message, err=True)
        sys.exit(1)
    table = Table(title=plain(f"{image.name} ({result.seconds:.2f} s, {result.angle:+.2f}°)"))
    for col in ("項目 field", "値 value", "読み取り raw", "確信度 conf", "確認 review"):
        table.add_column(col)
    for f in result.fields:
        reason = text(f.reason, **f.reason_args) if f.reason else ""
        cells = (f.name, f.text, f.raw, f"{f.confidence:.0f}", reason)
        table.add_row(*map(plain, cells), style="red" if reason else None)
    Console(highlight=False, emoji=False).print(table)
    out = out or image.with_name(image.stem + "_annotated.png")
    annotate(tpl, result, out)
    click.echo(text("ocr.test.annotated", path=out))


@ocr.command("read")
@click.argument("template", type=click.Path(path_type=Path))
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="行を書くExcel / workbook for the rows"
)
@click.option("--pattern", default="*", help="ファイル名の絞り込み / file name pattern")
@click.option("--engine", default=None, help="auto / tesserocr / pytesseract")
@click.option(
    "--workers",
    type=click.IntRange(1, 16),
    default=None,
    help="同時に読む枚数(既定: CPUの数、最大4) / pages read at once (default: cores, at most 4)",
)
@_db
@lang_option
def read_cmd(
    template: Path,
    folder: Path,
    out: Path | None,
    pattern: str,
    engine: str | None,
    workers: int | None,
    db: str | None,
) -> None:
    """フォルダーの申請書を読み、確認待ちを登録する / read a folder of scans; flagged fields go to the queue."""
    from .batch import form_row, list_scans, read_folder
    from .queue import ReviewQueue
    from .reader import FormReader
    from .template import load_template

    try:
        tpl = load_template(template)
        files = list_scans(folder, pattern)
        queue = ReviewQueue(_log(db))
        readers: list[FormReader] = []

        def make() -> FormReader:
            readers.append(FormReader(tpl, engine, crops_dir=folder / "_crops"))
            return readers[-1]

        def progress(path: Path, form: Any) -> None:
            state = form.message if form.status != "ok" else (", ".join(form.pending) or "OK")
            click.echo(f"{path.name}: {state}")

        from .parallel import default_workers

        forms = read_folder(tpl, files, queue, make, None, progress, workers or default_workers())
        for r in readers:
            r.close()
    except RobosanError as exc:
        _bad_input(exc)
        return
    rows = [form_row(tpl, f, i) for i, f in enumerate(forms)]
    failed = [f for f in forms if f.status != "ok"]
    click.echo(
        text(
            "ocr.read.summary",
            forms=len(forms),
            review=sum(len(f.pending) for f in forms),
            failed=len(failed),
        )
    )
    if out is not None:
        _write_rows(out, rows)
    sys.exit(1 if failed else 0)


def _write_rows(out: Path, rows: list[dict[str, Any]]) -> None:
    from types import SimpleNamespace

    from connectors.excel import write_rows

    clean = [{k: (", ".join(v) if isinstance(v, list) else v) for k, v in r.items()} for r in rows]
    # write_rows is an action; outside a run it gets a context with only what it uses
    ctx = SimpleNamespace(scenario_dir=Path.cwd(), log=click.echo, add_artifact=lambda _path, _kind: None)
    write_rows(ctx, file=out.resolve(), rows=clean, sheet="読み取り結果")


@click.command()
@_db
@lang_option
def review(db: str | None) -> None:
    """読み取りの確認待ちを順に確認する / answer the fields OCR was unsure of."""
    from .queue import ReviewQueue
    from .review import walk_queue

    queue = ReviewQueue(_log(db))

    def ask(prompt: str) -> str | None:
        try:
            return str(click.prompt(prompt, default="", show_default=False))
        except (click.Abort, EOFError):
            return None

    walk_queue(queue, queue.pending(), ask, click.echo)
