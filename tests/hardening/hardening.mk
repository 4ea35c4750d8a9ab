# Hardening: hostile databases, live replacement under load
# (also under ThreadSanitizer), valgrind, symbol and process hygiene, the
# compiler on bad input and under SIGKILL, permissions.  Each script in
# tests/hardening/test_*.sh prints "N passed, N failed".
#
#   make check-hardening            all of them (in CHECKS)
#   make check-hardening HT=reload  one of them
#   make check-hardening HT=arch    the module, the command and the unit
#                                   tests on i386 and s390x

HD = $(B)/hardening
HARD_TESTS = $(sort $(wildcard tests/hardening/test_*.sh))
HARD_CC_TSAN ?= clang-14
TEST_DEPS += valgrind binutils libcap2-bin util-linux clang-14 python3
# The module on i386 (gcc -m32) and on big-endian s390x (clang's cross
# target, run under qemu-user): test_arch.sh.
TEST_DEPS += gcc-multilib qemu-user libc6-dev-s390x-cross \
	libgcc-12-dev-s390x-cross binutils-s390x-linux-gnu

# Helpers built like the tools (sanitized when SANITIZE is set).
$(HD)/corrupt: tests/hardening/corrupt.c tests/ipdb_touch.h $(TOOLS_OBJ)
	@mkdir -p $(@D)
	$(CC) $(IP_CPPFLAGS) $(IP_CFLAGS) $(TOOL_SAN) $(CFLAGS) -o $@ $< \
		$(TOOLS_OBJ) $(TOOL_LIBS)

# Programs that load the module: never sanitized (valgrind, setuid).
$(HD)/%: tests/hardening/%.c tests/hardening/servfmt.h tests/hardening/live.h
	@mkdir -p $(@D)
	$(CC) $(IP_CPPFLAGS) -Itests/hardening $(IP_CFLAGS) $(CFLAGS) \
		-o $@ $< -lpthread

# The module and the programs with threads under ThreadSanitizer, apart.
$(HD)/tsan/libnss_ianaports.so.2: $(MODULE_SRC) $(CORE_SRC) nss/ipdb.h \
    nss/libnss_ianaports.map
	@mkdir -p $(@D)
	$(HARD_CC_TSAN) $(IP_CPPFLAGS) $(IP_CFLAGS) -g -O1 -fsanitize=thread \
		-shared -Wl,-soname,libnss_ianaports.so.2 \
		-Wl,--version-script=nss/libnss_ianaports.map \
		-o $@ $(MODULE_SRC) $(CORE_SRC)

$(HD)/tsan/%: tests/hardening/%.c tests/hardening/servfmt.h \
    tests/hardening/live.h
	@mkdir -p $(@D)
	$(HARD_CC_TSAN) $(IP_CPPFLAGS) -Itests/hardening -std=gnu11 -g -O1 \
		-fsanitize=thread -o $@ $< -lpthread

HARD_BIN = $(HD)/corrupt $(HD)/lookup $(HD)/stress $(HD)/inplace \
	$(HD)/walk $(HD)/portbits $(HD)/forker $(HD)/cancel \
	$(HD)/tsan/libnss_ianaports.so.2 $(HD)/tsan/stress $(HD)/tsan/inplace

.PHONY: check-hardening
CHECKS += check-hardening
check-hardening: all $(HARD_BIN)
	@fail=0; for t in $(if $(HT),tests/hardening/test_$(HT).sh,$(HARD_TESTS)); do \
		echo "== $$t"; B=$(B) SHARED=$(SHARED) DB_PATH=$(DB_PATH) \
		CC="$(CC)" sh $$t || fail=1; \
	done; exit $$fail
