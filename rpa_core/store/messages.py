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
    "store.busy": (
        "実行記録 {file} は別のプログラムが使用中で、{seconds} 秒待っても書き込めませんでした。",
        "The run log {file} is in use by another program: it could not be written within {seconds} s.",
    ),
    "store.busy.hint": (
        "実行記録を開いているほかのプログラム(SQLite の閲覧ソフト、バックアップなど)を閉じてから、もう一度実行してください"
        "(続きから再開します)。待つ時間は環境変数 ROBOSAN_DB_WAIT(秒)で変えられます。",
        "Close the other program that has the run log open (a SQLite viewer, a backup tool…) and run again "
        "(it resumes where it stopped). Set ROBOSAN_DB_WAIT (seconds) to wait longer.",
    ),
    "store.waiting": (
        "実行記録 {file} を別のプログラムが使用中です。空くまで最大 {seconds} 秒待ちます…",
        "The run log {file} is in use by another program. Waiting up to {seconds} s for it…",
    ),
}
