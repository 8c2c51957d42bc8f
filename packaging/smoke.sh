#!/usr/bin/env bash
# Build the Linux one-folder bundle from a clean copy of the committed tree and use it as a person would,
# offscreen: --version, a demo database, a star chart PDF, a backup, the GUI (start, show, quit), a second
# GUI start on the same data folder (single instance), and the portable mode.
#
#   bash packaging/smoke.sh                 # everything from scratch (fresh venv: ~1 min of pip + ~2 min build)
#   SMOKE_VENV=/tmp/pbvenv bash packaging/smoke.sh   # reuse a venv that already has PyInstaller
#   SMOKE_FROM=worktree bash packaging/smoke.sh      # build the working tree (uncommitted files too)
#   SMOKE_KEEP=1 ...                                 # keep the temporary folder to look at the bundle
#   SMOKE_DEB=1 ...                                  # then the .deb from the same bundle (packaging/smoke_deb.sh)
#
# Ends with "smoke: N passed, M failed"; exit status 0 only when nothing failed.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pioneer-smoke.XXXXXX")
src="$work/src"
passed=0 failed=0 skipped=0
gui_pid=""

cleanup() {
  if [ -n "$gui_pid" ] && kill -0 "$gui_pid" 2>/dev/null; then kill "$gui_pid"; fi
  if [ "${SMOKE_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); echo "ok    $*"; }
bad() { failed=$((failed + 1)); echo "FAIL  $*"; }
skip() { skipped=$((skipped + 1)); echo "skip  $*"; }
step() { echo; echo "== $*"; }
# check "what" command...: run it, show its last lines when it fails
check() {
  local what=$1; shift
  if "$@" >"$work/out.txt" 2>&1; then ok "$what"; else bad "$what (exit $?)"; tail -15 "$work/out.txt"; fi
}

step "clean copy of the tree"
mkdir -p "$src"
if [ "${SMOKE_FROM:-commit}" = worktree ]; then
  tar -C "$repo" --exclude=.git --exclude=.venv --exclude=build --exclude=dist --exclude='*.egg-info' \
    --exclude=__pycache__ -cf - . | tar -C "$src" -xf -
  echo "working tree of $repo"
else
  git -C "$repo" archive HEAD | tar -C "$src" -xf -
  echo "commit $(git -C "$repo" rev-parse --short HEAD) of $repo"
fi

step "venv with the project and PyInstaller"
started=$(date +%s)
if [ -n "${SMOKE_VENV:-}" ]; then
  venv=$SMOKE_VENV
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
else
  venv="$work/venv"
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install -q --upgrade pip >/dev/null
if ! "$py" -m pip install -q "$src[postgresql]" "pyinstaller>=6.10,<7" >"$work/pip.txt" 2>&1; then
  tail -30 "$work/pip.txt"; echo "FAIL  pip install"; exit 1
fi
echo "installed in $(( $(date +%s) - started )) s"

step "build"
started=$(date +%s)
if ! (cd "$src" && "$py" packaging/build.py --dist "$work/dist" --work "$work/build" --no-zip); then
  echo "FAIL  build"; exit 1
fi
build_seconds=$(( $(date +%s) - started ))
bundle="$work/dist/PioneerBoard"
cli="$bundle/pioneer-board-cli"
gui="$bundle/PioneerBoard"
size=$(du -sh "$bundle" | cut -f1)
echo "built in ${build_seconds} s; bundle $size"

unset PIONEER_BOARD_DATA
export QT_QPA_PLATFORM=offscreen
data="$work/data"
out="$work/out"
mkdir -p "$out"
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$src/app/__init__.py")

step "command line"
if "$cli" --version 2>&1 | grep -q "$version"; then ok "--version says $version"; else bad "--version"; "$cli" --version; fi
check "demo database (60 members)" "$cli" --data-dir "$data" demo --members 60
check "database check" "$cli" --data-dir "$data" check

# Star chart: the newest closed quarter of the demo village.
if "$cli" board stars --help >/dev/null 2>&1; then
  period=$("$cli" --data-dir "$data" periods list --json 2>/dev/null |
    "$py" -c 'import json,sys; print(next(p["id"] for p in json.load(sys.stdin) if p["status"]=="closed"))')
  check "star chart for $period" "$cli" --data-dir "$data" board stars --period "$period" -o "$out/stars.pdf"
  if head -c 5 "$out/stars.pdf" 2>/dev/null | grep -q "%PDF"; then ok "stars.pdf is a PDF ($(du -h "$out/stars.pdf" | cut -f1))"; else bad "stars.pdf missing"; fi
else
  skip "board stars: the boards CLI is not in this build"
fi

if "$cli" backup create --help >/dev/null 2>&1; then
  mkdir -p "$out/usb"  # the stand-in for a USB stick; backup refuses a folder that is not there
  check "backup to a folder" "$cli" --data-dir "$data" backup create "$out/usb"
  backup_file=$(ls "$out"/usb/*.pbk 2>/dev/null | head -1)
  if [ -n "$backup_file" ]; then
    check "backup verifies" "$cli" --data-dir "$data" backup verify "$backup_file"
  else
    bad "no backup file in $out/usb"
  fi
else
  skip "backup create: the backup CLI is not in this build"
fi

step "township server (PostgreSQL)"
# psycopg is in the bundle: an unreachable server is refused as such, not with "install psycopg".
"$cli" --data-dir "$out/pg" --database-url "postgresql+psycopg://smoke@127.0.0.1:9/none" check >"$work/pg.txt" 2>&1
code=$?
if [ "$code" = 2 ] && grep -q "无法连接数据库服务器" "$work/pg.txt"; then
  ok "psycopg loads in the bundle (an unreachable server is refused in Chinese)"
else
  bad "psycopg in the bundle (exit $code)"; tail -5 "$work/pg.txt"
fi
# SMOKE_PG_URL=postgresql+psycopg://…/emptydb: a real server (e.g. scripts/pg-throwaway.sh start DIR).
if [ -n "${SMOKE_PG_URL:-}" ]; then
  check "demo on the server" "$cli" --data-dir "$out/pg" --database-url "$SMOKE_PG_URL" demo --members 20
  check "check on the server" "$cli" --data-dir "$out/pg" --database-url "$SMOKE_PG_URL" check
  if [ -n "${backup_file:-}" ]; then
    check "backup restore onto the server" "$cli" --data-dir "$out/pg" --database-url "$SMOKE_PG_URL" \
      backup restore "$backup_file" --yes
    check "township compare on the server" "$cli" --data-dir "$out/pg" --database-url "$SMOKE_PG_URL" \
      township compare --json
  fi
else
  skip "a real server (set SMOKE_PG_URL)"
fi

step "GUI (offscreen)"
if PIONEER_BOARD_QUIT_AFTER_SHOW=1 timeout 60 "$gui" --data-dir "$data" >"$work/gui.txt" 2>&1; then
  ok "GUI starts, shows its window and quits"
else
  bad "GUI start (exit $?)"; tail -20 "$work/gui.txt"
fi
if grep -q "unexpected error" "$data/logs/pioneer-board.log"; then
  bad "the log has an unexpected error"; grep -A15 "unexpected error" "$data/logs/pioneer-board.log" | head -30
else
  ok "no unexpected error in the log"
fi

# Single instance: a second start wakes the first and leaves without opening the database.
listening=$(grep -c "single instance: listening" "$data/logs/pioneer-board.log")
timeout 120 "$gui" --data-dir "$data" >"$work/gui1.txt" 2>&1 &
gui_pid=$!
for _ in $(seq 100); do
  [ "$(grep -c "single instance: listening" "$data/logs/pioneer-board.log")" -gt "$listening" ] && break
  sleep 0.2
done
before=$(grep -c "another start asked" "$data/logs/pioneer-board.log")
if timeout 30 "$gui" --data-dir "$data" >"$work/gui2.txt" 2>&1; then ok "second start exits at once"; else bad "second start (exit $?)"; fi
for _ in $(seq 50); do
  [ "$(grep -c "another start asked" "$data/logs/pioneer-board.log")" -gt "$before" ] && break
  sleep 0.2
done
if [ "$(grep -c "another start asked" "$data/logs/pioneer-board.log")" -gt "$before" ]; then
  ok "the first window was asked to come forward"
else
  bad "the first copy got no wake-up"
fi
# The CLI takes no lock: it works beside an open GUI (SQLite WAL + busy timeout).
check "CLI beside the open GUI" timeout 60 "$cli" --data-dir "$data" check
kill "$gui_pid" 2>/dev/null; wait "$gui_pid" 2>/dev/null; gui_pid=""

step "accounts (argon2 inside the bundle)"
accounts_data="$work/accounts-data"
printf 'smoke-admin-1\n' >"$work/admin-password.txt"
check "demo for the accounts" "$cli" --data-dir "$accounts_data" demo --members 5
check "first 管理员 account (argon2 hash)" "$cli" --data-dir "$accounts_data" accounts add admin --role 管理员 \
  --new-password-file "$work/admin-password.txt"
check "log in with --user and --password-file" "$cli" --data-dir "$accounts_data" --user admin \
  --password-file "$work/admin-password.txt" accounts list

step "portable mode"
touch "$bundle/portable"
check "CLI with the portable marker" "$cli" demo --members 5
if [ -f "$bundle/data/pioneer-board.sqlite3" ]; then ok "data kept beside the program"; else bad "no data/ beside the program"; fi
rm -rf "$bundle/portable" "$bundle/data"

# The .deb from this very bundle (no second build): install, use as an ordinary user, remove.
if [ "${SMOKE_DEB:-0}" = 1 ]; then
  step ".deb (packaging/smoke_deb.sh)"
  PYTHON="$py" bash "$src/packaging/smoke_deb.sh" --bundle "$bundle" | tee "$work/deb.txt"
  read -r deb_passed deb_failed deb_skipped < <(sed -n 's/^deb smoke: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped/\1 \2 \3/p' "$work/deb.txt")
  if [ -z "${deb_passed:-}" ]; then bad "smoke_deb.sh ended early"; else
    passed=$((passed + deb_passed)) failed=$((failed + deb_failed)) skipped=$((skipped + deb_skipped))
  fi
fi

echo
echo "build ${build_seconds} s, bundle $size"
echo "smoke: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
