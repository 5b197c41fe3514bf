// The scoring worker: owns the WebAssembly module and the profile pack, and answers the page's
// requests ({id, op, args} -> {id, ok, value | error}) in the order they arrive.
//
// Design: *every* call into wasm happens here, search and validation included, because they all
// need the loaded pack and the pack lives in this worker's wasm memory only. Loading it twice (once
// per thread) would cost the main thread the ~0.5 s parse this worker exists to take off it. The
// page therefore talks to the engine asynchronously only (see engine.js); name look-ups the views
// need synchronously travel with every validated case (`names`), and every result travels with
// what the page shows of it (the core's `display`: figures, bands, rankings, the ACH matrix), so
// the page never restates a number rule.
//
// Same origin, loaded as a module worker: the page's CSP `default-src 'self'` covers it (no
// `worker-src` is set, so it falls back to `script-src` then `default-src`, both 'self'), and the
// worker inherits `'wasm-unsafe-eval'` for instantiating the module.

import { messageOf } from './util.js';

// The wasm-bindgen glue is imported dynamically, at 'start', so that fetching it, fetching and
// compiling the .wasm and fetching the pack all run at once rather than one after another.
/** @type {typeof import('../pkg/attrib.js')} */
let wasm;

/** @typedef {import('../pkg/attrib.js').Case} Case */
/** @typedef {import('../pkg/attrib.js').Catalogue} Catalogue */
/** @typedef {import('../pkg/attrib.js').Validated} Validated */

/** @type {Promise<unknown> | null} */
let ready = null;

/** Wall-clock time (ms since the epoch), comparable across the page and this worker. */
const now = () => performance.timeOrigin + performance.now();
/** When this worker's module started running. */
const workerStart = now();

/**
 * Fetch `url`, with a readable error.
 * @param {string} url
 * @param {string} what
 */
async function get(url, what) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`could not load the ${what} (${r.status})`);
  return r;
}

/**
 * The ranked search of one catalogue.
 * @param {Catalogue} what
 * @param {string} q
 * @param {number} limit
 * @returns {{id: string, name: string}[]}
 */
function find(what, q, limit) {
  switch (what) {
    case 'profile':
      return wasm.searchProfiles(q, limit);
    case 'technique':
      return wasm.searchTechniques(q, limit);
    case 'software':
      return wasm.searchSoftware(q, limit);
    default:
      throw new Error(`expected profile, technique or software, found ${JSON.stringify(what)}`);
  }
}

/**
 * The display name of the entry whose ID, name or alias is exactly `text`, if any.
 * @param {Catalogue} what
 * @param {string} text
 * @returns {string | null}
 */
function nameOf(what, text) {
  const hit = /** @type {{name: string} | null} */ (wasm.lookup(what, text));
  return hit ? hit.name : null;
}

/**
 * The names of every technique, software and profile a case mentions, keyed `kind:value`.
 * @param {Case} c
 * @returns {Record<string, string | null>}
 */
function namesFor(c) {
  /** @type {Record<string, string | null>} */
  const out = {};
  for (const o of c.observations) {
    if (o.kind === 'technique' || o.kind === 'software') out[`${o.kind}:${o.value}`] = nameOf(o.kind, o.value);
  }
  for (const id of [...(c.hypotheses ?? []), ...(c.analysis?.focus ?? [])]) out[`profile:${id}`] = nameOf('profile', id);
  return out;
}

/** @param {Validated} v */
const withNames = (v) => ({ ...v, names: namesFor(v.case) });

/**
 * Score a case, with what the page shows of the result, and how long it took.
 * @param {Case} c
 * @param {object} options
 */
function scored(c, options) {
  const t0 = performance.now();
  const { result, display } = wasm.scoreAndPresent(c, options);
  return { result, display, ms: performance.now() - t0 };
}

/** @type {Record<string, (args: any) => unknown>} */
const ops = {
  /**
   * Load the module, the pack and (optionally) a case in parallel; score the case at once so the
   * page's first scored render costs one round trip.
   * @param {{packUrl: string, caseUrl?: string, options?: object}} a
   */
  async start(a) {
    /** @type {Record<string, number>} */
    const at = { worker: workerStart, asked: now() };
    const caseText = a.caseUrl ? get(a.caseUrl, 'case file').then((r) => r.text()) : Promise.resolve(null);
    caseText.catch(() => {});
    const compiled = WebAssembly.compileStreaming(fetch(new URL('../pkg/attrib_bg.wasm', import.meta.url)));
    const [glue, module, bytes] = await Promise.all([
      import('../pkg/attrib.js'),
      compiled.then((m) => ((at.wasmCompiled = now()), m)),
      get(a.packUrl, 'profile pack')
        .then((r) => r.arrayBuffer())
        .then((b) => ((at.packFetched = now()), b)),
    ]);
    await glue.default({ module_or_path: module });
    wasm = glue;
    at.wasm = now();
    const pack = wasm.loadPack(new Uint8Array(bytes));
    at.packLoaded = now();
    const text = await caseText;
    // No names yet: the page shows the verdict first and asks for them (validate) afterwards.
    const flagship = text == null ? null : wasm.parseCase(text);
    at.parsed = now();
    const first = flagship && a.options ? scored(flagship.case, a.options) : null;
    at.scored = now();
    return {
      at,
      pack,
      countries: wasm.countries(),
      sectors: wasm.sectors(),
      motivations: wasm.motivations(),
      flagship,
      result: first?.result ?? null,
      display: first?.display ?? null,
      ms: first?.ms ?? 0,
    };
  },
  /** @param {{case: Case, options: object}} a */
  score: (a) => scored(a.case, a.options),
  /** @param {{case: Case}} a */
  validate: (a) => withNames(wasm.validate(a.case)),
  /** @param {{text: string}} a */
  parseCase: (a) => withNames(wasm.parseCase(a.text)),
  /** @param {{text: string, ids?: string[]}} a */
  importStix(a) {
    const pack = wasm.importStix(a.text);
    const known = (a.ids ?? []).filter((id) => wasm.lookup('profile', id)?.id === id);
    return { pack, known };
  },
  /** @param {{what: Catalogue, q: string, limit: number}} a */
  search: (a) => find(a.what, a.q, a.limit),
  /** @param {{what: Catalogue, text: string}} a */
  lookup: (a) => wasm.lookup(a.what, a.text),
  freshSeed: () => wasm.freshSeed(),
  /** @param {{case: Case}} a */
  exportCase: (a) => wasm.exportCase(a.case),
  /** @param {{case: Case, created: string}} a */
  exportStix: (a) => wasm.exportStix(a.case, a.created),
  /** @param {{case: Case, hypothesis: string | null, comparison: boolean}} a */
  exportNavigator: (a) => wasm.exportNavigator(a.case, a.hypothesis ?? undefined, a.comparison),
};

self.onmessage = async (/** @type {MessageEvent} */ ev) => {
  const { id, op, args } = ev.data;
  try {
    const fn = ops[op];
    if (!fn) throw new Error(`unknown request ${op}`);
    if (op === 'start') ready = /** @type {Promise<unknown>} */ (fn(args));
    else if (!ready) throw new Error('the engine has not been started');
    else await ready;
    const value = op === 'start' ? await ready : fn(args);
    self.postMessage({ id, ok: true, value });
  } catch (e) {
    self.postMessage({ id, ok: false, error: messageOf(e) });
  }
};
