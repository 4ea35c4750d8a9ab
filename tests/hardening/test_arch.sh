#!/bin/sh
# SPDX-License-Identifier: MIT
# The module on other machines, loaded by their own glibc: i386 (32-bit
# words and time, built with $CC -m32 and run by this kernel, or under
# qemu-user where this kernel runs no 32-bit programs) and s390x
# (big-endian, built with clang --target and run under qemu-user).  On
# each, every entry of the full registry's database by name and by port,
# and the walk, answer as on this machine, and so do the hostile files of
# the corrupt check (the reader is the same code: a damaged file must be
# read the same way everywhere).  On i386, a database dated past 2038 or
# with an inode number above 32 bits is served.  On both, the command
# and the unit tests run too, and compile writes the very bytes amd64
# writes.  A machine whose toolchain, emulator or libraries are out of
# reach is skipped, saying so.
. tests/hardening/lib.sh
CC=${CC:-cc}
CLANG=${HARD_CC_TSAN:-clang-14}
S390X_ROOT=${S390X_ROOT:-/usr/s390x-linux-gnu}

"$CLI" compile -q -o "$T/full.db" "$SNAPSHOT" >/dev/null || exit 1
mkdir "$T/v" "$T/f"
"$H/corrupt" variants "$T/full.db" "$T/v" >/dev/null || exit 1
"$H/corrupt" flips "$T/full.db" 2000 4 "$T/f" 40 >/dev/null || exit 1

# Every entry by name, name/proto, NAME in capitals, port, port/proto.
entry_queries "$T/full.db" 1 >"$T/queries"

# lookups RUN MODULE_DIR DB [ARGS...]: the lookup program RUN (a command
# line) through the module in MODULE_DIR on DB, its output and then its
# exit status; the queries of $T/queries with -a, in chunks.
lookups() {
	lk_run=$1 lk_lib=$2 lk_db=$3
	shift 3
	if [ "$1" = -a ]; then
		# shellcheck disable=SC2086 # RUN is a command line
		LD_LIBRARY_PATH=$lk_lib IANAPORTS_DB=$lk_db xargs -n 3000 \
		    timeout 120 $lk_run <"$T/queries" 2>&1
		echo "exit $?"
		return
	fi
	# shellcheck disable=SC2086
	LD_LIBRARY_PATH=$lk_lib IANAPORTS_DB=$lk_db timeout 60 $lk_run "$@" \
	    2>&1
	echo "exit $?"
}

# build NAME CC CFLAGS: the module and the lookup program for NAME in
# $B/arch/NAME, through the Makefile's own rules.
build() {
	_d=$B/arch/$1
	make -s B="$_d" CC="$2" CFLAGS="$3 -O2 -g" LDFLAGS="$3" \
	    "$_d/libnss_ianaports.so.2" "$_d/hardening/lookup" \
	    >"$T/build-$1.log" 2>&1
}

# same_answers NAME RUN: the full database, then every hostile file,
# through NAME's module and lookup program RUN, against this machine's.
same_answers() {
	lib=$B/arch/$1
	{ lookups "$H/lookup" "$B" "$T/full.db" -a
	  lookups "$H/lookup -e" "$B" "$T/full.db"; } >"$T/want"
	{ lookups "$2" "$lib" "$T/full.db" -a
	  lookups "$2 -e" "$lib" "$T/full.db"; } >"$T/got"
	if cmp -s "$T/want" "$T/got" &&
	    [ "$(grep -c '^exit 0$' "$T/got")" = 2 ]; then
		pass "$1: $(wc -l <"$T/queries") lookups and the walk of \
$(sed -n 's/^\([0-9]*\) entries$/\1/p' "$T/got") entries answer as here"
	else
		fail "$1: the full database answers as here" \
		    "$(diff "$T/want" "$T/got" | head -n 6)"
	fi
	n=0 bad=
	for f in "$T"/v/* "$T"/f/*; do
		# shellcheck disable=SC2086 # one word a query
		lookups "$H/lookup -e" "$B" "$f" $HOSTILE_QUERIES >"$T/want"
		# shellcheck disable=SC2086
		lookups "$2 -e" "$lib" "$f" $HOSTILE_QUERIES >"$T/got"
		n=$((n + 1))
		cmp -s "$T/want" "$T/got" && grep -q '^exit [03]$' "$T/got" &&
		    continue
		bad="$bad ${f##*/}"
		diff "$T/want" "$T/got" | head -n 4 >"$T/diff"
	done
	if [ -z "$bad" ]; then
		pass "$1: $n hostile files answered as here"
	else
		fail "$1: hostile files answered as here:$bad" "$(cat "$T/diff")"
	fi
}

