"""A small built-in postal-code table for the 住所検索 pop-up (public offices and town areas).

Keys are postal codes ``NNN-NNNN``; each maps to the candidate addresses the pop-up lists.
Codes ending in a 4-digit office number (e.g. 305-8555) are one building and carry the full
address; area codes list their 丁目 so that the clerk picks one and adds the 番地.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ADDRESSES", "search"]


def _chome(base: str, count: int) -> list[str]:
    numerals = "一二三四五六七八"
    return [f"{base}{numerals[i]}丁目" for i in range(count)]


ADDRESSES: dict[str, list[str]] = {
    # 茨城県つくば市
    "305-8555": ["茨城県つくば市研究学園一丁目1番地1"],
    "305-0817": _chome("茨城県つくば市研究学園", 7),
    "305-0031": _chome("茨城県つくば市吾妻", 4),
    "305-0005": _chome("茨城県つくば市天久保", 4),
    "305-0047": _chome("茨城県つくば市千現", 2),
    "305-0044": _chome("茨城県つくば市並木", 4),
    "305-0032": _chome("茨城県つくば市竹園", 3),
    "305-0821": _chome("茨城県つくば市春日", 4),
    "305-0046": _chome("茨城県つくば市東", 2),
    "305-0861": ["茨城県つくば市谷田部"],
    "300-3257": _chome("茨城県つくば市筑穂", 3),
    "300-2655": _chome("茨城県つくば市みどりの", 2),
    "300-3261": _chome("茨城県つくば市花畑", 3),
    # 茨城県(その他)
    "310-8555": ["茨城県水戸市笠原町978番6"],
    "310-0011": _chome("茨城県水戸市三の丸", 3),
    "300-0043": _chome("茨城県土浦市中央", 2),
    "300-1234": ["茨城県牛久市中央"],
    # 岩手県花巻市・盛岡市
    "025-8601": ["岩手県花巻市花城町9番30号"],
    "025-0075": ["岩手県花巻市花城町"],
    "025-0091": _chome("岩手県花巻市西大通り", 2),
    "025-0092": _chome("岩手県花巻市大通り", 2),
    "025-0096": ["岩手県花巻市藤沢町"],
    "025-0065": ["岩手県花巻市若葉町"],
    "028-3101": ["岩手県花巻市石鳥谷町好地"],
    "025-0304": ["岩手県花巻市湯口"],
    "020-8570": ["岩手県盛岡市内丸10番1号"],
    "020-0021": _chome("岩手県盛岡市中央通", 3),
    # 全国の主な業務地区
    "100-0005": _chome("東京都千代田区丸の内", 3),
    "160-0023": _chome("東京都新宿区西新宿", 8),
    "330-0063": _chome("埼玉県さいたま市浦和区高砂", 4),
    "260-0013": _chome("千葉県千葉市中央区中央", 4),
    "980-0811": _chome("宮城県仙台市青葉区一番町", 4),
    "060-0042": [f"北海道札幌市中央区大通西{n}丁目" for n in range(1, 6)],
    "460-0008": _chome("愛知県名古屋市中区栄", 5),
    "530-0001": _chome("大阪府大阪市北区梅田", 3),
    "730-0031": _chome("広島県広島市中区紙屋町", 2),
    "812-0011": _chome("福岡県福岡市博多区博多駅前", 4),
    "880-0805": _chome("宮崎県宮崎市橘通東", 5),
    "920-0961": _chome("石川県金沢市香林坊", 2),
    "900-0015": _chome("沖縄県那覇市久茂地", 3),
}

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−－ーｰ", "-"))


def search(query: str) -> list[tuple[str, str]]:
    """``(postal code, address)`` candidates for a code: 7 digits exactly, or a prefix of 3–6 digits."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", query).translate(_DASHES) if c.isdigit())
    if len(digits) < 3 or not re.fullmatch(r"[0-9]+", digits):
        return []
    found: list[tuple[str, str]] = []
    for code, addresses in sorted(ADDRESSES.items()):
        if code.replace("-", "").startswith(digits):
            found.extend((code, a) for a in addresses)
    return found[:100]
