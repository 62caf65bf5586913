"""Messages of the GTK sample program's launcher (issue 14), kept apart so that merges stay easy."""

from __future__ import annotations

GTK_MESSAGES: dict[str, tuple[str, str]] = {
    "sample_desktop.no_gtk": (
        "GTK 版の見本システムを動かせる Python がありません({python} にも /usr/bin/python3 にも GTK 3 の"
        " PyGObject がありません)。",
        "No Python here can run the GTK sample program: neither {python} nor /usr/bin/python3 has PyGObject"
        " for GTK 3.",
    ),
    "sample_desktop.no_gtk.hint": (
        "Debian/Ubuntu では apt install python3-gi gir1.2-gtk-3.0 で入ります。"
        "画像で操作する練習なら --gtk を付けずに起動してください。",
        "On Debian/Ubuntu: apt install python3-gi gir1.2-gtk-3.0. To practise with images, start it without --gtk.",
    ),
}
