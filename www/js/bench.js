// In-browser benchmark: median re-score latency of the flagship case, plain and with Monte Carlo
// plus sensitivity, including the JS <-> wasm conversions (called directly on this thread, as the
// core's own figure); then the same re-score as the page pays it, a round trip to the worker.

import init, * as wasm from '../pkg/attrib.js';
import * as engine from './engine.js';
import { payloadDigest } from './util.js';

/**
 * The middle of `xs` (sorted in place).
 * @param {number[]} xs
 */
const middle = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * How long one call of `fn` takes, in ms.
 * @param {() => unknown} fn
 */
function timed(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Median time of one call of `fn`, in ms, over `runs` timings after `warm` untimed calls. The
 * page's clock ticks every 0.1 ms (Chromium coarsens `performance.now` on a page that is not
 * cross-origin isolated), so a call shorter than 2 ms is timed in batches that last about 2 ms
 * each, and a timing is its batch's mean.
 * @param {() => unknown} fn
 * @param {number} runs
 * @param {number} warm
 */
function median(fn, runs, warm) {
  const t0 = performance.now();
  for (let i = 0; i < warm; i += 1) fn();
  const each = (performance.now() - t0) / Math.max(warm, 1);
  const batch = each > 0 && each < 2 ? Math.ceil(2 / each) : 1;
  const count = Math.max(5, Math.ceil(runs / batch));
  return middle(
    Array.from({ length: count }, () =>
      timed(() => {
        for (let i = 0; i < batch; i += 1) fn();
      }) / batch,
    ),
  );
}

/**
 * Median round trip of a full re-score through the page's worker (post, score, reply), with
 * the brief result the report page asks for.
 * @param {any} flagship
 * @param {any} options
 */
async function workerRoundTrip(flagship, options) {
  const t0 = performance.now();
  await engine.start({ packUrl: 'data/pack.bin' });
  const startMs = performance.now() - t0;
  for (let i = 0; i < 10; i += 1) await engine.score(flagship, options, null);
  const t = [];
  const inWorker = [];
  for (let i = 0; i < 60; i += 1) {
    const t1 = performance.now();
    const r = await engine.score(flagship, options, null);
    t.push(performance.now() - t1);
    inWorker.push(r.ms);
  }
  return { start_ms: startMs, full_round_trip_ms: middle(t), full_in_worker_ms: middle(inWorker) };
}

async function run() {
  const out = /** @type {HTMLElement} */ (document.getElementById('out'));
  const t0 = performance.now();
  // As the worker does: the payload hashed by WebCrypto while the module is instantiated, the
  // seal compared in wasm.
  const fetched = fetch('data/pack.bin').then((r) => r.arrayBuffer());
  const digested = fetched.then(payloadDigest);
  const [, bytes, digest] = await Promise.all([init({ module_or_path: new URL('../pkg/attrib_bg.wasm', import.meta.url) }), fetched, digested]);
  const pack = wasm.loadPack(new Uint8Array(bytes), digest);
  const loadMs = performance.now() - t0;
  // The load again, warm, the two ways taking turns: the seal checked against WebCrypto's digest,
  // and the payload hashed in wasm.
  const withDigest = [];
  const hashed = [];
  for (let i = 0; i < 10; i += 1) {
    withDigest.push(timed(() => wasm.loadPack(new Uint8Array(bytes), digest)));
    hashed.push(timed(() => wasm.loadPack(new Uint8Array(bytes))));
  }
  const reload = { digest_ms: middle(withDigest), wasm_hash_ms: middle(hashed) };
  const bytes2 = await (await fetch('data/cases/kr-exchanges-2017.json')).arrayBuffer();
  const { case: flagship } = wasm.parseCase(new Uint8Array(bytes2));
  // The flagship lets every profile compete; `suspects` restricts the race to its 8 named ones.
  const open = { ...flagship };
  delete open.hypotheses;
  const suspects = { ...flagship, hypotheses: flagship.analysis?.focus ?? [] };
  const full = { sensitivity: true, top: 25 };
  const plain = { samples: 0, sensitivity: false, top: 25 };
  const results = {
    pack: { version: pack.version, profiles: pack.profiles },
    load_ms: loadMs,
    reload,
    flagship: {
      hypotheses: (flagship.hypotheses ?? []).length,
      plain_ms: median(() => wasm.score(flagship, plain), 2000, 100),
      full_ms: median(() => wasm.score(flagship, full), 100, 10),
      mc_only_ms: median(() => wasm.score(flagship, { sensitivity: false, top: 25 }), 100, 10),
    },
    whole_pack: {
      plain_ms: median(() => wasm.score(open, plain), 200, 10),
      full_ms: median(() => wasm.score(open, full), 40, 5),
    },
    suspects: {
      hypotheses: suspects.hypotheses.length,
      plain_ms: median(() => wasm.score(suspects, plain), 2000, 100),
      full_ms: median(() => wasm.score(suspects, full), 100, 10),
      // The case held in wasm, the whole result with its display.
      held_plain_ms: (() => {
        const id = wasm.holdCase(suspects);
        return median(() => wasm.scoreHeld(id, plain), 2000, 100);
      })(),
      // As the report page re-scores: the case held, the brief result with its display.
      brief_plain_ms: (() => {
        const id = wasm.holdCase(suspects);
        return median(() => wasm.scoreHeldBrief(id, plain, null), 2000, 100);
      })(),
    },
    // The case held in wasm (only the options cross), and the result with its display, whole or
    // brief.
    held: (() => {
      const id = wasm.holdCase(open);
      return {
        plain_ms: median(() => wasm.scoreHeld(id, plain), 1000, 50),
        full_ms: median(() => wasm.scoreHeld(id, full), 50, 5),
        sent_plain_ms: median(() => wasm.scoreAndPresent(open, plain), 1000, 50),
        // As the report page re-scores: the brief result (the leader's contributions, no
        // roll-up tables) with its display.
        brief_plain_ms: median(() => wasm.scoreHeldBrief(id, plain, null), 1000, 50),
        brief_full_ms: median(() => wasm.scoreHeldBrief(id, full, null), 50, 5),
      };
    })(),
    worker: await workerRoundTrip(flagship, full),
    // The flagship result with the CLI's defaults, as `attrib score --json` prints it, to compare
    // byte for byte with the native build.
    result: wasm.scoreJson(new Uint8Array(bytes2), { top: 25 }),
  };
  out.textContent = JSON.stringify({ ...results, result: '(see data-result)' }, null, 2);
  document.documentElement.dataset.bench = JSON.stringify(results);
}

run().catch((e) => {
  document.documentElement.dataset.bench = JSON.stringify({ error: String(e) });
});
