"""The catalogue of ``ocr`` (entry point ``robosan.messages``: ``ocr = "ocr.messages:MESSAGES"``)."""

from __future__ import annotations

from ocr._hostile_messages import HOSTILE_MESSAGES

MESSAGES: dict[str, tuple[str, str]] = {
    **HOSTILE_MESSAGES,
    # -- templates
    "ocr.tpl.not_mapping": (
        "ひな形の一番外側は「image:」「fields:」などのキーの並びである必要があります。",
        "A form template must be a mapping with keys like 'image:' and 'fields:'.",
    ),
    "ocr.tpl.missing": ("「{key}」がありません。", "'{key}' is missing."),
    "ocr.tpl.missing.hint": (
        "ひな形の見本(docs/guide.ja.md の「紙の申請書を読み取る」)を見て書き足してください。",
        "See the example template in docs/guide.en.md ('Reading paper forms') and add it.",
    ),
    "ocr.tpl.unknown_key": (
        "「{key}」は{where}には書けません。",
        "'{key}' is not allowed in {where_en}.",
    ),
    "ocr.tpl.unknown_key.hint": ("書けるのは {allowed} です。", "Allowed: {allowed}."),
    "ocr.tpl.bad_value": ("「{key}」の値が正しくありません: {detail}", "Bad value for '{key}': {detail}"),
    "ocr.tpl.bad_type": ("項目の種類「{value}」はありません。", "There is no field type '{value}'."),
    "ocr.tpl.bad_type.hint": ("{allowed} のどれかを書いてください。", "Use one of {allowed}."),
    "ocr.tpl.bad_box": (
        "枠(box)は [左, 上, 幅, 高さ] の4つの数で書いてください: {value}",
        "A box is four numbers [left, top, width, height]: {value}",
    ),
    "ocr.tpl.bad_box.hint": (
        "単位は unit: px(ひな形画像の画素)か unit: mm です。robosan ocr template で枠の案を作れます。",
        "Units are unit: px (pixels of the blank image) or unit: mm. `robosan ocr template` proposes boxes.",
    ),
    "ocr.tpl.box_outside": (
        "項目「{field}」の枠がひな形画像({width}×{height})の外にはみ出しています。",
        "The box of field '{field}' lies outside the blank image ({width}×{height}).",
    ),
    "ocr.tpl.duplicate_field": (
        "項目名「{field}」が2回あります(前は {first} 行目)。",
        "Field name '{field}' is used twice (first on line {first}).",
    ),
    "ocr.tpl.no_options": (
        "選択肢の項目「{field}」に options がありません。",
        "Choice field '{field}' has no options.",
    ),
    "ocr.tpl.no_options.hint": (
        "options: [さくら保育園, ひかり保育所] のように書いてください。",
        "Write options: [A, B, C].",
    ),
    "ocr.tpl.no_image": ("ひな形の画像 {path} がありません。", "The blank form image {path} is missing."),
    "ocr.tpl.no_image.hint": (
        "image: にはひな形(YAML)と同じフォルダーにある白紙の様式の画像を書いてください。",
        "image: names the blank form's image, relative to the template file.",
    ),
    # -- reading
    "ocr.file.not_found": ("{file} が見つかりません。", "{file} was not found."),
    "ocr.file.corrupt": (
        "{file} は画像として読めません(壊れているか、対応していない形式です)。",
        "{file} cannot be read as an image (damaged, or a format not supported).",
    ),
    "ocr.file.corrupt.hint": (
        "スキャナーでもう一度読み取るか、PNG・JPEG・TIFF・PDF で保存し直してください。",
        "Scan it again, or save it as PNG, JPEG, TIFF or PDF.",
    ),
    "ocr.file.no_page": ("{file} に {page} ページ目がありません。", "{file} has no page {page}."),
    "ocr.file.pdftoppm": (
        "PDF を画像にする pdftoppm (poppler) が見つかりません。",
        "pdftoppm (poppler), needed to read PDFs, was not found.",
    ),
    "ocr.file.pdftoppm.hint": (
        "Windows では poppler をインストールして PATH に加えるか、スキャナーで PNG/JPEG に保存してください。",
        "On Windows install poppler and add it to PATH, or have the scanner save PNG/JPEG.",
    ),
    "ocr.page.blank": (
        "{file} は白紙のようです(文字が見つかりません)。",
        "{file} looks blank (no writing found).",
    ),
    "ocr.page.blank.hint": (
        "裏面を読み取っていないか、原稿の向きを確認してください。",
        "Check that the front side was scanned and the page is the right way up.",
    ),
    "ocr.page.not_aligned": (
        "{file} をひな形の様式に重ね合わせられません(別の様式か、読み取れない画像です)。",
        "{file} could not be matched to the template's form (a different form, or unreadable).",
    ),
    "ocr.page.not_aligned.hint": (
        "様式が合っているか、上下逆さでないか、解像度が低すぎないか(200dpi以上)確認してください。",
        "Check it is the same form, not upside down, and scanned at 200 dpi or more.",
    ),
    "ocr.folder.empty": (
        "フォルダー {folder} に読み取る画像がありません。",
        "There are no images to read in {folder}.",
    ),
    "ocr.folder.empty.hint": (
        "PNG・JPEG・TIFF・PDF のファイルを置いてください。",
        "Put PNG, JPEG, TIFF or PDF files there.",
    ),
    "ocr.engine.missing": (
        "OCRエンジン「{engine}」が使えません: {detail}",
        "OCR engine '{engine}' is not available: {detail}",
    ),
    "ocr.engine.missing.hint": (
        "Tesseract と日本語データ(tesseract-ocr-jpn)をインストールしてください。Windows では UB Mannheim 版を入れ、PATH を通してください。",
        "Install Tesseract with Japanese data (tesseract-ocr-jpn). On Windows install the UB Mannheim build and add it to PATH.",
    ),
    "ocr.engine.unknown": (
        "OCRエンジン「{engine}」はありません({allowed} から選んでください)。",
        "There is no OCR engine '{engine}' (use one of {allowed}).",
    ),
    # -- reasons a field goes to review
    "ocr.reason.low_confidence": (
        "確信度が低い({confidence}% < {threshold}%)",
        "low confidence ({confidence}% < {threshold}%)",
    ),
    "ocr.reason.empty": ("何も読み取れない", "nothing read"),
    "ocr.reason.invalid": ("形式が合わない: {detail}", "does not fit its type: {detail}"),
    "ocr.reason.chars": ("使えない文字「{chars}」がある", "characters not allowed: '{chars}'"),
    "ocr.reason.disagree": ("読み取りが一致しない", "the readings disagree"),
    "ocr.reason.doubtful_char": (
        "「{char}」の読み取りが不確か(確信度 {confidence})",
        "'{char}' is doubtful (confidence {confidence})",
    ),
    "ocr.reason.reading_mismatch": (
        "「{other}」({text})と区切り(氏・名)の数が合わない",
        "its parts (family / given name) do not match '{other}' ({text})",
    ),
    "ocr.reason.ambiguous_mark": ("チェックの有無がはっきりしない", "unclear whether the box is ticked"),
    "ocr.reason.choice": ("選択肢のどれか決められない", "cannot tell which option"),
    "ocr.reason.era_overlap": (
        "元号と日付が合わない(平成31年5月1日以降は令和)",
        "era and date disagree (Heisei ended on 2019-04-30)",
    ),
    "ocr.reason.always": ("必ず確認する項目(review: always)", "always reviewed (review: always)"),
    "ocr.reason.no_separator": (
        "区切りが読めず市外局番の長さが分からない",
        "no separators read; the area code length is unknown",
    ),
    # -- review and read
    "ocr.review.none": ("確認待ちの項目はありません。", "Nothing is waiting for review."),
    "ocr.review.header": (
        "確認待ち {count} 件。正しい値を入力して Enter、推定で良ければそのまま Enter、s で後回し、q で終了。",
        "{count} fields to review. Type the right value and Enter, Enter alone to accept the guess, s to skip, q to quit.",
    ),
    "ocr.review.field": (
        "[{n}/{count}] {file} の「{field}」({type}) 理由: {reason}",
        "[{n}/{count}] '{field}' of {file} ({type}) reason: {reason}",
    ),
    "ocr.review.crop": ("  切り出し画像: {path}", "  crop: {path}"),
    "ocr.review.guess": ("  推定: {guess}", "  guess: {guess}"),
    "ocr.review.prompt": ("  正しい値", "  right value"),
    "ocr.review.invalid": (
        "  この値は「{type}」として読めません: {detail}(もう一度入力してください)",
        "  Not a valid {type}: {detail} (type it again)",
    ),
    "ocr.review.done": (
        "{count} 件を確認しました(合計 {minutes} 分)。",
        "Reviewed {count} fields ({minutes} min in all).",
    ),
    "ocr.read.summary": (
        "{forms} 枚を読みました: 確認待ち {review} 項目、読めないファイル {failed} 件。",
        "Read {forms} forms: {review} fields to review, {failed} files unreadable.",
    ),
    "ocr.read.failed_file": ("読めないファイル: {file}: {message}", "unreadable file: {file}: {message}"),
    "ocr.read.waiting": (
        "{count} 枚は確認待ちの項目があるため今回は処理しません(robosan review で確認してから、もう一度実行してください)。",
        "{count} forms have fields waiting for review and are held back (run `robosan review`, then run again).",
    ),
    "ocr.test.annotated": ("枠を描いた画像: {path}", "annotated image: {path}"),
    "ocr.template.written": (
        "ひな形の案を書きました: {path}({count} 項目)。名前・種類を確かめて直してください。",
        "Wrote a proposed template: {path} ({count} fields). Check and correct the names and types.",
    ),
    "ocr.template.exists": (
        "{path} は既にあります。--force で上書きします。",
        "{path} exists already; use --force to overwrite it.",
    ),
    "ocr.template.no_boxes": ("{file} に記入枠が見つかりません。", "No boxes were found in {file}."),
}
