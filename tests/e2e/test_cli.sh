# SPDX-License-Identifier: MIT
# The ianaports command as its peers behave: the database as an operand,
# a message naming each failing query, --version, the module's owner and
# mode rules on every read, permission errors that say what needs root,
# a quiet -q, complete --help, empty paths, and diff's changes and exit
# statuses (those of diff(1)).
. tests/e2e/lib.sh

SAMPLE=data/sample-registry.txt
FULL=$REGISTRY/service-names-port-numbers-2026-08-17.xml

# run ARG...: the command, its output in $T/out and $T/err, status in rc.
run() {
	"$CLI" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

compile "$T/s.db" "$SAMPLE" || exit 1
# Where a test must not fall back on the default database.
export IANAPORTS_DB="$T/missing.db"

# --- The database as an operand --------------------------------------------
for cmd in verify dump; do
	run "$cmd" "$T/s.db"
	status "$cmd DB" "$rc" 0
	hasnt "$cmd DB: reads DB, not the default" "missing.db" "$T/err"
	cp "$T/out" "$T/$cmd.operand"
	run "$cmd" -d "$T/s.db"
	check "$cmd DB and $cmd -d DB say the same" \
	    cmp -s "$T/out" "$T/$cmd.operand"
	run "$cmd" -d "$T/s.db" "$T/s.db"
	status "$cmd -d DB DB: one database only" "$rc" 2
	has "$cmd -d DB DB: says so" "one database only" "$T/err"
	run "$cmd" "$T/s.db" "$T/s.db"
	status "$cmd DB DB: one database only" "$rc" 2
	run "$cmd"
	status "$cmd with neither: \$IANAPORTS_DB" "$rc" 1
	has "$cmd with neither: names \$IANAPORTS_DB" "missing.db" "$T/err"
done
has "verify DB: valid" "^$T/s.db: valid\$" "$T/verify.operand"

# --- query: each failing argument named, with the reason ------------------
run query -d "$T/s.db" 99999
status "query 99999" "$rc" 2
has "query 99999: port out of range" '^ianaports: "99999": port 99999 out of range' "$T/err"
run query -d "$T/s.db" 99999999999999999999999/tcp
status "query of a port past any integer" "$rc" 2
has "query of a port past any integer: out of range" \
    '"99999999999999999999999/tcp": port .* out of range' "$T/err"
run query -d "$T/s.db" /tcp
status "query /tcp" "$rc" 2
has "query /tcp: no name" '^ianaports: "/tcp": no name or port before' "$T/err"
run query -d "$T/s.db" 80/
status "query 80/" "$rc" 2
has "query 80/: no protocol" '^ianaports: "80/": no protocol after' "$T/err"
run query -d "$T/s.db" ''
status "query ''" "$rc" 2
has "query '': an empty query" '^ianaports: "": an empty query' "$T/err"
run query -d "$T/s.db" kerberos-adm/bogus
status "query NAME/unknown-protocol" "$rc" 3
has "query NAME/unknown-protocol: names the protocol and lists the known" \
    '^ianaports: "kerberos-adm/bogus": not found, and "bogus" is no protocol of the database (tcp, udp)$' \
    "$T/err"
run query -d "$T/s.db" no-such-service
status "query of an unknown name" "$rc" 3
has "query of an unknown name: not found" \
    '^ianaports: "no-such-service": not found$' "$T/err"
run query -d "$T/s.db" 732/tcp
status "query of an unassigned port" "$rc" 3
has "query of an unassigned port: not found" '^ianaports: "732/tcp": not found$' \
    "$T/err"
run query -d "$T/s.db" kerberos-adm no-such 750/udp 99999 ''
status "query: several, a bad one among them: 2 outranks 3" "$rc" 2
same "query: several: the found are printed, in order" \
    "$(cut -d' ' -f1 "$T/out")" "kerberos-adm
loadav"
same "query: several: one message for each failure, in order" \
    "$(cut -d'"' -f2 "$T/err" | tr '\n' ,)" "no-such,99999,,"
same "query: several: nothing else on stderr" "$(wc -l <"$T/err")" 3
run query -d "$T/s.db" kerberos-adm no-such
status "query: one found, one not" "$rc" 3
run query -d "$T/s.db" kerberos-adm 750/udp
status "query: all found" "$rc" 0
same "query: all found: stderr empty" "$(cat "$T/err")" ""
run query "$T/s.db" kerberos-adm
status "query DB NAME: every operand is a query" "$rc" 1
run query -d "$T/s.db" "$T/s.db"
has "query of a database's path: suggests -d" \
    'not found (a file of that name exists: give a database with -d)' \
    "$T/err"

# --- Damage: the tools check the whole file before they print -------------
# One flipped byte in the middle, which only the whole-file check sees.
cp "$T/s.db" "$T/flip.db"
mid=$(($(wc -c <"$T/s.db") / 2))
byte=$(od -An -tu1 -j "$mid" -N1 "$T/flip.db" | tr -d ' ')
# shellcheck disable=SC2059
printf "$(printf '\\%03o' $(((byte + 1) % 256)))" |
	dd of="$T/flip.db" bs=1 seek="$mid" conv=notrunc 2>/dev/null
for cmd in verify dump query; do
	run "$cmd" -d "$T/flip.db" kerberos-adm 750/udp
	[ "$cmd" = query ] || run "$cmd" -d "$T/flip.db"
	status "$cmd of a damaged database" "$rc" 1
	has "$cmd of a damaged database: says invalid" \
	    "^ianaports: $T/flip.db: invalid: " "$T/err"
done
same "query of a damaged database: no answer printed" "$(cat "$T/out")" ""

# --- --version ----------------------------------------------------------------
release=$(sed -n '1s/.*(\([^)-]*\).*/\1/p' packaging/debian/changelog)
major=$(sed -n 's/^#define IPDB_MAJOR[[:space:]]*\([0-9]*\).*/\1/p' nss/ipdb.h)
minor=$(sed -n 's/^#define IPDB_MINOR[[:space:]]*\([0-9]*\).*/\1/p' nss/ipdb.h)
for opt in --version -V; do
	run $opt
	status "ianaports $opt" "$rc" 0
	same "ianaports $opt: release and format" "$(cat "$T/out")" \
	    "ianaports $release
database format $major.$minor"
done
# ianaports(8) quotes that output: the release as the build fills it in
# (from the changelog, as --version has it), the format as it is.
manver() {
	sed -n 's/^\.RB \\(lq "\(ianaports [^"]*\)" \\(rq$/\1/p' "$1"
}
same "ianaports(8): --version's release, filled in at build" \
    "$(manver man/ianaports.8)" "ianaports @VERSION@"
if [ -r "$B/man/ianaports.8" ]; then
	same "ianaports(8) as built: --version's first line" \
	    "$(manver "$B/man/ianaports.8")" "ianaports $release"
else
	skip "ianaports(8) as built: --version's first line" "not built"
fi
same "ianaports(8): --version's database format" \
    "$(sed -n 's/^\.RB \\(lq "\(database format [^"]*\)" \\(rq;$/\1/p' man/ianaports.8)" \
    "database format $major.$minor"
run verify "$T/s.db"
has "verify reports the format --version names" "^format: *$major\.$minor\$" \
    "$T/out"

# --- Owner and mode: the module's rules on every read -----------------------
cp "$T/s.db" "$T/m666.db"
chmod 666 "$T/m666.db"
LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/m666.db getent -s ianaports services \
    kerberos-adm >/dev/null
status "the module refuses a mode 666 database" $? 2
run query -d "$T/m666.db" kerberos-adm
status "query refuses a mode 666 database" "$rc" 1
same "query: no answer from it" "$(cat "$T/out")" ""
has "query: says why" \
    "unsafe permissions: mode 0666 lets group and others write it.*chmod go-w" \
    "$T/err"
run dump "$T/m666.db"
status "dump refuses a mode 666 database" "$rc" 1
same "dump: no output from it" "$(cat "$T/out")" ""
run verify "$T/m666.db"
status "verify of a sound mode 666 database" "$rc" 1
has "verify: says refused on stdout" "^$T/m666.db: valid, but refused" "$T/out"
has "verify: still reports the entries" "^entries: " "$T/out"
has "verify: the reason" "unsafe permissions: mode 0666" "$T/err"
cp "$T/s.db" "$T/m620.db"
chmod 620 "$T/m620.db"
run query -d "$T/m620.db" kerberos-adm
has "query: a group-writable database" "mode 0620 lets its group write" \
    "$T/err"
if [ "$(id -u)" = 0 ]; then
	cp "$T/s.db" "$T/foreign.db"
	chown 12345 "$T/foreign.db"
	run query -d "$T/foreign.db" kerberos-adm
	status "query refuses a database owned by another user" "$rc" 1
	has "query: names the owner" \
	    "owned by uid 12345, neither root nor the caller.*chown root" \
	    "$T/err"
	run verify "$T/foreign.db"
	status "verify of a sound foreign-owned database" "$rc" 1
	has "verify: a foreign owner reported" "owned by uid 12345" "$T/err"
	# Damage and a bad mode at once: both said.
	head -c 200 "$T/m666.db" >"$T/cut666.db"
	chmod 666 "$T/cut666.db"
	run verify "$T/cut666.db"
	status "verify of a damaged mode 666 database" "$rc" 1
	has "verify: the damage" "cut666.db: invalid" "$T/err"
	has "verify: and the mode" "cut666.db: unsafe permissions" "$T/err"
else
	skip "a database owned by another user" "not root"
fi
# A database as compile's or diff's source is data: read whatever its mode.
run diff "$T/m666.db" "$T/s.db"
status "diff reads a mode 666 database as a source" "$rc" 0

# --- Permission errors say what needs root -----------------------------------
dbpath=$("$CLI" compile --help | sed -n 's/.*else \(\/[^ )]*\.db\)).*/\1/p')
dbdir=${dbpath%/*}
cp "$CLI" "$T/ianaports"
cp "$SAMPLE" "$T/sample.txt"
chmod 755 "$T" "$T/ianaports"
chmod 644 "$T/sample.txt"
mkdir "$T/rootonly"
asnobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null ||
    [ -z "$dbpath" ]; then
	skip "permission errors name root" "not root, or no setpriv"
elif ! unshare -m true 2>/dev/null; then
	skip "permission errors name root" "no private mount namespace"
else
	# The system's database directory, empty and root's, in a
	# private mount namespace; the commands run as nobody.
	# shellcheck disable=SC2016 # expanded by the inner shells
	unshare -m sh -c 'mount -t tmpfs none "${1%/*}" && mkdir "$1" &&
	    shift && exec "$@"' sh "$dbdir" setpriv --reuid=65534 \
	    --regid=65534 --clear-groups sh -c 'IANAPORTS_DB= "$1" compile \
	    "$2"; "$1" update --url http://127.0.0.1:9/r.xml' sh \
	    "$T/ianaports" "$T/sample.txt" >"$T/out" 2>"$T/err"
	has "compile of the system database as nobody: needs root" \
	    "^ianaports: cannot create a temporary file beside \"$dbpath\": Permission denied (writing the system database needs root)\$" \
	    "$T/err"
	has "update as nobody: needs root" \
	    "^ianaports: $dbdir/update.lock: Permission denied (updating the system database needs root)\$" \
	    "$T/err"
	# A lock nobody may take: the copy of the registry is then what
	# cannot be written.
	cp "$SNAPSHOT" "$T/registry.xml"
	chmod 644 "$T/registry.xml"
	# shellcheck disable=SC2016 # expanded by the inner shells
	unshare -m sh -c 'mount -t tmpfs none "${1%/*}" && mkdir "$1" &&
	    : >"$1/update.lock" && chmod 666 "$1/update.lock" && shift &&
	    exec "$@"' sh "$dbdir" setpriv --reuid=65534 --regid=65534 \
	    --clear-groups env IANAPORTS_DB= "$T/ianaports" update \
	    "$T/registry.xml" >"$T/out" 2>"$T/err"
	has "update as nobody, its copy of the registry: needs root" \
	    "^ianaports: $dbdir/registry.xml: cannot create a temporary file beside it: Permission denied (updating the system database needs root)\$" \
	    "$T/err"
	asnobody "$T/ianaports" compile -o "$T/rootonly/x.db" "$T/sample.txt" \
	    >/dev/null 2>"$T/err"
	has "elsewhere, the system error alone" "Permission denied\$" "$T/err"
fi

# --- -q is quiet -----------------------------------------------------------
printf 'a 1/tcp\na 1/tcp\n' >"$T/dup.services"
run compile -o "$T/dup.db" "$T/dup.services"
has "compile: a warning and a summary" "warning" "$T/err"
has "compile: the summary" "1 warning" "$T/out"
run compile --strict -o "$T/dup.db" "$T/dup.services"
status "compile --strict with one warning" "$rc" 1
has "compile --strict: one warning, said in the singular" \
    "^ianaports: 1 warning, and --strict\$" "$T/err"
has "compile --strict: the database there left unchanged" \
    "^ianaports: $T/dup.db left unchanged\$" "$T/err"
run compile --strict -o "$T/none.db" "$T/dup.services"
has "compile --strict, no database there: not written" \
    "^ianaports: $T/none.db not written\$" "$T/err"
hasnt "compile --strict, no database there: nothing said unchanged" \
    "left unchanged" "$T/err"
run compile -q -o "$T/dup.db" "$T/dup.services"
status "compile -q" "$rc" 0
same "compile -q: nothing on stdout" "$(cat "$T/out")" ""
same "compile -q: nothing on stderr" "$(cat "$T/err")" ""
# With no SOURCE, the configured sources are listed, unless -q.
if IANAPORTS_DB=$T/cfg.db "$CLI" compile >"$T/out" 2>"$T/err"; then
	has "compile of the configured sources: lists them" "^ianaports: sources:" \
	    "$T/err"
	IANAPORTS_DB=$T/cfg.db "$CLI" compile -q >"$T/out" 2>"$T/err"
	status "compile -q of the configured sources" $? 0
	same "compile -q of the configured sources: silent" \
	    "$(cat "$T/out" "$T/err")" ""
else
	skip "compile -q of the configured sources" "none on this machine"
fi
run compile -q --strict -o "$T/bad.db" data/fixtures/bad-port.services
status "compile -q still fails loudly" "$rc" 1
has "compile -q: the error" "bad-port.services:3:" "$T/err"

# --- Every --help lists every option -----------------------------------------
# The options each command parses, from its getopt_long() table and its
# short option string, must all appear in its --help.
helpcheck() {
	_cmd=$1 _src=$2
	"$CLI" "$_cmd" --help >"$T/help" 2>&1
	status "$_cmd --help" $? 0
	_missing=
	for _o in $(sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", .*_argument.*/\1/p' \
	    "$_src"); do
		grep -q -- "--$_o\b" "$T/help" || _missing="$_missing --$_o"
	done
	for _o in $(sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' \
	    "$_src" | tr -d ':' | fold -w1); do
		grep -q -- "-$_o\b" "$T/help" || _missing="$_missing -$_o"
	done
	same "$_cmd --help lists every option" "$_missing" ""
}
helpcheck compile tools/cmd_compile.c
for cmd in query dump verify; do
	helpcheck $cmd tools/cmd_read.c
done
helpcheck update tools/cmd_update.c
helpcheck diff tools/cmd_diff.c
run --help
has "ianaports --help lists --version" "-V, --version" "$T/out"
for cmd in compile query dump verify update diff; do
	has "ianaports --help names $cmd" "^  $cmd " "$T/out"
	# The synopsis of the command's own --help, every option in it.
	synopsis=$("$CLI" "$cmd" --help | sed -n '1,/^$/p' | tr -s ' \n' '  ' |
	    sed 's/^usage: ianaports //; s/ $//')
	same "ianaports --help: $cmd's synopsis, as $cmd --help has it" \
	    "$(sed -n "s/^  \($cmd .*\)/\1/p" "$T/out")" "$synopsis"
done

# --- An empty path is said as such -------------------------------------------
for args in "verify ''" "verify -d ''" "dump ''" "query -d '' http" \
    "compile -o '' $SAMPLE" "compile -o $T/e.db ''" "diff '' $T/s.db" \
    "diff $T/s.db ''" "update --state-dir $T/st -o '' $SAMPLE" \
    "update --state-dir '' -o $T/e.db $SAMPLE" \
    "update --state-dir $T/st -o $T/e.db --url ''" \
    "update --state-dir $T/st -o $T/e.db ''"; do
	eval "run $args"
	status "$args" "$rc" 2
	has "$args: says empty path" "^ianaports: an empty path given as " \
	    "$T/err"
	hasnt "$args: no empty name in the message" "ianaports: :" "$T/err"
done
run update --state-dir "$T/st" -o "$T/e.db" -u "file://$SAMPLE" "$SAMPLE"
status "update -u URL FILE" "$rc" 2
has "update -u URL FILE: one registry only" \
    "^ianaports: update: one registry only, given by --url or as the operand" \
    "$T/err"
check "update's usage errors: no state directory made" test ! -e "$T/st"
check "update's usage errors: no database written" test ! -e "$T/e.db"

# --- Control characters from a source never reach the terminal --------------
# A description that would set the terminal's title: printed with spaces.
printf 'Service Name,Port Number,Transport Protocol,Description\n%b\n' \
    'ctl,4444,tcp,x\033]0;pwn\007y' >"$T/ctl.csv"
compile "$T/ctl.db" "$T/ctl.csv"
run query -d "$T/ctl.db" ctl
same "query: control characters shown as spaces" "$(cat "$T/out")" \
    "ctl                   4444/tcp  # x ]0;pwn y"
run dump "$T/ctl.db"
same "dump: control characters shown as spaces" "$(tail -n 1 "$T/out")" \
    "ctl	4444/tcp	# x ]0;pwn y"
# A newline in the database's path: the dump's first line stays one line,
# so that compiling the dump reads no entry out of the path.
nl_db=$T/$(printf 'nl\nssh 9999')
cp "$T/ctl.db" "$nl_db"
run dump "$nl_db"
same "dump: a newline in the path shown as a space" "$(sed -n 2p "$T/out")" \
    "ctl	4444/tcp	# x ]0;pwn y"
printf 'ctl 4444/tcp # plain\n' >"$T/ctl.services"
run diff "$T/ctl.services" "$T/ctl.csv"
same "diff: control characters shown as spaces" "$(head -n 1 "$T/out")" \
    '! 4444/tcp ctl description "plain" -> "x ]0;pwn y"'

# --- diff: every kind of change, diff(1)'s exit statuses ---------------------
printf '%s\n' 'http 80/tcp www www-http # World Wide Web HTTP' \
    'gone 7/tcp # Echo' 'old 9/tcp # Discard' 'same 13/tcp # Daytime' \
    >"$T/a.services"
printf '%s\n' 'http 80/tcp www # World Wide Web' 'new 9/tcp # Discard' \
    'same 13/tcp # Daytime' 'fresh 17/tcp # Quote' >"$T/b.services"
run diff "$T/a.services" "$T/b.services"
status "diff of two that differ" "$rc" 1
same "diff: each change" "$(cat "$T/out")" \
    '- 7/tcp gone
~ 9/tcp old -> new
+ 17/tcp fresh
! 80/tcp http aliases "www www-http" -> "www"
! 80/tcp http description "World Wide Web HTTP" -> "World Wide Web"
1 added, 1 removed, 1 renamed, 1 with other aliases, 1 with another description (4 -> 4 entries)'
printf 'http 80/tcp www # World Wide Web HTTP\n' >"$T/c.services"
run diff -s "$T/a.services" "$T/c.services"
same "diff -s: an alias dropped is a difference" "$(cat "$T/out")" \
    "0 added, 3 removed, 0 renamed, 1 with other aliases, 0 with another description (4 -> 1 entries)"
printf 'http 80/tcp www-http www # World Wide Web HTTP\n' >"$T/d.services"
run diff -s "$T/c.services" "$T/d.services"
has "diff: aliases in another order differ" "1 with other aliases" "$T/out"
run diff "$T/a.services" "$T/a.services"
status "diff of a file and itself" "$rc" 0
compile "$T/a.db" "$T/a.services"
run diff "$T/a.db" "$T/a.services"
status "diff of a database and its source" "$rc" 0
same "diff of a database and its source: the counts alone" "$(cat "$T/out")" \
    "0 added, 0 removed, 0 renamed, 0 with other aliases, 0 with another description (4 -> 4 entries)"
run diff "$T/a.services" "$T/no-such"
status "diff of a missing file" "$rc" 2
run diff "$T/a.services"
status "diff with one operand" "$rc" 2
run diff --bogus "$T/a.services" "$T/b.services"
status "diff with an unknown option" "$rc" 2
if need_file "$FULL"; then
	compile "$T/full.db" "$FULL"
	"$CLI" dump "$T/full.db" | sed 's/^\(http	80\/tcp www\) www-http/\1/' \
	    >"$T/nowwwhttp.services"
	run diff "$T/full.db" "$T/nowwwhttp.services"
	status "diff: www-http dropped from http in the full registry" "$rc" 1
	same "diff: www-http dropped: the one change" "$(head -n 1 "$T/out")" \
	    '! 80/tcp http aliases "www www-http" -> "www"'
else
	skip "diff over the full registry" "no $FULL"
fi

finish
