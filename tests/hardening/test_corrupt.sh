#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile databases: every damaged copy of the full
# registry's database is refused by `ianaports verify` with a reason,
# and the module, through the real glibc and getent, answers nothing for
# it: no crash, no hang, no data.  Random flips that leave a sound file
# are answered in full.  Also: empty file, directory, FIFO, newer major.
. tests/hardening/lib.sh
FLIPS=${FLIPS:-4000}

reg=$SNAPSHOT
"$CLI" compile -q -o "$T/full.db" "$reg" >/dev/null || exit 1
mkdir "$T/v" "$T/f"
"$H/corrupt" variants "$T/full.db" "$T/v" || exit 1

# A refused file: verify says why (one line naming the file), and
# glibc gets UNAVAIL: getent finds nothing, by name, port or walk.
refused() {
	f=$1
	"$CLI" verify -d "$f" >/dev/null 2>"$T/err"
	rc=$?
	msg=$(cat "$T/err")
	if [ "$rc" -ne 1 ] || [ "$(wc -l <"$T/err")" -ne 1 ] ||
	    ! grep -q "$f" "$T/err"; then
		fail "verify refuses ${f##*/}" "exit $rc: $msg"
		return
	fi
	for q in http 53/udp ""; do
		ngetent "$f" $q >"$T/out" 2>&1
		rc=$?
		# A walk of nothing ends with 0; a key not found, 2.
		if [ "$rc" -ne 2 ] && { [ -n "$q" ] || [ "$rc" -ne 0 ]; } ||
		    [ -s "$T/out" ]; then
			fail "module refuses ${f##*/} (getent $q)" \
			    "exit $rc, nothing printed expected" \
			    "$(head -3 "$T/out")"
			return
		fi
	done
	pass "${f##*/}: $msg"
}

n=0
for f in "$T"/v/*; do
	refused "$f"
	n=$((n + 1))
done

# The same reasons for files that are not databases at all.
: >"$T/empty.db"
refused "$T/empty.db"
mkdir "$T/dir.db"
refused "$T/dir.db"
mkfifo "$T/fifo.db"
refused "$T/fifo.db"	# a FIFO nobody writes: must not block
printf 'IPDB\r\n\032\n' >"$T/magic-only.db"
refused "$T/magic-only.db"
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
# the image, then a sample through glibc.
out=$("$H/corrupt" flips "$T/full.db" "$FLIPS" 4 "$T/f" 60) &&
    pass "$out" || fail "in-process flips" "$out"
entries=$("$CLI" verify -d "$T/full.db" | sed -n 's/^entries: *//p')
for f in "$T"/f/*; do
	case ${f##*/} in
	reject-*)
		refused "$f"
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
