#!/usr/bin/env bash
# Set-up for a fresh Debian 12 machine (run as root), re-runnable and quick when done.
#   tools/setup.sh            apt packages + .venv + pip install -e .[dev]
#   tools/setup.sh --apt-only only the apt packages that are missing
set -euo pipefail
cd "$(dirname "$0")/.."

# What each package is for (measured notes: ../shared/MACHINE-NOTES.md):
#   chromium, fonts-noto-cjk           the browser robot (Playwright cannot download browsers here)
#   xvfb, xauth, xdotool, xclip, python3-tk  the desktop robot and the Tk sample system, on a virtual display
#   tesseract-ocr*                     OCR of paper forms (Japanese data)
#   fonts-ipaexfont, fonts-ipamj-mincho  embedded Japanese fonts for label PDFs (IPAmj has 外字 such as 𠮷)
#   poppler-utils                      PDF -> PNG, to look at and test the PDFs robosan makes
#   cups-client                        `lp`, to send label PDFs to a printer
#   at-spi2-core, dbus-x11             desktop fields by accessible name (AT-SPI over D-Bus) on a virtual display
#   zenity, python3-gi, gir1.2-gtk-3.0 a stock GTK form and the GTK sample system the accessible path is tested on
APT_PACKAGES=(
  python3-venv python3-tk
  chromium fonts-noto-cjk
  xvfb xauth xdotool xclip
  tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert
  fonts-ipaexfont fonts-ipamj-mincho poppler-utils cups-client
  at-spi2-core dbus-x11 zenity python3-gi gir1.2-gtk-3.0
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "robosan setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}"
fi
[ "${1:-}" = "--apt-only" ] && exit 0

PY=python3
[ -x .venv/bin/python ] || $PY -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
