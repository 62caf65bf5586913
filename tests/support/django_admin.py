"""A stock Django admin (Japanese) as a third-party web back office that nobody here wrote (issue 14).

:class:`DjangoAdmin` writes a throwaway project into a folder (``settings.py`` and ``urls.py`` only: the
admin, auth, contenttypes, sessions and messages apps, ``LANGUAGE_CODE = "ja"``, Asia/Tokyo, SQLite in
that folder) and starts ``python -m tests.support.django_admin FOLDER`` in a subprocess, which migrates,
creates the superuser and serves Django's own WSGI application on a free port. Django is not modified:
the admin's screens, labels and messages are Django 5.2's.

To imitate a back office that answers 「混み合っています」 after it saved, the served application is
Django's wrapped from outside: a seeded share of the POSTs to an add form that Django answered with a
redirect (it saved) are answered ``503`` instead, each one written to ``busy.log`` in the folder.
"""

from __future__ import annotations

import argparse
import random
import socketserver
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

__all__ = ["ADMIN_PASSWORD", "ADMIN_USER", "DjangoAdmin"]

REPO = Path(__file__).resolve().parents[2]
ADMIN_USER, ADMIN_PASSWORD = "kanri01", "Kanri#2026"  # not "admin": every address has /admin/
SITE = "robosan_admin_site"

SETTINGS = """
from pathlib import Path

import django

HERE = Path(__file__).resolve().parent
SECRET_KEY = "throwaway-key-for-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "robosan_admin_site.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": HERE.parent / "admin.sqlite3"}}
LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
ADMIN_STATIC = Path(django.__file__).resolve().parent / "contrib" / "admin" / "static"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
"""

URLS = """
from django.conf import settings
from django.contrib import admin
from django.urls import path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    # the admin's own style sheets and icons, as a web server would serve them
    re_path(r"^static/(?P<path>.*)$", serve, {"document_root": settings.ADMIN_STATIC}),
]
"""

BUSY_PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>503 Service Unavailable</title>
</head><body><h1>ただいま混み合っています</h1><p>しばらくしてからもう一度お試しください。</p></body></html>"""


class DjangoAdmin:
    """A Django admin in its own process: ``url`` (…/admin/), and its SQLite file to check what it saved."""

    def __init__(self, folder: Path, *, busy_share: float = 0.15, seed: int = 14) -> None:
        self.folder = folder
        package = folder / SITE
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text("", encoding="utf-8")
        (package / "settings.py").write_text(SETTINGS, encoding="utf-8")
        (package / "urls.py").write_text(URLS, encoding="utf-8")
        self.db = folder / "admin.sqlite3"
        self.busy_log = folder / "busy.log"
        command = [sys.executable, "-m", "tests.support.django_admin", str(folder)]
        command += ["--busy-share", str(busy_share), "--seed", str(seed)]
        self.proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()  # migrating takes a few seconds: wait for the word
        if not line.startswith("READY "):
            self.proc.kill()
            raise RuntimeError(f"the Django admin did not start: {line!r}")
        self.url = line.split(" ", 1)[1]

    def users(self) -> list[dict[str, Any]]:
        """The rows of Django's ``auth_user`` table, read directly, without the superuser."""
        conn = sqlite3.connect(self.db)
        conn.row_factory = sqlite3.Row
        try:
            sql = "SELECT * FROM auth_user WHERE NOT is_superuser ORDER BY id"
            return [dict(r) for r in conn.execute(sql)]
        finally:
            conn.close()

    def busy_answers(self) -> list[str]:
        """The add-form POSTs that were saved and then answered 503."""
        if not self.busy_log.exists():
            return []
        return self.busy_log.read_text(encoding="utf-8").splitlines()

    def stop(self) -> None:
        from tests.support.browser_fixtures import end_process  # not at the top: this file is also the server

        end_process(self.proc)


# -- the server process ------------------------------------------------------------------------------

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class BusyAfterSaving:
    """Django's WSGI application, with a seeded share of saved add forms answered 503 (outside Django)."""

    def __init__(self, app: WSGIApp, share: float, seed: int, log: Path) -> None:
        self.app, self.share, self.log = app, share, log
        self.random = random.Random(seed)
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] != "POST" or not environ.get("PATH_INFO", "").endswith("/add/"):
            return self.app(environ, start_response)
        answer: list[Any] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer[:] = [status, headers]
            return lambda _data: None

        result = self.app(environ, keep)
        try:
            body = b"".join(result)  # Django has saved (or refused) by now
        finally:
            getattr(result, "close", lambda: None)()  # Django's request_finished: the database is released
        with self.lock:
            busy = answer[0].startswith("302") and self.random.random() < self.share
            if busy:
                with self.log.open("a", encoding="utf-8") as f:
                    f.write(environ["PATH_INFO"] + "\n")
        if busy:
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Retry-After", "1")]
            start_response("503 Service Unavailable", headers)
            return [BUSY_PAGE.encode("utf-8")]
        start_response(*answer)
        return [body]


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path, busy_share: float, seed: int) -> None:
    """Migrate, create the superuser, serve on a free port; print ``READY <url>`` when ready."""
    import os

    sys.path.insert(0, str(folder))
    os.environ["DJANGO_SETTINGS_MODULE"] = f"{SITE}.settings"
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth.models import User

    User.objects.create_superuser(ADMIN_USER, "kanri@example.jp", ADMIN_PASSWORD)
    app = BusyAfterSaving(get_wsgi_application(), busy_share, seed, folder / "busy.log")
    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    print(f"READY http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--busy-share", type=float, default=0.15)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    serve(args.folder, args.busy_share, args.seed)
