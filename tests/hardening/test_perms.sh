#!/bin/sh
# SPDX-License-Identifier: MIT
# Permissions: a database others may write, or owned by
# someone neither root nor the caller, is refused by the module (getent
# finds nothing) and flagged by verify; the compiler creates 0644.
. tests/hardening/lib.sh
"$CLI" compile -q -o "$T/ok.db" data/sample-registry.txt >/dev/null || exit 1

served() {	# served DB: getent finds kerberos-adm through the module
	ngetent "$1" kerberos-adm >/dev/null 2>&1
}
refused() {
	_f=$1 _d=$2
	if served "$_f"; then
		fail "module refuses a database $_d"
	else
		pass "module refuses a database $_d"
	fi
	if "$CLI" verify -d "$_f" 2>&1 | grep -q 'unsafe permissions'; then
		pass "verify flags a database $_d"
	else
		fail "verify flags a database $_d" "$("$CLI" verify -d "$_f" 2>&1)"
	fi
}

served "$T/ok.db" && pass "root-owned 0644 database served" ||
    fail "root-owned 0644 database served"
for mode in 664 646 666 620; do
	cp "$T/ok.db" "$T/m$mode.db"
	chmod "$mode" "$T/m$mode.db"
	refused "$T/m$mode.db" "of mode $mode"
done
cp "$T/ok.db" "$T/foreign.db"
chown 12345:12345 "$T/foreign.db"
refused "$T/foreign.db" "owned by uid 12345"
# Owned by the caller: served to that caller.
cp "$T/ok.db" "$T/nobody.db"
chown 65534 "$T/nobody.db"
if LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/nobody.db setpriv --reuid=65534 \
    --regid=65534 --clear-groups getent -s ianaports services kerberos-adm \
    >/dev/null; then
	pass "a database owned by the caller (nobody) is served to it"
else
	fail "a database owned by the caller is served to it"
fi

# The compiler creates 0644 whatever the umask, and replacing keeps it.
for u in 022 077 000; do
	rm -f "$T/new.db"
	(umask $u && "$CLI" compile -q -o "$T/new.db" \
	    data/sample-registry.txt >/dev/null)
	m=$(stat -c %a "$T/new.db")
	[ "$m" = 644 ] && pass "compile under umask $u creates mode 644" ||
	    fail "compile under umask $u creates mode 644" "mode $m"
done
chmod 600 "$T/new.db"
"$CLI" compile -q -o "$T/new.db" data/sample-registry.txt >/dev/null
m=$(stat -c %a "$T/new.db")
[ "$m" = 644 ] && pass "compile over an existing database: mode 644" ||
    fail "compile over an existing database: mode 644" "mode $m"
finish
