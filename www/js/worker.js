// The scoring worker: owns the WebAssembly module and the profile pack, and answers the page's
// requests ({id, op, args} -> {id, ok, value | error}) in the order they arrive.
//
// Design: *every* call into wasm happens here, search and validation included, because they all
// need the loaded pack and the pack lives in this worker's wasm memory only. Loading it twice (once
// per thread) would cost the main thread the load this worker exists to take off it (a tenth of a
// second or more, cold). The page therefore talks to the engine asynchronously only (see
// engine.js); name look-ups the views need synchronously travel with validated cases (`names`,
// each once), and every result travels with
// what the page shows of it (the core's `display`: figures, bands, rankings, the ACH matrix), so
// the page never restates a number rule.
//
// Same origin, loaded as a module worker: the page's CSP `default-src 'self'` covers it (no
// `worker-src` is set, so it falls back to `script-src` then `default-src`, both 'self'), and the
// worker inherits `'wasm-unsafe-eval'` for instantiating the module.
//
// Two modules: the page's (pkg/attrib.js) has every binding but the STIX import and the STIX and
// Navigator exports, which only the whole module (pkg/attrib_full.js, 60 KB more gzipped) has. The
// whole one is fetched the first time a reader asks for one of those, and given the pack this
// worker scores against; once it has imported a bundle it holds the pack in force, and it becomes
// the engine for every request. The page's module uses WebAssembly SIMD and the whole one does
// not: on an engine without SIMD (util.js `wasmSimd`), the whole module is the engine from the
// start, with the same results to the bit.

import { compactScored, messageOf, payloadDigest, wasmSimd } from './util.js';

// The wasm-bindgen glue is imported dynamically, at 'start', so that fetching it, fetching and
// compiling the .wasm and fetching the pack all run at once rather than one after another.
/** The module every request runs in: the page's, or the whole one after a STIX import. */
/** @type {typeof import('../pkg/attrib.js')} */
let wasm;

/** The pack the page's module loaded (bytes, and their WebCrypto digest), for the whole one. */
/** @type {{bytes: Uint8Array, digest: Uint8Array | undefined} | null} */
let standard = null;

/** The whole module with the pack in force, once asked for (null again if it failed to load). */
/** @type {Promise<typeof import('../pkg/attrib_full.js')> | null} */
let whole = null;

/** The whole module, loaded on first use with the pack the page's module scores against. */
function full() {
  whole ??= (async () => {
    const [glue, response] = await Promise.all([
      import('../pkg/attrib_full.js'),
      get(new URL('../pkg/attrib_full_bg.wasm', import.meta.url).href, 'import and export module'),
    ]);
    await glue.default({ module_or_path: await WebAssembly.compileStreaming(response) });
    const p = /** @type {NonNullable<typeof standard>} */ (standard);
    glue.loadPack(p.bytes, p.digest);
    return glue;
  })();
  whole.catch(() => (whole = null));
  return whole;
}

// Held-case numbers run on across the two modules, so that a number the page kept from the page's
// module never names a case the whole module holds (each module numbers its own from 1).
let heldBase = 0;
let lastHeld = 0;
/**
 * The number the page sees for the engine's held case `id`.
 * @param {number} id
 */
function heldOut(id) {
  lastHeld = Math.max(lastHeld, id + heldBase);
  return id + heldBase;
}

/** @typedef {import('../pkg/attrib.js').Case} Case */
/** @typedef {import('../pkg/attrib.js').Catalogue} Catalogue */
/** @typedef {import('../pkg/attrib.js').Validated} Validated */

/** @type {Promise<unknown> | null} */
let ready = null;

// The case this worker last read, validated or scored is held inside the wasm module, parsed,
// under a number (holdCase, validate, parseCase): the page scores it again by that number, so
// that only the options cross into wasm on a re-score, not 10,000 observations.

/** Wall-clock time (ms since the epoch), comparable across the page and this worker. */
const now = () => performance.timeOrigin + performance.now();
/** When this worker's module started running. */
const workerStart = now();

/** Whether the page's module can run here; if not, the whole module is the engine. */
const simd = wasmSimd();

// The module's JS glue is fetched while this worker waits for its first task (its failure is
// reported by the task that needs it).
const gluePromise = simd ? import('../pkg/attrib.js') : import('../pkg/attrib_full.js');
gluePromise.catch(() => {});

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

