"""The ``robosan`` command: ``main`` (the click group, error handling, plug-in commands from the
``robosan.commands`` entry points), ``console`` (what a clerk sees: Rich tables, progress), ``docs`` (the
actions reference).
"""

from rpa_core.cli.main import lang_option, main

__all__ = ["lang_option", "main"]
