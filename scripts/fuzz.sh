#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ (case, stix, pack), each for a given time.
#
#   scripts/fuzz.sh SECONDS [TARGET...]    `make fuzz` (FUZZ_SECONDS, default 300 per target)
#   scripts/fuzz.sh --smoke SECONDS        the smoke in `make test`: skips, with a notice, where
#                                          the nightly toolchain or cargo-fuzz is missing
#
# Each target's corpus (fuzz/corpus/TARGET, kept between runs, not committed) is seeded from the
# repository: the case files, the bad-case corpus and the hostile reproducers for `case`; the
# reproducers and fuzz/seeds/stix for `stix`; the fixture pack for `pack`. Prints executions and
# crashes per target. A crash (or a run over 10 s, or over 2 GB) fails the script; libFuzzer
# leaves the input in fuzz/artifacts/TARGET/ (`cargo +nightly fuzz run TARGET FILE` replays it).
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

missing=""
rustup run nightly rustc --version >/dev/null 2>&1 || missing="no nightly toolchain"
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

say "building the targets (nightly, AddressSanitizer; a few minutes the first time)"
mkdir -p fuzz/artifacts
if ! cargo +nightly fuzz build --fuzz-dir fuzz >fuzz/artifacts/build.log 2>&1; then
  tail -30 fuzz/artifacts/build.log >&2
  say "the build failed: the whole log is fuzz/artifacts/build.log"
  exit 1
fi

status=0
for t in "${TARGETS[@]}"; do
  log="fuzz/artifacts/$t.log"
  say "$t: ${SECONDS_EACH} s"
  if cargo +nightly fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -dict=fuzz/json.dict -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1; then
    crashes=0
  else
    crashes=1
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  printf 'fuzz %-5s %12s executions in %s s, %s crashes\n' "$t" "${execs:-?}" "$SECONDS_EACH" "$crashes"
  if [ "$crashes" != 0 ]; then
    grep -E 'ERROR|panicked|Test unit written|SUMMARY' "$log" | head -20 >&2 || true
    say "$t failed: the whole log is $log"
  fi
done
exit "$status"
