"""The core's messages, Japanese first. Other modules register their own with ``messages.register``."""

from rpa_core.messages import register

register(
    {
        "label.hint": ("対処", "What to do"),
        "error.generic": ("エラーが発生しました。", "An error occurred."),
        "error.plain": ("{ja}", "{en}"),
        "error.scenario": ("シナリオに {count} 件の誤りがあります。", "The scenario has {count} problem(s)."),
    }
)
