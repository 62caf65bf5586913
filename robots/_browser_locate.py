"""Finding things on a page the way a clerk names them, and explaining a failure to find them.

A :class:`Target` is what a step says to find: ``label``, ``text`` (+ ``exact``), ``role``
+ ``name``, ``placeholder``, ``title`` or ``css``, and ``nth`` (1-based, as a clerk counts;
``-1`` is the last). It becomes a Playwright locator in the page or frame the session is
in, and describes itself in Japanese and English for error messages.

:func:`guard` turns Playwright's errors into :class:`ActionError` s that name the target,
the page (title and address) and the seconds waited, after saving a screenshot and the
page's HTML as artifacts of the failed step.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from rpa_core.api import ActionError, did_you_mean

from ._browser_names import (
    DESCRIBE_JS,
    NAMES_JS,
    label_locator,
    name_pattern,
    plain_name,
    ranked,
    text_pattern,
)

if TYPE_CHECKING:
    from playwright.sync_api import FrameLocator, Locator, Page

    from ._browser_session import BrowserSession

__all__ = ["ROLES", "Target", "WindowClosed", "guard", "page_facts", "save_failure"]

# ARIA roles Playwright knows, plus the Japanese words a clerk may use for the common ones.
ROLES = frozenset(
    "alert alertdialog application article banner blockquote button caption cell checkbox code columnheader "
    "combobox complementary contentinfo definition deletion dialog directory document emphasis feed figure form "
    "generic grid gridcell group heading img insertion link list listbox listitem log main marquee math menu "
    "menubar menuitem menuitemcheckbox menuitemradio meter navigation none note option paragraph presentation "
    "progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider "
    "spinbutton status strong subscript superscript switch tab table tablist tabpanel term textbox time timer "
    "toolbar tooltip tree treegrid treeitem".split()
)
ROLE_ALIASES = {
    "ボタン": "button",
    "リンク": "link",
    "入力欄": "textbox",
    "チェックボックス": "checkbox",
    "選択欄": "combobox",
    "見出し": "heading",
    "表": "table",
    "行": "row",
    "セル": "cell",
    "タブ": "tab",
    "ラジオボタン": "radio",
    "メニュー項目": "menuitem",
    "選択肢": "option",
}
_ROLE_JA = {v: k for k, v in ROLE_ALIASES.items()}

_PRIMARY = ("label", "text", "role", "placeholder", "title", "css")


def _arg(doc: str) -> Any:
    """A locator argument: absent (None) unless the step gives it; ``doc`` is its text in the reference."""
    return field(default=None, metadata={"doc": doc})


@dataclass(frozen=True)
class Target:
    """What a step asks to find on the page: the one declaration of the locator arguments.

    Every element action takes these fields as arguments of its own (``browser.fill: {label: 氏名,
    value: …}``): :func:`robots._browser_base.element_action` adds them to its signature, with these
    names, types, defaults (None) and texts.
    """

    label: str | None = _arg("項目名(ラベル)で探す / find a field by its label")
    text: str | None = _arg("表示されている文字で探す / find by the text shown")
    # None: whole text for label/name/placeholder/title, part of it for text
    exact: bool | None = _arg("文字が完全に一致するものだけ / only an exact match of the text")
    role: str | None = _arg("種類(button、link、ボタン、入力欄…)で探す / find by role (button, link…)")
    name: str | None = _arg("role と組にする名前 / the accessible name that goes with role")
    placeholder: str | None = _arg("入力欄の薄い見本の文字で探す / find a field by its placeholder")
    title: str | None = _arg("ツールチップ(title)で探す / find by its title (tooltip)")
    css: str | None = _arg("CSS セレクターで探す / find by CSS selector")
    nth: int | None = _arg("複数あるときの何番目か(1から、-1 は最後)/ which one of several (1-based, -1: last)")

    @classmethod
    def arguments(cls) -> dict[str, Any]:
        """The locator arguments as action parameters: name -> ``Annotated[type, Field(description)]``."""
        from pydantic import Field

        hints = typing.get_type_hints(cls)
        return {f.name: Annotated[hints[f.name], Field(description=f.metadata["doc"])] for f in fields(cls)}

    @classmethod
    def pop_from(cls, kwargs: dict[str, Any]) -> Target:
        """Take the locator arguments out of an action's keyword arguments."""
        return cls(**{f.name: kwargs.pop(f.name, None) for f in fields(cls)})

    def given(self) -> bool:
        return any(getattr(self, k) is not None for k in _PRIMARY)

    def check(self, action: str) -> None:
        present = [k for k in _PRIMARY if getattr(self, k) is not None]
        if not present:
            raise ActionError("browser.no_locator", action=action)
        if len(present) > 1:
            raise ActionError("browser.two_locators", action=action, first=present[0], second=present[1])
        if self.role is not None and self.role_name() not in ROLES:
            raise ActionError("browser.bad_role", role=self.role)

    def role_name(self) -> str:
        role = str(self.role or "").strip()
        return ROLE_ALIASES.get(role, role.lower())

    # -- to Playwright ---------------------------------------------------------------
    def build(self, scope: Page | FrameLocator) -> Locator:
        """The Playwright locator. Names match whole, decorations and width aside (「ユーザー名」 finds
        「ユーザー名:」, never 「ユーザー名カナ」); ``exact: true`` matches the text exactly as written,
        ``exact: false`` any element whose name contains it. ``text`` matches part of a text, width aside."""
        if self.label is not None:
            loc = (
                label_locator(scope, self.label)
                if self.exact is None
                else scope.get_by_label(self.label, exact=self.exact)
            )
        elif self.text is not None:
            text: Any = self.text if self.exact else text_pattern(self.text)
            loc = scope.get_by_text(text, exact=bool(self.exact))
        elif self.role is not None:
            role: Any = self.role_name()  # checked against ROLES in check()
            name, exact = self._name(self.name)
            loc = scope.get_by_role(role, name=name, exact=exact)
        elif self.placeholder is not None:
            placeholder, exact = self._name(self.placeholder)
            loc = scope.get_by_placeholder(placeholder, exact=exact)
        elif self.title is not None:
            title, exact = self._name(self.title)
            loc = scope.get_by_title(title, exact=exact)
        else:
            loc = scope.locator(str(self.css))
        if self.nth is not None:
            loc = loc.nth(self.nth - 1 if self.nth > 0 else self.nth)
        return loc

    def _name(self, name: str | None) -> tuple[Any, bool | None]:
        """What Playwright gets for a name: the forgiving pattern, or (with ``exact``) the text itself."""
        if name is None:
            return None, None
        if self.exact is not None:
            return name, self.exact
        return name_pattern(name), None

    def kind(self) -> tuple[str, str | None, str] | None:
        """What to list when nothing matched: (kind, role, the name the step gave); None for css."""
        if self.label is not None:
            return "label", None, self.label
        if self.role is not None and self.name is not None:
            return "role", self.role_name(), self.name
        for key in ("placeholder", "title", "text"):
            if getattr(self, key) is not None:
                return key, None, getattr(self, key)
        return None

    # -- in words --------------------------------------------------------------------
    def describe(self, lang: str, frames: list[str] | None = None) -> str:
        ja = lang == "ja"
        if self.label is not None:
            out = f"ラベル「{self.label}」の欄" if ja else f"the field labelled '{self.label}'"
        elif self.text is not None:
            out = f"文字「{self.text}」" if ja else f"the text '{self.text}'"
        elif self.role is not None:
            role = self.role_name()
            kind = _ROLE_JA.get(role, role) if ja else role
            out = (
                (f"{kind}「{self.name}」" if ja else f"the {kind} '{self.name}'")
                if self.name is not None
                else (kind if ja else f"a {kind}")
            )
        elif self.placeholder is not None:
            out = (
                f"薄い字「{self.placeholder}」の欄"
                if ja
                else f"the field with placeholder '{self.placeholder}'"
            )
        elif self.title is not None:
            out = f"title「{self.title}」の要素" if ja else f"the element titled '{self.title}'"
        else:
            out = f"CSS「{self.css}」の要素" if ja else f"the element at CSS '{self.css}'"
        if self.nth is not None:
            which = "最後" if self.nth == -1 else f"{self.nth}番目"
            out += f"の{which}" if ja else (" (the last)" if self.nth == -1 else f" (no. {self.nth})")
        if frames:
            inside = " > ".join(frames)
            out += f"(枠 {inside} の中)" if ja else f" (inside the frame {inside})"
        return out

    def words(self, frames: list[str] | None = None) -> dict[str, Any]:
        return {"locator_ja": self.describe("ja", frames), "locator_en": self.describe("en", frames)}


