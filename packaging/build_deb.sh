#!/usr/bin/env bash
# Build dist/pioneer-board_<version>_<arch>.deb from the PyInstaller one-folder bundle, for 统信UOS,
# 银河麒麟, Debian and Ubuntu desktops. The architecture is the build machine's (`dpkg --print-architecture`):
# amd64 here, arm64 when run on an ARM64 machine (PyInstaller cannot cross-build).
#
#   bash packaging/build_deb.sh                          # uses dist/PioneerBoard/, builds it first if missing
#   bash packaging/build_deb.sh --bundle DIR --out DIR   # a bundle built elsewhere (packaging/smoke.sh does this)
#   DEB_COMPRESSION=gzip bash packaging/build_deb.sh     # faster, bigger (default xz, which every dpkg reads)
#
# The package: the bundle in /opt/pioneer-board/, `pioneer-board` (GUI) and `pioneer-board-cli` on PATH
# (/usr/bin), a Chinese .desktop entry (名称 先锋榜, category Office) and the icon in the hicolor theme.
# No maintainer scripts: nothing is written outside the package's own files, the data stays in each user's
# ~/.local/share/PioneerBoard (app/paths.py), and removing or purging the package never touches it. The desktop
# and icon caches are refreshed by the dpkg triggers of desktop-file-utils and hicolor-icon-theme.
# Depends: only the system libraries the bundle's ELF files need and do not carry (read from their NEEDED entries).
# Needs: dpkg-deb, readelf (binutils), and a Python with Pillow (for the icon sizes; the build venv has it).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bundle="$repo/dist/PioneerBoard"
out="$repo/dist"
while [ $# -gt 0 ]; do
  case $1 in
    --bundle) bundle=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "build_deb.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in "$repo/.venv/bin/python" python3; do
    if "$candidate" -c "import PIL" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
  done
fi
for tool in dpkg-deb readelf; do
  command -v "$tool" >/dev/null || { echo "build_deb.sh: $tool is missing (apt-get install dpkg binutils)" >&2; exit 1; }
done
[ -n "$PYTHON" ] || { echo "build_deb.sh: no Python with Pillow; set PYTHON=… (the build venv)" >&2; exit 1; }

if [ ! -x "$bundle/PioneerBoard" ]; then
  echo "== no bundle in $bundle: building it (packaging/build.py --no-zip)"
  "$PYTHON" "$repo/packaging/build.py" --no-zip --dist "$(dirname "$bundle")"
fi

# --- what we are packaging ------------------------------------------------------------------------------------
upstream=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$repo/app/__init__.py")
# PEP 440 pre-releases sort before the release in Debian only with a tilde: 0.3.0rc1 → 0.3.0~rc1.
version=$(printf '%s' "$upstream" | sed -E 's/[.-]?(a|b|rc|dev)([0-9]*)$/~\1\2/')
arch=$(dpkg --print-architecture)
machine=$(readelf -h "$bundle/PioneerBoard" | sed -n 's/^ *Machine: *//p')
case "$arch:$machine" in
  amd64:*X86-64* | arm64:*AArch64* | loong64:*LoongArch* | riscv64:*RISC-V*) ;;
  *) echo "build_deb.sh: the bundle is for '$machine' but this machine packages '$arch'" >&2; exit 1 ;;
esac

