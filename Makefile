# maillage — build, run and test.
GO ?= go
BIN := bin/maillage
SOURCES := $(shell find cmd internal -type f \( -name '*.go' -o -name '*.sql' -o -name '*.html' -o -name '*.css' -o -name '*.js' \) 2>/dev/null)

.PHONY: all build run test test-short bench bench-import bench-validate bench-harvest fuzz clean

all: build

build: $(BIN) node_modules/.installe

$(BIN): $(SOURCES) go.mod go.sum
	$(GO) build -o $(BIN) ./cmd/maillage

# Front-end packages (Leaflet, the commune referential, axe-core for the
# accessibility tests), installed from the npm registry, never from a CDN.
node_modules/.installe: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Starts the server on http://127.0.0.1:8080 (loopback: sign-in links go to the log) with the embedded database
# (data/maillage.db, created on first use).
run: build
	./$(BIN) serve --addr 127.0.0.1:8080

# The whole suite. PostgreSQL tests run when MAILLAGE_TEST_POSTGRES_URL is
# set (.ci/run starts a server and sets it; with CI=true they must run).
test: node_modules/.installe
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...
	@# The web tests again on PostgreSQL (mandatory in CI).
	@if [ -n "$$MAILLAGE_TEST_POSTGRES_URL" ] || [ "$$CI" = true ]; then \
		echo "MAILLAGE_TEST_ENGINE=postgres $(GO) test -count=1 -timeout 20m ./internal/web"; \
		MAILLAGE_TEST_ENGINE=postgres $(GO) test -count=1 -timeout 20m ./internal/web; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./internal/...

# Wall time and memory of import/export of 100 000 generated records.
bench-import: build
	scripts/bench-import.sh

# maillage moissonner of 5 sources × 20 000 records, then unchanged.
bench-harvest: build
	scripts/bench-harvest.sh

# maillage validate against the ANCT model library, on 100 000 records.
bench-validate: node_modules/.installe
	scripts/bench-validate.sh

# A short run of every fuzz target.
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/openinghours
	$(GO) test -run '^$$' -fuzz '^FuzzEditor$$' -fuzztime $(FUZZTIME) ./internal/openinghours
	$(GO) test -run '^$$' -fuzz FuzzReadCSV -fuzztime $(FUZZTIME) ./internal/standard
	$(GO) test -run '^$$' -fuzz FuzzReadJSON -fuzztime $(FUZZTIME) ./internal/standard
	$(GO) test -run '^$$' -fuzz FuzzParseSize -fuzztime $(FUZZTIME) ./internal/standard
	$(GO) test -run '^$$' -fuzz FuzzSafeID -fuzztime $(FUZZTIME) ./internal/place
	$(GO) test -run '^$$' -fuzz FuzzCorrection -fuzztime $(FUZZTIME) ./internal/place
	$(GO) test -run '^$$' -fuzz FuzzLoadCentres -fuzztime $(FUZZTIME) ./internal/territory
	$(GO) test -run '^$$' -fuzz FuzzLoadDecoupage -fuzztime $(FUZZTIME) ./internal/territory
	$(GO) test -run '^$$' -fuzz FuzzLocate -fuzztime $(FUZZTIME) ./internal/territory
	$(GO) test -run '^$$' -fuzz FuzzReadLayer -fuzztime $(FUZZTIME) ./internal/territory
	$(GO) test -run '^$$' -fuzz FuzzReadContours -fuzztime $(FUZZTIME) ./internal/territory
	$(GO) test -run '^$$' -fuzz '^FuzzCheckRing$$' -fuzztime $(FUZZTIME) ./internal/territory
	$(GO) test -run '^$$' -fuzz FuzzParseBAN -fuzztime $(FUZZTIME) ./internal/geocode
	$(GO) test -run '^$$' -fuzz FuzzParseCSVAnswer -fuzztime $(FUZZTIME) ./internal/geocode
	$(GO) test -run '^$$' -fuzz FuzzParseSearchAnswer -fuzztime $(FUZZTIME) ./internal/geocode
	$(GO) test -run '^$$' -fuzz FuzzCoop -fuzztime $(FUZZTIME) ./internal/harvest
	$(GO) test -run '^$$' -fuzz FuzzDataInclusion -fuzztime $(FUZZTIME) ./internal/harvest
	$(GO) test -run '^$$' -fuzz FuzzDatasetRef -fuzztime $(FUZZTIME) ./internal/harvest
	$(GO) test -run '^$$' -fuzz FuzzSearchParams -fuzztime $(FUZZTIME) ./internal/web
	$(GO) test -run '^$$' -fuzz FuzzLocalPath -fuzztime $(FUZZTIME) ./internal/web
	$(GO) test -run '^$$' -fuzz FuzzNameQuery -fuzztime $(FUZZTIME) ./internal/search
	$(GO) test -run '^$$' -fuzz FuzzBackLink -fuzztime $(FUZZTIME) ./internal/web
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/dedup/dedupeval
	$(GO) test -run '^$$' -fuzz '^FuzzNormalizeName$$' -fuzztime $(FUZZTIME) ./internal/dedup
	$(GO) test -run '^$$' -fuzz '^FuzzParseAddress$$' -fuzztime $(FUZZTIME) ./internal/dedup
	$(GO) test -run '^$$' -fuzz '^FuzzNormalizePhone$$' -fuzztime $(FUZZTIME) ./internal/dedup
	$(GO) test -run '^$$' -fuzz '^FuzzContacts$$' -fuzztime $(FUZZTIME) ./internal/dedup
	$(GO) test -run '^$$' -fuzz FuzzConvertCSV -fuzztime $(FUZZTIME) ./internal/tableur
	$(GO) test -run '^$$' -fuzz FuzzParseCorrespondence -fuzztime $(FUZZTIME) ./internal/tableur
	$(GO) test -run '^$$' -fuzz FuzzReadDay -fuzztime $(FUZZTIME) ./internal/tableur
	$(GO) test -run '^$$' -fuzz FuzzXLSX -fuzztime $(FUZZTIME) ./internal/tableur
	$(GO) test -run '^$$' -fuzz '^FuzzReadIndex$$' -fuzztime $(FUZZTIME) ./internal/fragility
	$(GO) test -run '^$$' -fuzz '^FuzzReadIndicators$$' -fuzztime $(FUZZTIME) ./internal/fragility
	$(GO) test -run '^$$' -fuzz '^FuzzParseLayout$$' -fuzztime $(FUZZTIME) ./internal/fragility
	$(GO) test -run '^$$' -fuzz '^FuzzParseTable$$' -fuzztime $(FUZZTIME) ./internal/access
	$(GO) test -run '^$$' -fuzz '^FuzzReadCandidates$$' -fuzztime $(FUZZTIME) ./internal/access
	$(GO) test -run '^$$' -fuzz '^FuzzParseTerritory$$' -fuzztime $(FUZZTIME) ./internal/diagnostic
	$(GO) test -run '^$$' -fuzz '^FuzzOptions$$' -fuzztime $(FUZZTIME) ./internal/diagnostic

clean:
	rm -rf bin
