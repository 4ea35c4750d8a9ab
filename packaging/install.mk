# Install, uninstall, and the Debian and RPM packages.
#
# The usual GNU variables and DESTDIR apply; PREFIX is taken as prefix.
# The NSS module goes where glibc looks for it whatever the prefix: glibc
# dlopen()s libnss_ianaports.so.2 by bare name, so it must sit in a
# directory the dynamic linker searches without LD_LIBRARY_PATH (which
# set-user-ID programs ignore anyway).  /usr/local/lib/<multiarch> is such
# a directory on Debian only through ld.so.conf, elsewhere not at all; so
# unless libdir is given, the module goes to the system directory
# /usr/lib/<multiarch> (or /usr/lib64, or /usr/lib) even when prefix is
# /usr/local.  Give libdir (or nssdir) to put it elsewhere.

ifneq ($(PREFIX),)
prefix = $(PREFIX)
endif

MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
ifneq ($(filter command line environment%,$(origin libdir)),)
nssdir ?= $(libdir)
else ifneq ($(MULTIARCH),)
nssdir ?= /usr/lib/$(MULTIARCH)
else ifneq ($(wildcard /usr/lib64/libc.so.6),)
nssdir ?= /usr/lib64
else
nssdir ?= /usr/lib
endif
# systemd reads /usr/local/lib/systemd/system too, so this follows prefix.
unitdir ?= $(prefix)/lib/systemd/system
bashcompdir ?= $(datadir)/bash-completion/completions
man8dir ?= $(mandir)/man8
libexecdir ?= $(exec_prefix)/libexec

INSTALL ?= install
MAN_PAGES = man/ianaports.8 man/nss-ianaports.8
# The registry snapshot and the preferred names are default sources
# (packaging/sources.conf); the excerpt is for trying ianaports out.
DATA_FILES = data/service-names-port-numbers.xml \
	data/preferred-names.services data/sample-registry.txt
UNITS = ianaports-compile.path ianaports-compile.service \
	ianaports-update.service ianaports-update.timer

# The shipped files name Debian's paths; these put the configured ones in.
PATH_SED = sed -e 's|/usr/sbin/ianaports|$(sbindir)/ianaports|g' \
	-e 's|/var/lib/ianaports|$(dbdir)|g' \
	-e 's|/usr/share/ianaports|$(datadir)/ianaports|g' \
	-e 's|/usr/libexec/ianaports|$(libexecdir)/ianaports|g' \
	-e 's|/etc/ianaports|$(sysconfdir)/ianaports|g'

# The man pages carry the release's date and version: those of the
# newest changelog entry.
RELEASE_DATE := $(shell d=$$(sed -n 's/^ -- .*>  //p' \
	packaging/debian/changelog | head -n 1); date -u -d "$$d" +%F)
MAN_OUT = $(MAN_PAGES:man/%=$(B)/man/%)
$(B)/man/%.8: man/%.8 packaging/debian/changelog
	@mkdir -p $(@D)
	sed -e 's/@RELEASE_DATE@/$(RELEASE_DATE)/' \
		-e 's/@VERSION@/$(PKG_VERSION)/' $< > $@
all: $(MAN_OUT)

# Paths are compiled in (DB_PATH, the sources file, the sample): rebuild
# the objects when they change, so that 'make && make install prefix=/usr'
# cannot install a command that looks in /usr/local.
PATHS_STAMP = $(B)/.paths
$(PATHS_STAMP): FORCE
	$(call write_key,$(IP_CPPFLAGS))
$(MODULE_OBJ) $(CORE_OBJ) $(CLI_OBJ) $(TOOLS_OBJ): $(PATHS_STAMP)

# install notes what it put in a manifest (packaging/uninstall-manifest.sh
# says the format), so that uninstall removes just that, with or without
# the variables given again.  Empty: no manifest (the package builds).
INSTALL_MANIFEST ?= $(B)/install-manifest
MANIFEST = $(or $(INSTALL_MANIFEST),/dev/null)
# $(call inst,MODE,SOURCE,DEST): install one file and note it.
inst = $(INSTALL) -m $(1) $(2) $(3) && echo "f $(3)" >> $(MANIFEST)
# $(call mkdirs,DIR...): create directories, noting those that were not.
mkdirs = for d in $(1); do p=$$d; while [ ! -d "$$p" ]; do \
		echo "d $$p" >> $(MANIFEST); p=$$(dirname "$$p"); done; \
	done; $(INSTALL) -d $(1)

