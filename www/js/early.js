// Started as early as the page allows (an async module script in <head>, with no static imports,
// so it runs as soon as its own bytes are in, before the rest of the page's modules have loaded):
// this page fetches the wasm (compiling it as it streams in), the pack and the flagship case at
// once, taking up the <link rel=preload> fetches index.html began while its HTML was still being
// parsed, and starts the scoring worker, which gets the compiled module and the bytes as soon as
// they are in. main.js imports `started` from this very module instance.

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

const preloaded = Promise.all([
  WebAssembly.compileStreaming(fetch(new URL('../pkg/attrib_bg.wasm', import.meta.url))).catch(() => null),
  bytesOf(PACK_URL),
  bytesOf(CASE_URL),
]).then(([module, pack, caseBytes]) => ({ module, pack, caseBytes }));

// The engine's module (preloaded by index.html) is evaluated only now, while the wasm compiles.
// The options are those of every score, so the first result is the one any later re-score of the
// unchanged case gives.
export const started = import('./engine.js').then(({ start, OPTIONS }) =>
  start({ packUrl: PACK_URL, caseUrl: CASE_URL, options: { ...OPTIONS } }, preloaded),
);
// main.js reports a failure; this only keeps it from counting as unhandled before then.
started.catch(() => {});
