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

# Inside the namespaces: one line a result (say, t), counted outside.
. tests/packaging/overlay.sh

inside() {
	set -u
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
		deb_upgrade_from_single
		deb_round "$T/nsswitch.orig" host
		deb_weekly_update
		cp "$T/nsswitch.orig" /etc/nsswitch.conf
		deb_make_install
		cp "$T/nsswitch.orig" /etc/nsswitch.conf
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
		# Fedora's way: nsswitch.conf a link to the file in charge.
		mkdir -p /etc/nsswitch.d
		cp "$T/nsswitch.orig" /etc/nsswitch.d/main.conf
		rm /etc/nsswitch.conf
		ln -s nsswitch.d/main.conf /etc/nsswitch.conf
		t "link: dpkg -i" dpkg -i "$DEB_CLI" "$DEB"
		t "link: still a link" test -L /etc/nsswitch.conf
		t "link: its target names ianaports" grep -q \
		    '^services:.*ianaports' /etc/nsswitch.d/main.conf
		expect "link: getent services 6010/tcp" x11 \
		    getent services 6010/tcp
		t "link: dpkg --purge" dpkg --purge libnss-ianaports ianaports
		t "link: still a link after purge" test -L /etc/nsswitch.conf
		t "link: target byte-identical after purge" cmp \
		    "$T/nsswitch.orig" /etc/nsswitch.d/main.conf
		rm /etc/nsswitch.conf
		cp "$T/nsswitch.orig" /etc/nsswitch.conf
		deb_multiarch
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
	t "$tag: dpkg -i, both packages" dpkg -i "$DEB_CLI" "$DEB"
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
	t "$tag: dpkg -i again (upgrade path)" dpkg -i "$DEB_CLI" "$DEB"
	t "$tag: the upgrade wrote the database as format 3.0" sh -c \
	    'ianaports verify | grep -q "^format: *3\."'
	t "$tag: ianaports appears once" sh -c \
	    '[ "$(grep -c "^services:.*ianaports" /etc/nsswitch.conf)" = 1 ] &&
	    [ "$(grep "^services:" /etc/nsswitch.conf | grep -o ianaports |
	    wc -l)" = 1 ]'
	t "$tag: the command cannot go before the module" sh -c \
	    '! dpkg --remove ianaports'
	t "$tag: dpkg --remove libnss-ianaports" dpkg --remove libnss-ianaports
	t "$tag: nsswitch.conf restored after remove" cmp "$orig" \
	    /etc/nsswitch.conf
	t "$tag: the command stays, and the database" ianaports verify
	t "$tag: dpkg --remove ianaports" dpkg --remove ianaports
	t "$tag: database kept after remove" test -f \
	    /var/lib/ianaports/services.db
	t "$tag: reinstall after remove" dpkg -i "$DEB_CLI" "$DEB"
	t "$tag: ianaports back in nsswitch.conf" grep -q \
	    '^services:.*ianaports' /etc/nsswitch.conf
	t "$tag: dpkg --purge" dpkg --purge libnss-ianaports ianaports
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

# The single package of old (the module and the command in
# libnss-ianaports, the module put in nsswitch.conf by dh_installnss,
# which kept no record), made from the new packages' files; upgrading
# from it to the two packages must take its files over and leave
# nsswitch.conf as before once both are purged.
deb_upgrade_from_single() {
	o=$T/old
	rm -rf "$o"
	mkdir -p "$o/DEBIAN"
	dpkg-deb -x "$DEB_CLI" "$o"
	dpkg-deb -x "$DEB" "$o"
	cat >"$o/DEBIAN/control" <<-EOF
	Package: libnss-ianaports
	Version: 0.2.0
	Architecture: $(dpkg --print-architecture)
	Maintainer: test <test@example.invalid>
	Description: the single package of old
	EOF
	echo /etc/ianaports/sources >"$o/DEBIAN/conffiles"
	printf '%s\n' '#!/bin/sh' 'mkdir -p /var/lib/ianaports' \
	    'ianaports compile -q || :' \
	    'sed -E -i "s/^(services:[[:space:]]+)/\\1ianaports [NOTFOUND=return] /" /etc/nsswitch.conf' \
	    >"$o/DEBIAN/postinst"
	chmod 755 "$o/DEBIAN/postinst"
	dpkg-deb -b "$o" "$T/old.deb" >/dev/null
	t "upgrade: the single package installs" dpkg -i "$T/old.deb"
	# As apt does it: the old package is deconfigured while the
	# command's package, which breaks it, takes over its files.
	t "upgrade: to the two packages" dpkg -i --auto-deconfigure \
	    "$DEB_CLI" "$DEB"
	t "upgrade: ianaports owns the command now" sh -c \
	    '[ "$(dpkg -S /usr/sbin/ianaports)" = "ianaports: /usr/sbin/ianaports" ]'
	t "upgrade: database compiled" ianaports verify
	t "upgrade: ianaports once on the services line" sh -c \
	    '[ "$(grep "^services:" /etc/nsswitch.conf | grep -o ianaports |
	    wc -l)" = 1 ]'
	t "upgrade: purge both" dpkg --purge libnss-ianaports ianaports
	t "upgrade: nsswitch.conf byte-identical after purge" cmp \
	    "$T/nsswitch.orig" /etc/nsswitch.conf
}