# i386_wide_files [QEMU]: files a 32-bit stat() without 64-bit fields
# could not describe, through the i386 lookup program (run by QEMU).
i386_wide_files() {
	run="$1 $B/arch/i386/hardening/lookup"
	cp "$T/full.db" "$T/2040.db"
	touch -d 2040-01-01 "$T/2040.db"
	check "i386: a database dated 2040 is served" sh -c \
	    "LD_LIBRARY_PATH=$B/arch/i386 IANAPORTS_DB=$T/2040.db $run http/tcp |
	    grep -q 'http 80/tcp'"
	if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
		echo "# i386: 64-bit inode numbers skipped: needs root"
		return
	fi
	mkdir "$T/lo" "$T/up" "$T/wk" "$T/mnt"
	# shellcheck disable=SC2016 # expanded by the inner shell
	out=$(unshare -m --propagation private sh -c '
	    mount -t tmpfs none "$1/lo" && cp "$1/full.db" "$1/lo/" &&
	    mount -t overlay -o "lowerdir=$1/lo,upperdir=$1/up,workdir=$1/wk,xino=on" \
	    none "$1/mnt" || exit 2
	    stat -c "inode %i" "$1/mnt/full.db"
	    LD_LIBRARY_PATH=$2 IANAPORTS_DB=$1/mnt/full.db $3 http/tcp' \
	    sh "$T" "$B/arch/i386" "$run" 2>&1)
	case $? in
	2) echo "# i386: 64-bit inode numbers skipped: no overlay with xino" \
	    "here" ;;
	*) ino=$(echo "$out" | sed -n 's/^inode //p')
	   if [ "${#ino}" -gt 10 ] && echo "$out" | grep -q 'http 80/tcp'; then
		pass "i386: a database with inode number $ino is served"
	   else
		fail "i386: a database with a 64-bit inode number is served" \
		    "$out"
	   fi ;;
	esac
}

