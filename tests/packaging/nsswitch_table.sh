# SPDX-License-Identifier: MIT
# The nsswitch.conf edit (packaging/nsswitch-edit.sh) over real-world
# files and every spelling of the services line glibc reads: after
# "add", the services line glibc uses (checked by asking the real glibc,
# with the file bind-mounted over /etc/nsswitch.conf, whether the module
# answers) and the one line printed; after "remove", the tree byte for
# byte as before, a link still a link.  Sourced by test_packaging.sh
# inside a private mount namespace, with t(), say() and $T from there.

EDIT=packaging/nsswitch-edit.sh
FIX=tests/packaging/nsswitch

# NAME|FIXTURE|SETUP|the services line after add ("=": file unchanged)|
# what add prints (ERE).  \t in the line stands for a tab.
nss_table() {
	cat <<-'TABLE'
	debian|debian|file|services:       ianaports [NOTFOUND=return] db files|^ianaports: enabled in
	arch|arch|file|services: ianaports [NOTFOUND=return] files|^ianaports: enabled in
	opensuse|opensuse|file|services:\tianaports [NOTFOUND=return] files usrfiles|^ianaports: enabled in
	fedora opted out|fedora-authselect|file|services:   ianaports files sss|^ianaports: enabled in .*sss \(no \[NOTFOUND=return\]
	fedora authselect|fedora-authselect|authselect|=|authselect manages .*enable-feature with-custom-services.*apply-changes
	alpine (no file)|debian|absent|=|^ianaports: no .*/etc/nsswitch.conf.*by hand
	symlinked|arch|link|services: ianaports [NOTFOUND=return] files|enabled in .*/etc/nsswitch.d/real.conf
	dangling link|arch|dangling|=|link to no regular file.*by hand
	read-only|arch|readonly|=|cannot write .*by hand
	leading blanks|leading-blanks|file|  services: ianaports [NOTFOUND=return] files|^ianaports: enabled in
	no blank|no-blank|file|services:ianaports [NOTFOUND=return] files|^ianaports: enabled in
	tabs|tabs|file|services:\tianaports [NOTFOUND=return] files\tdb|^ianaports: enabled in
	actions present|actions|file|services: ianaports sss [NOTFOUND=return] files|^ianaports: enabled in .*files \(no \[NOTFOUND=return\]
	nis behind files|nis|file|services: ianaports files nis|^ianaports: enabled in .*nis \(no \[NOTFOUND=return\]
	comment on the line|comment|file|services:\tianaports [NOTFOUND=return] files\t# keep local|^ianaports: enabled in
	no services line|no-services|file|services: ianaports [NOTFOUND=return] files|^ianaports: added to
	no line, no last newline|no-services-no-newline|file|services: ianaports [NOTFOUND=return] files|^ianaports: added to
	no colon|no-colon|file|services ianaports [NOTFOUND=return] files|^ianaports: enabled in
	two services lines|two-lines|file|services: ianaports [NOTFOUND=return] files|^ianaports: enabled in
	administrator's module|admin-has-module|file|=|already names ianaports
	administrator's line as ours|admin-wrote-ours|file|=|already names ianaports
	TABLE
}

# nss_setup ROOT FIXTURE SETUP: lay out ROOT/etc as SETUP says.
nss_setup() {
	mkdir -p "$1/etc"
	case $3 in
	file|readonly) cp "$FIX/$2.conf" "$1/etc/nsswitch.conf" ;;
	link)
		mkdir "$1/etc/nsswitch.d"
		cp "$FIX/$2.conf" "$1/etc/nsswitch.d/real.conf"
		ln -s nsswitch.d/real.conf "$1/etc/nsswitch.conf" ;;
	dangling) ln -s nsswitch.d/gone.conf "$1/etc/nsswitch.conf" ;;
	authselect)
		mkdir "$1/etc/authselect"
		cp "$FIX/$2.conf" "$1/etc/authselect/nsswitch.conf"
		echo sssd >"$1/etc/authselect/authselect.conf"
		ln -s authselect/nsswitch.conf "$1/etc/nsswitch.conf" ;;
	absent) ;;
	esac
}

# Whether glibc, reading FILE as /etc/nsswitch.conf, asks the module:
# the probe entry is in the probe database only.
glibc_uses_module() {
	unshare -m sh -c 'mount --bind "$1" /etc/nsswitch.conf &&
	    LD_LIBRARY_PATH=$2 IANAPORTS_DB=$3 getent services ianaports-probe \
	    >/dev/null' sh "$1" "$B" "$T/probe.db"
}

glibc_ignores_module() { ! glibc_uses_module "$1"; }

