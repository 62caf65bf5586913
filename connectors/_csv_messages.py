"""The ``csv.*`` messages (data of :mod:`connectors.messages`)."""

from __future__ import annotations

CSV_MESSAGES: dict[str, tuple[str, str]] = {
    "csv.not_found": ("CSVファイル {file} が見つかりません。", "CSV file {file} was not found."),
    "csv.not_found.hint": (
        "場所と名前(拡張子も)を確認してください。相対パスはシナリオのフォルダーから数えます。",
        "Check the folder and the name (with its extension). Relative paths start from the scenario's folder.",
    ),
    "csv.is_folder": (
        "{file} はフォルダーです。CSVファイルを指定してください。",
        "{file} is a folder: give a CSV file.",
    ),
    "csv.is_excel": (
        "{file} はExcelブックで、CSVではありません。",
        "{file} is an Excel workbook, not a CSV file.",
    ),
    "csv.is_excel.hint": (
        "Excelブックは excel.read_rows で読んでください。",
        "Read workbooks with excel.read_rows.",
    ),
    "csv.no_access": ("{file} を開く権限がありません。", "No permission to open {file}."),
    "csv.decode": (
        "{file} を文字コード {encoding} で読めません({line}行目)。",
        "Cannot read {file} as {encoding} (line {line}).",
    ),
    "csv.decode.hint": (
        "ファイルの文字コードを確かめ、encoding: に指定してください(例: encoding: euc_jp)。",
        "Check the file's encoding and give it as encoding: (e.g. encoding: euc_jp).",
    ),
    "csv.unknown_encoding": ("文字コード「{encoding}」はありません。", "Unknown encoding '{encoding}'."),
    "csv.unknown_encoding.hint": (
        "auto(自動判定)、cp932(Shift_JIS)、utf-8、utf-8-sig(BOM付き)のどれかを指定してください。",
        "Use auto (detect), cp932 (Shift_JIS), utf-8 or utf-8-sig (with BOM).",
    ),
    "csv.bad_delimiter": (
        "区切り文字は1文字にしてください(「{delimiter}」)。",
        "The delimiter must be one character ('{delimiter}').",
    ),
    "csv.no_header": ("{file} の{row}行目に見出しがありません。", "Line {row} of {file} has no header."),
    "csv.no_header.hint": (
        "見出しのない CSV なら header_row: 0 を指定してください(列は 列A、列B… になります)。",
        "For a CSV without a header, give header_row: 0 (columns become 列A, 列B, …).",
    ),
    "csv.unencodable": (
        "{file} に {encoding} で書けない文字が {count} か所あります: {places}",
        "{count} character(s) cannot be written to {file} as {encoding}: {places_en}",
    ),
    "csv.unencodable.hint": (
        "元のデータで文字を置き換える(例: 𠮷→吉)か、受け取る側が読めるなら encoding: utf-8 で保存してください。unencodable: replace にすると「〓」に置き換え、置き換えた場所を記録します。",
        "Replace the characters in the source data (e.g. 𠮷 → 吉), or save with encoding: utf-8 if the receiving system reads it. With unencodable: replace they become 〓 and each place is logged.",
    ),
    "csv.replaced": (
        "{file}: {place} の「{char}」({code})を「〓」に置き換えました。",
        "{file}: replaced '{char}' ({code}) at {place_en} with 〓.",
    ),
    "csv.locked": (
        "{file} は {owner} さんがExcelで開いているため書き込めません。",
        "{file} is open in Excel by {owner} and cannot be written.",
    ),
    "csv.locked.hint": (
        "閉じてもらってから、もう一度実行してください。誰も開いていない場合は、ロックファイル {lock} を削除してください。",
        "Ask them to close it, then run again. If nobody has it open, delete the lock file {lock}.",
    ),
    "csv.in_use": (
        "{file} は開かれているため保存できません。",
        "{file} is open in another program and cannot be saved.",
    ),
    "csv.in_use.hint": (
        "Excelなどで開いていたら閉じて、もう一度実行してください。",
        "If it is open in Excel or another program, close it and run again.",
    ),
    "csv.user_defined": (
        "{file} の{row}行目 {col}列「{header}」に外字(利用者定義文字 {codes})があります。ほかのパソコンや印刷では別の字になります。",
        "Row {row}, column {col} ({header}) of {file} holds user-defined characters ({codes}): they show as other characters elsewhere and in print.",
    ),
    "csv.read": (
        "{file} から {count} 行を読みました(文字コード {encoding})。",
        "Read {count} rows from {file} (encoding {encoding}).",
    ),
    "csv.wrote": (
        "{file} に {count} 行を書きました(文字コード {encoding})。",
        "Wrote {count} rows to {file} (encoding {encoding}).",
    ),
    # Codes (csv.read_rows text_columns, connectors._codes).
    "csv.code_not_text": (
        "{file} の、コードとして読む列(text_columns)に、桁数の違う値があります。",
        "In {file}, the columns read as codes (text_columns) hold values with another number of digits.",
    ),
    "csv.code_not_text.hint": (
        "CSV を Excel で開いて保存し直すと、コードの先頭の 0 が消えます。元のシステムから出力し直すか、"
        "メモ帳などで直してください。桁数が決まっていて先頭に 0 を補えばよいと確かめた列だけは、"
        "その列を text_columns から外し、シナリオで {example} のように補えます。",
        "Opening a CSV in Excel and saving it again drops the leading zeros of codes. Export it again from its "
        "system, or correct it in a text editor. Only where the length is fixed and you have checked that padding "
        "with zeros is right, take the column out of text_columns and pad it in the scenario: {example}.",
    ),
    "csv.unknown_text_column": (
        "text_columns の「{column}」は、{file} の見出しにありません。",
        "text_columns names '{column}', which is not a header of {file}.",
    ),
    "csv.unknown_text_column.hint": ("このファイルの見出し: {headers}", "Headers of this file: {headers}"),
    "csv.unknown_text_column_guess": (
        "text_columns の「{column}」は、{file} の見出しにありません。「{guess}」のことですか?",
        "text_columns names '{column}', which is not a header of {file}. Did you mean '{guess}'?",
    ),
    "csv.unknown_text_column_guess.hint": (
        "見出しと同じ書き方にしてください。このファイルの見出し: {headers}",
        "Write it as the header is written. Headers of this file: {headers}",
    ),
}