/**
 * The names this worker has told the page, by key. The page keeps every name a reply carries
 * (engine.js), so its cache holds what is here: a reply carries only the names not told yet or
 * told otherwise (a STIX import changes the pack, and with it some names), and an edit of a long
 * case does not send thousands back each time.
 * @type {Map<string, string | null>}
 */
const told = new Map();

/**
 * The names of `c` the page does not have.
 * @param {Case} c
 */
function newNames(c) {
  /** @type {Record<string, string | null>} */
  const out = {};
  for (const [k, v] of Object.entries(namesFor(c))) {
    if (told.get(k) === v) continue;
    told.set(k, v);
    out[k] = v;
  }
  return out;
}

/**
 * A validated case for the page, with its number and new names. When the core's normal form is
 * the very case the page sent (`sent`), the case itself is not sent back (`same`): the page keeps
 * its own copy, and a long case is not cloned a second time on its main thread.
 * @param {Validated} v
 * @param {Case} [sent]
 */
function withNames(v, sent) {
  const out = { ...v, held: heldOut(v.held), names: newNames(v.case) };
  return sent && JSON.stringify(v.case) === JSON.stringify(sent) ? { ...out, case: null, same: true } : out;
}

/**
 * Score the held case numbered `id`, with what the page shows of the result, and how long it
 * took; null if another case is held now. With `explain` (a hypothesis' ID, or null for the
 * leader) the result is the report page's brief one: only the leader's and that hypothesis'
 * contributions, no roll-up tables (the display has their rows).
 * @param {number} id
 * @param {object} options
 * @param {string | null} [explain]
 */
function scored(id, options, explain) {
  const t0 = performance.now();
  const held = id - heldBase;
  const r = id > heldBase ? (explain === undefined ? wasm.scoreHeld(held, options) : wasm.scoreHeldBrief(held, options, explain)) : null;
  return r && { result: r.result, display: r.display, ms: performance.now() - t0 };
}

