"""Messages for workbooks and CSV files refused by :mod:`connectors._hostile` (data of :mod:`connectors.messages`)."""

from __future__ import annotations

_SPLIT_JA = "本当に必要な大きさなら、年度や地区ごとなど複数のファイルに分けてください。"
_SPLIT_EN = "If the data really is this large, split it into several files (by year or district, for example)."

HOSTILE_MESSAGES: dict[str, tuple[str, str]] = {
    "excel.too_large_unzipped": (
        "{file} は展開すると {size} MB になり、上限 {limit} MB を超えるため開きません。",
        "{file} unzips to {size} MB, over the limit of {limit} MB, so it is not opened.",
    ),
    "excel.too_large_unzipped.hint": (
        "通常のExcelブックではありません(10万行×30列でも約110 MB)。送り主に確認してください。" + _SPLIT_JA,
        "This is no ordinary workbook (100,000 rows × 30 columns is about 110 MB). Ask its sender. " + _SPLIT_EN,
    ),
    "excel.zip_bomb": (
        "{file} の部品 {part} は圧縮率が {ratio}:1 で、上限 {limit}:1 を超えるため開きません(zip爆弾の疑い)。",
        "Part {part} of {file} is compressed {ratio}:1, over the limit of {limit}:1, so it is not opened "
        "(a suspected zip bomb).",
    ),
    "excel.zip_bomb.hint": (
        "Excelが保存したブックの圧縮率は 5〜20:1 程度です。Excelで開いて保存し直すか、送り主に確認してください。",
        "Workbooks saved by Excel compress about 5–20:1. Open it in Excel and save it again, or ask its sender.",
    ),
    "excel.too_many_parts": (
        "{file} には部品(zipの中のファイル)が {count} 個あり、上限 {limit} 個を超えるため開きません。",
        "{file} holds {count} parts (files inside the zip), over the limit of {limit}, so it is not opened.",
    ),
    "excel.too_many_parts.hint": (
        "通常のExcelブックではありません。Excelで開いて .xlsx で保存し直すか、送り主に確認してください。",
        "This is no ordinary workbook. Open it in Excel and save it again as .xlsx, or ask its sender.",
    ),
    "excel.nested_archive": (
        "{file} の部品 {part} はさらに圧縮ファイルになっているため開きません。",
        "Part {part} of {file} is itself an archive, so the workbook is not opened.",
    ),
    "excel.nested_archive.hint": (
        "Excelで開いて .xlsx で保存し直すか、送り主に確認してください。",
        "Open it in Excel and save it again as .xlsx, or ask its sender.",
    ),
    "excel.too_many_cells": (
        "{file} のシート({part})には {count} 個のセルがあり、上限 {limit} 個(10万行×30列)を超えるため開きません。",
        "The sheet ({part}) of {file} has {count} cells, over the limit of {limit} (100,000 rows × 30 columns), "
        "so it is not opened.",
    ),
    "excel.too_many_cells.hint": (
        "使っていない行や列に書式や空白が入っていないか確かめ(Ctrl+End で最後のセルが分かります)、削除して保存してください。"
        + _SPLIT_JA,
        "Check for formatting or spaces in unused rows and columns (Ctrl+End shows the last cell), delete them "
        "and save. " + _SPLIT_EN,
    ),
    "excel.too_many_rows": (
        "{file} のシート({part})は {limit} 行(Excelの最大)を超えるため開きません。",
        "The sheet ({part}) of {file} has more than {limit} rows (Excel's maximum), so it is not opened.",
    ),
    "excel.too_many_rows.hint": (
        "Excelが保存したブックではありません。Excelで開いて .xlsx で保存し直すか、送り主に確認してください。",
        "Excel did not save this workbook. Open it in Excel and save it again as .xlsx, or ask its sender.",
    ),
    "excel.too_many_elements": (
        "{file} の部品 {part} には XML の要素が {limit} 個を超えて入っているため開きません。",
        "Part {part} of {file} holds more than {limit} XML elements, so the workbook is not opened.",
    ),
    "excel.too_many_elements.hint": (
        "通常のExcelブックではありません。Excelで開いて .xlsx で保存し直すか、送り主に確認してください。",
        "This is no ordinary workbook. Open it in Excel and save it again as .xlsx, or ask its sender.",
    ),
    "files.too_large": (
        "{file} は {size} MB あり、テキストとして読む上限 {limit} MB を超えるため読みません。",
        "{file} is {size} MB, over the limit of {limit} MB for reading it as text, so it is not read.",
    ),
    "files.too_large.hint": (
        "表のデータなら csv.read_rows や excel.read_rows で読んでください。" + _SPLIT_JA,
        "For table data use csv.read_rows or excel.read_rows. " + _SPLIT_EN,
    ),
    "csv.too_large": (
        "{file} は {size} MB あり、CSVの上限 {limit} MB を超えるため読みません。",
        "{file} is {size} MB, over the CSV limit of {limit} MB, so it is not read.",
    ),
    "csv.too_large.hint": (_SPLIT_JA, _SPLIT_EN),
    "csv.too_many_rows": (
        "{file} は{line}行目で上限({limit} 行、項目の数 {cells})を超えるため読みません。",
        "{file} passes the limit ({limit} rows, {cells} fields) at line {line}, so it is not read.",
    ),
    "csv.too_many_rows.hint": (_SPLIT_JA, _SPLIT_EN),
    "csv.too_many_columns": (
        "{file} の{line}行目は {count} 列あり、上限 {limit} 列(Excelの最大)を超えています。",
        "Line {line} of {file} has {count} columns, over the limit of {limit} (Excel's maximum).",
    ),
    "csv.too_many_columns.hint": (
        "区切り文字(delimiter:)が合っているか、ファイルが壊れていないか確かめてください。",
        "Check that delimiter: is right and that the file is not damaged.",
    ),
    "csv.malformed": (
        "{file} の{line}行目付近をCSVとして読めません: {detail}",
        "Cannot read {file} as CSV near line {line}: {detail}",
    ),
    "csv.malformed.hint": (
        "ファイルが壊れていないか、CSVでないファイル(画像など)を指定していないか確かめてください。",
        "Check that the file is not damaged and is really a CSV file (not an image or another binary file).",
    ),
    "csv.field_too_large": (
        "{file} の{line}行目から始まる項目が {limit} 文字を超えるため読みません。",
        "A field starting on line {line} of {file} is over {limit} characters, so the file is not read.",
    ),
    "csv.field_too_large.hint": (
        "閉じていない「\"」(二重引用符)がないか、その行から確かめてください。",
        "Look for an unclosed '\"' (double quote) from that line on.",
    ),
}
