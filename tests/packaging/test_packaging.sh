#!/bin/sh
# SPDX-License-Identifier: MIT
# The packaging as a user meets it: man pages, completion, make install
# and uninstall, lintian, and the .deb and .rpm installed for real, then
# removed, inside a private mount namespace whose /etc, /usr, /var and /run
# are throwaway overlays: the host keeps no trace.
#
# Run by 'make check-packaging' (which builds the packages first) with
# B, DEB and RPM in the environment.  Needs root.

B=${B:-build}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
not_ok() { fail=$((fail + 1)); echo "FAIL - $*"; }
check() {	# check NAME COMMAND...: pass when COMMAND succeeds
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

inside() {
	set -u
	. tests/packaging/overlay.sh
	overlay_system "$1"
	# What a test expects to read, with the first field of getent's
	# answer.
	first_field() { awk '{ print $1; exit }'; }
	expect() {	# expect NAME WANT COMMAND...
		n=$1 want=$2
		shift 2
		got=$("$@" 2>"$T/err" | first_field)
		if [ "$got" = "$want" ]; then say ok "$n"; else
			say FAIL "$n: got \"$got\", want \"$want\""
			sed 's/^/#   /' "$T/err" | head -5; fi
	}

	cp /etc/nsswitch.conf "$T/nsswitch.orig"
	if [ -n "${DEB:-}" ]; then
		deb_round "$T/nsswitch.orig" host
		# An administrator's layout: a comment on the line, other
		# lines and a commented services line around it.
		cat >"$T/nsswitch.admin" <<-'EOF'
		# local edits
		hosts:	files dns
		#services: db files
		services:	files	# keep local
		protocols:	files
		EOF
		cp "$T/nsswitch.admin" /etc/nsswitch.conf
		deb_round "$T/nsswitch.admin" admin
		cp "$T/nsswitch.orig" /etc/nsswitch.conf
	fi
	if [ -n "${RPM:-}" ]; then
		rpm_round
	fi
}

# Install, use, remove and purge the .deb; nsswitch.conf must come back
# byte for byte.
deb_round() {
	orig=$1 tag=$2
	t "$tag: dpkg -i" dpkg -i "$DEB"
	t "$tag: nsswitch.conf has ianaports first, files behind" \
	    grep -Eq '^services:[[:space:]]+ianaports \[NOTFOUND=return\] ' \
	    /etc/nsswitch.conf
	t "$tag: database compiled by postinst" ianaports verify
	t "$tag: module installed in the multiarch directory" test -f \
	    "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/libnss_ianaports.so.2"
	expect "$tag: getent services http" http getent services http
	# 6010 is in neither /etc/services nor the sample: only the full
	# registry (the snapshot the package ships) answers it, as part of
	# x11's range.
	expect "$tag: getent services 6010/tcp" x11 getent services 6010/tcp
	expect "$tag: python socket.getservbyport(443)" https python3 -c \
	    'import socket; print(socket.getservbyport(443))'
	expect "$tag: perl getservbyname(domain, udp)" 53 perl -e \
	    'print scalar(getservbyname("domain", "udp")), "\n"'
	expect "$tag: ianaports query through the default DB" x11 \
	    ianaports query 6010/tcp
	t "$tag: a miss is NOTFOUND (exit 2)" sh -c \
	    'getent services no-such-service-xyz; [ $? = 2 ]'
	# A local line wins over the registry and is served: the path unit
	# does this on systemd hosts; here compile is run as it would.
	if [ -f /etc/services ]; then
		echo "ianaports-test 64999/tcp # local" >>/etc/services
		ianaports compile -q 2>/dev/null
		expect "$tag: a local /etc/services line is served" \
		    ianaports-test getent services 64999/tcp
	fi
	t "$tag: systemd-analyze verify on the installed units" \
	    systemd-analyze verify /lib/systemd/system/ianaports-compile.path \
	    /lib/systemd/system/ianaports-compile.service \
	    /lib/systemd/system/ianaports-update.service \
	    /lib/systemd/system/ianaports-update.timer
	t "$tag: man -l renders ianaports(8) without warnings" sh -c \
	    'MANWIDTH=80 man --warnings=w /usr/share/man/man8/ianaports.8.gz \
	    2>&1 >/dev/null | { ! grep .; }'
	# An upgrade from 0.1.0 finds a format 2.0 database, which this
	# module refuses (files answers meanwhile): postinst's compile must
	# write it again as 3.0.
	printf '\002' | dd of=/var/lib/ianaports/services.db bs=1 seek=8 \
	    conv=notrunc 2>/dev/null
	t "$tag: a format 2.0 database is refused" sh -c '! ianaports verify'
	expect "$tag: files answers meanwhile" http getent services http
	t "$tag: dpkg -i again (upgrade path)" dpkg -i "$DEB"
	t "$tag: the upgrade wrote the database as format 3.0" sh -c \
	    'ianaports verify | grep -q "^format: *3\."'
	t "$tag: ianaports appears once" sh -c \
	    '[ "$(grep -c "^services:.*ianaports" /etc/nsswitch.conf)" = 1 ] &&
	    [ "$(grep "^services:" /etc/nsswitch.conf | grep -o ianaports |
	    wc -l)" = 1 ]'
	t "$tag: dpkg --remove" dpkg --remove libnss-ianaports
	t "$tag: nsswitch.conf restored after remove" cmp "$orig" \
	    /etc/nsswitch.conf
	t "$tag: database kept after remove" test -f \
	    /var/lib/ianaports/services.db
	t "$tag: reinstall after remove" dpkg -i "$DEB"
	t "$tag: ianaports back in nsswitch.conf" grep -q \
	    '^services:.*ianaports' /etc/nsswitch.conf
	t "$tag: dpkg --purge" dpkg --purge libnss-ianaports
	t "$tag: nsswitch.conf byte-identical after purge" cmp "$orig" \
	    /etc/nsswitch.conf
	t "$tag: /var/lib/ianaports gone after purge" test ! -e \
	    /var/lib/ianaports
	t "$tag: /etc/ianaports gone after purge" test ! -e /etc/ianaports
	# netbase, and so /etc/services, may be missing (a bare CI image).
	if [ -f /etc/services ]; then
		expect "$tag: files answers again" http getent services http
		sed -i '/^ianaports-test /d' /etc/services
	fi
}

# The RPM's scriptlets, run by rpm itself on this Debian host.
rpm_round() {
	# Debian's rpm refuses to install without --force-debian; the
	# database is Debian's own anyway (no Requires can be met).
	r="rpm --nodeps --nosignature --force-debian"
	t "rpm: rpm -i" $r -i "$RPM"
	# The RPM's module is in /usr/lib64, where a lib64 system's glibc
	# looks by default; make this Debian one of those for the round.
	echo /usr/lib64 >/etc/ld.so.conf.d/zz-ianaports-lib64.conf
	ldconfig
	t "rpm: nsswitch.conf has ianaports first" grep -Eq \
	    '^services:[[:space:]]+ianaports \[NOTFOUND=return\] ' \
	    /etc/nsswitch.conf
	t "rpm: database compiled by %post" ianaports verify
	expect "rpm: getent services 6010/tcp" x11 getent services 6010/tcp
	expect "rpm: python socket.getservbyport(443)" https python3 -c \
	    'import socket; print(socket.getservbyport(443))'
	t "rpm: rpm -e" $r -e ianaports
	t "rpm: nsswitch.conf byte-identical after erase" cmp \
	    "$T/nsswitch.orig" /etc/nsswitch.conf
	t "rpm: /var/lib/ianaports gone after erase" test ! -e \
	    /var/lib/ianaports
}

if [ "${1:-}" = --inside ]; then
	shift
	inside "$@"
	exit 0
fi

# --- Outside: the static checks. ---

for m in man/ianaports.8 man/nss-ianaports.8; do
	check "mandoc -T lint $m" sh -c "mandoc -T lint $m 2>&1 | { ! grep .; }"
	check "groff -ww -man -z $m" sh -c \
	    "LC_ALL=C.UTF-8 groff -ww -man -z $m 2>&1 | { ! grep .; }"
	check "man -l $m renders" sh -c \
	    "MANWIDTH=80 man --warnings=w -l $m 2>&1 >/dev/null | { ! grep .; }"
done

check "bash completion parses" bash -n packaging/bash-completion/ianaports
got=$(bash -c '. packaging/bash-completion/ianaports
	COMP_WORDS=(ianaports com); COMP_CWORD=1; _ianaports
	echo "${COMPREPLY[*]}"
	COMP_WORDS=(ianaports query -); COMP_CWORD=2; _ianaports
	echo "${COMPREPLY[*]}"')
check "bash completion completes commands and options" test "$got" = \
    "compile
-d --database -h --help"

# make install/uninstall into a staging directory, with the build's own
# prefix (so nothing is recompiled).
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
ma=$(${CC:-cc} -print-multiarch 2>/dev/null)
make -s B="$B" install DESTDIR="$stage" >"$stage.log" 2>&1
check "make install DESTDIR=" test $? = 0
for f in "usr/lib/${ma:+$ma/}libnss_ianaports.so.2" \
    usr/local/sbin/ianaports usr/local/share/man/man8/ianaports.8 \
    usr/local/share/man/man8/nss-ianaports.8 etc/ianaports/sources \
    usr/local/share/ianaports/sample-registry.txt var/lib/ianaports \
    usr/local/share/ianaports/service-names-port-numbers.xml \
    usr/local/share/ianaports/preferred-names.services \
    usr/local/share/bash-completion/completions/ianaports \
    usr/local/lib/systemd/system/ianaports-update.timer; do
	check "installed /$f" test -e "$stage/$f"
done
check "installed sources name the configured datadir" grep -q \
    '/usr/local/share/ianaports/service-names-port-numbers.xml' \
    "$stage/etc/ianaports/sources"
check "installed units run the configured command" grep -q \
    'ExecStart=/usr/local/sbin/ianaports compile' \
    "$stage/usr/local/lib/systemd/system/ianaports-compile.service"
make -s B="$B" uninstall DESTDIR="$stage" >>"$stage.log" 2>&1
check "make uninstall" test $? = 0
left=$(find "$stage" -type f -o -type l)
check "make uninstall leaves no file" test -z "$left"
[ -z "$left" ] || echo "# left: $left"
rm -f "$stage.log"
# PREFIX is taken as prefix, DESTDIR only in the install rules.
check "PREFIX=/opt/ip maps to prefix" sh -c \
    "make -n B=$B install PREFIX=/opt/ip DESTDIR=/x | grep -q \
    ' /x/opt/ip/sbin/ianaports'"

if [ -n "${DEB:-}" ]; then
	check "lintian: no error, no warning" lintian --fail-on error,warning \
	    "$DEB"
fi

if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
	not_ok "the install tests need root and mount namespaces"
else
	ovl=$(mktemp -d)
	trap 'rm -rf "$stage"; rmdir "$ovl" 2>/dev/null' EXIT
	out=$(DEB=${DEB:-} RPM=${RPM:-} unshare -m sh "$0" --inside "$ovl" 2>&1)
	echo "$out"
	pass=$((pass + $(echo "$out" | grep -c '^ok - ')))
	fail=$((fail + $(echo "$out" | grep -c '^FAIL - ')))
	# The host's nsswitch.conf and dpkg database were not touched.
	check "host has no libnss-ianaports afterwards" sh -c \
	    '! dpkg-query -W libnss-ianaports >/dev/null 2>&1'
	check "host nsswitch.conf has no ianaports" sh -c \
	    '! grep -q ianaports /etc/nsswitch.conf'
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
