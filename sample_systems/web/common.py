"""What every page of the sample system shares: the per-request database, the busy page, the
registration flow (flaky faults, validation, duplicate refusal, redirect to a done page)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from flask import (
    Response,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from . import db
from .flaky import Fault, Flaky
from .validation import Errors

__all__ = ["BUSY_MESSAGE", "busy", "get_db", "register_flow"]

BUSY_MESSAGE = "ただいま混み合っています。しばらくしてから操作してください。"

# save(conn, values) -> the new record's number; it may add to ``errors`` instead (a duplicate).
Saver = Callable[[sqlite3.Connection, dict[str, Any], Errors], str | None]


def get_db() -> sqlite3.Connection:
    """This request's own connection (opened on first use, closed when the request ends)."""
    if "db" not in g:
        g.db = db.connect(current_app.config["DB_PATH"])
    conn: sqlite3.Connection = g.db
    return conn


def close_db(_exc: BaseException | None = None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def busy(fault: Fault | None = None) -> Response:
    """The 503 page a busy system shows; ``X-Sample-Fault`` tells tests which fault it was."""
    response = make_response(render_template("busy.html", message=BUSY_MESSAGE), 503)
    response.headers["Retry-After"] = "2"
    if fault is not None:
        response.headers["X-Sample-Fault"] = fault.kind
    return response


def stamp() -> dict[str, str]:
    """The audit columns every registered row carries."""
    return {
        "created_by": str(session.get("user", "")),
        "created_at": datetime.now().isoformat(timespec="seconds"),
    }


def register_flow(
    template: str,
    clean: Callable[[Mapping[str, Any]], tuple[dict[str, Any], Errors]],
    save: Saver,
    done_endpoint: str,
    done_args: dict[str, str] | None = None,
    **context: Any,
) -> Any:
    """GET shows the empty form; POST checks it, saves it and redirects to the done page.

    In flaky mode the POST may first be answered 503, stall, or be saved and answered 503.
    """
    if request.method == "GET":
        return render_template(template, values={}, errors={}, **context)
    flaky: Flaky = current_app.config["FLAKY"]
    fault = flaky.draw()
    if fault is not None:
        current_app.logger.info("flaky: %s %s (%.1f s)", fault.kind, request.path, fault.delay)
        if fault.kind == "before":
            return busy(fault)
        if fault.kind == "slow":
            time.sleep(fault.delay)
    values, errors = clean(request.form)
    number = None if errors else save(get_db(), values, errors)
    if number is None:
        response = make_response(render_template(template, values=values, errors=errors, **context))
    elif fault is not None and fault.kind == "after":
        return busy(fault)  # the row is saved: exactly the trap a robot must not fall into twice
    else:
        url_values: dict[str, Any] = {"number": number, **(done_args or {})}
        response = make_response(redirect(url_for(done_endpoint, **url_values)))
    if fault is not None:
        response.headers["X-Sample-Fault"] = fault.kind
    return response
