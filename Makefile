# ianaports: the IANA port registry as a glibc NSS module.
# User flags (CFLAGS, LDFLAGS) stay the user's; required flags are IP_*.

prefix ?= /usr/local
exec_prefix ?= $(prefix)
sbindir ?= $(exec_prefix)/sbin
libdir ?= $(exec_prefix)/lib
datarootdir ?= $(prefix)/share
datadir ?= $(datarootdir)
mandir ?= $(datarootdir)/man
sysconfdir ?= /etc
localstatedir ?= /var
dbdir ?= $(localstatedir)/lib/ianaports
DB_PATH ?= $(dbdir)/services.db

# The release, from one place: the Debian changelog's first line.
VERSION := $(or $(shell sed -n '1s/.*(\([^)-]*\).*/\1/p' \
	packaging/debian/changelog 2>/dev/null),unknown)

SHARED ?= ../shared
REGISTRY = $(SHARED)/registry
# The registry snapshot the project ships: what tests use on any clone.
SNAPSHOT = data/service-names-port-numbers.xml
CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
SANITIZE ?=

B = build
# 64-bit file offsets, inode numbers and times on 32-bit machines too:
# there, without them, stat() fails with EOVERFLOW on a database whose
# inode number or time does not fit in 32 bits (an overlay with xino, a
# large XFS, a file dated past 2038).  Nothing of the kind crosses the
# module's interface; on 64-bit machines they change nothing.
IP_CPPFLAGS = -Inss -Itools -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 \
	-D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 \
	-DIANAPORTS_DB_PATH='"$(DB_PATH)"' \
	-DIANAPORTS_SYSCONFDIR='"$(sysconfdir)"' \
	-DIANAPORTS_DATADIR='"$(datadir)/ianaports"' \
	-DIANAPORTS_DBDIR='"$(dbdir)"' \
	-DIANAPORTS_VERSION='"$(VERSION)"'
IP_CFLAGS = -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-fPIC -fvisibility=hidden -fstack-protector-strong $(DEPFLAGS)
# Each compile writes the headers it read to a .d file beside its output,
# included below: no header is listed by hand.
DEPFLAGS = -MMD -MP
IP_LDFLAGS = -Wl,-z,relro -Wl,-z,now
ifneq ($(SANITIZE),)
# The tools and tests run sanitized; the module stays plain, since it is
# loaded into programs (getent, python) that carry no sanitizer runtime.
TOOL_SAN = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

CORE_SRC = nss/ipdb_read.c nss/ipdb_verify.c nss/ipdb_crc32c.c
MODULE_SRC = nss/nss_ianaports.c
TOOLS_SRC = tools/model.c tools/source.c tools/src_util.c tools/src_xml.c \
	tools/src_csv.c tools/src_text.c tools/src_services.c tools/src_db.c \
	tools/src_load.c tools/ipdb_write.c tools/sources.c tools/xalloc.c
CLI_SRC = tools/ianaports.c tools/fetch.c tools/fetch_file.c tools/nscd.c \
	tools/guard.c $(sort $(wildcard tools/cmd_*.c))

CORE_OBJ = $(CORE_SRC:%.c=$(B)/obj/%.o)
MODULE_OBJ = $(MODULE_SRC:%.c=$(B)/obj/%.o)
TOOLS_OBJ = $(TOOLS_SRC:%.c=$(B)/tobj/%.o) $(CORE_SRC:%.c=$(B)/tobj/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(B)/tobj/%.o)
TOOL_LIBS = -lexpat
CLI_LIBS =	# libcurl is dlopen()ed by `update` (tools/fetch.c)

MODULE = $(B)/libnss_ianaports.so.2
CLI = $(B)/ianaports
DEMO_DB = $(B)/demo.db

.PHONY: all demo check clean deps print-deps
all: $(MODULE) $(CLI)

