#!/bin/bash
# deb — `make deb` (scripts/deb) builds the Debian package with debhelper
# and lintian finds no error; the package, unpacked into a throwaway root,
# gives a working slsx: --version, man -w, and a short headless round trip
# against the packaged slsd (slsx --demo). Its dependencies come from
# shlibs.
. "$(dirname "$0")/lib.sh"

SRC=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v dpkg-buildpackage >/dev/null || ! command -v lintian >/dev/null; then
	t_fail deb_tools "debhelper, dpkg-dev and lintian are needed (scripts/bootstrap installs them)"
	t_done
fi
out=$("$SRC/scripts/deb" 2>"$T_TMP/deb.err")
check_eq deb_built $? 0
deb=$SRC/$(printf '%s\n' "$out" | tail -1)
check deb_exists test -f "$deb"
check_match deb_shlibs_depends "$(dpkg-deb -f "$deb" Depends)" 'libcurl4.*libncursesw6'
ROOT=$T_TMP/root
check unpack dpkg-deb -x "$deb" "$ROOT"
cd / || exit 2
check_match deb_version "$("$ROOT/usr/bin/slsx" --version)" '^slsx [0-9]'
check_eq deb_man "$(MANPATH="$ROOT/usr/share/man" man -w slsx 2>/dev/null)" \
	"$ROOT/usr/share/man/man1/slsx.1.gz"
export TMPDIR="$T_TMP/tmp" HOME="$T_TMP/home"
mkdir -p "$TMPDIR" "$HOME"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
rows=$("$ROOT/usr/bin/slsx" --demo query --from -1h --limit 5 --format jsonl 'status:200' 2>/dev/null |
	grep -c '"status":"200"')
check_eq deb_round_trip "$rows" 5
check deb_demo_clean test -z "$(ls -A "$TMPDIR")"
t_done
