"""Scenario actions for paper forms: ``ocr.read_forms``.

Heavy libraries (OpenCV, Tesseract) are imported only when a form is read, never when a
scenario is validated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from rpa_core.api import (
    ActionContext,
    ActionError,
    ExistingPath,
    ReadPath,
    ScenarioError,
    action,
    check_place,
    text,
)

__all__ = ["read_forms"]


@action(
    "ocr.read_forms",
    summary="スキャンした申請書を読み取り、行にする",
    summary_en="Read a folder of scanned forms into rows",
)
def read_forms(
    ctx: ActionContext,
    *,
    template: ExistingPath,
    folder: ReadPath,
    pattern: str = "*",
    waiting: Literal["hold", "include"] = "hold",
    workers: int | None = None,
) -> list[dict[str, Any]]:
    """Read every scan in ``folder`` with the form ``template``; one row per scan.

    Each row has the fields' values (dates as dates, checkboxes as true/false) and
    ``ファイル`` (the scan's name), ``確認待ち`` (fields still waiting for a clerk) and
    ``エラー`` (why the page could not be read: damaged, blank, another form; '' otherwise).

    Fields under their confidence threshold or failing their type go to the review queue.
    In an attended run the clerk answers them here, in the terminal, before the rows are
    returned. In an unattended run, forms with unanswered fields are held back
    (``waiting: hold``, the default) until ``robosan review`` has answered them and the
    scenario runs again; or returned with ``確認待ち`` set (``waiting: include``) for
    the scenario to hand to a person (``manual:``). A scan is read only once: a rerun
    reuses the stored reading and the clerk's answers. ``workers``: scans read at once
    (default: one per core, at most 4).
    """
    from .batch import WAITING, form_row, list_scans, read_folder
    from .queue import ReviewQueue
    from .reader import FormReader
    from .review import walk_queue
    from .template import load_template

    try:
        tpl = load_template(template)
    except ScenarioError as exc:
        raise ActionError.plain(exc.render("ja"), exc.render("en")) from None
    # The template names its image, the pattern may hold "..": each file read stays in the run's places.
    check_place(ctx, tpl.image_path, arg="template: image", write=False)
    files = check_place(ctx, list_scans(folder, pattern), arg="folder, pattern", write=False)
    run_id = ctx.run_id
    queue = ReviewQueue(ctx.run_log)

    def reader() -> FormReader:
        crops = Path(ctx.artifacts_dir) / "ocr_crops"
        return ctx.resource(
            f"ocr_reader:{tpl.path}", lambda: FormReader(tpl, crops_dir=crops), lambda r: r.close()
        )

    from .parallel import default_workers

    forms = read_folder(tpl, files, queue, reader, run_id, workers=workers or default_workers())
    flagged = sum(len(f.pending) for f in forms)
    failed = [f for f in forms if f.status != "ok"]
    ctx.log(text("ocr.read.summary", forms=len(forms), review=flagged, failed=len(failed)))
    for f in failed:
        ctx.log(text("ocr.read.failed_file", file=Path(f.file).name, message=f.message))
    if flagged and not ctx.unattended:
        import click

        walk_queue(queue, queue.pending([f.id for f in forms]), ctx.ask, click.echo)
        forms = [queue.form(f.id) for f in forms]
    rows = [form_row(tpl, f, i) for i, f in enumerate(forms)]
    held = [r for r in rows if r[WAITING]]
    if held and waiting == "hold":
        ctx.log(text("ocr.read.waiting", count=len(held)))
        rows = [r for r in rows if not r[WAITING]]
    return rows
