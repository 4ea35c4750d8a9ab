#!/bin/sh
# SPDX-License-Identifier: MIT
# Symbol and process hygiene of the module: exports,
# dependencies, relocation and hardening flags, no constructors, no
# initial-exec TLS, O_CLOEXEC and no descriptor kept, and IANAPORTS_DB
# ignored in a setuid program (secure_getenv).
. tests/hardening/lib.sh
M=$B/libnss_ianaports.so.2
DB_PATH=${DB_PATH:-/var/lib/ianaports/services.db}

ok_if() {
	_d=$1
	shift
	if "$@"; then pass "$_d"; else fail "$_d" "$($@ 2>&1 | head -3)"; fi
}

nm -D --defined-only "$M" | awk '{ print $3 }' | sort >"$T/exports"
if cmp -s "$T/exports" tests/hardening/abi.txt; then
	pass "exports exactly the five _nss_ianaports_* functions"
else
	fail "exports" "$(diff tests/hardening/abi.txt "$T/exports")"
fi
readelf -dW "$M" >"$T/dyn"
needed=$(sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' "$T/dyn" | tr '\n' ' ')
[ "$needed" = "libc.so.6 " ] && pass "NEEDED: libc.so.6 only" ||
    fail "NEEDED: libc.so.6 only" "got: $needed"
! grep -q TEXTREL "$T/dyn" && pass "no TEXTREL (built -fPIC)" ||
    fail "no TEXTREL"
grep -q 'BIND_NOW' "$T/dyn" && grep -q 'FLAGS_1.*NOW' "$T/dyn" &&
    pass "BIND_NOW" || fail "BIND_NOW"
! grep -q STATIC_TLS "$T/dyn" && pass "no initial-exec TLS (no STATIC_TLS)" ||
    fail "no STATIC_TLS"
readelf -lW "$M" | grep -q GNU_RELRO && pass "GNU_RELRO" || fail "GNU_RELRO"
readelf -lW "$M" | grep -q ' TLS ' && fail "no TLS segment" ||
    pass "no TLS segment"
readelf -hW "$M" | grep -q 'DYN ' && pass "a position-independent DSO" ||
    fail "ELF type DYN"
nm -D "$M" | grep -q ' U __stack_chk_fail' && pass "stack protector" ||
    fail "stack protector (__stack_chk_fail not referenced)"
# .init_array: the compiler's one frame_dummy entry, nothing of ours.
ia=$(readelf -SW "$M" | awk '$2 == ".init_array" { print $6 }')
[ -z "$ia" ] || [ "$((0x$ia))" -le 8 ] &&
    pass "no constructor of ours (.init_array: ${ia:-none})" ||
    fail "no constructor" ".init_array size 0x$ia"
readelf -SW "$M" | grep -q '\.ctors' && fail "no .ctors" || pass "no .ctors"

# Descriptors: opened O_CLOEXEC, none left after lookups and a walk.
"$CLI" compile -q -o "$T/sample.db" data/sample-registry.txt >/dev/null
out=$(LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/sample.db "$H/lookup" -f -e -q \
    -r 3 749/udp kerberos-adm domain-s/udp)
[ $? -eq 0 ] && pass "lookups and walks leave no descriptor (${out##*descriptors: })" ||
    fail "no descriptor left" "$out"
if command -v strace >/dev/null; then
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/sample.db strace -f -e trace=open,openat \
	    -o "$T/strace" "$H/lookup" http >/dev/null 2>&1
	opens=$(grep 'sample\.db' "$T/strace")
	if [ -n "$opens" ] && ! echo "$opens" | grep -qv O_CLOEXEC; then
		pass "the database is opened O_CLOEXEC"
	else
		fail "O_CLOEXEC" "$opens"
	fi
else
	fail "O_CLOEXEC: strace missing"
fi

# secure_getenv: a setuid-root copy of the lookup program, run as
# nobody, must ignore IANAPORTS_DB and read the built-in path.  The
# library is found through an absolute RPATH (LD_LIBRARY_PATH is ignored
# for setuid programs); the built-in path gets a database of its own in
# a private mount namespace, so the host is not touched.
mkdir "$T/lib" "$T/bin"
cp "$M" "$T/lib/"
${CC:-cc} -D_GNU_SOURCE -Itests/hardening -O2 -o "$T/bin/lookup" \
    tests/hardening/lookup.c -Wl,--disable-new-dtags,-rpath,"$T/lib" || exit 1
cp "$T/bin/lookup" "$T/bin/lookup-suid"
chown root:root "$T/bin/lookup-suid"
chmod 4755 "$T/bin/lookup-suid"
printf 'bogus-svc 4444/tcp\n' >"$T/bogus.txt"
"$CLI" compile -q -o "$T/bogus.db" "$T/bogus.txt" >/dev/null
chmod 644 "$T/bogus.db" "$T/sample.db"
chmod -R a+rX "$T"
# The built-in path's directory, or the nearest one that exists, gets a
# tmpfs in the namespace.
top=$(dirname "$DB_PATH")
while [ ! -d "$top" ]; do top=$(dirname "$top"); done
unshare -m sh -s "$T" "$DB_PATH" "$top" >"$T/suid.out" 2>&1 <<'INNER'
T=$1 DB=$2 TOP=$3
mount -t tmpfs -o mode=755 none "$TOP" || exit 1
mkdir -p "$(dirname "$DB")"
cp "$T/sample.db" "$DB"
echo "plain:"
IANAPORTS_DB=$T/bogus.db setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$T/bin/lookup" bogus-svc kerberos-adm
echo "suid:"
IANAPORTS_DB=$T/bogus.db setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$T/bin/lookup-suid" bogus-svc kerberos-adm
INNER
sed 's/^/# /' "$T/suid.out"
plain=$(sed -n '/^plain:/,/^suid:/p' "$T/suid.out")
suid=$(sed -n '/^suid:/,$p' "$T/suid.out")
echo "$plain" | grep -q 'bogus-svc	bogus-svc 4444/tcp' &&
    echo "$plain" | grep -q 'kerberos-adm	NOTFOUND' &&
    pass "unprivileged: IANAPORTS_DB is honoured" ||
    fail "unprivileged: IANAPORTS_DB is honoured"
echo "$suid" | grep -q 'bogus-svc	NOTFOUND' &&
    echo "$suid" | grep -q 'kerberos-adm	kerberos-adm 749/' &&
    pass "setuid as nobody: IANAPORTS_DB ignored, $DB_PATH used" ||
    fail "setuid: IANAPORTS_DB ignored"
finish
