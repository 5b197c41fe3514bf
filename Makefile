# Attrib: two commands take a fresh machine to a served page (`make serve`) and a green test run
# (`make test`). Every target installs what it is missing through scripts/setup.sh.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export ATTRIB_CACHE ?= $(HOME)/.cache/attrib
TOOLS := $(ATTRIB_CACHE)/tools/bin
export PATH := $(TOOLS):$(CURDIR)/node_modules/.bin:$(PATH)
PORT ?= 8080
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 30
# The page's modules are built by a pinned nightly with the standard library rebuilt from source
# for size (opt-level "s" like the crate) and panics compiled to a trap (`panic = "immediate-abort"`:
# no panic messages, locations or formatting machinery; the code is written not to panic, and the
# fuzz targets check it natively). The page's module is 20 KB smaller gzipped than with stable's
# prebuilt standard library, and no slower (docs/BENCHMARKS.md: thirteenth round). The toolchain's
# name is in scripts/nightly-toolchain: scripts/setup.sh installs it with its rust-src, and the fuzz
# targets are built with it too.
NIGHTLY := $(shell cat scripts/nightly-toolchain)
WASM_BUILD := cargo +$(NIGHTLY) build --release --lib --target wasm32-unknown-unknown \
  --target-dir target/wasm-std -Zbuild-std=std,panic_abort -Zpanic-immediate-abort \
  --config 'profile.release.panic="immediate-abort"'
WASM := target/wasm-std/wasm32-unknown-unknown/release/attrib.wasm

.PHONY: all setup setup-build build pack wasm www serve test test-rust test-wasm test-page test-exports test-native-wasm test-fuzz fuzz lint lint-js bench bench-limits bench-browser eval clean

all: www

setup:            ## everything, including Chromium for the browser tests
	scripts/setup.sh all

setup-build:      ## what building and serving needs
	scripts/setup.sh build

build: setup-build
	cargo build --release --bin attrib

# The pack is rebuilt only when what it is made from changes: the packer and the code it uses, the
# command that reads its files, the overlay, the fitted constants and the extracted data wheels.
PACKER_SOURCES := $(wildcard src/packer/*.rs) src/pack.rs src/sponsors.rs src/case.rs \
  src/util.rs src/error.rs src/model/params.rs $(wildcard src/bin/attrib/*.rs) Cargo.toml Cargo.lock
PACK_INPUTS := $(wildcard data/overlay/*.json) $(wildcard data/params.json) \
  $(wildcard $(ATTRIB_CACHE)/wheels/*/.extracted)

pack: build/pack.json build/pack.bin
build/pack.json: $(PACKER_SOURCES) $(PACK_INPUTS)
	scripts/setup.sh build
	cargo build --release --bin attrib
	./target/release/attrib pack --out build/pack.json

# The binary form (src/binpack.rs) of the same pack: what the page downloads.
build/pack.bin: build/pack.json src/binpack.rs
	cargo build --release --bin attrib
	./target/release/attrib pack --profiles build/pack.json --out build/pack.bin

# Binaryen's inlining of every function that has a single caller (its default) is switched off:
# it merged the pack load and the model into two functions of about 50 KB each, which made the
# module 17 KB larger gzipped (203,009 against 186,060 bytes at -Oz) and which the browser's
# optimising compiler then recompiled during the cold start, on the core the worker and the page
# needed. Without it, -O2 gives a module both smaller gzipped than -Oz (184,720 bytes) and
# faster (docs/BENCHMARKS.md: fifth round).
WASM_OPT := wasm-opt -O2 --one-caller-inline-max-function-size=0 --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue

# Two modules from the one crate (wasm-bindgen --target web, then binaryen's wasm-opt): the page's
# first module, attrib, without the `extras` feature (the STIX import and the STIX and Navigator
# exports), and the whole module, attrib_full, which the page's worker fetches when a reader first
# imports or exports. The page's module has the `simd` feature (WebAssembly SIMD in the Monte
# Carlo, src/model/vmath.rs); the whole one does not, and is also what an engine without SIMD runs
# (so binaryen is not let use SIMD in it either: it would turn copies into v128 loads).
wasm: setup-build  ## the wasm packages in www/pkg: attrib (what the page loads) and attrib_full
	$(WASM_BUILD) --no-default-features --features simd
	wasm-bindgen --target web --out-dir www/pkg $(WASM)
	$(WASM_OPT) --enable-simd www/pkg/attrib_bg.wasm -o www/pkg/attrib_bg.wasm
	$(WASM_BUILD)
	wasm-bindgen --target web --out-dir www/pkg --out-name attrib_full $(WASM)
	$(WASM_OPT) www/pkg/attrib_full_bg.wasm -o www/pkg/attrib_full_bg.wasm

