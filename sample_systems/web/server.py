"""Serving the sample system: in a background thread (tests, benchmarks) or in the foreground
(``python -m sample_systems.web``, ``robosan sample-systems start web``)."""

from __future__ import annotations

import os
import socket
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .messages import PortInUse, text

__all__ = ["Handle", "PortInUse", "run_foreground", "serve_in_thread"]


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request (tests and benchmarks make thousands)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@dataclass
class Handle:
    """A running server: ``url`` like ``http://127.0.0.1:54321``; ``stop()`` shuts it down."""

    server: BaseWSGIServer
    thread: threading.Thread
    host: str = field(default="127.0.0.1")

    @property
    def port(self) -> int:
        return int(self.server.server_port)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def serve_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0) -> Handle:
    """Start ``app`` on ``host:port`` (0 = a free port) in a daemon thread, answering requests in threads."""
    server = make_server(host, port, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(
        target=server.serve_forever, name=f"sample-web-{server.server_port}", daemon=True
    )
    thread.start()
    return Handle(server, thread, host)


def _check_port(host: str, port: int) -> None:
    """A clear ja/en error for a busy port (werkzeug itself would print English and exit)."""
    if port == 0:
        return
    probe = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        if os.name != "nt":  # as werkzeug does; on Windows SO_REUSEADDR would let two servers share it
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    except OSError as exc:
        raise PortInUse(host, port, str(exc.strerror or exc)) from exc
    finally:
        probe.close()


def run_foreground(
    db_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    flaky_percent: float = 0.0,
    seed: int = 0,
    session_minutes: float = 20.0,
    quiet: bool = False,
    lang: str | None = None,
) -> None:
    """Serve until Ctrl+C. Prints exactly one line ``READY http://HOST:PORT`` to stdout once listening;
    everything else (the guidance for a clerk, the access log) goes to stderr.

    Messages are in ``lang`` (``ja``/``en``; default: see :func:`.messages.resolve_lang`).
    Raises :class:`PortInUse` if the port cannot be listened on.
    """
    from .app import DEFAULT_USERS, create_app

    app = create_app(db_path, flaky=flaky_percent / 100.0, seed=seed, session_minutes=session_minutes)
    _check_port(host, port)
    server = make_server(
        host, port, app, threaded=True, request_handler=_QuietHandler if quiet else WSGIRequestHandler
    )
    url = f"http://{host}:{server.server_port}"
    user, password = next(iter(DEFAULT_USERS.items()))
    print(f"READY {url}", flush=True)
    lines = [text("started", lang, url=url, user=user, password=password, db=db_path)]
    if flaky_percent:
        lines.append(text("flaky", lang, percent=f"{flaky_percent:g}", seed=seed))
    lines.append(text("how_to_stop", lang))
    print("\n".join(lines), file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        print(text("stopped", lang), file=sys.stderr, flush=True)