# A key file: a rule "$(call write_key,TEXT)" with FORCE as prerequisite
# writes TEXT to its target only when the target holds something else,
# so that what depends on the key is remade exactly when TEXT changes
# (paths compiled in, the files fuzz seeds are cut from).
.PHONY: FORCE
FORCE:
write_key = @mkdir -p $(@D); echo '$(subst ','\'',$(1))' | \
	cmp -s - $@ 2>/dev/null || echo '$(subst ','\'',$(1))' > $@

# Objects for the module: no sanitizer, ever.  A section a function, so
# that the link keeps only what the module calls (not verify's sweep and
# checksum, nor their imports): less for every process to load.
$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(IP_CPPFLAGS) $(IP_CFLAGS) -ffunction-sections -fdata-sections \
		$(CFLAGS) -c -o $@ $<

# Objects for the tools and tests: sanitized when SANITIZE is set.
$(B)/tobj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(IP_CPPFLAGS) $(IP_CFLAGS) $(TOOL_SAN) $(CFLAGS) -c -o $@ $<

# --version prints the release: rebuild it when a release is added.
$(B)/tobj/tools/ianaports.o: packaging/debian/changelog

$(MODULE): $(MODULE_OBJ) $(CORE_OBJ) nss/libnss_ianaports.map
	$(CC) -shared -Wl,-soname,libnss_ianaports.so.2 \
		-Wl,--version-script=nss/libnss_ianaports.map -Wl,-z,defs \
		-Wl,--gc-sections $(IP_LDFLAGS) $(LDFLAGS) -o $@ \
		$(MODULE_OBJ) $(CORE_OBJ)

$(CLI): $(CLI_OBJ) $(TOOLS_OBJ)
	$(CC) $(TOOL_SAN) $(IP_LDFLAGS) -pie $(LDFLAGS) -o $@ $^ $(TOOL_LIBS) \
		$(CLI_LIBS)

# Build packages: installed with apt-get when missing and we are root.
BUILD_DEPS = gcc make libc6-dev libexpat1-dev libcurl4-openssl-dev
deps:
	@sh tools/ensure-packages.sh $(BUILD_DEPS)

# The registry snapshot and the preferred names, as an installed system
# compiles them (without its /etc/services).
DEMO_SOURCES = data/preferred-names.services $(SNAPSHOT)
$(DEMO_DB): $(CLI) $(DEMO_SOURCES)
	$(CLI) compile -q -o $@ $(DEMO_SOURCES)

# Build, compile the shipped registry, and ask glibc through the module.
demo: deps
	@$(MAKE) --no-print-directory all $(DEMO_DB)
	@echo "# glibc answers through build/libnss_ianaports.so.2:"
	@for q in 6010/tcp nfs 2049/udp DOMAIN-S/udp 853/tcp; do \
		echo "\$$ getent -s ianaports services $$q"; \
		LD_LIBRARY_PATH=$(B) IANAPORTS_DB=$(DEMO_DB) \
			getent -s ianaports services $$q || echo "(not found: $$?)"; \
	done
	@echo "\$$ ianaports query -d $(DEMO_DB) 853/udp"
	@$(CLI) query -d $(DEMO_DB) 853/udp

clean:
	rm -rf $(B)

# Each part of the project brings its own rules and adds to CHECKS.
CHECKS =
# The core's tests first, packaging last; -k below runs every one even
# when one fails, so that every summary line reaches the output.
include $(sort $(wildcard tests/*.mk)) $(sort $(wildcard tests/*/*.mk)) \
	$(sort $(wildcard packaging/*.mk))

# The Debian packages the build and every test need, for .ci/run.
print-deps:
	@echo $(BUILD_DEPS) $(TEST_DEPS)

check: deps
	@$(MAKE) --no-print-directory all
	@sh tools/ensure-packages.sh $(TEST_DEPS)
	@$(MAKE) --no-print-directory -k $(CHECKS)

# The headers each object, test and helper program was built from.
-include $(shell find $(B) -name '*.d' 2>/dev/null)
