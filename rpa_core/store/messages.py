"""The catalogue of ``rpa_core.store``: the run log database (plain data, loaded by :mod:`rpa_core.messages`)."""

from __future__ import annotations

from rpa_core.store._hostile_messages import HOSTILE_MESSAGES
from rpa_core.store._purge_messages import PURGE_MESSAGES

MESSAGES: dict[str, tuple[str, str]] = {
    **HOSTILE_MESSAGES,
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
    "pcsettings.too_large": ("PCの設定ファイル {path} が大きすぎます(上限 {limit} KB)。",
                             "The PC settings file {path} is too large (limit {limit} KB)."),
    "pcsettings.too_large.hint": ("設定ファイルを見直してください。", "Check the settings file."),
    "pcsettings.unreadable": ("PCの設定ファイル {path} を読めません: {detail}",
                              "The PC settings file {path} cannot be read: {detail}"),
    "pcsettings.unreadable.hint": ("UTF-8 で保存し、読み取り権限を確認してください。",
                                   "Save it as UTF-8 and check that it can be read."),
    "pcsettings.syntax": ("PCの設定ファイル {path} の {line} 行目が YAML として読めません: {detail}",
                          "The PC settings file {path}, line {line}, is not valid YAML: {detail}"),
    "pcsettings.syntax.hint": ("字下げと「:」の後の空白を確認してください。",
                               "Check the indentation and the space after each ':'."),
    "pcsettings.shape": ("PCの設定ファイル {path} は「項目名: 値」の形で書いてください。",
                         "The PC settings file {path} must be a mapping (key: value)."),
    "pcsettings.shape.hint": ("例: allowed_paths: [\'C:\\共有\\市民課\']",
                              "Example: allowed_paths: [\'C:\\共有\\市民課\']"),
    **PURGE_MESSAGES,
}
