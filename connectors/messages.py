"""The catalogue of ``connectors`` (entry point ``robosan.messages``: ``connectors = "connectors.messages:MESSAGES"``)."""

from __future__ import annotations

from connectors._csv_messages import CSV_MESSAGES
from connectors._excel_messages import EXCEL_MESSAGES
from connectors._hostile_messages import HOSTILE_MESSAGES
from connectors._labels_messages import LABELS_MESSAGES

# file.* actions (connectors.files).
_FILES: dict[str, tuple[str, str]] = {
    "files.not_found": ("ファイル {path} が見つかりません。", "File {path} was not found."),
    "files.not_found.hint": (
        "場所と名前(拡張子も)を確認してください。相対パスはシナリオのフォルダーから数えます。",
        "Check the folder and the name (with its extension). Relative paths start from the scenario's folder.",
    ),
    "files.is_folder": (
        "{path} はフォルダーです。ファイルを指定してください。",
        "{path} is a folder, not a file.",
    ),
    "files.no_access": ("{path} を開く権限がありません。", "No permission to open {path}."),
    "files.no_access.hint": (
        "ファイルの権限を確認するか、管理者に相談してください。",
        "Check the file's permissions or ask an administrator.",
    ),
    "files.decode": (
        "{path} を文字コード {encoding} で読めません({line}行目付近)。",
        "Cannot read {path} as {encoding} (near line {line}).",
    ),
    "files.decode.hint": (
        "encoding: {suggest} を試してください。日本語の Windows で作られたファイルは cp932 (Shift_JIS) のことが多いです。",
        "Try encoding: {suggest}. Files from Japanese Windows systems are often cp932 (Shift_JIS).",
    ),
    "files.encode": (
        "文字「{char}」は文字コード {encoding} で書けません({path})。",
        "The character '{char}' cannot be written as {encoding} ({path}).",
    ),
    "files.encode.hint": (
        "文字を置き換えるか、encoding: utf-8 で保存してください。",
        "Replace the character, or save with encoding: utf-8.",
    ),
    "files.unknown_encoding": (
        "文字コード「{encoding}」はありません。",
        "Unknown encoding '{encoding}'.",
    ),
    "files.unknown_encoding.hint": (
        "utf-8、utf-8-sig(BOM付き)、cp932(Shift_JIS)のどれかを指定してください。",
        "Use utf-8, utf-8-sig (with BOM) or cp932 (Shift_JIS).",
    ),
    "files.in_use": (
        "{path} は別のプログラムが使っているため保存できません。",
        "{path} is in use by another program and cannot be saved.",
    ),
    "files.in_use.hint": (
        "ファイルを開いているプログラムを閉じてから、もう一度実行してください。",
        "Close the program that has the file open, then run again.",
    ),
    "files.no_write_access": (
        "フォルダー {folder} に書き込めません。",
        "Cannot write to the folder {folder}.",
    ),
    "files.no_write_access.hint": (
        "フォルダーの権限を確認するか、別の保存先を指定してください。",
        "Check the folder's permissions, or choose another place to save.",
    ),
    "files.no_folder": ("フォルダー {folder} がありません。", "The folder {folder} does not exist."),
    "files.no_folder.hint": (
        "場所を確認してください。相対パスはシナリオのフォルダーから数えます。",
        "Check the location. Relative paths start from the scenario's folder.",
    ),
    "files.exists": ("{path} はすでにあります。", "{path} already exists."),
    "files.exists.hint": (
        "上書きしてよければ overwrite: true を指定してください。",
        "Give overwrite: true if it may be replaced.",
    ),
    "files.same": (
        "コピー元とコピー先が同じファイルです({path})。",
        "Source and destination are the same file ({path}).",
    ),
    "files.wait_timeout": (
        "{seconds}秒待ちましたが {path} が{what}。",
        "Waited {seconds} s, but {path} {what_en}.",
    ),
    "files.wait_timeout.hint": (
        "ファイルを作る処理(ダウンロード、基幹システムの出力)が終わっているか確認し、必要なら timeout: を長くしてください。",
        "Check that whatever makes the file (a download, a core system's export) has finished; lengthen timeout: if needed.",
    ),
    "files.archived": (
        "{count} 個のファイルを {folder} に保管しました。",
        "Archived {count} file(s) in {folder}.",
    ),
}


# print.pdf (connectors.printing).
_PRINT: dict[str, tuple[str, str]] = {
    "print.not_found": ("印刷するPDF {file} がありません。", "The PDF to print, {file}, does not exist."),
    "print.not_pdf": ("{file} はPDFではありません。", "{file} is not a PDF."),
    "print.not_pdf.hint": ("印刷できるのは .pdf ファイルです。", "Only .pdf files can be printed."),
    "print.no_lp": ("印刷コマンド lp がありません。", "The print command lp is not installed."),
    "print.no_lp.hint": (
        "CUPS のクライアント(apt の cups-client)を入れるか、save_only: true で保存だけにしてください。",
        "Install the CUPS client (apt cups-client), or give save_only: true to only save the PDF.",
    ),
    "print.no_cups": (
        "印刷の仕組み(CUPS)に接続できません: {detail}",
        "Cannot reach the print system (CUPS): {detail}",
    ),
    "print.no_cups.hint": (
        "プリンターの設定を管理者に確認してもらうか、save_only: true で保存だけにしてください。",
        "Ask an administrator to check the printer set-up, or give save_only: true to only save the PDF.",
    ),
    "print.no_default": ("通常使うプリンターが設定されていません。", "No default printer is set."),
    "print.no_default.hint": (
        "printer: にプリンター名を指定してください。このパソコンのプリンター: {printers}",
        "Give the printer's name as printer:. Printers on this PC: {printers}",
    ),
    "print.unknown_printer": (
        "プリンター「{printer}」が見つかりません。",
        "Printer '{printer}' was not found.",
    ),
    "print.unknown_printer.hint": (
        "このパソコンのプリンター: {printers}",
        "Printers on this PC: {printers}",
    ),
    "print.no_app": (
        "PDFを印刷するアプリが見つかりません: {detail}",
        "No program is set up to print PDFs: {detail}",
    ),
    "print.no_app.hint": (
        "PDFを開くアプリ(Adobe Acrobat Reader など)を入れ、既定のアプリにしてください。",
        "Install a PDF program (such as Adobe Acrobat Reader) and make it the default for PDFs.",
    ),
    "print.failed": (
        "{printer} への印刷に失敗しました: {detail}",
        "Printing to {printer} failed: {detail}",
    ),
    "print.sent": (
        "{file} を {printer} に送りました({copies}部、受付番号 {job})。",
        "Sent {file} to {printer} ({copies} copies, job {job}).",
    ),
    "print.saved": ("{file} は印刷せずに保存だけしました。", "{file} was saved, not printed."),
    "print.dry_run": (
        "テスト実行のため印刷しません({file} → {printer})。",
        "Dry run: not printing ({file} → {printer}).",
    ),
}


MESSAGES: dict[str, tuple[str, str]] = {**EXCEL_MESSAGES, **CSV_MESSAGES, **LABELS_MESSAGES, **HOSTILE_MESSAGES, **_FILES, **_PRINT}
