"""Messages of the declared places (``rpa_core.running.places``): refusals and bad ``allowed_paths:``."""

from __future__ import annotations

_HINT = (
    "このパソコンでロボットが使ってよいフォルダーは、パソコンを管理する情報政策課が決めます。"
    "必要なフォルダーなら、情報政策課に {settings} か robot ファイルの allowed_paths: に加えるよう依頼してください。"
    "入力ファイルなら --input で渡せば、そのファイルだけが使えます。",
    "The folders a robot may use on this PC are decided by its administrator (情報政策課). If the folder is "
    "needed, ask them to add it to allowed_paths: in {settings} or in the robot file. An input file passed "
    "with --input may be used (that file only).",
)

PLACES_MESSAGES: dict[str, tuple[str, str]] = {
    "places.refused_read": (
        "{action} の {arg}: {path} は、このシナリオが読んでよい場所(シナリオのフォルダー、渡された入力、"
        "実行フォルダー、allowed_paths: のフォルダー)の外にあるため、読みませんでした。",
        "{action} {arg}: {path} is outside the places this scenario may read (its folder, the inputs given to "
        "it, the run folder, the folders of allowed_paths:), so it was not read.",
    ),
    "places.refused_read.hint": _HINT,
    "places.refused_write": (
        "{action} の {arg}: {path} は、このシナリオが書いてよい場所(シナリオのフォルダー、渡された入力、"
        "実行フォルダー、allowed_paths: のフォルダー)の外にあるため、書き込みませんでした。",
        "{action} {arg}: {path} is outside the places this scenario may write (its folder, the inputs given "
        "to it, the run folder, the folders of allowed_paths:), so nothing was written.",
    ),
    "places.refused_write.hint": _HINT,
    "places.bad_setting": (
        "{file} の {key}: は一覧(- で始まる行、または [ ] の中)で書いてください。",
        "{key}: in {file} must be a list (lines starting with -, or inside [ ]).",
    ),
    "places.bad_setting.hint": (
        "例: {key}: ['C:\\共有\\市民課\\申請書', '\\\\fileserver\\share\\市民課']",
        "Example: {key}: ['C:\\共有\\市民課\\申請書', '\\\\fileserver\\share\\市民課']",
    ),
    "programs.refused": (
        "{action} の {arg}: 「{command}」は、このパソコンで起動してよいプログラム(allowed_programs: — {allowed})に"
        "ないため、起動しませんでした。",
        "{action} {arg}: '{command}' is not among the programs this PC lets a robot start "
        "(allowed_programs: — {allowed}), so it was not started.",
    ),
    "programs.refused.hint": (
        "ロボットが起動してよいプログラムは、パソコンを管理する情報政策課が決めます。業務システムのプログラムなら、"
        "情報政策課に {settings} の allowed_programs: に起動のコマンドを加えるよう依頼してください"
        "(例: allowed_programs: ['C:\\Program Files\\軽自動車税\\kei.exe'])。",
        "The programs a robot may start on this PC are decided by its administrator (情報政策課). If it is the "
        "business system's program, ask them to add its command to allowed_programs: in {settings} "
        "(e.g. allowed_programs: ['C:\\Program Files\\軽自動車税\\kei.exe']).",
    ),
}