/** @type {Record<string, (args: any) => unknown>} */
const ops = {
  /**
   * Load the module, the pack and (optionally) a case in parallel; score the case at once so the
   * page's first scored render costs one round trip.
   * What the page already fetched comes along (`module`, `pack`, `caseBytes`); what it could not
   * fetch, this worker fetches itself.
   * With `explain` given, the first result is brief, as for `score`.
   * @param {{packUrl: string, caseUrl?: string, options?: object, explain?: string | null, module?: WebAssembly.Module | null, pack?: ArrayBuffer | null, caseBytes?: ArrayBuffer | null}} a
   */
  async start(a) {
    /** @type {Record<string, number>} */
    const at = { worker: workerStart, asked: now() };
    const caseBytes = a.caseBytes
      ? Promise.resolve(a.caseBytes)
      : a.caseUrl
        ? get(a.caseUrl, 'case file').then((r) => r.arrayBuffer())
        : Promise.resolve(null);
    caseBytes.catch(() => {});
    const compiled = a.module
      ? Promise.resolve(a.module)
      : WebAssembly.compileStreaming(
          get(new URL(simd ? '../pkg/attrib_bg.wasm' : '../pkg/attrib_full_bg.wasm', import.meta.url).href, 'scoring module'),
        );
    const packBytes = (a.pack ? Promise.resolve(a.pack) : get(a.packUrl, 'profile pack').then((r) => r.arrayBuffer())).then(
      (b) => ((at.packFetched = now()), b),
    );
    // Hashed by the browser while the module is instantiated.
    const digest = packBytes.then(payloadDigest).then((d) => ((at.packDigested = now()), d));
    const [glue, module] = await Promise.all([gluePromise, compiled.then((m) => ((at.wasmCompiled = now()), m))]);
    await glue.default({ module_or_path: module });
    wasm = glue;
    at.wasm = now();
    standard = { bytes: new Uint8Array(await packBytes), digest: await digest };
    const pack = wasm.loadPack(standard.bytes, standard.digest);
    // Without SIMD the engine is the whole module already, with the pack loaded.
    if (!simd) whole = Promise.resolve(/** @type {typeof import('../pkg/attrib_full.js')} */ (wasm));
    at.packLoaded = now();
    const caseFile = await caseBytes;
    // No names yet: the page shows the verdict first and asks for them (validate) afterwards.
    const parsed = caseFile == null ? null : wasm.parseCase(new Uint8Array(caseFile));
    const flagship = parsed && { ...parsed, held: heldOut(parsed.held) };
    at.parsed = now();
    const first = flagship && a.options ? scored(flagship.held, a.options, a.explain) : null;
    at.scored = now();
    // The pack's fixed lists (countries, sectors, motivations) are not here: the verdict does not
    // need them, and making them cold cost the first verdict about 14 ms (see `lists`).
    return {
      at,
      pack,
      flagship,
      result: first?.result ?? null,
      display: first?.display ?? null,
      ms: first?.ms ?? 0,
    };
  },
  /**
   * Score `case`, or the held case when `held` still names it (else say it is stale); with
   * `explain`, the report page's brief result (see `scored`).
   * @param {{case?: Case, held?: number, options: object, explain?: string | null}} a
   */
  score(a) {
    const id = a.case ? heldOut(wasm.holdCase(a.case)) : /** @type {number} */ (a.held);
    const r = scored(id, a.options, a.explain);
    return r ? { ...r, held: id } : { stale: true };
  },
  /** The fixed lists the editor offers and the evidence table names countries with. */
  lists: () => ({ countries: wasm.countries(), sectors: wasm.sectors(), motivations: wasm.motivations() }),
  /** @param {{case: Case}} a */
  validate: (a) => withNames(wasm.validate(a.case), a.case),
  /** The raw bytes of a case file, read by the same core function as the command line's. */
  /** @param {{bytes: ArrayBuffer}} a */
  parseCase: (a) => withNames(wasm.parseCase(new Uint8Array(a.bytes))),
  /** @param {{case: Case}} a */
  exportCase: (a) => wasm.exportCase(a.case),
  /**
   * In the whole module; on success it holds the imported pack and becomes the engine (on error
   * both modules keep the pack they had).
   * @param {{bytes: ArrayBuffer, ids?: string[]}} a
   */
  async importStix(a) {
    const m = await full();
    const pack = m.importStix(new Uint8Array(a.bytes));
    if (wasm !== m) {
      wasm = m;
      heldBase = lastHeld;
    }
    const known = (a.ids ?? []).filter((id) => wasm.lookup('profile', id)?.id === id);
    return { pack, known };
  },
  /** @param {{what: Catalogue, q: string, limit: number}} a */
  search: (a) => find(a.what, a.q, a.limit),
  /** @param {{what: Catalogue, text: string}} a */
  lookup: (a) => wasm.lookup(a.what, a.text),
  freshSeed: () => wasm.freshSeed(),
  /** @param {{case: Case, created: string}} a */
  exportStix: async (a) => (await full()).exportStix(a.case, a.created),
  /** @param {{case: Case, hypothesis: string | null, comparison: boolean}} a */
  exportNavigator: async (a) => (await full()).exportNavigator(a.case, a.hypothesis ?? undefined, a.comparison),
};

// A WebAssembly trap (a Rust panic, or memory exhausted) leaves the module's memory in an
// undefined state: after one, this worker answers nothing more but "trapped", and the page
// replaces it with a fresh one (engine.js), which also gives its memory back.
/** @type {string | null} */
let trapped = null;

/**
 * Answer one request.
 * @param {{id: number, op: string, args: any}} data
 */
async function answer({ id, op, args }) {
  try {
    if (trapped) throw new WebAssembly.RuntimeError(trapped);
    const fn = ops[op];
    if (!fn) throw new Error(`unknown request ${op}`);
    if (op === 'start') ready = /** @type {Promise<unknown>} */ (fn(args));
    else if (!ready) throw new Error('the engine has not been started');
    else await ready;
    const value = /** @type {any} */ (op === 'start' ? await ready : await fn(args));
    /** @type {Transferable[]} */
    const transfer = [];
    if (value && typeof value === 'object' && 'result' in value) compactScored(value, transfer);
    self.postMessage({ id, ok: true, value }, { transfer });
  } catch (e) {
    const trap = e instanceof WebAssembly.RuntimeError;
    if (trap) trapped = messageOf(e);
    self.postMessage({ id, ok: false, error: messageOf(e), trap });
  }
}

// One request at a time, in the order they arrive: a request waits while an earlier one loads the
// whole module, so that a score asked for after a STIX import sees the imported pack.
let queue = Promise.resolve();
self.onmessage = (/** @type {MessageEvent} */ ev) => {
  queue = queue.then(() => answer(ev.data));
};
