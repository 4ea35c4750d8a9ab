#!/bin/sh
# SPDX-License-Identifier: MIT
# The package as a new user meets it, offline: installed with dpkg -i
# (no Recommends, no network) in a throwaway overlay of the system, it
# serves the full registry it ships at once, says so in one line, and
# `ianaports update FILE` loads a newer registry.  A line appended to
# /etc/services is answered without a compile; nscd, started inside,
# answers what a compile changed.
#
# Run by 'make check-outofbox' with B and DEB (one .deb or several,
# separated by blanks) in the environment.  Needs root.

pass=0
fail=0
. tests/packaging/overlay.sh

inside() {
	set -u
	overlay_system "$1"
	same() {	# same NAME GOT WANT
		if [ "$2" = "$3" ]; then say ok "$1"; else
			say FAIL "$1: got \"$2\", want \"$3\""; fi
	}
	# getent's answer, blanks squeezed, first two fields.
	gs() { getent services "$1" 2>/dev/null | awk '{ print $1, $2 }'; }

	same "no network in the namespace" \
	    "$(awk 'NR > 2 { print $1 }' /proc/net/dev)" "lo:"
	# shellcheck disable=SC2086 # DEB may name several packages
	t "dpkg -i, offline, no Recommends" dpkg -i $DEB
	cp "$T/out" "$T/dpkg.out"
	t "the install says in one line what is served and how to update" \
	    grep -qx "ianaports: [0-9]* entries from the IANA registry of \
2026-08-17; run 'ianaports update' to refresh" "$T/dpkg.out"
	same "getent services 6010/tcp" "$(gs 6010/tcp)" "x11 6010/tcp"
	same "getent services 853/udp" "$(gs 853/udp)" "domain-s 853/udp"
	same "getent services nfs" "$(gs nfs)" "nfs 2049/tcp"
	same "getent services 2049/tcp" "$(gs 2049/tcp)" "nfs 2049/tcp"
	same "ianaports verify: the snapshot's date" \
	    "$(ianaports verify | grep '^registry:')" "registry:  2026-08-17"

	# Without netbase's /etc/services, the preferred names answer.
	mv /etc/services "$T/services.netbase"
	t "compile without /etc/services" ianaports compile -q
	same "without /etc/services: 2049/tcp" "$(gs 2049/tcp)" "nfs 2049/tcp"
	same "without /etc/services: 465/tcp" "$(gs 465/tcp)" \
	    "submissions 465/tcp"
	same "without /etc/services: l2tp" "$(gs l2tp)" "l2tp 1701/tcp"
	mv "$T/services.netbase" /etc/services
	t "compile with /etc/services again" ianaports compile -q

	# A local line, with no compile and no systemd: the module looks
	# once a second; wait for up to five seconds, not for a deadline.
	sleep 1
	echo "appended 48997/tcp" >>/etc/services
	i=0
	while [ "$(gs appended)" != "appended 48997/tcp" ] && [ $i -lt 25 ]
	do
		sleep 0.2
		i=$((i + 1))
	done
	same "a line appended to /etc/services is answered without a compile" \
	    "$(gs appended)" "appended 48997/tcp"

	# A newer registry from a file: the snapshot redated, with one
	# record more.
	sed -e '0,/<updated>2026-08-17</s//<updated>2027-02-01</' \
	    -e '0,/^  <record>/s//  <record><name>oobtest<\/name><protocol>tcp<\/protocol><number>48990<\/number><\/record>\n  <record>/' \
	    /usr/share/ianaports/service-names-port-numbers.xml >"$T/newer.xml"
	t "ianaports update FILE" ianaports update "$T/newer.xml"
	same "ianaports update FILE: the new record served" "$(gs oobtest)" \
	    "oobtest 48990/tcp"
	same "ianaports update FILE: verify says its date" \
	    "$(ianaports verify | grep '^registry:')" "registry:  2027-02-01"

	nscd_round
}

# nscd started here caches an answer; a database replaced behind its
# back does not change what it answers, `ianaports compile` does.
nscd_round() {
	if ! command -v nscd >/dev/null; then
		say ok "nscd answers after a compile # SKIP nscd is not installed"
		return
	fi
	# Before nscd starts: it drops its cache itself when /etc/services
	# changes (check-files), which must not be what is seen here.
	echo "renamed 48990/tcp" >>/etc/services
	mkdir -p /run/nscd
	nscd >"$T/nscd.log" 2>&1
	i=0
	while ! [ -S /run/nscd/socket ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if ! [ -S /run/nscd/socket ]; then
		say ok "nscd answers after a compile # SKIP nscd did not start in" \
		    "the namespace: $(tr '\n' ' ' <"$T/nscd.log")"
		return
	fi
	same "nscd: the database's answer" "$(gs 48990/tcp)" "oobtest 48990/tcp"
	ianaports compile -q -o /var/lib/ianaports/new.db >/dev/null 2>&1 &&
	    mv /var/lib/ianaports/new.db /var/lib/ianaports/services.db
	if [ "$(gs 48990/tcp)" != "oobtest 48990/tcp" ]; then
		say ok "nscd answers after a compile # SKIP nscd does not" \
		    "cache services here (a replaced database answered at once)"
	else
		t "ianaports compile" ianaports compile
		grep -q "nscd: services cache invalidated" "$T/out" &&
		    say ok "ianaports compile: nscd invalidated" ||
		    say FAIL "ianaports compile: nscd invalidated"
		same "nscd answers the new entry after ianaports compile" \
		    "$(gs 48990/tcp)" "renamed 48990/tcp"
	fi
	[ -r /run/nscd/nscd.pid ] && kill "$(cat /run/nscd/nscd.pid)"
}

if [ "${1:-}" = --inside ]; then
	shift
	inside "$@"
	exit 0
fi

if [ -z "${DEB:-}" ]; then
	echo "FAIL - no package: DEB is not set"
	fail=1
elif [ "$(id -u)" != 0 ] || ! unshare -m -n true 2>/dev/null; then
	echo "FAIL - the install tests need root, mount and network namespaces"
	fail=1
else
	ovl=$(mktemp -d)
	trap 'rmdir "$ovl" 2>/dev/null' EXIT
	out=$(DEB=$DEB unshare -m -n sh "$0" --inside "$ovl" 2>&1)
	echo "$out"
	pass=$(echo "$out" | grep -c '^ok - ')
	fail=$(echo "$out" | grep -c '^FAIL - ')
	if dpkg-query -W libnss-ianaports ianaports >/dev/null 2>&1; then
		echo "FAIL - the host has the packages afterwards"
		fail=$((fail + 1))
	else
		echo "ok - the host has neither package afterwards"
		pass=$((pass + 1))
	fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
