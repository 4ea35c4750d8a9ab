#!/bin/sh
# SPDX-License-Identifier: MIT
# Set up every source the benchmark compares, then run the programs in
# build/bench inside a private mount namespace (ns.sh), so that the host's
# /etc is never touched.  "run.sh check" runs the differential check
# (ipdiff) on a small query set; "run.sh bench" runs it on the whole mix,
# then the benchmark (ipbench), and writes docs/bench/.
set -u
mode=${1:-bench}
B=${B:-build}
SHARED=${SHARED:-../shared}
# The registry the project ships; the CSV of ../shared, when there, adds
# the timings of the CSV path.
XML=data/service-names-port-numbers.xml
CSV=$SHARED/registry/service-names-port-numbers-2024-06.csv
ROOT=$(pwd)
case $B in /*) ABS_B=$B ;; *) ABS_B=$ROOT/$B ;; esac
W=$ABS_B/bench/$mode
CLI=$ABS_B/ianaports
# libnss-db's own recipe: Debian builds services.db with it, awk + makedb.
DBMK=/var/lib/misc/Makefile

fail() {
	echo "run.sh: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

[ -r "$XML" ] || fail "no registry at $XML"
[ "$(id -u)" = 0 ] || fail "needs root, for unshare -m and bind mounts"
rm -rf "$W" && mkdir -p "$W/etc" "$W/var" "$W/nscd" "$W/nscd-socket" ||
	fail "cannot make $W"
# The namespace binds $W/var on /var/lib/misc: keep the recipe there too.
cp "$DBMK" "$W/var/Makefile" || fail "no $DBMK (package libnss-db)"

# The database from the full registry, and its services(5) rendering,
# which nss_files, libnss-db and nscd serve.
"$CLI" compile -o "$W/services.db" "$XML" >/dev/null ||
	fail "compile $XML failed"
"$CLI" dump -d "$W/services.db" >"$W/etc/services" || fail "dump failed"
make -s -f "$DBMK" ETC="$W/etc" VAR_DB="$W/var" "$W/var/services.db" \
	>/dev/null || fail "libnss-db's $DBMK failed"

# netbase's file, as the package ships it.
cp /etc/services "$W/netbase.services" || fail "no /etc/services"
if dpkg -V netbase 2>/dev/null | grep -q ' /etc/services$'; then
	echo "note: /etc/services differs from netbase's own"
fi

# nsswitch.conf for the processes that do not pick a module themselves
# (the nscd worker, and nscd): services from files.
sed '/^services:/d' /etc/nsswitch.conf >"$W/nsswitch.conf"
echo 'services: files' >>"$W/nsswitch.conf"
# nscd caches services only, never persistent, long TTLs: a warm cache
# keeps its negative entries too for the whole run.
cat >"$W/nscd.conf" <<'CONF'
	debug-level		0
	paranoia		no
	enable-cache		passwd		no
	enable-cache		group		no
	enable-cache		hosts		no
	enable-cache		netgroup	no
	enable-cache		services	yes
	positive-time-to-live	services	28800
	negative-time-to-live	services	28800
	suggested-size		services	4099
	check-files		services	yes
	persistent		services	no
	shared			services	yes
	max-db-size		services	33554432
CONF
# A second nscd, its cache not shared with clients: each lookup is a
# round trip over its socket, as with nscd before glibc 2.7.
sed 's/shared\t\t\tservices\tyes/shared\t\t\tservices\tno/' \
	"$W/nscd.conf" >"$W/nscd-socket.conf"
grep -q 'services.no' "$W/nscd-socket.conf" || fail "nscd-socket.conf"

set -- --services "$W/etc/services" --db "$W/services.db" --out "$W" \
	--netbase "$W/netbase.services" \
	--nscd-socket "$W/nscd-socket.conf" --nscd-socket-dir "$W/nscd-socket"
if [ "$mode" = check ]; then
	set -- "$@" --blocks 20
else
	# Compile and makedb over the same content: the XML's and the CSV's
	# renderings, through makedb alone (its input from makedb -u) and
	# through Debian's whole recipe.
	mkdir -p "$W/recipe" "$W/tmp"
	makedb -u "$W/var/services.db" >"$W/keys-xml.txt" ||
		fail "makedb -u failed"
	T=$W/tmp
	set -- "$@" \
		--time "compile-xml=taskset -c 0 $CLI compile -o $T/x.db $XML" \
		--time "compile-rendering=$CLI compile -o $T/r.db $W/etc/services" \
		--time "makedb-xml=makedb --quiet -o $T/x.mdb $W/keys-xml.txt" \
		--time "recipe-xml=make -B -s -f $DBMK ETC=$W/etc VAR_DB=$W/recipe $W/recipe/services.db"
	if [ -r "$CSV" ]; then
		mkdir -p "$W/csv/etc" "$W/csv/var"
		# -q: the CSV's four invalid names are warned about on every run.
		"$CLI" compile -q -o "$W/csv.db" "$CSV" >/dev/null ||
			fail "compile $CSV failed"
		"$CLI" dump -d "$W/csv.db" >"$W/csv/etc/services" || fail "dump"
		make -s -f "$DBMK" ETC="$W/csv/etc" VAR_DB="$W/csv/var" \
			"$W/csv/var/services.db" >/dev/null || fail "csv recipe"
		makedb -u "$W/csv/var/services.db" >"$W/keys-csv.txt" ||
			fail "makedb -u failed"
		set -- "$@" \
			--time "compile-csv=$CLI compile -q -o $T/c.db $CSV" \
			--time "makedb-csv=makedb --quiet -o $T/c.mdb $W/keys-csv.txt"
	else
		echo "note: compile-csv and makedb-csv skipped: no $CSV"
	fi
	set -- "$@" \
		--time "enum-ianaports=getent -s ianaports services" \
		--time "enum-files=getent -s files services" \
		--time "enum-db=getent -s db services" \
		--time "getent-ianaports=getent -s ianaports services 65000/tcp" \
		--time "getent-files=getent -s files services 65000/tcp"
fi

# glibc finds the modules as it finds an installed package's: through
# /etc/ld.so.cache, here a private one that ns.sh binds there, listing
# $ABS_B beside the system's directories.  LD_LIBRARY_PATH would skip
# the look into that cache, which loading any module costs a fresh
# process, and so make the null module's first lookup cheaper than it
# is.  It is the fallback: no ldconfig, or a module of one of these
# names installed on the host, which the cache might list first.
private_loader_cache() {
	printf '%s\ninclude /etc/ld.so.conf\n' "$ABS_B" >"$W/ld.so.conf"
	ldconfig -X -f "$W/ld.so.conf" -C "$W/ld.so.cache" 2>/dev/null ||
		return 1
	for so in "$ABS_B"/libnss_ianap*.so.2; do
		[ "$(ldconfig -p -C "$W/ld.so.cache" |
		    grep -c "[[:space:]]${so##*/} (")" = 1 ] || return 1
	done
}
if ! private_loader_cache; then
	rm -f "$W/ld.so.cache"
	export LD_LIBRARY_PATH="$ABS_B${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
