"""The sample light-vehicle tax program (軽自動車税システム) again, as a GTK 3 program.

``python3 -m sample_systems.desktop_gtk [--db PATH] [--notice-after N]`` opens the same screens as the Tk
program in :mod:`sample_systems.desktop` (login, side menu, 車両登録 with a confirmation dialog, 車両抹消,
車両照会, error dialogs) on the same SQLite file and rules (:mod:`sample_systems.desktop.db`). Where the Tk
program is the target of the image path (Tk exposes nothing to accessibility tools), this one is the
target of fields by accessible name: GTK publishes its widgets over AT-SPI on Linux.

It is written the way a GTK programmer would write a data-entry form, not for the robot: labels carry a
real system's decorations (「所有者氏名（必須）：」), most labels point at their field
(``set_mnemonic_widget``, which GTK turns into LABEL_FOR / LABELLED_BY relations), and some do not (as in
zenity's forms), so a tool has to find those fields by layout, the way a person reads the form. Entries
declare a ``max_length``, and GTK cuts longer text silently, as many real systems do.

It needs PyGObject and GTK 3 (Debian: ``python3-gi gir1.2-gtk-3.0``, run by ``/usr/bin/python3``); only
``app`` and ``screens`` import ``gi``, so this package imports without it. Like the Tk program it stands in
for another vendor's: it imports no robosan code.
"""

from __future__ import annotations

__all__ = ["TITLE"]

TITLE = "軽自動車税システム"
