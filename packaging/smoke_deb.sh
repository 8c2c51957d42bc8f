#!/usr/bin/env bash
# The .deb used for real on this Debian machine: build it from a one-folder bundle (packaging/build_deb.sh),
# check what it holds, `dpkg -i` it (apt resolving the declared dependencies), use it as an ordinary user
# (--version, a demo, a star chart, a backup, the GUI offscreen), then remove and purge the package and check
# that user's data is still there. Needs root (or sudo): it installs a package and creates a user.
#
#   bash packaging/smoke_deb.sh --bundle DIR        # a bundle packaging/build.py (or smoke.sh) built
#   SMOKE_DEB=1 bash packaging/smoke.sh             # smoke.sh builds the bundle, then calls this with it
#   DEB_COMPRESSION=gzip …                          # faster package build (CI); the release uses xz
#
# Ends with "deb smoke: N passed, M failed, K skipped"; exit status 0 only when nothing failed.
# Leaves the machine as it found it: the package removed, the user it created deleted with its home.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bundle="$repo/dist/PioneerBoard"
[ "${1:-}" = --bundle ] && bundle=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/pioneer-deb-smoke.XXXXXX")
chmod 755 "$work"
passed=0 failed=0 skipped=0
user=pbsmoke
created_user=0
installed=0

