#!/bin/sh
# SPDX-License-Identifier: MIT
# Inside unshare -m (run.sh): bind the benchmark's files over /etc and
# /var (its loader cache too, when run.sh made one), start a private
# nscd, run each program with the same arguments (the differential check,
# then the benchmark), and stop that nscd again.
# Usage: ns.sh WORKDIR PROGRAM... -- ARGS...
set -u
W=$1
shift
PROGS=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	PROGS="$PROGS $1"
	shift
done
[ $# -gt 0 ] && shift

bind() {
	mount --bind "$1" "$2" || { echo "ns.sh: cannot bind $1 on $2" >&2; exit 1; }
}

bind "$W/etc/services" /etc/services
if [ -f "$W/ld.so.cache" ]; then
	bind "$W/ld.so.cache" /etc/ld.so.cache
	echo "modules: found through a private /etc/ld.so.cache, as installed" \
		"ones are"
else
	echo "modules: found through LD_LIBRARY_PATH (no private" \
		"/etc/ld.so.cache could be made)"
fi
bind "$W/nsswitch.conf" /etc/nsswitch.conf
# libnss-db reads /var/lib/misc/services.db, which need not exist.
bind "$W/var" /var/lib/misc
# nscd's socket and pid file: private, so no other process talks to it.
[ -d /run/nscd ] || mkdir -p /run/nscd
bind "$W/nscd" /run/nscd

nscd_pid=
stop_nscd() {
	# The workers stop the socket-only nscd they start; should one die
	# first, that nscd is stopped here.
	p=$(cat "$W/nscd-socket/nscd.pid" 2>/dev/null)
	if [ -n "$p" ] && kill -0 "$p" 2>/dev/null &&
	    grep -q nscd "/proc/$p/comm" 2>/dev/null; then
		kill "$p"
	fi
	[ -n "$nscd_pid" ] || return 0
	kill "$nscd_pid" 2>/dev/null
	i=0
	while kill -0 "$nscd_pid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$nscd_pid" 2>/dev/null
	nscd_pid=
}
trap stop_nscd EXIT
trap 'exit 1' INT TERM HUP

why=
if ! command -v nscd >/dev/null; then
	why="nscd not installed"
elif ! nscd -f "$W/nscd.conf" 2>"$W/nscd.err"; then
	why="nscd did not start: $(head -1 "$W/nscd.err")"
else
	i=0
	while [ ! -S /run/nscd/socket ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	nscd_pid=$(cat /run/nscd/nscd.pid 2>/dev/null)
	[ -S /run/nscd/socket ] && [ -n "$nscd_pid" ] ||
		why="nscd socket did not appear"
fi

# Every program runs, even after one fails; the status is the first
# failure's.
run() {
	rc=0
	for p in $PROGS; do
		"$p" "$@"
		s=$?
		[ $rc -ne 0 ] || rc=$s
	done
}

if [ -n "$why" ]; then
	echo "nscd: skipped ($why)"
	run --no-nscd "$why" "$@"
else
	run "$@"
	# Proof that the nscd variant went through the cache.
	nscd -f "$W/nscd.conf" -g 2>/dev/null | awk '
		/^services cache:/ { on = 1 }
		on && /cache hits on positive entries/ { p = $1 }
		on && /cache hits on negative entries/ { n = $1 }
		on && /cache misses on/ { m += $1 }
		END { if (on) printf "nscd services cache: %d positive hits, " \
		    "%d negative hits, %d misses\n", p, n, m }'
fi
stop_nscd
exit $rc
