"""Names as a clerk reads them: what a label, button or placeholder says without its decorations.

Japanese systems decorate names: 「ユーザー名:」「氏名：」「*住所」「※電話番号」「生年月日（必須）」. A clerk
writes what the name says (ユーザー名), so decorations at either end, surrounding spaces (also the
full-width one) and width differences (ＡＢＣ/ABC, ｶﾅ/カナ) are not part of a name, on either side.
The whole name must still match: 氏名 never finds 「氏名（カナ）」.

The match is a regular expression handed to Playwright's own locators (``get_by_label``,
``get_by_role(name=…)``…), so that label association, accessible names, waiting, frames and the
one-element rule stay Playwright's. A regular expression cannot normalise, so each character of the
clerk's name becomes the set of characters NFKC folds into it (Ａ|A, ｶﾞ|ガ). Measured on a page of 200
labelled fields (tests/robots/test_browser_labels_issue14.py), this costs about as much as the exact
text match; the alternative, a script that lists every name and picks one, loses Playwright's waiting.
Known gap: a page character that NFKC expands to several (㈱ → (株)) matches only when written as on
the page.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import FrameLocator, Locator, Page

__all__ = ["DECORATED_JS", "DESCRIBE_JS", "NAMES_JS", "label_locator", "name_pattern", "plain_name", "ranked", "text_pattern"]

# After NFKC every decoration is ASCII or ※: ： → :, ＊ → *, （必須） → (必須), ［必須］ → [必須], U+3000 → space.
_DECORATION = r"(?:\s|[*:※]|\(必須\)|\[必須\]|必須)+"
_LEADING = re.compile("^" + _DECORATION)
_TRAILING = re.compile(_DECORATION + "$")

# The same decorations as the page may write them (no NFKC in a regular expression): for the JS side.
DECORATED_JS = r"(?:\s|[:：*＊※]|[(（]必須[)）]|[\[［]必須[\]］]|必須)*"

_SPECIAL = set("\\^$.|?*+()[]{}/-")


def plain_name(name: str) -> str:
    """``name`` without decorations at either end, NFKC-folded, inner spaces made one; never empty
    unless ``name`` is (a label that is only 「必須」 stays 「必須」)."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip()
    stripped = _TRAILING.sub("", _LEADING.sub("", folded))
    return stripped or folded


