"""What the browser robot says to a clerk (the ``browser.*`` keys; data of :mod:`robots.messages`)."""

from __future__ import annotations

BROWSER_MESSAGES: dict[str, tuple[str, str]] = {
    # -- starting the browser
    "browser.started": (
        "ブラウザーを起動しました({browser}、{mode})。",
        "Browser started ({browser}, {mode}).",
    ),
    "browser.restarted": (
        "ブラウザーが閉じられていたので、起動し直します。",
        "The browser had been closed; starting it again.",
    ),
    "browser.launch_failed": (
        "ブラウザー({browser})を起動できません: {detail}",
        "Cannot start the browser ({browser}): {detail}",
    ),
    "browser.launch_failed.hint": (
        "Edge か Chrome が入っているか確かめてください。settings の browser: に channel: msedge か "
        "executable_path: (ブラウザーの exe の場所)を書くと、使うブラウザーを指定できます。",
        "Check that Edge or Chrome is installed. Set channel: msedge or executable_path: (the browser's "
        "program file) under settings: browser: to choose the browser.",
    ),
    "browser.unknown_setting": (
        "settings の browser: に知らない項目「{key}」があります。",
        "Unknown item '{key}' under settings: browser:.",
    ),
    "browser.unknown_setting.hint": ("使える項目: {known}", "Known items: {known}"),
    "browser.bad_setting": (
        "settings の browser: の {key} の値「{value}」は使えません。",
        "The value '{value}' of {key} under settings: browser: cannot be used.",
    ),
    "browser.bad_setting.hint": ("使える値: {expected}", "Use: {expected}"),
    # -- finding things on the page
    "browser.no_locator": (
        "{action} には、何を操作するか(label、text、role と name、placeholder、title、css の"
        "どれか)が必要です。",
        "{action} needs something to act on (one of label, text, role with name, "
        "placeholder, title, css).",
    ),
    "browser.no_locator.hint": (
        "例: {{label: 事業所名, value: …}}",
        "Example: {{label: 事業所名, value: …}}",
    ),
    "browser.two_locators": (
        "{action} に探し方が2つ書かれています({first} と {second})。1つにしてください。",
        "{action} has two ways to find the element ({first} and {second}); use one.",
    ),
    "browser.two_locators.hint": (
        "表の中など場所を絞るときは css で書いてください。",
        "To look inside a part of the page, write it as css.",
    ),
    "browser.bad_role": ("role「{role}」はありません。", "There is no role '{role}'."),
    "browser.bad_role.hint": (
        "よく使うもの: button(ボタン)、link(リンク)、textbox(入力欄)、checkbox、combobox(選択欄)、"
        "heading(見出し)、cell、row、tab",
        "Common ones: button, link, textbox, checkbox, combobox, heading, cell, row, tab",
    ),
    "browser.not_found": (
        "画面「{title}」({url})で{locator_ja}が見つかりません({seconds}秒待ちました)。",
        "{locator_en} was not found on the page '{title}' ({url}); waited {seconds} s.",
    ),
    "browser.not_found.hint": (
        "画面に表示されている名前(ラベルやボタンの文字)と、シナリオの書き方が同じか確かめてください。"
        "画面の写真と HTML を記録しました: {shot}",
        "Check that the scenario uses the name shown on the page (label or button text). "
        "A screenshot and the page's HTML were saved: {shot}",
    ),
    "browser.ambiguous": (
        "画面「{title}」で{locator_ja}に当てはまるものが{count}個あります。どれを操作するか決められません。",
        "{count} elements match {locator_en} on the page '{title}'; cannot tell which to use.",
    ),
    "browser.ambiguous.hint": (
        "nth: 1 のように何番目かを書くか、exact: true で完全に一致するものだけにしてください。"
        "画面の写真と HTML: {shot}",
        "Add nth: 1 (which one, counted from 1) or exact: true. Screenshot and HTML: {shot}",
    ),
    "browser.failed": (
        "画面「{title}」({url})で{locator_ja}を操作できません: {detail}",
        "Cannot act on {locator_en} on the page '{title}' ({url}): {detail}",
    ),
    "browser.failed.hint": (
        "画面の写真と HTML を記録しました: {shot}",
        "A screenshot and the HTML were saved: {shot}",
    ),
    "browser.text_not_shown": (
        "画面「{title}」({url})に「{text}」が表示されません({seconds}秒待ちました)。",
        "'{text}' did not appear on the page '{title}' ({url}); waited {seconds} s.",
    ),
    "browser.text_not_shown.hint": (
        "画面の写真と HTML を記録しました: {shot}",
        "A screenshot and the HTML were saved: {shot}",
    ),
    "browser.url_not_reached": (
        "アドレスが「{expected}」を含む画面になりません(今は {url}、{seconds}秒待ちました)。",
        "The address did not come to contain '{expected}' (now {url}; waited {seconds} s).",
    ),
    "browser.url_not_reached.hint": (
        "画面の写真と HTML を記録しました: {shot}",
        "A screenshot and the HTML were saved: {shot}",
    ),
    "browser.no_option": (
        "選択欄{locator_ja}に「{option}」という選択肢がありません。",
        "The list {locator_en} has no option '{option}'.",
    ),
    "browser.no_option.hint": ("選べるのは: {choices}", "Choices: {choices}"),
    "browser.not_a_table": ("{locator_ja}は表(table)ではありません。", "{locator_en} is not a table."),
    "browser.not_a_table.hint": (
        'css: "table#…" のように表そのものを指してください。',
        'Point at the table itself, e.g. css: "table#…".',
    ),
    # -- opening pages, windows, frames
    "browser.cannot_open": ("{url} を開けません: {detail}", "Cannot open {url}: {detail}"),
    "browser.cannot_open.hint": (
        "アドレスが正しいか、相手のシステムが動いているか確かめてください。",
        "Check the address, and that the system is running.",
    ),
    "browser.http_error": (
        "{url} がエラー {status} を返しました。",
        "{url} answered with error {status}.",
    ),
    "browser.no_window": (
        "{wanted} のウィンドウ(タブ)が見つかりません({seconds}秒待ちました)。開いているもの: {open}",
        "No window (tab) {wanted} was found (waited {seconds} s). Open now: {open}",
    ),
    "browser.no_window.hint": (
        "ポップアップを開くボタンを押したか、title: や url: の文字が合っているか確かめてください。",
        "Check that the button opening the pop-up was clicked, and the title:/url: text.",
    ),
    "browser.bad_window": (
        "window: には main(最初の画面)、new(新しく開いた画面)か番号を書いてください(「{window}」)。",
        "window: takes main (the first window), new (the newest) or a number (got '{window}').",
    ),
    "browser.back_to_window": (
        "ポップアップが閉じたので、元の画面「{title}」に戻りました。",
        "The pop-up closed itself; back to the window '{title}'.",
    ),
    "browser.window_closed": (
        "操作しようとした画面(ポップアップなど)が閉じられました。",
        "The window the step meant to act in has closed.",
    ),
    "browser.window_closed.hint": (
        "browser.switch_to で操作する画面を選び直してください。",
        "Choose the window to act in with browser.switch_to.",
    ),
    "browser.switched": ("ウィンドウ「{title}」に切り替えました。", "Switched to the window '{title}'."),
    "browser.frame_needs": (
        "browser.frame には css、title か name(iframe の名前)を書くか、leave: true で枠から出てください。",
        "browser.frame needs css, title or name (of the iframe), or leave: true.",
    ),
    # -- dialogs, files
    "browser.dialog_accepted": (
        "ダイアログ「{message}」に OK を押しました。",
        "Pressed OK on the dialog '{message}'.",
    ),
    "browser.dialog_dismissed": (
        "ダイアログ「{message}」にキャンセルを押しました。",
        "Pressed Cancel on the dialog '{message}'.",
    ),
    "browser.no_download": (
        "{locator_ja}を押してもダウンロードが始まりません({seconds}秒待ちました)。",
        "Clicking {locator_en} started no download (waited {seconds} s).",
    ),
    "browser.no_download.hint": (
        "押す場所が正しいか確かめてください。画面の写真と HTML: {shot}",
        "Check what is clicked. Screenshot and HTML: {shot}",
    ),
    "browser.downloaded": (
        "ダウンロードしたファイルを {path} に保存しました。",
        "Saved the downloaded file as {path}.",
    ),
    "browser.upload_missing": (
        "アップロードするファイル {path} がありません。",
        "The file to upload, {path}, does not exist.",
    ),
    "browser.upload_missing.hint": (
        "相対パスはシナリオのフォルダーから数えます。",
        "Relative paths start from the scenario's folder.",
    ),
    "browser.screenshot_saved": ("画面の写真を {path} に保存しました。", "Saved a screenshot as {path}."),
    "browser.bad_state": (
        "state には visible(表示)、hidden(非表示)、attached、detached のどれかを書いてください"
        "(「{state}」)。",
        "state takes visible, hidden, attached or detached (got '{state}').",
    ),
    "browser.bad_key": ("キー「{key}」はありません。", "There is no key '{key}'."),
    "browser.bad_key.hint": (
        "例: Enter、Tab、Escape、ArrowDown、Control+A",
        "Examples: Enter, Tab, Escape, ArrowDown, Control+A",
    ),
}