www: setup-build wasm pack      ## the static site in www/, ready to serve, with the prerendered verdict
	cargo build --release --bin attrib
	mkdir -p www/data/cases
	cp build/pack.json www/data/pack.json
	@# The page's pack: the binary form without the profiles' source URLs, which nothing on the
	@# page reads (pack.json beside it keeps them).
	./target/release/attrib pack --profiles build/pack.json --out www/data/pack.bin --without-refs
	cp data/cases/*.json www/data/cases/
	@# The flagship's verdict for readers without JavaScript, by the same engine, between the
	@# markers of index.html (rewritten only if it changed; tests/prerender.rs checks it is current).
	./target/release/attrib render data/cases/kr-exchanges-2017.json --profiles build/pack.json \
	  --into www/index.html
	@# The page's "How reliable is this?" section; without it (no `make eval` yet) the page says so.
	if [ -f docs/evaluation.json ]; then cp docs/evaluation.json www/data/eval.json; \
	  else rm -f www/data/eval.json; echo 'note: docs/evaluation.json is missing (make eval); the page will say so'; fi

serve: www         ## serve www/ on http://127.0.0.1:$(PORT)/ (the server prints the URL)
	node scripts/serve.mjs www $(PORT)

lint: setup-build  ## rustfmt, clippy (native, and the bindings on wasm32), and the page's JavaScript types
	cargo fmt --check
	cargo fmt --check --manifest-path fuzz/Cargo.toml
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features simd -- -D warnings
	$(MAKE) --no-print-directory lint-js

lint-js: setup-build wasm  ## tsc --checkJs over www/js against the bindings' www/pkg/attrib.d.ts, and tests/types (the embedding API from TypeScript)
	tsc -p tsconfig.json

test-rust: pack   ## real-pack tests must run here, not skip (see tests/common)
	ATTRIB_REQUIRE_PACK=1 cargo test --quiet

test-wasm: setup
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test --target wasm32-unknown-unknown --test wasm --features simd
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 \
	  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test --target wasm32-unknown-unknown --test wasm --features simd

test-page: setup www
	node --test tests/page/

test-exports: setup pack  ## STIX bundles through the OASIS validator, Navigator layers through mitreattack-python
	$(ATTRIB_CACHE)/venv/bin/python scripts/validate-exports.py target/release/attrib build/pack.json

test-native-wasm: setup www   ## attrib score --json and the wasm scoreJson agree byte for byte
	node --test tests/node/

test-fuzz: setup  ## a short smoke of every fuzz target, or a notice saying why it is skipped
	scripts/fuzz.sh --smoke $(FUZZ_SMOKE_SECONDS)

test: setup lint test-rust test-exports test-wasm test-page test-native-wasm test-fuzz   ## every layer

fuzz: setup       ## every fuzz target for FUZZ_SECONDS each (cargo-fuzz, the pinned nightly; see fuzz/README.md)
	scripts/fuzz.sh $(FUZZ_SECONDS)

bench: pack       ## native figures: the flagship and the whole pack, then the limits
	cargo bench --bench score
	cargo bench --bench montecarlo
	cargo bench --bench limits

bench-limits: pack   ## worst-case time and memory for the largest input each limit allows
	cargo bench --bench limits

bench-browser: setup www
	node scripts/bench-browser.mjs

# The genuine ATT&CK STIX bundle, whose per-relationship citations define the held-out reports.
ATTACK_BUNDLE ?= ../shared/fixtures/enterprise-attack-18.1-subset.json.gz

eval: pack        ## refit the constants and rewrite docs/EVALUATION.md (about 5 minutes)
	./target/release/attrib eval --profiles build/pack.json --citations $(ATTACK_BUNDLE) \
	  --incidents data/incidents --markdown docs/EVALUATION.md \
	  --params-out data/params.json --json-out docs/evaluation.json
	@# The pack embeds the fitted constants: rebuild it so the page and the CLI use them.
	./target/release/attrib pack --out build/pack.json
	./target/release/attrib pack --profiles build/pack.json --out build/pack.bin

clean:
	rm -rf build www/pkg www/data/pack.json www/data/pack.bin www/data/cases
