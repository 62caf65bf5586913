"""The sample municipal web system 「税務総合システム(見本)」: the Flask application.

    app = create_app(Path("sample.sqlite3"), flaky=0.15, seed=1, session_minutes=20)

Pages: login (idle sessions expire), menu, 事業所登録/一覧/CSV出力/一括登録 (``jigyosho.py``),
債権者登録, 支出伝票入力, 保育所入所申込 (``other_forms.py``) and the 住所検索 pop-up.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash

from . import addresses, common, db
from .flaky import Flaky

__all__ = ["DEFAULT_USERS", "EXPIRED_MESSAGE", "create_app"]

DEFAULT_USERS = {"robot01": "Robo#2026"}
EXPIRED_MESSAGE = "セッションの有効期限が切れました。もう一度ログインしてください。"
LOGIN_FAILED = "ユーザー名またはパスワードが違います。"
PUBLIC_ENDPOINTS = {"login", "static"}


def create_app(
    db_path: Path,
    *,
    flaky: float = 0.0,
    seed: int = 0,
    session_minutes: float = 20.0,
    users: dict[str, str] | None = None,
    flaky_delay: tuple[float, float] = (1.0, 3.0),
) -> Flask:
    """The application on the SQLite file ``db_path`` (created if missing).

    ``flaky`` is the share (0..1) of registration POSTs that fail or stall (see ``flaky.py``);
    ``session_minutes`` the idle time after which a session expires; ``users`` maps user names
    to passwords (default: the robot's account robot01 / Robo#2026).
    """
    from .jigyosho import bp as jigyosho_bp
    from .other_forms import bp as other_bp

    if not 0.0 <= flaky <= 1.0:
        raise ValueError(f"flaky must be a share between 0 and 1, not {flaky}")
    db_path = Path(db_path)
    db.init_db(db_path, DEFAULT_USERS if users is None else users)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        # Cookies ignore the port: two sample servers on 127.0.0.1 in one browser must not
        # overwrite each other's session, so each app instance has its own cookie name.
        SESSION_COOKIE_NAME=f"sample_web_session_{secrets.token_hex(4)}",
        DB_PATH=db_path,
        FLAKY=Flaky(flaky, seed, flaky_delay),
        SESSION_SECONDS=session_minutes * 60,
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        JSON_AS_ASCII=False,
    )
    app.teardown_appcontext(common.close_db)
    app.before_request(_check_session)
    app.add_url_rule("/", "index", lambda: redirect(url_for("menu")))
    app.add_url_rule("/login", "login", _login, methods=["GET", "POST"])
    app.add_url_rule("/logout", "logout", _logout)
    app.add_url_rule("/menu", "menu", lambda: render_template("menu.html"))
    app.add_url_rule("/address/search", "address_search", _address_search)
    app.register_blueprint(jigyosho_bp)
    app.register_blueprint(other_bp)
    return app


def _check_session() -> Any:
    """Every page but the login needs a live session; idle too long → back to the login page."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    now = time.time()
    user, seen = session.get("user"), session.get("seen", 0.0)
    if user and now - seen <= current_app.config["SESSION_SECONDS"]:
        session["seen"] = now
        return None
    if user:  # it was a session, and it timed out
        session.clear()
        session["expired"] = True
    target = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return redirect(url_for("login", next=target))


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//host`` or ``http://…``), so a link cannot send a clerk away."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("menu")


def _login() -> Any:
    next_url = request.values.get("next", "")
    if request.method == "GET":
        notice = EXPIRED_MESSAGE if session.pop("expired", False) else None
        notice = notice or ("ログアウトしました。" if request.args.get("bye") else None)
        return render_template("login.html", next=next_url, notice=notice, error=None, username="")
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    row = (
        common.get_db().execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
    )
    if row is None or not check_password_hash(row["password_hash"], password):
        return render_template(
            "login.html", next=next_url, notice=None, error=LOGIN_FAILED, username=username
        )
    session.clear()
    session["user"] = username
    session["seen"] = time.time()
    return redirect(_safe_next(next_url))


def _logout() -> Any:
    session.clear()
    return redirect(url_for("login", bye=1))


def _address_search() -> str:
    query = request.args.get("zip", "")
    target = request.args.get("target", "address")
    if not target.isidentifier():
        target = "address"
    found = addresses.search(query)
    return render_template("address_search.html", query=query, target=target, found=found)
