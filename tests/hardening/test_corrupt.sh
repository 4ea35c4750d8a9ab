#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile databases: every damaged copy of the full registry's database
# is refused by `ianaports verify` with a reason, and is served by the
# module as it opens any file (without the whole-file check): every kind
# of lookup through the real glibc -- by name and by port, with no
# protocol, tcp, udp and others, the file's own names and ports -- and a
# whole enumeration, through the lookup program and getent, must end (no
# crash, no hang) with UNAVAIL, NOTFOUND or an answer whole inside the
# caller's buffer.  The same in process against a guard page after the
# image (corrupt check).  Random flips that leave a sound file are
# answered in full.  Also: empty file, directory, FIFO, newer major.
. tests/hardening/lib.sh
FLIPS=${FLIPS:-4000}

reg=$SNAPSHOT
"$CLI" compile -q -o "$T/full.db" "$reg" >/dev/null || exit 1
mkdir "$T/v" "$T/f"
"$H/corrupt" variants "$T/full.db" "$T/v" || exit 1

# Queries of every kind, and the sound file's own entries.
QUERIES="$HOSTILE_QUERIES
$(entry_queries "$T/full.db" 700)"

# The module on F through glibc: the lookup program (every query and a
# walk: exit 0 or 3, not 4, an answer not whole), getent (keys, walk).
through_glibc() {
	f=$1
	# shellcheck disable=SC2086 # one word a query
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$f timeout 20 "$H/lookup" -e -q \
	    $QUERIES >"$T/out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
		echo "lookup program: exit $rc$(grep -m1 MALFORMED "$T/out")"
		return 1
	fi
	for q in "http 80/tcp 53/udp ssh/tcp kerberos-adm 749/ddp nope" ""; do
		# shellcheck disable=SC2086
		ngetent "$f" $q >"$T/out" 2>&1
		rc=$?
		if crashed "$rc"; then
			echo "getent ${q:-(walk)}: exit $rc"
			return 1
		fi
	done
}

# A hostile file F: verify refuses it (one line naming the file); the
# module ends every lookup on it, in process and through glibc.
hostile() {
	f=$1
	"$CLI" verify -d "$f" >/dev/null 2>"$T/err"
	rc=$?
	msg=$(cat "$T/err")
	if [ "$rc" -ne 1 ] || [ "$(wc -l <"$T/err")" -ne 1 ] ||
	    ! grep -q "$f" "$T/err"; then
		fail "verify refuses ${f##*/}" "exit $rc: $msg"
		return
	fi
	: >"$T/check"
	rc=0
	[ -f "$f" ] && { "$H/corrupt" check "$f" >"$T/check" 2>&1; rc=$?; }
	if [ "$rc" -ne 0 ]; then
		fail "${f##*/}: in process, as the module opens it (exit $rc)" \
		    "$(cat "$T/check")"
		return
	fi
	if ! why=$(through_glibc "$f"); then
		fail "${f##*/}: through glibc" "$why"
		return
	fi
	pass "${f##*/}: $msg$(sed -n 's/.*: open: \([^;]*\);.*/; module: \1/p' \
	    "$T/check")"
}

n=0
for f in "$T"/v/*; do
	hostile "$f"
	n=$((n + 1))
done

# The same reasons for files that are not databases at all.
: >"$T/empty.db"
hostile "$T/empty.db"
mkdir "$T/dir.db"
hostile "$T/dir.db"
mkfifo "$T/fifo.db"
hostile "$T/fifo.db"	# a FIFO nobody writes: must not block
printf 'IPDB\r\n\032\n' >"$T/magic-only.db"
hostile "$T/magic-only.db"
n=$((n + 4))

major=$(sed -n 's/^#define IPDB_MAJOR[[:space:]]*\([0-9]*\).*/\1/p' nss/ipdb.h)
if "$CLI" verify -d "$T/v/version-major-next" 2>&1 |
    grep -q "version $((major + 1))\.0 (this reader knows $major\.x)"; then
	pass "verify names the newer version ($((major + 1)).0)"
else
	fail "verify names the newer version"
fi
if "$CLI" verify -d "$T/v/version-major-0" 2>&1 |
    grep -q "version 0\.0 (this reader knows $major\.x); an older ianaports wrote it: compile again"; then
	pass "verify tells an older version to compile again"
else
	fail "verify tells an older version to compile again" \
	    "$("$CLI" verify -d "$T/v/version-major-0" 2>&1)"
fi

# Random flips: checked in one process against an unreadable page after
# the image, then a sample through glibc.  Those verify finds sound are
# served whole.
out=$("$H/corrupt" flips "$T/full.db" "$FLIPS" 4 "$T/f" 60) &&
    pass "$out" || fail "in-process flips" "$out"
entries=$("$CLI" verify -d "$T/full.db" | sed -n 's/^entries: *//p')
for f in "$T"/f/*; do
	case ${f##*/} in
	reject-*)
		hostile "$f"
		;;
	accept-*)
		want=$("$CLI" verify -d "$f" | sed -n 's/^entries: *//p')
		got=$(ngetent "$f" | wc -l)
		if [ "$want" = "$entries" ] && [ "$got" = "$want" ]; then
			pass "${f##*/}: still sound, $got entries served"
		else
			fail "${f##*/}: sound flip served in full" \
			    "verify: $want, getent: $got, expected $entries"
		fi
		;;
	esac
	n=$((n + 1))
done
echo "# $n hostile files through verify and glibc, $FLIPS flips in process"
finish