@functools.cache
def _folding_into() -> dict[str, tuple[str, ...]]:
    """For each character, the characters (and half-width kana with their sound mark) NFKC folds into it."""
    into: dict[str, set[str]] = {}
    for code in range(0x20, 0x10000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch and len(folded) == 1:
            into.setdefault(folded, set()).add(ch)
    for code in range(0xFF66, 0xFF9E):  # ｶﾞ → ガ, ﾊﾟ → パ: two half-width characters make one
        for mark in ("\uff9e", "\uff9f"):
            pair = chr(code) + mark
            folded = unicodedata.normalize("NFKC", pair)
            if len(folded) == 1:
                into.setdefault(folded, set()).add(pair)
    return {k: tuple(sorted(v)) for k, v in into.items()}


def _escape(text: str) -> str:
    """``text`` as a literal in a JavaScript regular expression without the ``u`` flag."""
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


def _char(ch: str) -> str:
    """A regular expression for ``ch`` and every character that NFKC folds into it."""
    if ch.isspace():
        return r"\s+"
    variants = {ch, *_folding_into().get(ch, ()), unicodedata.normalize("NFD", ch)}
    if len(variants) == 1:
        return _escape(ch)
    # an alternation, not a character class: a class would split a surrogate pair (𠮷) in JavaScript
    return "(?:" + "|".join(_escape(v) for v in sorted(variants, key=len, reverse=True)) + ")"


def _folded(text: str) -> str:
    return "".join(_char(ch) for ch in text)


def name_pattern(name: str) -> re.Pattern[str]:
    """The whole name, decorations and width aside: 「ユーザー名」 finds 「ユーザー名:」 and 「＊ユーザー名（必須）」."""
    core = _folded(plain_name(name))
    raw = re.sub(r"\s+", " ", name).strip()
    if unicodedata.normalize("NFKC", raw) != raw:  # also as written (a 「㈱」 on the page)
        core = f"(?:{core}|{_escape(raw)})"
    return re.compile(f"^{DECORATED_JS}{core}{DECORATED_JS}$")


def text_pattern(text: str) -> re.Pattern[str]:
    """Part of a text, width aside and in any case, as Playwright's own ``get_by_text`` without ``exact``."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    return re.compile(_folded(folded), re.IGNORECASE)


_FIELDS_CSS = (
    "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]),"
    " select, textarea"
)


def label_locator(scope: Page | FrameLocator, name: str) -> Locator:
    """The field labelled ``name``: by ``<label>``, aria-label or aria-labelledby (Playwright's rules); by
    its accessible name, which also reads a label that is only an icon (Django's search box: a magnifier
    with alt 「検索」); or by a table cell just before the cell that holds it (「<th>氏名</th><td><input>」,
    common in Japanese systems). Several ways may find one field: Playwright's ``or`` counts it once."""
    pattern = name_pattern(name)
    beside = scope.locator("th, td").filter(has_text=pattern).locator("xpath=following-sibling::*[1]")
    named = scope.get_by_role("textbox", name=pattern)
    return scope.get_by_label(pattern).or_(named).or_(beside.locator(_FIELDS_CSS))


# -- what the page offers, for a did-you-mean ---------------------------------------------------

# Shared by the two scripts below: the names a page shows for its fields, buttons, links…
_PRELUDE = r"""
const FIELDS = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset])'
  + ':not([type=image]), select, textarea, [contenteditable=""], [contenteditable=true]';
const ROLES = {
  button: 'button, input[type=submit], input[type=button], input[type=reset], input[type=image], [role=button]',
  link: 'a[href], [role=link]', checkbox: 'input[type=checkbox], [role=checkbox]',
  radio: 'input[type=radio], [role=radio]', combobox: 'select, [role=combobox]', option: 'option, [role=option]',
  textbox: 'input:not([type]), input[type=text], input[type=email], input[type=tel], input[type=url], '
    + 'input[type=search], textarea, [role=textbox]',
  heading: 'h1, h2, h3, h4, h5, h6, [role=heading]', cell: 'td, [role=cell]', row: 'tr, [role=row]',
};
const squash = s => (s || '').replace(/\s+/g, ' ').trim();
const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
const own = e => Array.from(e.childNodes).map(n => n.nodeType === 3 ? n.textContent
  : (n.nodeType !== 1 || n.matches('input, select, textarea, button, script, style') ? ''
    : (n.tagName === 'IMG' ? ' ' + (n.alt || '') + ' ' : own(n)))).join('');
const byIds = e => squash((e.getAttribute('aria-labelledby') || '').split(/\s+/)
  .map(id => { const t = id && document.getElementById(id); return t ? t.textContent : ''; }).join(' '));
const cellLabel = e => {
  const cell = e.closest('td, th');
  const prev = cell && cell.previousElementSibling;
  return prev && prev.matches('td, th') && !prev.querySelector(FIELDS) ? squash(prev.textContent) : '';
};
const labelsOf = e => [e.getAttribute('aria-label'), byIds(e),
  ...Array.from(e.labels || []).map(own), cellLabel(e)].map(squash).filter(Boolean);
const nameOf = e => labelsOf(e)[0] || squash(e.tagName === 'INPUT' ? e.value : e.innerText)
  || squash(e.getAttribute('title')) || squash(Array.from(e.querySelectorAll('img[alt]')).map(i => i.alt).join(' '));
"""

# The names of one kind on the page, in page order (run on its root element): ``[kind, role]`` -> texts.
NAMES_JS = (
    "(_root, [kind, role]) => {"
    + _PRELUDE
    + r"""
  const all = s => Array.from(document.querySelectorAll(s)).filter(shown);
  let names;
  if (kind === 'label') names = all(FIELDS).flatMap(labelsOf);
  else if (kind === 'role') names = all(ROLES[role] || `[role=${role}]`).map(nameOf);
  else if (kind === 'placeholder' || kind === 'title') names = all(`[${kind}]`).map(e => e.getAttribute(kind));
  else names = all('a, button, label, th, td, h1, h2, h3, h4, h5, h6, li, dt, dd, p, span, legend, caption')
    .filter(e => !e.querySelector('a, button, label, th, td, p, li, div')).map(e => e.innerText);
  return Array.from(new Set(names.map(squash).filter(n => n && n.length <= 60))).slice(0, 300);
}"""
)

# What each of several matching elements is called, to name them in an error.
DESCRIBE_JS = (
    "els => {"
    + _PRELUDE
    + r"""
  return els.map(e => nameOf(e) || squash(e.getAttribute('placeholder')) || e.outerHTML.slice(0, 80));
}"""
)


def ranked(wanted: str, names: list[str]) -> list[str]:
    """``names`` closest to ``wanted`` first (difflib's ratio on the plain names, as validate ranks)."""
    target = plain_name(wanted)
    scores = {n: difflib.SequenceMatcher(None, target, plain_name(n)).ratio() for n in names}
    return sorted(names, key=lambda n: -scores[n])  # sorted() is stable: page order among equals