# Multi-Arch: same, the module for a second architecture beside the
# first: an i386 module built here with gcc -m32 (this kernel may run no
# i386 program, and the package build would need every build dependency
# for i386: the amd64 package is repacked around it), enough for dpkg's
# rules and the maintainer scripts (one nsswitch.conf entry for both,
# taken out with the last).
deb_multiarch() {
	arch=$(dpkg --print-architecture)
	[ "$arch" = amd64 ] || { say ok "multiarch: skipped (not amd64)";
		return; }
	o=$T/i386
	rm -rf "$o"
	dpkg-deb -R "$DEB" "$o"
	mv "$o/usr/lib/x86_64-linux-gnu" "$o/usr/lib/i386-linux-gnu"
	so=$o/usr/lib/i386-linux-gnu/libnss_ianaports.so.2
	if make -s B="$T/b32" CFLAGS="-m32 -O2" LDFLAGS=-m32 \
	    "$T/b32/libnss_ianaports.so.2" >"$T/b32.log" 2>&1; then
		cp "$T/b32/libnss_ianaports.so.2" "$so"
		t "multiarch: the i386 module is 32-bit Intel 80386" sh -c \
		    "readelf -h '$so' | grep -q 'Machine: *Intel 80386'"
	else
		say ok "multiarch: no gcc -m32 here: the amd64 module repacked"
	fi
	sed -i -e 's/^Architecture: .*/Architecture: i386/' \
	    -e 's/^Depends: .*/Depends: ianaports (= '"$(dpkg-deb -f "$DEB" \
	    Version)"')/' "$o/DEBIAN/control"
	rm -f "$o/DEBIAN/md5sums"
	dpkg-deb -b "$o" "$T/i386.deb" >/dev/null
	dpkg --add-architecture i386
	t "multiarch: amd64 installs" dpkg -i "$DEB_CLI" "$DEB"
	t "multiarch: i386 beside it" dpkg -i "$T/i386.deb"
	t "multiarch: both installed" sh -c \
	    '[ "$(dpkg-query -W -f "\${db:Status-Abbrev}\n" \
	    libnss-ianaports:amd64 libnss-ianaports:i386 | grep -c ^ii)" = 2 ]'
	t "multiarch: one entry in nsswitch.conf" sh -c \
	    '[ "$(grep "^services:" /etc/nsswitch.conf | grep -o ianaports |
	    wc -l)" = 1 ]'
	t "multiarch: remove i386" dpkg --purge libnss-ianaports:i386
	t "multiarch: the entry stays for amd64" grep -q \
	    '^services:.*ianaports' /etc/nsswitch.conf
	t "multiarch: purge the rest" dpkg --purge libnss-ianaports:amd64 \
	    ianaports
	t "multiarch: nsswitch.conf byte-identical" cmp "$T/nsswitch.orig" \
	    /etc/nsswitch.conf
	dpkg --remove-architecture i386
}

