# Scorecard — quick start: `make run` (the sample report) and `make test`.
SWIFT ?= swift
OUT ?= out/sample
AS_AT ?= 2018-04-06

.PHONY: build run check test test-spark fuzz golden sanitize bench bench-postgres audit release clean

build:
	$(SWIFT) build

## The sample report: every measure over sample-data/ at the samples' as-at date,
## with the scrutiny report for the latest complete quarter (out/sample/report.html).
run: build
	$(SWIFT) run scorecard run --data sample-data --as-at $(AS_AT) --out $(OUT) --commentary sample-data/commentary.csv
	@echo "open $(OUT)/report.html"

## Validate the definitions and the sample extracts, writing nothing.
check: build
	$(SWIFT) run scorecard check --data sample-data --as-at $(AS_AT)

## The whole test suite (what CI runs).
test:
	$(SWIFT) test

## The measures compiled for Spark on a local Spark (PySpark in .spark/venv, Java from
## Debian): the same sets as the PostgreSQL tests, each long table byte for byte.
test-spark:
	python3 Tests/spark/check_sets.py

## Re-record the golden files (the reports, and the SQL each measure compiles to);
## review the diff before committing.
golden:
	RECORD_GOLDEN=1 $(SWIFT) test --filter "ReportGoldenTests|SQLGoldenTests"

## Longer seeded fuzzing: the definition parser (the suite runs 400 cases), then the checker
## and evaluator against the naive reference interpreter in Tests/ScorecardTests/Reference
## (the suite runs 30 seeds of 10 measures; here 500 seeds, 5,000 measures).
fuzz:
	SCORECARD_FUZZ_ITERATIONS=20000 $(SWIFT) test --filter DefinitionFuzzTests
	SCORECARD_REFFUZZ_ITERATIONS=500 $(SWIFT) test --filter ReferenceFuzzTests

## No undefined behaviour: the whole suite under AddressSanitizer (LeakSanitizer on,
## Tests/lsan.supp lists the false positives) and under ThreadSanitizer, each in its own
## scratch path (.build-asan, .build-tsan). Swift's exclusivity checks are on in every
## build (Package.swift), so `make test` runs them too. SCORECARD_CHUNK_BYTES makes the intake
## read extracts in 64 KiB chunks, so its parallel phase runs on the small test sets.
## Sanitizer output, the test runner's and that of the scorecard processes some tests
## start, goes to $(SAN_LOGS); a finding there fails the target. 12 to 15 minutes on
## 2 shared cores (TSan is over half of it), plus about 5 for the first builds.
SAN_LOGS ?= $(CURDIR)/.build-sanitizer-logs
SAN_ENV = SCORECARD_CHUNK_BYTES=65536
sanitize:
	rm -rf $(SAN_LOGS) && mkdir -p $(SAN_LOGS)
	$(SAN_ENV) ASAN_OPTIONS=detect_leaks=1:log_path=$(SAN_LOGS)/asan LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan.supp \
		$(SWIFT) test --sanitize=address --scratch-path .build-asan || { cat $(SAN_LOGS)/* 2>/dev/null; exit 1; }
	$(SAN_ENV) TSAN_OPTIONS=log_path=$(SAN_LOGS)/tsan \
		$(SWIFT) test --sanitize=thread --scratch-path .build-tsan || { cat $(SAN_LOGS)/* 2>/dev/null; exit 1; }
	@if grep -l -E "ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer" $(SAN_LOGS)/* 2>/dev/null; then \
		cat $(SAN_LOGS)/*; echo "sanitizer findings above"; exit 1; fi
	@echo "sanitize: no findings"

## Scorecard against DuckDB on >= 5 M case rows and >= 20 M spider rows (generated once
## into .bench/, with DuckDB in .bench/venv); medians, ratio, memory, 1x/2x/4x scaling.
bench:
	python3 bench/bench.py

## Only the PostgreSQL part of make bench: every measure compiled to SQL on a throwaway
## cluster, on a generated set of scale BENCH_PG_SCALE (default 20): export, load, query.
bench-postgres:
	python3 bench/bench.py postgres

## Accessibility audit in a real browser (not part of make test: CI has no Chromium).
## Installs on demand Debian's chromium and chromium-driver, and in .audit/venv Selenium
## and the axe-playwright-python wheel (only for the axe-core 4.x axe.min.js it ships);
## writes both sample reports (internal and published) into .audit/, runs axe-core with
## the WCAG 2.2 A and AA rules, measures sideways scrolling at 320 CSS px, 400% and 200%
## zoom, saves screenshots into .audit/, and fails on any violation or overflow.
AUDIT_VENV = .audit/venv
audit: build
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)
	@test -x $(AUDIT_VENV)/bin/python || python3 -m venv $(AUDIT_VENV)
	@$(AUDIT_VENV)/bin/python -c "import selenium, axe_playwright_python" 2>/dev/null || \
		($(AUDIT_VENV)/bin/pip install -q "selenium>=4.20,<5" && \
		 $(AUDIT_VENV)/bin/pip install -q --no-deps "axe-playwright-python==0.1.8")
	$(SWIFT) run scorecard run --data sample-data --as-at $(AS_AT) --out .audit/internal --commentary sample-data/commentary.csv
	$(SWIFT) run scorecard run --data sample-data --as-at $(AS_AT) --out .audit/published --commentary sample-data/commentary.csv --publish
	$(AUDIT_VENV)/bin/python audit/audit.py .audit .audit/internal/report.html .audit/published/report.html

release:
	$(SWIFT) build -c release

clean:
	rm -rf .build .build-asan .build-tsan .build-excl .build-sanitizer-logs out
