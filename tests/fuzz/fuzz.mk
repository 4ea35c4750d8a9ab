# Fuzzing: one libFuzzer target per source parser and one for
# the database reader, all on objects built here with clang and the
# sanitizers, apart from the gcc build.
#
#   make fuzz [FUZZ_SECONDS=300]   run each target in turn, one at a time
#   check-fuzz (in CHECKS)         the same for FUZZ_CHECK_SECONDS each
#
# Seeds are cut from the shipped snapshot, the fixtures and whatever
# $(REGISTRY) holds into $(FZ)/seeds; whatever the fuzzer finds goes to
# $(FZ)/corpus, and crashes to $(FZ)/artifacts.

FUZZ_CC ?= clang-14
FUZZ_SECONDS ?= 300
FUZZ_CHECK_SECONDS ?= 30
FZ = $(B)/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_OBJ = $(patsubst %.c,$(FZ)/obj/%.o,$(TOOLS_SRC) $(CORE_SRC))
FUZZ_TARGETS = xml csv text services ipdb
FUZZ_BIN = $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)
TEST_DEPS += clang-14 libclang-rt-14-dev python3

$(FZ)/obj/%.o: %.c nss/ipdb.h tools/model.h tools/source.h tools/ipdb_write.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(IP_CPPFLAGS) -std=gnu11 $(FUZZ_CFLAGS) \
		-fsanitize=fuzzer-no-link -c -o $@ $<

# The reader has a source of its own.
$(FZ)/fuzz_ipdb: tests/fuzz/fuzz_ipdb.c tests/ipdb_touch.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(IP_CPPFLAGS) -std=gnu11 $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-o $@ $< $(FUZZ_OBJ) $(TOOL_LIBS)

$(FZ)/fuzz_%: tests/fuzz/fuzz_parser.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(IP_CPPFLAGS) -std=gnu11 $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-DFUZZ_PARSER=src_$*_read -o $@ $< $(FUZZ_OBJ) $(TOOL_LIBS)

# Parser seeds: a few records each, from the sample, the shipped
# snapshot, the fixtures and every registry file of $(REGISTRY) there is;
# services(5) seeds from dumps.  Database seeds: the sample's database
# and databases compiled from some of the parser seeds (those that
# compile: the fixtures include broken files on purpose).  The list of
# inputs is a key: another SHARED, or a file come or gone, remakes them.
SEED_FILES = $(SNAPSHOT) $(wildcard data/fixtures/*) \
	$(sort $(wildcard $(REGISTRY)/*.xml $(REGISTRY)/*.csv))
$(FZ)/seeds.key: FORCE
	$(call write_key,$(SEED_FILES))

$(FZ)/seeds/.stamp: tests/fuzz/mkseeds.py data/sample-registry.txt $(CLI) \
    $(SEED_FILES) $(FZ)/seeds.key
	rm -rf $(FZ)/seeds && mkdir -p $(FZ)/seeds/ipdb
	$(CLI) compile -q -o $(FZ)/seeds/sample.db data/sample-registry.txt
	$(CLI) dump -d $(FZ)/seeds/sample.db > $(FZ)/seeds/sample.services
	$(CLI) compile -q -o $(FZ)/seeds/full.db $(SNAPSHOT)
	$(CLI) dump -d $(FZ)/seeds/full.db > $(FZ)/seeds/full.services
	python3 tests/fuzz/mkseeds.py $(FZ)/seeds data/sample-registry.txt \
		$(SEED_FILES) $(FZ)/seeds/sample.services $(FZ)/seeds/full.services
	mv $(FZ)/seeds/sample.db $(FZ)/seeds/ipdb/
	rm -f $(FZ)/seeds/full.db $(FZ)/seeds/*.services
	for f in $$(ls $(FZ)/seeds/xml/* | awk 'NR % 25 == 1') \
	    $$(ls $(FZ)/seeds/csv/* | awk 'NR % 25 == 1') \
	    $$(ls $(FZ)/seeds/services/* | awk 'NR % 10 == 1'); do \
		$(CLI) compile -q -o $(FZ)/seeds/ipdb/$${f##*/}.db $$f \
			>/dev/null 2>&1 || rm -f $(FZ)/seeds/ipdb/$${f##*/}.db; \
	done
	touch $@

.PHONY: fuzz fuzz-build check-fuzz
fuzz-build: $(FUZZ_BIN) $(FZ)/seeds/.stamp

fuzz: fuzz-build
	@FZ=$(FZ) sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

CHECKS += check-fuzz
check-fuzz: fuzz-build
	@FZ=$(FZ) sh tests/fuzz/run.sh $(FUZZ_CHECK_SECONDS) $(FUZZ_TARGETS)