export IANAPORTS_DB="$W/services.db"
if [ "$mode" = check ]; then
	unshare -m --propagation private sh "$ROOT/tests/bench/ns.sh" "$W" \
		"$ABS_B/bench/ipdiff" -- "$@"
	exit $?
fi

out=$ROOT/docs/bench
mkdir -p "$out"
{
	echo "ianaports benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' \
		/proc/cpuinfo | head -1), Linux $(uname -r)," \
		"glibc $(getconf GNU_LIBC_VERSION | cut -d' ' -f2)"
	echo "release: $(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' \
		"$ROOT/packaging/debian/changelog")" \
		"(module built $(date -u -r "$ABS_B/libnss_ianaports.so.2" \
		'+%Y-%m-%d %H:%M UTC'))"
	unshare -m --propagation private sh "$ROOT/tests/bench/ns.sh" "$W" \
		"$ABS_B/bench/ipdiff" "$ABS_B/bench/ipbench" -- "$@"
	echo "rc=$?" >"$W/rc"
} | tee "$W/results.txt"
rc=$(sed -n 's/^rc=//p' "$W/rc")
cp "$W/results.txt" "$out/results.txt"
if command -v gnuplot >/dev/null; then
	gnuplot -e "datafile='$W/lookup.dat'; outfile='$out/lookup.svg'" \
		"$ROOT/tests/bench/lookup.gp" && echo "chart: docs/bench/lookup.svg"
else
	echo "no gnuplot: chart not drawn"
fi
exit "${rc:-1}"
