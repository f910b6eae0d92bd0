# Second Brain — the two commands: `make run` and `make test`.
# Both install what they need first (build/scripts/install-deps.sh).

SHELL := /bin/bash
GOBIN := $(shell go env GOPATH)/bin
WAILS := $(GOBIN)/wails
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
GOTEST_FLAGS ?= -count=1 -timeout 30m

.PHONY: run test deps frontend bindings desktop cli generate check-generate \
        go-test mcp-e2e frontend-test bench migration smoke clean

## run: build the desktop app and open it on the embedded defaults
run: deps desktop
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "no display: running under xvfb-run (set DISPLAY to see the window)"; \
	  dbus-run-session -- xvfb-run -a build/bin/secondbrain $(ARGS); \
	else build/bin/secondbrain $(ARGS); fi

## test: every test — generated code in sync, Go (real PostgreSQL and Neo4j), frontend (Vitest, and end to end in Chromium against the real backend), desktop build, window smoke test, packages installed and removed
test: deps check-generate neo4j-start go-test mcp-e2e frontend-test e2e desktop smoke package-test
	@echo "make test: all passed"

deps:
	@build/scripts/install-deps.sh

## frontend: build the web assets into frontend/dist
frontend:
	cd frontend && npm run build
	@touch frontend/dist/.keep

## bindings: regenerate frontend/wailsjs from the bound Go methods
bindings:
	$(WAILS) generate module

## desktop: the desktop app (Wails, production tags) in build/bin
desktop: frontend
	$(WAILS) build -s -ldflags "$(LDFLAGS)" -o secondbrain
	@touch frontend/dist/.keep

## cli: the same binary built with plain go build (subcommands need no display)
cli:
	go build -ldflags "$(LDFLAGS)" -o build/bin/secondbrain-cli .

## generate: regenerate Ent code and the Wails bindings
generate:
	go generate ./ent
	$(WAILS) generate module

## check-generate: fail when generated code or formatting drifted from the sources
check-generate: generate
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '^ent/'))" || { gofmt -l $$(git ls-files '*.go' | grep -v '^ent/'); echo "gofmt needed"; exit 1; }
	go vet ./...
	@git diff --exit-code --stat -- ent frontend/wailsjs || { echo "generated code is stale: run 'make generate' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- ent frontend/wailsjs)" || { git status --porcelain -- ent frontend/wailsjs; echo "generated files are not committed"; exit 1; }

## go-test: the Go tests; the Neo4j ones use the server neo4j-start runs (or SECONDBRAIN_TEST_NEO4J_URI)
go-test:
	SECONDBRAIN_TEST_NEO4J_URI=$${SECONDBRAIN_TEST_NEO4J_URI:-bolt://127.0.0.1:7687} go test $(GOTEST_FLAGS) ./...

frontend-test:
	cd frontend && npm run typecheck && npm run lint && npm test

## mcp-e2e: drive `secondbrain mcp` with the official MCP TypeScript SDK over stdio and HTTP (build/mcp-e2e)
mcp-e2e:
	cd build/mcp-e2e && node e2e.mjs

## smoke: start the real desktop window under Xvfb, wait for the backend, save a screenshot
smoke: desktop
	build/scripts/smoke.sh

## bench: benchmarks (medians of 5 runs)
bench:
	go test -run '^$$' -bench . -count 5 -benchtime 200x ./backend/... | tee build/bench.txt

## migration: write a new migration from Ent schema changes: make migration NAME=add_x
migration:
	go run ./ent/migrations/diff $(NAME)

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html

## --- neo4j test server (build/neo4j) ---
## neo4j-start: build (Maven) and start Neo4j 5.26 Community on bolt://127.0.0.1:7687, no auth; prints SECONDBRAIN_TEST_NEO4J_URI=...
## neo4j-stop: stop it (data stays in build/neo4j/data)
.PHONY: neo4j-start neo4j-stop neo4j-status
neo4j-start:
	build/neo4j/neo4j.sh start

neo4j-stop:
	build/neo4j/neo4j.sh stop

neo4j-status:
	build/neo4j/neo4j.sh status
## --- end neo4j test server ---

.PHONY: package package-test
## package: release packages in build/bin — Linux binary, .deb, .rpm, Windows installer (NSIS), SHA256SUMS
package: deps frontend
	VERSION=$(VERSION) SKIP_FRONTEND=1 build/scripts/package.sh

## package-test: install the .deb (root or sudo), run --version and doctor from /usr/bin, remove and purge it
## (user data must stay), check the Windows installer is a PE file, the checksums and the release workflow (actionlint)
package-test: package
	build/scripts/package-test.sh

.PHONY: e2e
## e2e: end to end — the built frontend in Debian's Chromium against the real backend (build/e2ebridge, tag e2e)
e2e:
	./build/scripts/e2e.sh
