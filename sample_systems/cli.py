"""``robosan sample-systems``: start or reset the sample systems clerks practise on.

    robosan sample-systems start web --port 8000 [--flaky 15]
    robosan sample-systems reset web

Each sample system ``NAME`` provides ``sample_systems/NAME/commands.py`` with two click commands,
``start`` and ``reset``; they are imported only when asked for (so ``robosan --help`` stays fast).
"""

from __future__ import annotations

import importlib
import importlib.util

import click

__all__ = ["SYSTEMS", "sample_systems"]

SYSTEMS = {
    "web": "税務総合システム(見本) / the sample web system",
    "desktop": "見本の業務アプリ(デスクトップ) / the sample desktop program",
}


class _SystemsGroup(click.Group):
    """Subcommands are the systems; each comes from ``sample_systems.<name>.commands.<verb>``."""

    def __init__(self, *args: object, verb: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.verb = verb

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in SYSTEMS if self._module(name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = self._module(cmd_name)
        return getattr(module, self.verb, None) if module is not None else None

    @staticmethod
    def _module(name: str) -> object | None:
        if name not in SYSTEMS:
            return None
        target = f"sample_systems.{name}.commands"
        try:
            if importlib.util.find_spec(target) is None:
                return None
        except ModuleNotFoundError:  # the system's package is not there yet
            return None
        return importlib.import_module(target)


@click.group("sample-systems")
def sample_systems() -> None:
    """練習用の見本システムを起動・初期化する / start or reset the sample systems."""


@sample_systems.command("start", cls=_SystemsGroup, verb="start")
def start() -> None:
    """見本システムを起動する(Ctrl+C で停止) / start a sample system (Ctrl+C stops it)."""


@sample_systems.command("reset", cls=_SystemsGroup, verb="reset")
def reset() -> None:
    """見本システムのデータを消去する / delete a sample system's data."""
