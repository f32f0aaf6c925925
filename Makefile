# Scorecard — quick start: `make run` (the sample report) and `make test`.
SWIFT ?= swift
OUT ?= out/sample
AS_AT ?= 2018-04-06

.PHONY: build run check test fuzz golden bench release clean

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

## Re-record the report golden files; review the diff before committing.
golden:
	RECORD_GOLDEN=1 $(SWIFT) test --filter ReportGoldenTests

## Longer seeded fuzzing of the definition parser (the suite runs 400 cases).
fuzz:
	SCORECARD_FUZZ_ITERATIONS=20000 $(SWIFT) test --filter DefinitionFuzzTests

## Scorecard against DuckDB on >= 5 M case rows and >= 20 M spider rows (generated once
## into .bench/, with DuckDB in .bench/venv); medians, ratio, memory, 1x/2x/4x scaling.
bench:
	python3 bench/bench.py

release:
	$(SWIFT) build -c release

clean:
	rm -rf .build out
