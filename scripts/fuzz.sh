#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ (case, stix, pack), each for a given time.
#
#   scripts/fuzz.sh SECONDS [TARGET...]    `make fuzz` (FUZZ_SECONDS, default 300 per target)
#   scripts/fuzz.sh --smoke SECONDS        the smoke in `make test`: skips, with a notice, where
#                                          the pinned nightly or cargo-fuzz is missing
#
# Each target's corpus (fuzz/corpus/TARGET, kept between runs, not committed) is seeded from the
# repository: the case files, the bad-case corpus and the hostile reproducers for `case`; the
# reproducers and fuzz/seeds/stix for `stix`; the fixture pack, as JSON and binary, for `pack`. Prints executions and
# crashes per target (the inputs libFuzzer left in fuzz/artifacts/TARGET/ during the run). A crash
# (or an input that runs over 10 s, or over 2 GB) fails the script; replay one with
# `cargo +$(cat scripts/nightly-toolchain) fuzz run --fuzz-dir fuzz TARGET fuzz/artifacts/TARGET/crash-...`.
# Each run's log is fuzz/artifacts/TARGET-DATE-PID.log.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SMOKE=0
if [ "${1:-}" = --smoke ]; then
  SMOKE=1
  shift
fi
SECONDS_EACH="${1:?usage: scripts/fuzz.sh [--smoke] SECONDS [TARGET...]}"
shift
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(case stix pack)

say() { printf '[fuzz] %s\n' "$*" >&2; }

NIGHTLY="$(cat scripts/nightly-toolchain)"
missing=""
rustup run "$NIGHTLY" rustc --version >/dev/null 2>&1 || missing="no $NIGHTLY toolchain"
[ -n "$missing" ] || command -v cargo-fuzz >/dev/null 2>&1 || missing="cargo-fuzz is not installed"
if [ -n "$missing" ]; then
  if [ "$SMOKE" = 1 ]; then
    say "notice: fuzz smoke skipped: $missing (scripts/setup.sh installs both)"
    exit 0
  fi
  say "$missing: run scripts/setup.sh"
  exit 1
fi

# Seeds, named by where they come from so that nothing is overwritten.
seed() { # target file...
  local target="$1" dir="fuzz/corpus/$1" f
  shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/seed-$(echo "$f" | tr '/' '-')"
  done
}
seed case data/cases/*.json tests/cases/*.json tests/cases/bad/*.json tests/hostile/case-*.json
seed stix tests/hostile/stix-*.json fuzz/seeds/stix/*.json
seed pack src/fixture_pack.json
# The fixture in the binary form too, written by the command line (built here if need be).
if cargo build --quiet --release --bin attrib 2>/dev/null &&
  ./target/release/attrib pack --profiles src/fixture_pack.json --out fuzz/corpus/pack/seed-fixture-pack.bin >/dev/null; then
  :
else
  say "notice: no binary seed for pack (the attrib binary did not build)"
fi

say "building the targets ($NIGHTLY, AddressSanitizer; a few minutes the first time)"
mkdir -p fuzz/artifacts
if ! cargo +"$NIGHTLY" fuzz build --fuzz-dir fuzz >fuzz/artifacts/build.log 2>&1; then
  tail -30 fuzz/artifacts/build.log >&2
  say "the build failed: the whole log is fuzz/artifacts/build.log"
  exit 1
fi

# What libFuzzer leaves for each failing input: crash-, timeout-, oom- or leak- files.
findings() { find "fuzz/artifacts/$1" -maxdepth 1 -type f 2>/dev/null | wc -l; }

status=0
for t in "${TARGETS[@]}"; do
  # A log of its own per run, so that a smoke next to a long run does not write into its log.
  log="fuzz/artifacts/$t-$(date +%Y%m%d-%H%M%S)-$$.log"
  mkdir -p "fuzz/artifacts/$t"
  before=$(findings "$t")
  say "$t: ${SECONDS_EACH} s (log: $log)"
  ok=1
  cargo +"$NIGHTLY" fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -dict=fuzz/json.dict -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1 || ok=0
  crashes=$(($(findings "$t") - before))
  execs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  printf 'fuzz %-5s %12s executions in %s s, %s crashes\n' "$t" "${execs:-?}" "$SECONDS_EACH" "$crashes"
  if [ "$ok" = 0 ] || [ "$crashes" != 0 ]; then
    status=1
    grep -aE 'ERROR|panicked|Test unit written|SUMMARY' "$log" | head -20 >&2 || true
    say "$t failed: the whole log is $log"
  fi
done
exit "$status"
