# SPDX-License-Identifier: MIT
# Real programs through nsswitch.conf: in a private mount namespace
# (unshare -m), a test nsswitch.conf saying "services: ianaports" is
# bind-mounted over /etc/nsswitch.conf, so Python, Perl, getaddrinfo and
# plain getent ask the module and nothing else.  The host's /etc is never
# touched.
. tests/e2e/lib.sh

FULL=$SNAPSHOT

if [ "$1" != --inside ]; then
	if ! need_file "$FULL"; then
		skip "programs through nsswitch.conf" "no $FULL"
		finish
		exit
	fi
	if ! unshare -m true 2>/dev/null; then
		skip "programs through nsswitch.conf" "unshare -m not permitted"
		finish
		exit
	fi
	unshare -m sh tests/e2e/test_namespace.sh --inside
	exit $?
fi

# --- Inside the namespace ------------------------------------------------
LD_LIBRARY_PATH=$(cd "$B" && pwd)
export LD_LIBRARY_PATH
GAI=$B/e2e/gai

check "compile the 2026-08-17 registry" compile "$T/full.db" "$FULL"
IANAPORTS_DB=$T/full.db
export IANAPORTS_DB

printf 'services: ianaports\n' >"$T/nsswitch.conf"
check "bind-mount the test nsswitch.conf" \
	mount --bind "$T/nsswitch.conf" /etc/nsswitch.conf
# Nothing else can answer: an empty /etc/services too.
: >"$T/services"
check "bind-mount an empty /etc/services" \
	mount --bind "$T/services" /etc/services
same "only ianaports is configured" "$(cat /etc/nsswitch.conf)" \
	"services: ianaports"

py() {
	python3 -c "import socket, sys
try:
    print($1)
except OSError as e:
    print('OSError', e)"
}

if command -v python3 >/dev/null; then
	same "python: getservbyname('http', 'tcp')" \
		"$(py "socket.getservbyname('http', 'tcp')")" 80
	same "python: getservbyport(443)" \
		"$(py "socket.getservbyport(443)")" https
	same "python: getservbyname('EtherNet/IP-1') (a slash in the name)" \
		"$(py "socket.getservbyname('EtherNet/IP-1')")" 2222
	same "python: getservbyname('cl/1', 'udp')" \
		"$(py "socket.getservbyname('cl/1', 'udp')")" 172
	same "python: getservbyname('HTTP') (any case)" \
		"$(py "socket.getservbyname('HTTP')")" 80
	same "python: getservbyport(6010, 'tcp') (inside a range)" \
		"$(py "socket.getservbyport(6010, 'tcp')")" x11
	same "python: getservbyport(3325, 'udp') (no protocol in the registry)" \
		"$(py "socket.getservbyport(3325, 'udp')")" active-net
	case $(py "socket.getservbyname('no-such-service')") in
	OSError*) pass "python: an unknown name raises OSError" ;;
	*) fail "python: an unknown name raises OSError" ;;
	esac
	same "python: missing database raises OSError" \
		"$(IANAPORTS_DB=$T/missing.db \
			py "socket.getservbyname('http', 'tcp')" | cut -c1-7)" \
		OSError
else
	fail "python3 is installed"
fi

if command -v perl >/dev/null; then
	same "perl: getservbyname('kerberos-adm', 'tcp')" \
		"$(perl -e 'my @s = getservbyname("kerberos-adm", "tcp");
			print "@s[0,2,3]"')" "kerberos-adm 749 tcp"
	same "perl: getservbyport(749, 'udp')" \
		"$(perl -e 'print scalar getservbyport(749, "udp")')" \
		kerberos-adm
	same "perl: getservbyport(80, 'tcp') with its aliases" \
		"$(perl -e 'my @s = getservbyport(80, "tcp"); print "@s"')" \
		"http www www-http 80 tcp"
	same "perl: getservbyname('loadav', 'udp') aliases" \
		"$(perl -e 'print((getservbyname("loadav", "udp"))[1])')" \
		kerberos-iv
else
	fail "perl is installed"
fi

same "getaddrinfo(127.0.0.1, http)" "$("$GAI" 127.0.0.1 http tcp)" \
	"stream 80"
same "getaddrinfo(127.0.0.1, domain-s) udp" \
	"$("$GAI" 127.0.0.1 domain-s udp)" "dgram 853"
same "getaddrinfo(127.0.0.1, Z39.50) any type" \
	"$("$GAI" 127.0.0.1 Z39.50)" "stream 210
dgram 210"
"$GAI" 127.0.0.1 no-such-service tcp 2>/dev/null
status "getaddrinfo(127.0.0.1, no-such-service)" $? 2

getent services >"$T/enum" 2>&1
status "getent services (nsswitch.conf)" $? 0
n_getent=$(wc -l <"$T/enum")
n_dump=$("$CLI" dump -d "$T/full.db" | grep -vc '^#')
same "getent services enumerates every entry of the dump" \
	"$n_getent" "$n_dump"
same "each entry once" "$(sort "$T/enum" | uniq -d | wc -l)" 0
same "getent services http (nsswitch.conf)" \
	"$(getent services http | squeeze)" "http 80/tcp www www-http"

finish