.PHONY: install uninstall
install: all
	@f=$(nssdir)/libnss_ianaports.so.2; \
	if [ -z "$(DESTDIR)" ] && p=$$(sh packaging/package-owner.sh $$f); then \
		echo "make install: $$f belongs to the package $$p;" \
		    "remove the package first, or give DESTDIR= or nssdir=" >&2; \
		exit 1; fi
	@mkdir -p $(B)
	@$(call mkdirs,$(DESTDIR)$(nssdir) $(DESTDIR)$(sbindir) \
		$(DESTDIR)$(man8dir) $(DESTDIR)$(sysconfdir)/ianaports \
		$(DESTDIR)$(datadir)/ianaports $(DESTDIR)$(dbdir) \
		$(DESTDIR)$(unitdir) $(DESTDIR)$(bashcompdir) \
		$(DESTDIR)$(libexecdir)/ianaports)
	$(call inst,644,$(MODULE),$(DESTDIR)$(nssdir)/libnss_ianaports.so.2)
	$(call inst,755,$(CLI),$(DESTDIR)$(sbindir)/ianaports)
	$(call inst,755,packaging/nsswitch-edit.sh,\
		$(DESTDIR)$(libexecdir)/ianaports/nsswitch-edit)
	for m in $(MAN_OUT); do \
		$(call inst,644,$$m,$(DESTDIR)$(man8dir)/$${m##*/}) || exit 1; \
	done
	for f in $(DATA_FILES); do \
		$(call inst,644,$$f,$(DESTDIR)$(datadir)/ianaports/$${f##*/}) || \
			exit 1; \
	done
	$(call inst,644,packaging/bash-completion/ianaports,\
		$(DESTDIR)$(bashcompdir)/ianaports)
	for u in $(UNITS); do \
		$(PATH_SED) packaging/systemd/$$u > $(DESTDIR)$(unitdir)/$$u && \
		chmod 644 $(DESTDIR)$(unitdir)/$$u && \
		echo "f $(DESTDIR)$(unitdir)/$$u" >> $(MANIFEST) || exit 1; \
	done
	@# An administrator's sources file is kept.
	@f=$(DESTDIR)$(sysconfdir)/ianaports/sources; \
	if [ -e $$f ]; then echo "keeping $$f"; else \
		echo "$(PATH_SED) packaging/sources.conf > $$f"; \
		$(PATH_SED) packaging/sources.conf > $$f && chmod 644 $$f && \
		echo "c $$(cksum < $$f | tr ' ' _) $$f" >> $(MANIFEST); fi
	@[ "$(MANIFEST)" = /dev/null ] || sort -u -o $(MANIFEST) $(MANIFEST)
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && \
	    command -v ldconfig >/dev/null; then ldconfig; fi

# Removes what install put, from its manifest; without one, what install
# would put with these variables.  The database that 'ianaports compile'
# wrote and an edited sources file stay.
uninstall:
	@if [ -n "$(INSTALL_MANIFEST)" ] && [ -f $(INSTALL_MANIFEST) ]; then \
		sh packaging/uninstall-manifest.sh $(INSTALL_MANIFEST); \
	else $(MAKE) --no-print-directory uninstall-computed; fi

.PHONY: uninstall-computed
uninstall-computed:
	rm -f $(DESTDIR)$(nssdir)/libnss_ianaports.so.2 \
		$(DESTDIR)$(sbindir)/ianaports \
		$(DESTDIR)$(libexecdir)/ianaports/nsswitch-edit \
		$(MAN_PAGES:man/%=$(DESTDIR)$(man8dir)/%) \
		$(DATA_FILES:data/%=$(DESTDIR)$(datadir)/ianaports/%) \
		$(DESTDIR)$(bashcompdir)/ianaports \
		$(UNITS:%=$(DESTDIR)$(unitdir)/%)
	@f=$(DESTDIR)$(sysconfdir)/ianaports/sources; \
	if [ -e $$f ]; then \
		if $(PATH_SED) packaging/sources.conf | cmp -s - $$f; then \
			echo "rm -f $$f"; rm -f $$f; \
		else echo "keeping $$f: it was edited"; fi; fi
	-rmdir $(DESTDIR)$(sysconfdir)/ianaports $(DESTDIR)$(datadir)/ianaports \
		$(DESTDIR)$(libexecdir)/ianaports $(DESTDIR)$(dbdir) 2>/dev/null

# Packages.  Both build from a copy of the tree in a directory of their
# own, so the checkout stays clean and two builds at once (two make check
# runs in one tree) do not trip over each other; the results are moved
# into $(B)/, the build logs beside them.
PKG_VERSION := $(shell sed -n '1s/.*(\([^)-]*\).*/\1/p' \
	packaging/debian/changelog 2>/dev/null)
PKG_TREE = ianaports-$(PKG_VERSION)
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null)
# Two binary packages: the module alone (Multi-Arch: same), and the
# command with its data, units and man pages (Multi-Arch: foreign).
DEB = $(B)/libnss-ianaports_$(PKG_VERSION)_$(DEB_ARCH).deb
DEB_CLI = $(B)/ianaports_$(PKG_VERSION)_$(DEB_ARCH).deb
# libcmocka-dev: the package build runs the unit tests.
PKG_DEPS = debhelper dpkg-dev fakeroot lintian rpm libcurl4-openssl-dev \
	libcmocka-dev
# The package builds run make on their own terms: none of this make's
# command-line variables (B, CFLAGS=-Werror, ...) or job server.  SHARED
# reaches the unit tests the Debian build runs, from the copy's directory.
PKG_ENV = env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	SHARED=$(abspath $(SHARED))
# Copy the sources (not build/, not .git) to the directory $(1).
copy_tree = mkdir -p $(1) && \
	tar -cf - --exclude=./build --exclude=./$(B) --exclude=./.git \
		--exclude='*.o' . | tar -xf - -C $(1)

.PHONY: deb rpm lint-deb
deb: $(DEB)
$(DEB_CLI): $(DEB)
$(DEB): $(CORE_SRC) $(MODULE_SRC) $(TOOLS_SRC) $(CLI_SRC) Makefile \
		$(wildcard nss/* tools/*.h data/* man/* packaging/*.conf \
		packaging/*.sh tests/unit/* \
		packaging/debian/* packaging/debian/*/* packaging/systemd/* \
		packaging/bash-completion/*)
	@sh tools/ensure-packages.sh $(PKG_DEPS) $(BUILD_DEPS)
	@echo "dpkg-buildpackage -b -us -uc (log: $(B)/deb-build.log)"
	@mkdir -p $(B) && w=$$(mktemp -d $(abspath $(B))/deb.XXXXXX) && \
	$(call copy_tree,$$w/$(PKG_TREE)) && \
	cp -r packaging/debian $$w/$(PKG_TREE)/debian && \
	if (cd $$w/$(PKG_TREE) && $(PKG_ENV) dpkg-buildpackage -b -us -uc) \
	    >$$w/build.log 2>&1; then \
		mv $$w/build.log $(B)/deb-build.log && \
		mv $$w/$(notdir $@) $@ && mv $$w/$(notdir $(DEB_CLI)) \
			$(DEB_CLI) && rm -rf $$w; \
	else \
		tail -30 $$w/build.log; mv $$w/build.log $(B)/deb-build.log; \
		rm -rf $$w; exit 1; \
	fi
	@echo "built $@ $(DEB_CLI)"

# Lintian on the binary packages: no error, no warning.
lint-deb: $(DEB)
	lintian --fail-on error,warning --display-info $(DEB) $(DEB_CLI)

rpm:
	@sh tools/ensure-packages.sh $(PKG_DEPS) $(BUILD_DEPS)
	@echo "rpmbuild -bb packaging/rpm/ianaports.spec (log: $(B)/rpm-build.log)"
	@# --nodeps: on a Debian host the rpm database knows no BuildRequires.
	@mkdir -p $(B) && w=$$(mktemp -d $(abspath $(B))/rpm.XXXXXX) && \
	$(call copy_tree,$$w/SOURCES/$(PKG_TREE)) && \
	tar -czf $$w/SOURCES/$(PKG_TREE).tar.gz -C $$w/SOURCES $(PKG_TREE) && \
	rm -rf $$w/SOURCES/$(PKG_TREE) && \
	if $(PKG_ENV) rpmbuild -bb --nodeps --define "_topdir $$w" \
	    --define 'version_from_make $(PKG_VERSION)' \
	    packaging/rpm/ianaports.spec >$$w/build.log 2>&1; then \
		mv $$w/build.log $(B)/rpm-build.log && \
		for f in $$w/RPMS/*/*.rpm; do mv $$f $(B)/; \
			echo "built $(B)/$${f##*/}"; done; rm -rf $$w; \
	else \
		tail -30 $$w/build.log; mv $$w/build.log $(B)/rpm-build.log; \
		rm -rf $$w; exit 1; \
	fi

# The packaging tests: man pages, units, make install, and the packages
# installed for real in a throwaway overlay of the system.
TEST_DEPS += $(PKG_DEPS) python3 perl util-linux mandoc groff-base man-db \
	systemd rpmlint gcc-multilib
.PHONY: check-packaging
CHECKS += check-packaging
check-packaging: all deb rpm
	@B=$(B) SHARED=$(SHARED) DEB=$(DEB) DEB_CLI=$(DEB_CLI) \
		RPM="$$(ls $(B)/ianaports-$(PKG_VERSION)-*.rpm | head -n 1)" \
		RPM_NSS="$$(ls $(B)/ianaports-nss-$(PKG_VERSION)-*.rpm | \
		head -n 1)" \
		sh tests/packaging/test_packaging.sh

# The package installed offline as a new user meets it: the shipped
# registry served at once, update from a file, nscd told of a compile.
TEST_DEPS += nscd
.PHONY: check-outofbox
CHECKS += check-outofbox
check-outofbox: all deb
	@B=$(B) DEB="$(DEB_CLI) $(DEB)" sh tests/packaging/test_outofbox.sh