# -- when something goes wrong ---------------------------------------------------------------


def page_facts(page: Page | None) -> dict[str, Any]:
    """The title and address of the page, for messages; never fails."""
    if page is None:
        return {"title": "-", "url": "-"}
    try:
        title = page.title()
    except Exception:  # navigating or closed: the address is still known
        title = ""
    return {"title": title or "(無題)", "url": page.url}


def save_failure(session: BrowserSession, page: Page | None) -> str:
    """Save a screenshot and the HTML of ``page`` into the run's artifacts; return their names."""
    if page is None or page.is_closed():
        return "-"
    session.failures += 1
    folder = Path(session.ctx.artifacts_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"failure-{session.failures:03d}"
    saved: list[str] = []
    png, html = folder / f"{stem}.png", folder / f"{stem}.html"
    try:
        page.screenshot(path=str(png), full_page=True, timeout=5000)
        session.ctx.add_artifact(png, "screenshot")
        saved.append(str(png))
    except Exception:  # a page that cannot be photographed still gets its HTML saved
        pass
    try:
        html.write_text(page.content(), encoding="utf-8")
        session.ctx.add_artifact(html, "html")
        saved.append(str(html))
    except Exception:
        pass
    return ", ".join(saved) or "-"


_STRICT = re.compile(r"resolved to (\d+) elements")
_CLOSED = ("has been closed", "Target closed")


class WindowClosed(ActionError):
    """The window a step was about to act in had just closed itself (a pop-up after its last click).

    Acting steps catch it and try once more in the window that opened the pop-up; elsewhere it
    reaches the clerk as a plain message.
    """

    def __init__(self) -> None:
        super().__init__("browser.window_closed")


def _detail(exc: Exception) -> str:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return re.sub(r"^[A-Za-z]+\.[A-Za-z_]+: (Error: )?", "", first)[:200]


@contextmanager
def guard(
    session: BrowserSession,
    target: Target | None,
    seconds: float,
    on_timeout: Callable[[dict[str, Any]], ActionError] | None = None,
) -> Iterator[None]:
    """Run a Playwright call; turn its errors into clerk-readable ActionErrors with artifacts."""
    from playwright.sync_api import Error, TimeoutError

    try:
        yield
    except TimeoutError:
        page = session.page if session.started else None
        facts = {**page_facts(page), "seconds": f"{seconds:g}", "shot": save_failure(session, page)}
        if target is not None:
            facts.update(target.words(session.frames))
        if on_timeout is not None:
            raise on_timeout(facts) from None
        raise _not_found(session, target, facts) from None
    except Error as exc:
        if any(mark in str(exc) for mark in _CLOSED) and session.window_closing():
            raise WindowClosed() from None
        page = session.page if session.started else None
        facts = {**page_facts(page), "seconds": f"{seconds:g}", "shot": save_failure(session, page)}
        facts.update(
            target.words(session.frames) if target is not None else {"locator_ja": "-", "locator_en": "-"}
        )
        strict = _STRICT.search(str(exc))
        if strict:
            # name every match (「氏名」「氏名:」), so the clerk sees what to tell apart; the count if unreadable
            names = _matched_names(session, target) if target is not None else []
            if names:
                raise ActionError("browser.ambiguous_named", count=strict.group(1), names=_quoted(names), **facts) from None
            raise ActionError("browser.ambiguous", count=strict.group(1), **facts) from None
        raise ActionError("browser.failed", detail=_detail(exc), **facts) from None


# -- naming what the page has -----------------------------------------------------------------

_LISTED = 8  # names listed in a "not found" message
_KIND_WORDS = {
    "label": ("欄", "Fields"),
    "button": ("ボタン", "Buttons"),
    "link": ("リンク", "Links"),
    "placeholder": ("薄い字", "Placeholders"),
    "title": ("title", "Titles"),
    "text": ("文字", "Texts"),
}


def _quoted(names: list[str]) -> str:
    return "".join(f"「{n}」" for n in names)


def _not_found(session: BrowserSession, target: Target | None, facts: dict[str, Any]) -> ActionError:
    """Nothing matched: name what the page has of that kind, closest first, and the closest one."""
    kind = target.kind() if target is not None else None
    listed = _on_page(session, kind[0], kind[1]) if kind is not None else []
    if kind is None or not listed:
        return ActionError("browser.not_found", **facts)
    what, role, wanted = kind
    ja, en = _KIND_WORDS.get(role or what, (_ROLE_JA.get(role or "", role or what), f"'{role}' elements"))
    first = ranked(wanted, listed)[:_LISTED]
    shown = _quoted(first) + (f"…(+{len(listed) - len(first)})" if len(listed) > len(first) else "")
    words = {**facts, "kind_ja": ja, "kind_en": en, "listed": shown}
    near = did_you_mean(plain_name(wanted), [plain_name(n) for n in listed])
    if near:
        return ActionError("browser.not_found_near", near=near, **words)
    return ActionError("browser.not_found_listed", **words)


def _on_page(session: BrowserSession, kind: str, role: str | None) -> list[str]:
    """The names of one kind the page (or the frame steps act in) shows; [] if it cannot be read."""
    try:
        names = session.scope().locator(":root").evaluate(NAMES_JS, [kind, role], timeout=2000)
    except Exception:  # the page is navigating or gone: the plain message is all there is to say
        return []
    return [str(n) for n in names]


def _matched_names(session: BrowserSession, target: Target) -> list[str]:
    """What each element that matched ``target`` is called, to name them all when one was wanted."""
    try:
        names = target.build(session.scope()).evaluate_all(DESCRIBE_JS)
    except Exception:  # the page changed meanwhile: the count alone is said
        return []
    return [str(n) for n in names][:_LISTED]