# The weekly update as the installed units run it, against a local HTTP
# server serving a small registry: the update unit's own command line as
# its dynamic user would run it (an unprivileged uid owning only the
# state directory), then the compile unit's, as the update unit's
# OnSuccess= starts it.  Twice, the second time answered 304 Not
# Modified, with /etc/services edited in between: the served database
# follows today's /etc/services both times, never an earlier run's.
deb_weekly_update() {
	t "update unit: dpkg -i" dpkg -i "$DEB_CLI" "$DEB"
	u=$T/upd
	mkdir -p "$u/reg" /var/lib/ianaports/update
	# The shipped snapshot, a newer date and one record more: a registry
	# of full size, which compile may put in place of the served one.
	sed -e '0,/<updated>[^<]*</s//<updated>2030-01-02</' \
	    -e '0,/^  <record>/s//  <record><name>sandboxed-probe<\/name><protocol>tcp<\/protocol><number>64997<\/number><\/record>\n  <record>/' \
	    /usr/share/ianaports/service-names-port-numbers.xml \
	    >"$u/reg/registry.xml"
	chown 65534:65534 /var/lib/ianaports/update
	python3 tests/e2e/httpd.py --root "$u/reg" --port-file "$u/port" \
	    --lifetime 120 2>"$u/httpd.log" &
	hp=$!
	i=0
	while ! [ -s "$u/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	units=/lib/systemd/system
	line() {	# line UNIT KEY: the unit's KEY= value, prefixes off
		sed -n "s|^$2=[-+]*||p" "$units/$1"
	}
	url=http://127.0.0.1:$(cat "$u/port")/r/registry.xml
	t "update unit: on success, the compile unit" test \
	    "$(line ianaports-update.service OnSuccess)" = \
	    ianaports-compile.service
	t "update unit: no privileged step of its own" sh -c \
	    "! grep -q '^ExecStartPost' $units/ianaports-update.service"
	run_update() {	# the update unit, then the compile unit
		# shellcheck disable=SC2046,SC2091
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		    $(line ianaports-update.service ExecStart) --url "$url" &&
		    $(line ianaports-compile.service ExecStart)
	}
	echo "weekly-one 49991/tcp" >>/etc/services
	t "update unit: fetch as an unprivileged user, then compile" run_update
	t "update unit: the copy kept in the state directory" \
	    test -s /var/lib/ianaports/update/registry.xml
	expect "update unit: the fetched registry is served" sandboxed-probe \
	    getent services 64997/tcp
	expect "update unit: /etc/services is served" weekly-one \
	    getent services 49991/tcp
	t "update unit: the database owned by root, mode 644" test \
	    "$(stat -c '%u %a' /var/lib/ianaports/services.db)" = "0 644"
	# An edit, compiled as the path unit would; then a run that finds
	# the registry unchanged must not bring the old line back.
	sed -i 's/^weekly-one 49991/weekly-two 49992/' /etc/services
	ianaports compile -q
	t "update unit: again, the registry unchanged" run_update
	cp "$T/out" "$u/out"
	t "update unit: the server answered 304" grep -q "not modified" \
	    "$u/out"
	expect "update unit: after a 304, today's /etc/services is served" \
	    weekly-two getent services 49992/tcp
	t "update unit: after a 304, a line taken out stays out" sh -c \
	    '! getent services 49991/tcp'
	expect "update unit: after a 304, the fetched registry still" \
	    sandboxed-probe getent services 64997/tcp
	sed -i '/^weekly-two /d' /etc/services
	kill $hp 2>/dev/null
	t "update unit: dpkg --purge" dpkg --purge libnss-ianaports ianaports
}

# make install beside the package: it must not write over the packaged
# module (dpkg would then vouch for a file that is not its own), and
# uninstall must not take it away.
deb_make_install() {
	t "make install beside the package: dpkg -i" dpkg -i "$DEB_CLI" "$DEB"
	t "make install beside the package: refused" sh -c \
	    '! make -s install B="$1" >"$2/mi.out" 2>&1' sh "$B" "$T"
	t "make install beside the package: says which package" grep -q \
	    "belongs to the package libnss-ianaports" "$T/mi.out"
	t "make install beside the package: the package's files intact" \
	    dpkg --verify libnss-ianaports ianaports
	t "make install beside the package: dpkg --purge" \
	    dpkg --purge libnss-ianaports ianaports
}

# The RPM's scriptlets, run by rpm itself on this Debian host.
rpm_round() {
	# Debian's rpm refuses to install without --force-debian; the
	# database is Debian's own anyway (no Requires can be met).
	r="rpm --nodeps --nosignature --force-debian"
	t "rpm: rpm -i, both packages" $r -i "$RPM" "$RPM_NSS"
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
	t "rpm: rpm -e" $r -e ianaports-nss ianaports
	t "rpm: nsswitch.conf byte-identical after erase" cmp \
	    "$T/nsswitch.orig" /etc/nsswitch.conf
	t "rpm: /var/lib/ianaports gone after erase" test ! -e \
	    /var/lib/ianaports
}

if [ "${1:-}" = --nsswitch ]; then
	T=$2
	mount --make-rprivate /
	mount -t tmpfs tmpfs "$T"
	. tests/packaging/nsswitch_table.sh
	nss_tests
	exit 0
fi
if [ "${1:-}" = --inside ]; then
	shift
	inside "$@"
	exit 0
fi

# --- Outside: the static checks. ---

# The man pages as built: dated and versioned from the changelog.
rel_date=$(date -u -d "$(sed -n 's/^ -- .*>  //p' packaging/debian/changelog |
    head -n 1)" +%F)
for m in "$B/man/ianaports.8" "$B/man/nss-ianaports.8"; do
	check "mandoc -T lint $m" sh -c "mandoc -T lint $m 2>&1 | { ! grep .; }"
	check "groff -ww -man -z $m" sh -c \
	    "LC_ALL=C.UTF-8 groff -ww -man -z $m 2>&1 | { ! grep .; }"
	check "man -l $m renders" sh -c \
	    "MANWIDTH=80 man --warnings=w -l $m 2>&1 >/dev/null | { ! grep .; }"
	check "$m is dated $rel_date, the changelog's" grep -q \
	    "^\.TH [^ ]* 8 $rel_date " "$m"
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

# Each service unit rated 3.0 or lower ("OK") by systemd-analyze.
if systemd-analyze security --help 2>/dev/null | grep -q -- --offline; then
	for u in packaging/systemd/*.service; do
		score=$(cd packaging/systemd && systemd-analyze security \
		    --offline=yes --no-pager "${u##*/}" 2>/dev/null |
		    sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
		echo "# ${u##*/}: exposure $score"
		check "systemd-analyze security ${u##*/}: ${score:-?} <= 3.0" \
		    awk -v s="${score:-99}" 'BEGIN { exit !(s <= 3.0) }'
	done
