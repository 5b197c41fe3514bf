// The page's one script tag: an async module in <head> whose only imports are engine.js and its
// util.js (both preloaded by index.html), so it runs as soon as those few bytes are in. It starts
// the scoring worker at once, and this page fetches the wasm (compiling it as it streams in;
// where WebAssembly SIMD is missing, the worker fetches the whole module itself), the pack and
// the flagship case, taking up the <link rel=preload> fetches index.html began while its
// HTML was still being parsed; the worker gets the compiled module and the bytes as soon as they
// are in. Having spawned the worker, it imports first.js, which draws the verdict from the
// worker's first result, and once that is on screen main.js, the rest of the report: were
// main.js a script tag of its own, its couple of dozen modules would fill the browser's
// connections (six per host over HTTP/1.1) before the worker's script is asked for, and hold the
// engine's start back by about a tenth of a second; loaded while the worker computes, they took
// the verdict 60 to 80 ms longer (docs/BENCHMARKS.md: eighth round). first.js and main.js import
// `started` from this very module instance.

import { OPTIONS, start } from './engine.js';
import { messageOf, wasmSimd } from './util.js';

export const PACK_URL = 'data/pack.bin';
export const CASE_URL = 'data/cases/kr-exchanges-2017.json';

/** When the page asked for the engine, in ms from navigation. */
export const askedAt = performance.now();

/**
 * The bytes at `url`, or null if they could not be fetched (the worker then fetches the URL itself
 * and says what went wrong).
 * @param {string} url
 */
const bytesOf = (url) =>
  fetch(url)
    .then((r) => (r.ok ? r.arrayBuffer() : null))
    .catch(() => null);

/** When each of them was in hand, in ms from navigation (for the start-up's steps). */
export const inHandAt = /** @type {Record<string, number>} */ ({});

/**
 * @template T
 * @param {string} what
 * @returns {(v: T) => T}
 */
const noted = (what) => (v) => ((inHandAt[what] = performance.now()), v);

// Without WebAssembly SIMD the worker runs the whole module instead, and fetches it itself.
const preloaded = Promise.all([
  (wasmSimd()
    ? WebAssembly.compileStreaming(fetch(new URL('../pkg/attrib_bg.wasm', import.meta.url))).then(noted('compiled'))
    : Promise.resolve(null)
  ).catch(() => null),
  bytesOf(PACK_URL).then(noted('pack')),
  bytesOf(CASE_URL).then(noted('case')),
]).then(([module, pack, caseBytes]) => ({ module, pack, caseBytes }));

// The options are those of every score, so the first result is the one any later re-score of the
// unchanged case gives.
export const started = start({ packUrl: PACK_URL, caseUrl: CASE_URL, options: { ...OPTIONS }, explain: null }, preloaded);
// main.js reports a failure; this only keeps it from counting as unhandled before then.
started.catch(() => {});

// The verdict first (first.js), then the rest of the report's views, main.js (see above, and
// first.js for why they wait for the verdict). If they cannot be loaded, say so where the page
// reports its state, as plain text.
import('./first.js')
  .then((m) => m.drawn)
  .then(() => import('./main.js'))
  .catch((e) => {
    const status = document.getElementById('status');
    if (!status) return;
    status.hidden = false;
    status.setAttribute('role', 'alert');
    status.textContent = `The report could not start: ${messageOf(e)}`;
  });
