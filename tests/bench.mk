# The benchmark.  `make bench` times lookups through glibc for
# ianaports and its peers and writes docs/bench/; `check-bench` runs the
# same program on a small query set and asserts only that the sources
# agree (tests/bench/run.sh says how each is set up).
BENCH_DEPS = libnss-db nscd gnuplot-nox netbase
TEST_DEPS += $(BENCH_DEPS)
BENCH_NULL = $(B)/libnss_ianapnull.so.2
BENCH_FIXED = $(B)/libnss_ianapfixed.so.2
BENCH_BIN = $(B)/bench/ipbench

# The reference modules, from one source: the null module (NOTFOUND at
# once, the floor of glibc's dispatch) and the fixed-answer module (one
# entry for every query, the floor of a hit).
$(B)/libnss_ianap%.so.2: tests/bench/ref_module.c tests/bench/ref_module.map
	$(CC) $(IP_CPPFLAGS) $(IP_CFLAGS) $(CFLAGS) -shared \
		-DNAME=ianap$* $(if $(filter fixed,$*),-DFIXED_ANSWER) \
		-Wl,-soname,libnss_ianap$*.so.2 \
		-Wl,--version-script=tests/bench/ref_module.map -Wl,-z,defs \
		$(IP_LDFLAGS) $(LDFLAGS) -o $@ $<

# Plain (never sanitized): it times the module, which is never sanitized.
$(BENCH_BIN): tests/bench/bench.c $(CORE_OBJ) nss/ipdb.h
	@mkdir -p $(@D)
	$(CC) $(IP_CPPFLAGS) $(IP_CFLAGS) $(CFLAGS) $(IP_LDFLAGS) $(LDFLAGS) \
		-o $@ $< $(CORE_OBJ) -lpthread

.PHONY: bench check-bench
CHECKS += check-bench
bench: all $(BENCH_NULL) $(BENCH_FIXED) $(BENCH_BIN)
	@sh tools/ensure-packages.sh $(BENCH_DEPS)
	@B=$(B) SHARED=$(SHARED) sh tests/bench/run.sh bench

# Its packages again here: tests/check.mk, included after this file, sets
# TEST_DEPS with "=", so the "+=" above does not reach make check.
check-bench: all $(BENCH_NULL) $(BENCH_FIXED) $(BENCH_BIN)
	@echo "== check-bench"
	@sh tools/ensure-packages.sh $(BENCH_DEPS)
	@B=$(B) SHARED=$(SHARED) sh tests/bench/run.sh check