else
	echo "# skipped: systemd-analyze security --offline (systemd too old" \
	    "or missing)"
fi

# Multi-Arch: the module alone and "same", the command "foreign", and
# the module's package pins the command's very version.
if [ -n "${DEB:-}" ]; then
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	check "libnss-ianaports: Multi-Arch: same" test \
	    "$(dpkg-deb -f "$DEB" Multi-Arch)" = same
	check "ianaports: Multi-Arch: foreign" test \
	    "$(dpkg-deb -f "$DEB_CLI" Multi-Arch)" = foreign
	check "libnss-ianaports depends on ianaports (= its version)" sh -c \
	    "dpkg-deb -f '$DEB' Depends | grep -q \
	    'ianaports (= $(dpkg-deb -f "$DEB" Version))'"
	check "ianaports Breaks and Replaces the single package of old" sh -c \
	    "dpkg-deb -f '$DEB_CLI' Breaks Replaces | grep -c \
	    'libnss-ianaports (<< 0.3.0~)' | grep -qx 2"
	files=$(dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ { print $6 }' | sort |
	    tr '\n' ' ')
	check "libnss-ianaports holds the module, its man page and docs only" \
	    test "$files" = "./usr/lib/$ma/libnss_ianaports.so.2 \
./usr/share/doc/libnss-ianaports/changelog.gz \
./usr/share/doc/libnss-ianaports/copyright \
./usr/share/man/man8/nss-ianaports.8.gz "
	check "ianaports holds no library" sh -c \
	    "! dpkg-deb -c '$DEB_CLI' | grep -q '/usr/lib/$ma/'"
fi

