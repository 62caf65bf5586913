"""The catalogue of the sample systems' launcher and ``robosan demo`` (the systems themselves, ``web/`` and
``desktop/``, import no robosan code and keep their own strings).
"""

from __future__ import annotations

from sample_systems._gtk_messages import GTK_MESSAGES

MESSAGES: dict[str, tuple[str, str]] = {
    "sample_web.reset": (
        "見本システムのデータを消去しました: {db}",
        "The sample system's data was deleted: {db}",
    ),
    "sample_web.port_in_use": (
        "{host} のポート {port} で待ち受けできません({detail})。",
        "Cannot listen on port {port} of {host} ({detail}).",
    ),
    "sample_web.port_in_use.hint": (
        "別のポート番号を --port で指定するか、動いている見本システムを止めてください。",
        "Give another port with --port, or stop the sample system already running.",
    ),
    "sample_desktop.reset": (
        "見本の軽自動車税システムのデータを消去しました: {db}",
        "The sample light-vehicle tax program's data was deleted: {db}",
    ),
    "demo.start": (
        "robosan デモ: 見本のシナリオを実行します(記録先 {home})",
        "robosan demo: running the example scenarios (log in {home})",
    ),
    "demo.scenario": ("▶ {name}", "▶ {name}"),
    "demo.web": (
        "見本の税務総合システムを起動しました: {url}",
        "Started the sample tax web system: {url}",
    ),
    "demo.display": (
        "画面のないPCなので仮想画面 {display} を使います。",
        "No screen on this PC: using the virtual display {display}.",
    ),
    "demo.scans": (
        "見本の申込書のスキャン画像を {count} 枚作りました: {folder}",
        "Made {count} sample application scans in {folder}",
    ),
    "demo.skipped": ("「{folder}」は実行しません: {reason}", "Skipping '{folder}': {reason}"),
    "demo.done": (
        "デモが終わりました。結果の一覧: {home}/runs/",
        "Demo finished. Result workbooks: {home}/runs/",
    ),
    **GTK_MESSAGES,
}
