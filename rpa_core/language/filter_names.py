"""Which filter a clerk meant: aliases from Excel, Power Automate or English, and a did-you-mean."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["COMMON_JINJA_FILTERS", "FILTER_ALIASES", "suggest_filter"]

# For ``robosan validate``'s did-you-mean on an unknown filter: names clerks bring from Excel,
# Power Automate or plain English, mapped to the filter that does that job here.
FILTER_ALIASES: dict[str, str] = {
    "len": "length",
    "size": "length",
    "date": "to_date",
    "todate": "to_date",
    "datevalue": "to_date",
    "era": "wareki",
    "japanese_era": "wareki",
    "fullwidth": "zenkaku",
    "full_width": "zenkaku",
    "zen": "zenkaku",
    "halfwidth": "hankaku",
    "half_width": "hankaku",
    "han": "hankaku",
    "katakana": "kana",
    "number": "digits",
    "numbers": "digits",
    "currency": "yen",
    "money": "yen",
    "zip": "postal",
    "zipcode": "postal",
    "postcode": "postal",
    "tel": "phone",
    "telephone": "phone",
    "corporate_number": "houjin_bangou_ok",
    "uppercase": "upper",
    "lowercase": "lower",
    "strip": "trim",
}
# Jinja2's own filters a clerk is most likely to need: listed with ours when a name is unknown.
COMMON_JINJA_FILTERS = (
    "length",
    "default",
    "replace",
    "trim",
    "upper",
    "lower",
    "int",
    "round",
    "join",
    "sum",
)


def suggest_filter(name: str, known: Iterable[str]) -> str:
    """The filter a mistyped or borrowed name most likely means, or ``""``."""
    names = sorted(set(known))
    alias = FILTER_ALIASES.get(name.lower())
    if alias and alias in names:
        return alias
    if name.lower() in names:
        return name.lower()
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return close[0] if close else ""