# rpmlint: none of the faults the spec once had (the other complaints
# come of building on Debian: no signature, no strip, no brp scripts).
if [ -n "${RPM:-}" ] && command -v rpmlint >/dev/null; then
	lint=$(mktemp)
	rpmlint "$RPM" "$RPM_NSS" packaging/rpm/ianaports.spec >"$lint" 2>&1
	for tag in no-url-tag explicit-lib-dependency \
	    shared-library-not-executable mixed-use-of-spaces-and-tabs \
	    non-readable systemd-service-without-service_ ; do
		check "rpmlint: no $tag" sh -c "! grep -q '$tag' '$lint'"
	done
	rm -f "$lint"
fi
check "rpm: the %systemd macros, no hand-written systemctl" sh -c \
    'grep -q "^%systemd_post " packaging/rpm/ianaports.spec &&
    ! grep -q "^[^%#]*systemctl" packaging/rpm/ianaports.spec'

# make install, then uninstall with and without the variables again:
# nothing left either way.  With the build's own prefix, then prefix=/usr
# (both into a staging directory).
install_round() {	# install_round NAME BUILD INSTALL-ARGS -- UNINSTALL-ARGS
	rn=$1 b=$2
	shift 2
	ia=
	while [ "$1" != -- ]; do ia="$ia $1"; shift; done
	shift
	st=$(mktemp -d)
	# shellcheck disable=SC2086
	make -s B="$b" install DESTDIR="$st" $ia >"$st.log" 2>&1
	check "$rn: make install" test $? = 0
	n=$(find "$st" -type f | wc -l)
	# 12, and the registry snapshot and the preferred names.
	check "$rn: installed 14 files" test "$n" = 14
	# shellcheck disable=SC2086
	make -s B="$b" uninstall "$@" >>"$st.log" 2>&1
	check "$rn: make uninstall" test $? = 0
	left=$(cd "$st" && find . -mindepth 1)
	check "$rn: nothing left" test -z "$left"
	[ -z "$left" ] || echo "# left: $left"
	[ "$fail" = 0 ] || sed 's/^/#   /' "$st.log"
	rm -rf "$st" "$st.log"
}
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
    usr/local/libexec/ianaports/nsswitch-edit \
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
check "make uninstall DESTDIR=" test $? = 0
left=$(cd "$stage" && find . -mindepth 1)
check "make uninstall leaves nothing" test -z "$left"
[ -z "$left" ] || echo "# left: $left"
rm -f "$stage.log"
install_round "DESTDIR=, uninstall alone" "$B" --
# A build of its own for prefix=/usr: the paths are compiled in.
install_round "prefix=/usr, uninstall alone" "$B/usr" prefix=/usr --
install_round "prefix=/usr, uninstall with it again" "$B/usr" prefix=/usr \
    -- prefix=/usr
# PREFIX is taken as prefix, DESTDIR only in the install rules.
check "PREFIX=/opt/ip maps to prefix" sh -c \
    "make -n B=$B install PREFIX=/opt/ip DESTDIR=/x | grep -q \
    ' /x/opt/ip/sbin/ianaports'"

if [ -n "${DEB:-}" ]; then
	check "lintian: no error, no warning" lintian --fail-on error,warning \
	    "$DEB" "$DEB_CLI"
fi

if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
	not_ok "the install tests need root and mount namespaces"
else
	ovl=$(mktemp -d)
	trap 'rm -rf "$stage"; rmdir "$ovl" 2>/dev/null' EXIT
	out=$(DEB=${DEB:-} DEB_CLI=${DEB_CLI:-} RPM=${RPM:-} \
	    RPM_NSS=${RPM_NSS:-} unshare -m sh "$0" --inside "$ovl" 2>&1)
	echo "$out"
	pass=$((pass + $(echo "$out" | grep -c '^ok - ')))
	fail=$((fail + $(echo "$out" | grep -c '^FAIL - ')))
	out=$(B=$B unshare -m sh "$0" --nsswitch "$ovl" 2>&1)
	echo "$out"
	pass=$((pass + $(echo "$out" | grep -c '^ok - ')))
	fail=$((fail + $(echo "$out" | grep -c '^FAIL - ')))
	# The host's nsswitch.conf and dpkg database were not touched.
	check "host has no ianaports package afterwards" sh -c \
	    "! dpkg-query -W libnss-ianaports ianaports >/dev/null 2>&1"
	check "host nsswitch.conf has no ianaports" sh -c \
	    '! grep -q ianaports /etc/nsswitch.conf'
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
