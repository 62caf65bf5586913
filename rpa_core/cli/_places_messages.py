"""Messages of ``robosan validate``'s warnings about places (issue 13)."""

from __future__ import annotations

PLACES_CLI_MESSAGES: dict[str, tuple[str, str]] = {
    "cli.place_warning": (
        "注意: {what} の {path} は、このPCではシナリオが使えない場所です(実行すると止まります)。",
        "Warning: {what}: {path} is outside the places a scenario may use on this PC (the run would stop there).",
    ),
    "cli.place_warning.hint": (
        "シナリオのフォルダーの中を指すか、--input で渡してください。共有フォルダーなどが必要なら、"
        "情報政策課に {settings} か robot ファイルの allowed_paths: に加えるよう依頼してください。",
        "Point inside the scenario's folder or pass the path with --input. If a shared folder is needed, ask "
        "the PC's administrator (情報政策課) to add it to allowed_paths: in {settings} or in the robot file.",
    ),
}
