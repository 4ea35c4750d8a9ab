# Unit tests (cmocka) and end-to-end tests through the real glibc (the
# update tests fetch from a local server, tests/e2e/httpd.py: python3).
TEST_DEPS += libcmocka-dev pkg-config python3 perl util-linux
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
E2E_TESTS = $(sort $(wildcard tests/e2e/test_*.sh))
# Small C programs the e2e scripts run (getaddrinfo, a null module, ...).
E2E_C = $(wildcard tests/e2e/*.c)
E2E_BIN = $(E2E_C:tests/e2e/%.c=$(B)/e2e/%)

$(B)/e2e/%: tests/e2e/%.c
	@mkdir -p $(@D)
	$(CC) $(IP_CPPFLAGS) $(IP_CFLAGS) $(CFLAGS) -o $@ $<

$(B)/tests/%: tests/unit/%.c $(TOOLS_OBJ)
	@mkdir -p $(@D)
	$(CC) $(IP_CPPFLAGS) -Itests/unit $(IP_CFLAGS) $(TOOL_SAN) $(CFLAGS) \
		$(LDFLAGS) -o $@ $< $(TOOLS_OBJ) \
		$(TOOL_LIBS) -lcmocka

# test_nss_module dlopens the module it is built beside.
$(B)/tests/test_nss_module: $(MODULE)
$(B)/tests/test_nss_module: private IP_CPPFLAGS += -DNSS_MODULE='"$(MODULE)"'

.PHONY: check-unit check-e2e
CHECKS += check-unit check-e2e
# SHARED reaches the tests at run time, never built in: a change of it
# between runs needs no rebuild.
check-unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
		echo "== $$t"; SHARED=$(SHARED) $$t || fail=1; \
	done; exit $$fail

# Each script prints one "N passed, N failed" line; SHARED and B reach it.
check-e2e: all $(E2E_BIN)
	@fail=0; for t in $(E2E_TESTS); do \
		echo "== $$t"; B=$(B) SHARED=$(SHARED) sh $$t || fail=1; \
	done; exit $$fail
