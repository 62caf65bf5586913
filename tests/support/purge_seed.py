"""A real run log for the purge tests: a small 住民票 scenario run for real, then aged.

The scenario reads a real .xlsx, keys each row by its 受付番号, saves 氏名 and 住所 as the item's
result and logs the name (the personal data a purge must remove), and fails a row without 住所 (an
unfinished item a purge must keep). :func:`age` moves a run, its steps, items, artifacts and the files
of its folder back in time, as if it had run that many days ago.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import select, update

from rpa_core.store.runlog import RunLog
from rpa_core.store.tables import artifacts, batches, item_events, items, runs, steps

SCENARIO = """\
name: 住民票交付記録の転記
department: 市民部/市民課/窓口係
baseline: {minutes_per_item: 3, minutes_per_run: 5, measured_on: 2026-04-01}
inputs:
  file: {type: path, description: 申請一覧}
steps:
  - excel.read_rows: {file: "{{ inputs.file }}", sheet: 申請}
    save_as: rows
  - for_each: "{{ rows }}"
    name: 申請ごと
    as: row
    item_key: "{{ row.受付番号 }}"
    on_error: continue
    steps:
      - fail: "{{ row.氏名 }} さんの住所が空です。申請書を確認してください。"
        when: "{{ not row.住所 }}"
      - set:
          氏名: "{{ row.氏名 }}"
          住所: "{{ row.住所 }}"
      - log: "{{ row.氏名 }}({{ row.住所 }})を転記しました"
"""


def write_requests(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A real 申請 workbook: (受付番号, 氏名, 住所) per row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "申請"
    ws.append(["受付番号", "氏名", "住所"])
    for row in rows:
        ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def age(log: RunLog, run_id: int, days: int, home: Path) -> None:
    """Move run ``run_id`` (and what it wrote) ``days`` back in time, its folder's files too."""
    back = dt.timedelta(days=days)

    def shift(conn: object, table: object, where: object, *columns: str) -> None:
        for row in conn.execute(select(table.c.id, *(table.c[c] for c in columns)).where(where)):  # type: ignore[attr-defined]
            values = {c: getattr(row, c) - back for c in columns if getattr(row, c) is not None}
            if values:
                conn.execute(update(table).where(table.c.id == row.id).values(**values))  # type: ignore[attr-defined]

    with log.engine.begin() as conn:
        shift(conn, runs, runs.c.id == run_id, "started_at", "finished_at", "heartbeat_at")
        shift(conn, steps, steps.c.run_id == run_id, "started_at")
        shift(conn, items, items.c.run_id == run_id, "settled_at", "updated_at")
        shift(conn, artifacts, artifacts.c.run_id == run_id, "created_at")
        shift(conn, item_events, item_events.c.item_id.in_(select(items.c.id).where(items.c.run_id == run_id)), "at")
        batch_ids = select(items.c.batch_id).where(items.c.run_id == run_id)
        shift(conn, batches, batches.c.id.in_(batch_ids), "created_at")
    folder = home / "runs" / f"{run_id:06d}"
    when = (dt.datetime.now(dt.UTC) - back).timestamp()
    for root, _dirs, files in os.walk(folder):
        for name in files:
            os.utime(os.path.join(root, name), (when, when))
