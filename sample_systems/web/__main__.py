"""``python -m sample_systems.web --port 0 --db PATH [--flaky PERCENT] [--seed N] [--session-minutes M] [--lang en]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .messages import PortInUse
from .server import run_foreground


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_systems.web",
        description="税務総合システム(見本) / the sample municipal web system",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 = a free port")
    parser.add_argument("--db", type=Path, required=True, help="SQLite file (created if missing)")
    parser.add_argument("--flaky", type=float, default=0.0, help="percent of registration POSTs that fail")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--session-minutes", type=float, default=20.0)
    parser.add_argument("--quiet", action="store_true", help="no access log")
    parser.add_argument("--lang", choices=("ja", "en"), default=None, help="ja or en (default: ROBOSAN_LANG, else ja)")
    args = parser.parse_args(argv)
    if not 0 <= args.flaky <= 100:
        parser.error("--flaky must be between 0 and 100")
    try:
        run_foreground(
            args.db,
            host=args.host,
            port=args.port,
            flaky_percent=args.flaky,
            seed=args.seed,
            session_minutes=args.session_minutes,
            quiet=args.quiet,
            lang=args.lang,
        )
    except PortInUse as exc:
        print(f"{exc.message(args.lang)}\n    {exc.hint(args.lang)}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
