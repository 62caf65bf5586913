from rpa_core.cli.main import lang_option, main

__all__ = ["lang_option", "main"]