stage=$(mktemp -d "${TMPDIR:-/tmp}/pioneer-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
prefix="/opt/pioneer-board"
mkdir -p "$root$prefix" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/doc/pioneer-board" "$root/DEBIAN"

# The bundle, without what a person may have left in it: the portable marker would send every user's data into
# /opt (root-owned, shared), and data/ is a portable copy's data.
tar -C "$bundle" --exclude=./portable --exclude=./data -cf - . | tar -C "$root$prefix" -xf -
chmod -R u+rwX,go+rX,go-w "$root"

# --- commands on PATH -----------------------------------------------------------------------------------------
# Shell wrappers rather than symlinks: the program then finds its _internal/ folder whatever the bootloader does
# with a symlinked argv[0], and the GUI wrapper can choose the input method (below).
cat >"$root/usr/bin/pioneer-board-cli" <<EOF
#!/bin/sh
# 先锋榜 命令行 (package pioneer-board). Data: ~/.local/share/PioneerBoard, or --data-dir / \$PIONEER_BOARD_DATA.
exec $prefix/pioneer-board-cli "\$@"
EOF
cat >"$root/usr/bin/pioneer-board" <<EOF
#!/bin/sh
# 先锋榜 (package pioneer-board). Data: ~/.local/share/PioneerBoard, or --data-dir / \$PIONEER_BOARD_DATA.
#
# Chinese input: the bundled Qt carries the ibus input-method plugin, not fcitx's (a Qt plugin must be built
# against the very Qt it loads into, and the system's is another Qt). fcitx5 — the input method of 统信UOS and
# 银河麒麟 — also answers the ibus protocol (its ibusfrontend addon, on by default), as the IBus portal on the
# session bus. So when the desktop asks for fcitx and the bundle has no fcitx plugin, ask Qt for ibus through the
# portal (without IBUS_USE_PORTAL Qt's ibus plugin gives up unless the ibus-daemon program is installed).
# PIONEER_BOARD_IM_MODULE=… overrides the choice (e.g. "ibus" on an ibus desktop, "none" for no input method).
plugins=$prefix/_internal/PySide6/Qt/plugins/platforminputcontexts
if [ -n "\${PIONEER_BOARD_IM_MODULE:-}" ]; then
  QT_IM_MODULE=\$PIONEER_BOARD_IM_MODULE; export QT_IM_MODULE
else
  # Some desktops set only XMODIFIERS (or GTK's variable) for fcitx and leave QT_IM_MODULE empty.
  asked=\${QT_IM_MODULE:-\${GTK_IM_MODULE:-\${XMODIFIERS#@im=}}}
  case "\$asked" in
    fcitx | fcitx5)
      if [ ! -e "\$plugins/libfcitx5platforminputcontextplugin.so" ]; then
        QT_IM_MODULE=ibus; IBUS_USE_PORTAL=1; export QT_IM_MODULE IBUS_USE_PORTAL
      fi ;;
  esac
fi
exec $prefix/PioneerBoard "\$@"
EOF
chmod 755 "$root/usr/bin/pioneer-board" "$root/usr/bin/pioneer-board-cli"

# --- menu entry and icons -------------------------------------------------------------------------------------
# StartupWMClass: the window's WM_CLASS class is the application name (ui/main.py), its instance "PioneerBoard".
cat >"$root/usr/share/applications/pioneer-board.desktop" <<'EOF'
[Desktop Entry]
Type=Application
Version=1.0
Name=先锋榜
Name[zh_CN]=先锋榜
GenericName=党员管理与公示
GenericName[zh_CN]=党员管理与公示
Comment=党员花名册、公开承诺、星级评定、积分管理、年终评议和公示栏
Comment[zh_CN]=党员花名册、公开承诺、星级评定、积分管理、年终评议和公示栏
Keywords=先锋榜;党员;花名册;星级评定;积分;公示栏;xianfengbang;
Exec=pioneer-board
TryExec=pioneer-board
Icon=pioneer-board
Terminal=false
Categories=Office;
StartupNotify=true
StartupWMClass=先锋榜
EOF

"$PYTHON" - "$repo/resources/icons/app.png" "$root/usr/share/icons/hicolor" <<'EOF'
import sys
from pathlib import Path

from PIL import Image

source, theme = Image.open(sys.argv[1]).convert("RGBA"), Path(sys.argv[2])
for size in (16, 24, 32, 48, 64, 128, 256):
    folder = theme / f"{size}x{size}" / "apps"
    folder.mkdir(parents=True, exist_ok=True)
    icon = source if source.size == (size, size) else source.resize((size, size), Image.Resampling.LANCZOS)
    icon.save(folder / "pioneer-board.png", optimize=True)
EOF

cat >"$root/usr/share/doc/pioneer-board/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: 先锋榜 Pioneer Board

Files: *
Copyright: 先锋榜 Pioneer Board developers
Comment: The program in /opt/pioneer-board is a PyInstaller bundle: Python, Qt for Python (PySide6, LGPL-3.0),
 SQLAlchemy, Alembic, ReportLab, openpyxl, pypinyin, Pillow, platformdirs, cryptography, each under its own licence.

Files: opt/pioneer-board/_internal/app/resources/fonts/*
Copyright: Google LLC (Noto Sans SC)
License: OFL-1.1
 See /opt/pioneer-board/_internal/app/resources/fonts/OFL.txt
EOF
chmod -R u+rwX,go+rX,go-w "$root/usr"

# --- Depends: the libraries the bundle needs and does not carry --------------------------------------------------
# The same names exist on Debian 10+/Ubuntu 20.04+ and so on UOS and Kylin; "a | b" covers renames (t64, gcc).
declare -A known=(
  [libc.so.6]=libc6 [libm.so.6]=libc6 [libdl.so.2]=libc6 [libpthread.so.0]=libc6 [librt.so.1]=libc6
  [libutil.so.1]=libc6 [ld-linux-x86-64.so.2]=libc6 [ld-linux-aarch64.so.1]=libc6 [libresolv.so.2]=libc6
  [libgcc_s.so.1]="libgcc-s1 | libgcc1" [libstdc++.so.6]=libstdc++6 [libz.so.1]=zlib1g
  [libGL.so.1]=libgl1 [libEGL.so.1]=libegl1 [libGLX.so.0]=libglx0 [libOpenGL.so.0]=libopengl0
  [libfontconfig.so.1]=libfontconfig1 [libfreetype.so.6]=libfreetype6 [libdbus-1.so.3]=libdbus-1-3
  [libglib-2.0.so.0]="libglib2.0-0t64 | libglib2.0-0" [libgthread-2.0.so.0]="libglib2.0-0t64 | libglib2.0-0"
  [libgobject-2.0.so.0]="libglib2.0-0t64 | libglib2.0-0" [libgio-2.0.so.0]="libglib2.0-0t64 | libglib2.0-0"
  [libxkbcommon.so.0]=libxkbcommon0 [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  [libX11.so.6]=libx11-6 [libX11-xcb.so.1]=libx11-xcb1 [libXext.so.6]=libxext6 [libXrender.so.1]=libxrender1
  [libSM.so.6]=libsm6 [libICE.so.6]=libice6 [libxcb.so.1]=libxcb1 [libxcb-cursor.so.0]=libxcb-cursor0
  [libxcb-icccm.so.4]=libxcb-icccm4 [libxcb-image.so.0]=libxcb-image0 [libxcb-keysyms.so.1]=libxcb-keysyms1
  [libxcb-randr.so.0]=libxcb-randr0 [libxcb-render-util.so.0]=libxcb-render-util0 [libxcb-render.so.0]=libxcb-render0
  [libxcb-shape.so.0]=libxcb-shape0 [libxcb-shm.so.0]=libxcb-shm0 [libxcb-sync.so.1]=libxcb-sync1
  [libxcb-xfixes.so.0]=libxcb-xfixes0 [libxcb-xinerama.so.0]=libxcb-xinerama0 [libxcb-xkb.so.1]=libxcb-xkb1
  [libxcb-xinput.so.0]=libxcb-xinput0 [libxcb-glx.so.0]=libxcb-glx0 [libxcb-util.so.1]=libxcb-util1
  [libxcb-dri2.so.0]=libxcb-dri2-0 [libxcb-dri3.so.0]=libxcb-dri3-0 [libxcb-present.so.0]=libxcb-present0
  [libdrm.so.2]=libdrm2 [libexpat.so.1]=libexpat1 [libcups.so.2]="libcups2t64 | libcups2"
)
elf_files=()
while IFS= read -r -d '' f; do
  if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then elf_files+=("$f"); fi
done < <(find "$root$prefix" -type f -print0)
carried=$(find "$root$prefix" \( -type f -o -type l \) -printf '%f\n' | sort -u)
needed=$(for f in "${elf_files[@]}"; do readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; done | sort -u)
external=$(comm -23 <(printf '%s\n' "$needed") <(printf '%s\n' "$carried"))
glibc=$(for f in "${elf_files[@]}"; do readelf -V "$f" 2>/dev/null | grep -o 'Name: GLIBC_[0-9.]*' | sed 's/.*GLIBC_//'; done |
  sort -V | tail -1)
depends=()
unknown=()
for soname in $external; do
  pkg=${known[$soname]:-}
  if [ -z "$pkg" ]; then  # not in the table: ask dpkg who ships it on this machine
    path=$(/sbin/ldconfig -p | awk -v s="$soname" '$1 == s { print $NF; exit }')
    if [ -n "$path" ]; then
      pkg=$( { dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null || true; } | head -1 | cut -d: -f1)
    fi
  fi
  if [ -z "$pkg" ]; then unknown+=("$soname"); continue; fi
  [ "$pkg" = libc6 ] && pkg="libc6 (>= ${glibc:-2.28})"
  depends+=("$pkg")
done
if [ ${#unknown[@]} -gt 0 ]; then
  echo "build_deb.sh: no package known for ${unknown[*]}: add it to the table in packaging/build_deb.sh" >&2
  exit 1
fi
depends_line=$(printf '%s\n' "${depends[@]}" | sort -u | paste -sd, - | sed 's/,/, /g')

size_kb=$(du -sk --apparent-size "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: pioneer-board
Version: $version
Architecture: $arch
Maintainer: 先锋榜 Pioneer Board developers <pioneer-board@localhost>
Installed-Size: $size_kb
Depends: $depends_line
Section: misc
Priority: optional
Description: 先锋榜 — 村（社区）党组织的党员管理与公示（单机、不联网）
 先锋榜管理党员花名册，记录公开承诺和践诺，开展每季度的闪光言行星级评定、
 党员量化积分和年终民主评议，把星级榜、承诺公示、五亮公示牌、积分公示打印成
 PDF，并用U盘做经过校验的备份。
 .
 Pioneer Board: an offline desktop program for a village Party office (roster,
 commitments, star rating, points, year-end review, notice boards, backups).
 The program lives in /opt/pioneer-board; each user's data stays in
 ~/.local/share/PioneerBoard and is kept when the package is removed.
EOF

mkdir -p "$out"
deb="$out/pioneer-board_${version}_${arch}.deb"
# --root-owner-group (dpkg ≥ 1.19): every file root:root without fakeroot.
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "deb: $deb  $(du -h "$deb" | cut -f1), installs $((size_kb / 1024)) MB"
echo "Depends: $depends_line"
