"""The ``excel.*`` messages (data of :mod:`connectors.messages`)."""

from __future__ import annotations

EXCEL_MESSAGES: dict[str, tuple[str, str]] = {
    "excel.not_found": ("Excelファイル {file} が見つかりません。", "Excel file {file} was not found."),
    "excel.not_found.hint": (
        "同じフォルダーの .xlsx ファイル: {candidates}",
        "The .xlsx files in that folder: {candidates}",
    ),
    "excel.not_found_none": (
        "Excelファイル {file} が見つかりません。",
        "Excel file {file} was not found.",
    ),
    "excel.not_found_none.hint": (
        "フォルダー {folder} には .xlsx ファイルがありません。保存場所を確認してください。",
        "The folder {folder} has no .xlsx files. Check where the file was saved.",
    ),
    "excel.no_folder": (
        "フォルダー {folder} がありません({file})。",
        "The folder {folder} does not exist ({file}).",
    ),
    "excel.no_folder.hint": (
        "相対パスはシナリオのフォルダーから数えます。",
        "Relative paths start from the scenario's folder.",
    ),
    "excel.is_folder": (
        "{file} はフォルダーです。Excelファイルを指定してください。",
        "{file} is a folder: give an Excel file.",
    ),
    "excel.is_xls": (
        "{file} は古い形式(.xls)のExcelファイルで、読み書きできません。",
        "{file} is an old-format (.xls) Excel file, which cannot be used.",
    ),
    "excel.is_xls.hint": (
        "Excelで開き「名前を付けて保存」で「Excel ブック (*.xlsx)」を選んで保存し、そのファイルを指定してください。",
        "Open it in Excel, Save As 'Excel Workbook (*.xlsx)', and give that file instead.",
    ),
    "excel.is_csv": (
        "{file} はCSVファイルで、Excelブックではありません。",
        "{file} is a CSV file, not an Excel workbook.",
    ),
    "excel.is_csv.hint": (
        "CSVは csv.read_rows で読んでください。Excelで使うなら .xlsx として保存し直してください。",
        "Read CSV files with csv.read_rows, or save it as .xlsx in Excel.",
    ),
    "excel.not_xlsx": (
        "{file} はExcelブック(.xlsx)ではありません(拡張子 {suffix})。",
        "{file} is not an Excel workbook (.xlsx); its extension is {suffix}.",
    ),
    "excel.not_xlsx.hint": (
        "Excelで「Excel ブック (*.xlsx)」として保存し、そのファイルを指定してください。",
        "Save it in Excel as 'Excel Workbook (*.xlsx)' and give that file.",
    ),
    "excel.broken": (
        "{file} をExcelブックとして開けません: {detail}",
        "Cannot open {file} as an Excel workbook: {detail}",
    ),
    "excel.broken.hint": (
        "壊れているか、パスワードで保護されています。Excelで開けるか確かめ、保護を外して .xlsx で保存し直してください。",
        "It is damaged or password-protected. Check that Excel opens it, remove the protection and save it again as .xlsx.",
    ),
    "excel.no_access": ("{file} を開く権限がありません。", "No permission to open {file}."),
    "excel.no_sheet": ("{file} にシート「{sheet}」がありません。", "{file} has no sheet '{sheet}'."),
    "excel.no_sheet.hint": ("このブックのシート: {sheets}", "Sheets in this workbook: {sheets}"),
    "excel.bad_sheet_name": ("シート名「{sheet}」は使えません。", "'{sheet}' cannot be a sheet name."),
    "excel.bad_sheet_name.hint": (
        "31文字以内で、: \\ / ? * [ ] を含まない名前にしてください。",
        "Use at most 31 characters and none of : \\ / ? * [ ].",
    ),
    "excel.no_header": (
        "{file} のシート「{sheet}」に見出しの行が見つかりません(先頭{rows}行を探しました)。",
        "No header row found in sheet '{sheet}' of {file} (searched the first {rows} rows).",
    ),
    "excel.no_header.hint": (
        "見出しは文字だけが2つ以上並ぶ行です。header_row: 3 のように見出しの行番号を指定してください。",
        "A header is a row of two or more text cells. Give its row number, e.g. header_row: 3.",
    ),
    "excel.header_empty": (
        "{file} のシート「{sheet}」の{row}行目に見出しがありません。",
        "Row {row} of sheet '{sheet}' in {file} has no header.",
    ),
    "excel.header_empty.hint": (
        "header_row: に見出しの行番号を指定するか、省略して自動で探させてください。",
        "Give the header's row number in header_row:, or leave it out to search for it.",
    ),
    "excel.locked": (
        "{file} は {owner} さんがExcelで開いているため書き込めません。",
        "{file} is open in Excel by {owner} and cannot be written.",
    ),
    "excel.locked.hint": (
        "閉じてもらってから、もう一度実行してください。誰も開いていない場合は、Excelが異常終了して残ったロックファイル {lock} を削除してください。",
        "Ask them to close it, then run again. If nobody has it open, Excel left the lock file {lock} behind: delete it.",
    ),
    "excel.locked_unknown": (
        "{file} は誰か(使用者不明)がExcelで開いているため書き込めません。",
        "{file} is open in Excel (user unknown) and cannot be written.",
    ),
    "excel.locked_unknown.hint": (
        "開いている人に閉じてもらってから、もう一度実行してください。誰も開いていない場合は、ロックファイル {lock} を削除してください。",
        "Ask whoever has it open to close it, then run again. If nobody has it open, delete the lock file {lock}.",
    ),
    "excel.in_use": (
        "{file} は開かれているため保存できません。",
        "{file} is open in another program and cannot be saved.",
    ),
    "excel.in_use.hint": (
        "Excelなどで開いていたら閉じて、もう一度実行してください。",
        "If it is open in Excel or another program, close it and run again.",
    ),
    "excel.unknown_columns": (
        "{file} のシート「{sheet}」に見出し「{columns}」の列がありません。",
        "Sheet '{sheet}' of {file} has no column headed {columns}.",
    ),
    "excel.unknown_columns.hint": (
        "このシートの見出し: {headers}。名前を合わせるか、シートに列を加えてください。",
        "Headers in this sheet: {headers}. Match the names, or add the columns to the sheet.",
    ),
    "excel.no_cell": ("{file} に「{key}」というセルがありません。", "{file} has no cell '{key}'."),
    "excel.no_cell.hint": (
        "セル番地(B3、申請書!B3)か、ブックで定義された名前を指定してください。定義された名前: {names}",
        "Give a cell address (B3, Form!B3) or a name defined in the workbook. Defined names: {names}",
    ),
    "excel.name_not_cell": (
        "名前「{key}」は1つのセルを指していません({ref})。",
        "The name '{key}' does not refer to one cell ({ref}).",
    ),
    "excel.name_not_cell.hint": (
        "Excelの「名前の管理」で、1つのセルを指すように直してください。",
        "In Excel's Name Manager, make it refer to a single cell.",
    ),
    "excel.control_chars": (
        "{file} に書く値に制御文字(改ページ・NUL など)が {count} か所あり、Excel に書けないため \\x0c のような表記に置き換えました。",
        "Values written to {file} held {count} control character(s) (form feed, NUL…) that Excel cannot store: "
        "they are written as \\x0c and the like.",
    ),
    "excel.wrote": (
        "{file} のシート「{sheet}」に {count} 行を書きました。",
        "Wrote {count} rows to sheet '{sheet}' of {file}.",
    ),
    # Codes (excel.read_rows text_columns, connectors._codes).
    "excel.code_not_text": (
        "{file} のシート「{sheet}」の、コードとして読む列(text_columns)に、コードとして正しくない値があります。",
        "In sheet '{sheet}' of {file}, the columns read as codes (text_columns) hold values that are not whole codes.",
    ),
    "excel.code_not_text.hint": (
        "Excel でその列を選び、セルの書式設定で「文字列」にしてから、0 も含めて入力し直してください"
        "(またはユーザー定義の表示形式を「0000」のように桁数だけ 0 にしてください。robosan は表示どおりの文字を読みます)。"
        "桁数が決まっていて先頭に 0 を補えばよいと確かめた列だけは、その列を text_columns から外し、"
        "シナリオで {example} のように補えます。",
        "In Excel, select the column, format its cells as Text and type the codes again with their zeros "
        "(or give it a custom number format of zeros such as 0000: robosan reads the text the sheet shows). "
        "Only where the length is fixed and you have checked that padding with zeros is right, take the column "
        "out of text_columns and pad it in the scenario: {example}.",
    ),
    "excel.code_lost": (
        "  ・列「{column}」{size}: {rows} 行目(全{count}件)が数値として保存されています(例: {example})。"
        "Excel が先頭の 0 を消しているため、元のコードがわかりません。",
        "  - column {column}{size}, rows {rows} ({count} in all): stored as numbers (e.g. {example}). "
        "Excel has dropped their leading zeros, so the codes they had are unknown.",
    ),
    "excel.code_wrong_length": (
        "  ・列「{column}」{size}: {rows} 行目(全{count}件)の桁数が違います(例: {example})。",
        "  - column {column}{size}, rows {rows} ({count} in all): another number of digits (e.g. {example}).",
    ),
    "excel.bad_code_length": (
        "text_columns の「{column}」の桁数 {length} は使えません。",
        "text_columns gives {column} a length of {length}, which cannot be.",
    ),
    "excel.bad_code_length.hint": (
        "1 以上の桁数を書くか(口座番号: 7)、桁数を決めないなら [口座番号] のように一覧で書いてください。",
        "Give a length of 1 or more (口座番号: 7), or list the column without one ([口座番号]).",
    ),
    "excel.code_length": ("({length}桁)", " ({length} digits)"),
    "excel.unknown_text_column": (
        "text_columns の「{column}」は、{file} のシート「{sheet}」の見出しにありません。",
        "text_columns names '{column}', which is not a header of sheet '{sheet}' in {file}.",
    ),
    "excel.unknown_text_column.hint": (
        "このシートの見出し: {headers}",
        "Headers of this sheet: {headers}",
    ),
    "excel.unknown_text_column_guess": (
        "text_columns の「{column}」は、{file} のシート「{sheet}」の見出しにありません。「{guess}」のことですか?",
        "text_columns names '{column}', which is not a header of sheet '{sheet}' in {file}. Did you mean '{guess}'?",
    ),
    "excel.unknown_text_column_guess.hint": (
        "見出しと同じ書き方にしてください。このシートの見出し: {headers}",
        "Write it as the header is written. Headers of this sheet: {headers}",
    ),
    "excel.mixed_column": (
        "{file} のシート「{sheet}」の列「{column}」は、数値のセル({numbers}件、{number_row} 行目など)と、"
        "数字を文字で入れたセル({texts}件、{text_row} 行目など)が混ざっています。",
        "Column {column} of sheet '{sheet}' in {file} mixes number cells ({numbers}, e.g. row {number_row}) "
        "with digits typed as text ({texts}, e.g. row {text_row}).",
    ),
    "excel.mixed_column.hint": (
        "コードの列なら、数値のセルは先頭の 0 が消えているかもしれません。"
        "列の書式を「文字列」にして入力し直し、text_columns: [{column}] を付けて読むと確かめられます。"
        "数量や金額の列なら、文字で入ったセルを数値に直すか、シナリオで数として読んでください。",
        "If it holds codes, the number cells may have lost their leading zeros. Format the column as Text, "
        "type them again, and read it with text_columns: [{column}] to have it checked. "
        "If it holds counts or amounts, make the text cells numbers, or read them as numbers in the scenario.",
    ),
}