nss_case() {	# nss_case NAME FIXTURE SETUP WANT MESSAGE
	name="nsswitch $1"
	R=$T/nss/$2-$3
	rm -rf "$R" "$R.orig"
	nss_setup "$R" "$2" "$3"
	cp -a "$R" "$R.orig"
	[ "$3" = readonly ] && mount --bind -o ro "$R/etc" "$R/etc"
	st=$R/state
	sh "$EDIT" --root "$R" --state "$st" add >"$T/nss.out" 2>&1
	if [ "$(wc -l <"$T/nss.out")" = 1 ] &&
	    grep -Eq -- "$5" "$T/nss.out"; then
		say ok "$name: add says one line"
	else
		say FAIL "$name: add printed, wanting /$5/:"
		sed 's/^/#   /' "$T/nss.out"
	fi
	eff=$(readlink -f "$R/etc/nsswitch.conf")
	if [ "$4" = = ]; then
		t "$name: add leaves the tree as it was" diff -r --no-dereference "$R.orig" "$R"
	else
		want=$(printf '%b' "$4")
		got=$(grep -E '^[[:space:]]*services[[:space:]:]' "$eff" |
		    tail -n 1)
		if [ "$got" = "$want" ]; then say ok "$name: services line"
		else say FAIL "$name: services line \"$got\", want \"$want\""
		fi
		t "$name: glibc asks the module" glibc_uses_module "$eff"
		t "$name: glibc did not before" glibc_ignores_module \
		    "$(readlink -f "$R.orig/etc/nsswitch.conf")"
	fi
	if [ "$3" = link ]; then
		t "$name: the link stays a link" test -L "$R/etc/nsswitch.conf"
	fi
	sh "$EDIT" --root "$R" --state "$st" remove >"$T/nss.out" 2>&1
	t "$name: remove says nothing" test ! -s "$T/nss.out"
	t "$name: remove leaves no record" test ! -e "$st"
	[ "$3" = readonly ] && umount "$R/etc"
	t "$name: byte-identical after remove" diff -r --no-dereference "$R.orig" "$R"
}

nss_tests() {
	printf 'ianaports-probe 64998/tcp\n' >"$T/probe.txt"
	"$B/ianaports" compile -q -o "$T/probe.db" "$T/probe.txt" >/dev/null ||
		say FAIL "nsswitch: probe database"
	nss_table | while IFS='|' read -r name fix setup want msg; do
		nss_case "$name" "$fix" "$setup" "$want" "$msg"
	done

	# After install, the administrator appends a source: remove takes
	# out only what add put in.
	R=$T/nss/later
	nss_setup "$R" arch file
	sh "$EDIT" --root "$R" --state "$R/st" add >/dev/null
	sed -i 's/^services: .*/& myfiles/' "$R/etc/nsswitch.conf"
	sh "$EDIT" --root "$R" --state "$R/st" remove >/dev/null
	t "nsswitch edited after add: only the insertion comes out" grep -qx \
	    'services: files myfiles' "$R/etc/nsswitch.conf"
	# The same where the module went in without [NOTFOUND=return].
	rm -rf "$R"
	nss_setup "$R" nis file
	sh "$EDIT" --root "$R" --state "$R/st" add >/dev/null
	sed -i 's/^services: .*/& ldap/' "$R/etc/nsswitch.conf"
	sh "$EDIT" --root "$R" --state "$R/st" remove >/dev/null
	t "nsswitch edited after a plain add: only the module comes out" \
	    grep -qx 'services: files nis ldap' "$R/etc/nsswitch.conf"
	# ... and one who took the module out meanwhile keeps his line.
	nss_setup "$R" arch file
	sh "$EDIT" --root "$R" --state "$R/st" add >/dev/null
	sed -i 's/^services: .*/services: db files/' "$R/etc/nsswitch.conf"
	sh "$EDIT" --root "$R" --state "$R/st" remove >"$T/nss.out"
	t "nsswitch taken out by hand: the line stays" grep -qx \
	    'services: db files' "$R/etc/nsswitch.conf"
	t "nsswitch taken out by hand: remove says so" grep -q \
	    'was changed since install' "$T/nss.out"
	# An earlier package's insertion, with no record: adopt, remove.
	nss_setup "$R" arch file
	cp "$R/etc/nsswitch.conf" "$T/nss.before"
	sed -i 's/^services: /&ianaports [NOTFOUND=return] /' \
	    "$R/etc/nsswitch.conf"
	sh "$EDIT" --root "$R" --state "$R/st" adopt
	sh "$EDIT" --root "$R" --state "$R/st" remove
	t "nsswitch adopted from an older package: restored" cmp \
	    "$T/nss.before" "$R/etc/nsswitch.conf"
}
