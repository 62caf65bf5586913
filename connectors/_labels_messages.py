"""The ``labels.*`` messages (data of :mod:`connectors.messages`)."""

from __future__ import annotations

LABELS_MESSAGES: dict[str, tuple[str, str]] = {
    "labels.no_rows": (
        "宛名ラベルにする行がありません(0件)。",
        "There are no rows to make labels from (0 rows).",
    ),
    "labels.no_rows.hint": (
        "読み込んだ表と、絞り込みの条件を確かめてください。",
        "Check the table that was read and the filter applied to it.",
    ),
    "labels.no_column": (
        "行に「{column}」({field})の列がありません。",
        "The rows have no column '{column}' ({field}).",
    ),
    "labels.no_column.hint": (
        "ある列: {columns}。{field}: に列の名前を指定してください。",
        "Columns present: {columns}. Give the column's name as {field}:.",
    ),
    "labels.bad_rows": (
        "宛名ラベルにできない行があります: {places}",
        "Some rows cannot become labels: {places_en}",
    ),
    "labels.bad_rows.hint": (
        "元のデータを直すか、その行を除いてから実行してください。",
        "Correct the source data, or leave those rows out, then run again.",
    ),
    "labels.bad_layout": ("ラベルの面付け「{layout}」はありません。", "Unknown label layout '{layout}'."),
    "labels.bad_layout.hint": (
        "{layouts} のどれかを指定するか、custom: に寸法(mm)を指定してください。",
        "Use one of {layouts}, or give the sizes in mm as custom:.",
    ),
    "labels.off_page": (
        "ラベルの寸法が用紙({width}×{height}mm)からはみ出します。",
        "The labels do not fit on the paper ({width}×{height} mm).",
    ),
    "labels.off_page.hint": (
        "custom: の top、left、pitch_x、pitch_y、width、height を確かめてください。",
        "Check top, left, pitch_x, pitch_y, width and height in custom:.",
    ),
    "labels.bad_start": (
        "start は 1 から {last} までです({start})。",
        "start must be between 1 and {last} ({start}).",
    ),
    "labels.bad_start.hint": (
        "使いかけのシートなら、最初に空いている面の番号(左上から横へ数えて)を指定してください。",
        "On a partly used sheet, give the number of the first free label (counted from the top left, row by row).",
    ),
    "labels.no_font": ("フォント「{font}」が見つかりません。", "Font '{font}' was not found."),
    "labels.no_font.hint": (
        "auto、gothic、mincho、IPAexGothic、IPAmjMincho のような名前か、.ttf ファイルの場所を指定してください。",
        "Give auto, gothic, mincho, a name such as IPAexGothic or IPAmjMincho, or the path of a .ttf file.",
    ),
    "labels.bad_font": (
        "フォント {font} はPDFに埋め込めません: {detail}",
        "The font {font} cannot be embedded in a PDF: {detail}",
    ),
    "labels.bad_font.hint": (
        "TrueType のフォント(.ttf)を指定してください。Noto CJK などの OpenType(.otf/.ttc)は使えません。",
        "Give a TrueType font (.ttf). OpenType fonts such as Noto CJK (.otf/.ttc) cannot be used.",
    ),
    "labels.missing_glyph": (
        "フォント {font} にない文字があり、印刷すると□になります: {places}",
        "The font {font} lacks some characters, which would print as boxes: {places_en}",
    ),
    "labels.missing_glyph.hint": (
        "外字のあるフォント(font: IPAmjMincho。Linux では apt の fonts-ipamj-mincho)を指定するか、元のデータで文字を置き換えてください。",
        "Choose a font that has them (font: IPAmjMincho; apt fonts-ipamj-mincho on Linux), or replace the characters in the source data.",
    ),
    "labels.gaiji": (
        "{row}行目「{field}」の「{char}」({code})はJIS第1・第2水準にない文字(外字)です。印刷結果を確かめてください。",
        "Row {row}, {field}: '{char}' ({code}) is outside JIS X 0208 (外字). Check it on the printed label.",
    ),
    "labels.cid_font": (
        "埋め込めるフォントが見つからないため {font} を使います(PDFに埋め込まれず、表示・印刷するパソコンのフォントで代用されます)。",
        "No embeddable font was found, so {font} is used (not embedded: the viewing or printing PC substitutes a font).",
    ),
    "labels.made": (
        "宛名ラベル {count} 枚を {pages} ページのPDF {file} にしました(面付け {layout}、フォント {font})。",
        "Made {count} labels on {pages} pages in {file} (layout {layout}, font {font}).",
    ),
}