ok() { passed=$((passed + 1)); echo "ok    $*"; }
bad() { failed=$((failed + 1)); echo "FAIL  $*"; }
skip() { skipped=$((skipped + 1)); echo "skip  $*"; }
step() { echo; echo "== $*"; }
finish() { echo; echo "deb smoke: $passed passed, $failed failed, $skipped skipped"; [ "$failed" -eq 0 ]; exit $?; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else skip "the .deb: needs root or sudo (dpkg -i, useradd)"; finish; fi
fi
cleanup() {
  if [ "$installed" = 1 ]; then $SUDO dpkg --purge pioneer-board >/dev/null 2>&1; fi
  if [ "$created_user" = 1 ]; then $SUDO userdel -r "$user" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT

if dpkg -s pioneer-board >/dev/null 2>&1; then
  skip "pioneer-board is already installed on this machine: not touching it"; finish
fi
[ -x "$bundle/PioneerBoard" ] || { bad "no bundle in $bundle (python packaging/build.py --no-zip)"; finish; }

step "build the .deb"
started=$(date +%s)
if ! bash "$repo/packaging/build_deb.sh" --bundle "$bundle" --out "$work" >"$work/build.txt" 2>&1; then
  bad "build_deb.sh"; tail -20 "$work/build.txt"; finish
fi
cat "$work/build.txt"
deb=$(ls "$work"/pioneer-board_*.deb)
echo "built in $(( $(date +%s) - started )) s"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in ./opt/pioneer-board/PioneerBoard ./opt/pioneer-board/pioneer-board-cli ./usr/bin/pioneer-board \
  ./usr/bin/pioneer-board-cli ./usr/share/applications/pioneer-board.desktop \
  ./usr/share/icons/hicolor/48x48/apps/pioneer-board.png ./usr/share/icons/hicolor/256x256/apps/pioneer-board.png \
  ./opt/pioneer-board/_internal/PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so; do
  if grep -qxF "$path" <<<"$contents"; then ok "holds ${path#.}"; else bad "missing ${path#.}"; fi
done
outside=$(grep -vE '^\./((opt|usr|usr/share)/)?$|^\./(opt/pioneer-board|usr/bin|usr/share/(applications|icons|doc))(/|$)' \
  <<<"$contents" | head -5)
if [ -z "$outside" ]; then ok "nothing outside /opt/pioneer-board and /usr"; else bad "files elsewhere: $outside"; fi
if dpkg-deb -c "$deb" | awk '{print $2}' | grep -qv '^root/root$'; then bad "files not owned by root"; else ok "every file root:root"; fi
if dpkg-deb -I "$deb" | grep -qE '^ *(postinst|preinst|prerm|postrm)'; then bad "maintainer scripts"; else ok "no maintainer scripts"; fi
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/applications/pioneer-board.desktop)
if grep -qx 'Name=先锋榜' <<<"$desktop" && grep -qx 'Categories=Office;' <<<"$desktop"; then
  ok ".desktop: 名称 先锋榜, category Office"
else
  bad ".desktop"; echo "$desktop"
fi
if command -v desktop-file-validate >/dev/null; then
  printf '%s\n' "$desktop" >"$work/pioneer-board.desktop"
  if desktop-file-validate "$work/pioneer-board.desktop"; then ok "desktop-file-validate"; else bad "desktop-file-validate"; fi
fi

step "install (dpkg -i, apt resolving the dependencies)"
started=$(date +%s)
if $SUDO dpkg -i "$deb" >"$work/install.txt" 2>&1; then
  ok "dpkg -i"
else
  echo "dpkg -i left dependencies open; apt-get -f install resolves them"
  # Another process may hold the dpkg lock for a while (unattended upgrades, another job).
  if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -f install -y -q \
    >>"$work/install.txt" 2>&1; then
    ok "dpkg -i + apt-get -f install"
  else
    bad "install"; tail -20 "$work/install.txt"
  fi
fi
if dpkg -s pioneer-board 2>/dev/null | grep -q '^Status: install ok installed'; then
  installed=1; ok "installed in $(( $(date +%s) - started )) s"
else
  installed=1; bad "pioneer-board is not installed"; finish
fi
for cmd in pioneer-board pioneer-board-cli; do
  if [ "$(command -v "$cmd")" = "/usr/bin/$cmd" ]; then ok "$cmd on PATH"; else bad "$cmd not on PATH"; fi
done

step "as an ordinary user"
if id "$user" >/dev/null 2>&1; then
  echo "user $user exists already: using it"
else
  $SUDO useradd --create-home --shell /bin/sh "$user" && created_user=1
fi
home=$(getent passwd "$user" | cut -d: -f6)
data="$home/.local/share/PioneerBoard"
# A login-like clean environment: no PIONEER_BOARD_DATA, no --data-dir; platformdirs picks the user's folder.
as_user() {
  $SUDO runuser -u "$user" -- env -i HOME="$home" USER="$user" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    QT_QPA_PLATFORM=offscreen "$@"
}
check() {
  local what=$1; shift
  if as_user "$@" >"$work/out.txt" 2>&1; then ok "$what"; else bad "$what (exit $?)"; tail -15 "$work/out.txt"; fi
}
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$repo/app/__init__.py")
if as_user pioneer-board-cli --version 2>&1 | grep -q "$version"; then ok "--version says $version"; else bad "--version"; fi
check "demo database (60 members)" pioneer-board-cli demo --members 60
if [ -f "$data/pioneer-board.sqlite3" ]; then ok "data in $data"; else bad "no database in $data"; fi
PY=${PYTHON:-python3}
period=$(as_user pioneer-board-cli periods list --json 2>/dev/null |
  "$PY" -c 'import json,sys; print(next(p["id"] for p in json.load(sys.stdin) if p["status"]=="closed"))')
check "star chart for $period" pioneer-board-cli board stars --period "$period" -o "$home/星级公示.pdf"
if as_user head -c 5 "$home/星级公示.pdf" 2>/dev/null | grep -q "%PDF"; then ok "星级公示.pdf is a PDF"; else bad "no PDF"; fi
as_user mkdir -p "$home/usb"
check "backup to a folder" pioneer-board-cli backup create "$home/usb"
backup_file=$(ls "$home"/usb/*.pbk 2>/dev/null | head -1)
if [ -n "$backup_file" ]; then check "backup verifies" pioneer-board-cli backup verify "$backup_file"; else bad "no backup file"; fi

if as_user env PIONEER_BOARD_QUIT_AFTER_SHOW=1 timeout 60 pioneer-board >"$work/gui.txt" 2>&1; then
  ok "GUI (pioneer-board) starts, shows its window and quits"
else
  bad "GUI start (exit $?)"; tail -20 "$work/gui.txt"
fi
if grep -q "unexpected error" "$data/logs/pioneer-board.log" 2>/dev/null; then
  bad "the log has an unexpected error"; grep -A15 "unexpected error" "$data/logs/pioneer-board.log" | head -30
else
  ok "no unexpected error in the log"
fi
# The GUI wrapper's input-method choice, run with its last line (exec) replaced by printing the choice.
# fcitx5 answers as the IBus portal, which the bundled ibus plugin uses with IBUS_USE_PORTAL (see build_deb.sh).
wrapper_choice() {
  env -u QT_IM_MODULE -u GTK_IM_MODULE -u XMODIFIERS -u IBUS_USE_PORTAL "$@" \
    sh -c "$(sed 's/^exec .*/echo "${QT_IM_MODULE:-} ${IBUS_USE_PORTAL:-}"/' /usr/bin/pioneer-board)"
}
for case in "QT_IM_MODULE=fcitx|ibus 1" "QT_IM_MODULE=fcitx5|ibus 1" "XMODIFIERS=@im=fcitx|ibus 1" \
  "QT_IM_MODULE=ibus|ibus " "QT_IM_MODULE=fcitx PIONEER_BOARD_IM_MODULE=none|none "; do
  env_given=${case%|*} want=${case#*|}
  # shellcheck disable=SC2086
  got=$(wrapper_choice $env_given)
  if [ "$got" = "$want" ]; then ok "input method: $env_given → QT_IM_MODULE/IBUS_USE_PORTAL $got"; else bad "input method: $env_given → '$got', want '$want'"; fi
done

others=$(find "$data" ! -user "$user" 2>/dev/null | head -3)
if [ -z "$others" ]; then ok "every data file belongs to $user"; else bad "not $user's: $others"; fi
if [ -z "$(find /opt/pioneer-board -newer "$deb" -type f 2>/dev/null | head -1)" ] && [ ! -e /opt/pioneer-board/data ]; then
  ok "nothing written under /opt/pioneer-board"
else
  bad "files written under /opt/pioneer-board"
fi

step "remove and purge"
rows_before=$(du -b "$data/pioneer-board.sqlite3" | cut -f1)
if $SUDO dpkg -r pioneer-board >"$work/remove.txt" 2>&1 && $SUDO dpkg --purge pioneer-board >>"$work/remove.txt" 2>&1; then
  installed=0; ok "dpkg -r, dpkg --purge"
else
  bad "remove"; tail "$work/remove.txt"
fi
if [ ! -e /opt/pioneer-board ] && [ ! -e /usr/bin/pioneer-board ] && [ ! -e /usr/share/applications/pioneer-board.desktop ]; then
  ok "program, commands and menu entry gone"
else
  bad "left behind: $(ls -d /opt/pioneer-board /usr/bin/pioneer-board* 2>/dev/null)"
fi
if [ -f "$data/pioneer-board.sqlite3" ] && [ "$(du -b "$data/pioneer-board.sqlite3" | cut -f1)" = "$rows_before" ] &&
  [ -f "$backup_file" ]; then
  ok "the user's data (database, logs, the backup in ~/usb) is still there"
else
  bad "the user's data is gone"
fi

finish
