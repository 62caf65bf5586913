"""Helpers shared by the tests, imported normally (``from tests.support.fake_context import Ctx``).

``browser_fixtures`` and ``desktop_fixtures`` also define fixtures; the root ``tests/conftest.py``
loads them with ``pytest_plugins``, so a test asks for ``web_system`` or ``xvfb`` by name.
"""
