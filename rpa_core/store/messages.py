"""The catalogue of ``rpa_core.store``: the run log database (plain data, loaded by :mod:`rpa_core.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "store.too_new": (
        "実行記録 {url} は新しい版の robosan で作られています(記録の版 {revision})。"
        "この版の robosan では開けません。",
        "The run log {url} was made by a newer robosan (log version {revision}); "
        "this robosan cannot open it.",
    ),
    "store.too_new.hint": (
        "robosan を新しい版に更新してください。急ぐときは --db(または ROBOSAN_DB)で別の記録ファイルを指定できます。",
        "Update robosan to the newer release, or give another log file with --db (or ROBOSAN_DB).",
    ),
    "store.upgrade_failed": (
        "実行記録 {url} を新しい形式に更新できませんでした: {detail}",
        "The run log {url} could not be upgraded to the new format: {detail}",
    ),
    "store.upgrade_failed.hint": (
        "記録ファイルを使っているほかの robosan を止めてから、もう一度実行してください。"
        "続くときは記録ファイルの写しを添えて担当者に連絡してください。",
        "Stop other robosan processes that use this log and try again. If it persists, "
        "send a copy of the log file to your administrator.",
    ),
}
