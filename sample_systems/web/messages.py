"""What the sample web system prints to the person who started it, in Japanese and English.

The sample system stands in for another vendor's system: it has its own small catalogue and
imports no robosan code. The language is the one given (``--lang``), else ``ROBOSAN_LANG`` of
the environment (``en…`` for English), else Japanese.
"""

from __future__ import annotations

import os

__all__ = ["MESSAGES", "PortInUse", "resolve_lang", "text"]

MESSAGES: dict[str, tuple[str, str]] = {
    "started": (
        "税務総合システム(見本)を起動しました: {url}/login\n  ユーザー名 {user} / パスワード {password}\n  データ: {db}",
        "The sample tax system is running: {url}/login\n  user {user} / password {password}\n  data: {db}",
    ),
    "flaky": (
        "  不安定モード: 登録の {percent}% で障害を起こします(seed {seed})",
        "  Flaky mode: {percent}% of registrations fail or stall (seed {seed})",
    ),
    "how_to_stop": ("  止めるには Ctrl+C を押してください。", "  Press Ctrl+C to stop it."),
    "stopped": ("税務総合システム(見本)を停止しました。", "The sample tax system has stopped."),
    "port_in_use": (
        "{host} のポート {port} で待ち受けできません({detail})。",
        "Cannot listen on port {port} of {host} ({detail}).",
    ),
    "port_in_use.hint": (
        "別のポート番号を --port で指定するか、動いている見本システムを止めてください。",
        "Give another port with --port, or stop the sample system already running.",
    ),
}


def resolve_lang(lang: str | None = None) -> str:
    """``ja`` or ``en``: ``lang`` if given, else from ``ROBOSAN_LANG``, else ``ja``."""
    chosen = (lang or os.environ.get("ROBOSAN_LANG", "ja")).lower()
    return "en" if chosen.startswith("en") else "ja"


def text(key: str, lang: str | None = None, /, **kwargs: object) -> str:
    """The message ``key`` in ``lang`` (see :func:`resolve_lang`), formatted with ``kwargs``."""
    ja, en = MESSAGES[key]
    return (en if resolve_lang(lang) == "en" else ja).format(**kwargs)


class PortInUse(Exception):
    """The port cannot be listened on (busy, or not allowed): a clear ja/en message, not werkzeug's."""

    def __init__(self, host: str, port: int, detail: str) -> None:
        super().__init__(f"{host}:{port}: {detail}")
        self.host, self.port, self.detail = host, port, detail

    def message(self, lang: str | None = None) -> str:
        return text("port_in_use", lang, host=self.host, port=self.port, detail=self.detail)

    def hint(self, lang: str | None = None) -> str:
        return text("port_in_use.hint", lang)
