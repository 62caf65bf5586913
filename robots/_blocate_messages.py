"""What the browser robot says when a name on the page is not found or fits several (issue 14)."""

from __future__ import annotations

_HOW_TO_WRITE = (
    "シナリオには画面に表示されている名前を書いてください。前後の「:」「：」「*」「※」「（必須）」や空白、"
    "全角・半角の違いは気にしなくてかまいません。画面の写真と HTML を記録しました: {shot}",
    "Write the name as the page shows it. Colons, asterisks, ※ or （必須） before or after it, spaces and "
    "full-width/half-width differences do not matter. A screenshot and the page's HTML were saved: {shot}",
)

BLOCATE_MESSAGES: dict[str, tuple[str, str]] = {
    "browser.not_found_near": (
        "画面「{title}」({url})で{locator_ja}が見つかりません({seconds}秒待ちました)。"
        "この画面にある{kind_ja}: {listed} 近いもの: 「{near}」",
        "{locator_en} was not found on the page '{title}' ({url}); waited {seconds} s. "
        "{kind_en} on this page: {listed} Closest: 「{near}」",
    ),
    "browser.not_found_near.hint": _HOW_TO_WRITE,
    "browser.not_found_listed": (
        "画面「{title}」({url})で{locator_ja}が見つかりません({seconds}秒待ちました)。"
        "この画面にある{kind_ja}: {listed}",
        "{locator_en} was not found on the page '{title}' ({url}); waited {seconds} s. "
        "{kind_en} on this page: {listed}",
    ),
    "browser.not_found_listed.hint": _HOW_TO_WRITE,
    "browser.ambiguous_named": (
        "画面「{title}」で{locator_ja}に当てはまるものが{count}個あります: {names}。"
        "どれを操作するか決められません。",
        "{count} elements match {locator_en} on the page '{title}': {names}. Cannot tell which to use.",
    ),
    "browser.ambiguous_named.hint": (
        "nth: 1 のように何番目かを書くか、exact: true で画面の表示と一字一句同じものだけにしてください。"
        "画面の写真と HTML: {shot}",
        "Add nth: 1 (which one, counted from 1), or exact: true to take only the one whose name is exactly "
        "as written. Screenshot and HTML: {shot}",
    ),
}