# fetch_libs ARCH: expat, cmocka and curl's headers for Debian's ARCH,
# from Debian's archive through an apt state of this test's own (the
# system's is not touched), unpacked in $T/ARCH-root; fails, saying why,
# where the archive is out of reach.
fetch_libs() {
	ap=$T/apt-$1
	a="-o Dir::State=$ap/state -o Dir::Cache=$ap/cache
	    -o APT::Architecture=$1 -o APT::Architectures::=$1
	    -o Debug::NoLocking=1 -o Acquire::Languages=none"
	mkdir -p "$ap/state/lists/partial" "$ap/cache/archives/partial" \
	    "$ap/dl" "$T/$1-root"
	# shellcheck disable=SC2086 # one word an option
	if ! apt-get $a -qq update >"$ap.log" 2>&1 ||
	    ! (cd "$ap/dl" && apt-get $a -qq download libexpat1 \
	    libexpat1-dev libcmocka0 libcmocka-dev libcurl4-openssl-dev) \
	    >>"$ap.log" 2>&1; then
		echo "# $1 command and unit tests skipped: Debian's archive" \
		    "out of reach (apt: $(tail -n 1 "$ap.log"))"
		return 1
	fi
	for d in "$ap"/dl/*.deb; do dpkg-deb -x "$d" "$T/$1-root"; done
}

# tools_on ARCH CC FLAGS RUN: the command and the unit tests built for
# ARCH with CC and FLAGS against fetch_libs's libraries, and run there
# (RUN: qemu, or nothing): every suite passes, and compile of the shipped
# snapshot and of each shared one writes the bytes amd64 writes.
tools_on() {
	fetch_libs "$1" || return
	r=$T/$1-root m=$1-linux-gnu d=$B/arch/$1-tools
	ldp=$r/usr/lib/$m:$r/lib/$m
	units=$(ls tests/unit/test_*.c |
	    sed "s|tests/unit/\(.*\)\.c|$d/tests/\1|")
	# test_nss_module re-executes itself, which qemu-user cannot do
	# without binfmt_misc: the module is compared above instead.
	[ -z "$4" ] || units=$(echo "$units" | sed '/test_nss_module/d')
	# shellcheck disable=SC2086 # one word a target
	if ! make -s B="$d" CC="$2" CFLAGS="$3 -O2 \
	    -idirafter $r/usr/include -idirafter $r/usr/include/$m" \
	    LDFLAGS="$3 -L$r/usr/lib/$m -L$r/lib/$m" "$d/ianaports" $units \
	    >"$T/build-$1-tools.log" 2>&1; then
		fail "$1: the command and unit tests built" \
		    "$(grep -m 3 -B 3 error "$T/build-$1-tools.log")"
		return
	fi
	pass "$1: the command and unit tests built"
	for u in $units; do
		LD_LIBRARY_PATH=$ldp SHARED=$SHARED $4 "$u" >"$T/unit.log" 2>&1
		rc=$?
		sum=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' \
		    "$T/unit.log")
		if [ "$rc" = 0 ]; then
			pass "$1: ${u##*/}: $sum tests passed"
		else
			fail "$1: ${u##*/}: exit $rc" \
			    "$(grep -m 4 -e ERROR -e FAIL "$T/unit.log")"
		fi
	done
	for src in "data/preferred-names.services $SNAPSHOT" \
	    "$REGISTRY"/*.xml "$REGISTRY"/*.csv; do
		[ -e "${src##* }" ] || continue	# no shared snapshots here
		# shellcheck disable=SC2086 # a list of sources
		LD_LIBRARY_PATH=$ldp $4 "$d/ianaports" compile -q \
		    -o "$T/there.db" $src >"$T/cmp.log" 2>&1
		# shellcheck disable=SC2086
		"$CLI" compile -q -o "$T/here.db" $src >/dev/null 2>&1
		check "$1: compile writes the bytes amd64 writes: ${src##*/}" \
		    cmp "$T/there.db" "$T/here.db"
	done
	LD_LIBRARY_PATH=$ldp $4 "$d/ianaports" dump -d "$T/here.db" \
	    >"$T/dump.there" 2>&1
	"$CLI" dump -d "$T/here.db" >"$T/dump.here" 2>&1
	check "$1: dump prints what amd64 prints" cmp "$T/dump.there" \
	    "$T/dump.here"
}

# i386: this compiler's -m32, run by this kernel or, where it runs no
# 32-bit programs (some virtual machines), under qemu-user.
printf 'int main(void){return 0;}\n' >"$T/probe.c"
I386_QEMU=
if $CC -m32 -o "$T/probe32" "$T/probe.c" 2>/dev/null &&
    { "$T/probe32" 2>/dev/null ||
    { qemu-i386 "$T/probe32" 2>/dev/null && I386_QEMU=qemu-i386; }; }; then
	[ -z "$I386_QEMU" ] || echo "# i386: this kernel runs no 32-bit" \
	    "programs: run under qemu-i386"
	if build i386 "$CC" -m32; then
		pass "i386: module and lookup program built"
		same_answers i386 \
		    "$I386_QEMU $B/arch/i386/hardening/lookup"
		i386_wide_files "$I386_QEMU"
		tools_on i386 "$CC" -m32 "$I386_QEMU"
	else
		fail "i386: module built" "$(tail -n 5 "$T/build-i386.log")"
	fi
else
	echo "# i386 skipped: no $CC -m32 (gcc-multilib), or no 32-bit" \
	    "programs on this kernel and no qemu-i386"
fi

# s390x: clang's cross target, the cross glibc, qemu-user.
QEMU="qemu-s390x -L $S390X_ROOT"
if command -v qemu-s390x >/dev/null && [ -d "$S390X_ROOT/lib" ] &&
    $CLANG --target=s390x-linux-gnu -o "$T/probe390" "$T/probe.c" \
    2>/dev/null && $QEMU "$T/probe390"; then
	if build s390x "$CLANG --target=s390x-linux-gnu" ""; then
		pass "s390x: module and lookup program built (big-endian)"
		same_answers s390x "$QEMU $B/arch/s390x/hardening/lookup"
		tools_on s390x "$CLANG --target=s390x-linux-gnu" "" "$QEMU"
	else
		fail "s390x: module built" "$(tail -n 5 "$T/build-s390x.log")"
	fi
else
	echo "# s390x skipped: no qemu-s390x, s390x cross glibc" \
	    "(libc6-dev-s390x-cross) or $CLANG"
fi
finish
