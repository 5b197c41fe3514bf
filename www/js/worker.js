// The scoring worker: owns the WebAssembly module and the profile pack, and answers the page's
// requests ({id, op, args} -> {id, ok, value | error}) in the order they arrive.
//
// Design: *every* call into wasm happens here, search and validation included, because they all
// need the loaded pack and the pack lives in this worker's wasm memory only. Loading it twice (once
// per thread) would cost the main thread the ~0.5 s parse this worker exists to take off it. The
// page therefore talks to the engine asynchronously only (see engine.js); name look-ups the views
// need synchronously travel with every validated case (`names`).
//
// Same origin, loaded as a module worker: the page's CSP `default-src 'self'` covers it (no
// `worker-src` is set, so it falls back to `script-src` then `default-src`, both 'self'), and the
// worker inherits `'wasm-unsafe-eval'` for instantiating the module.

// The wasm-bindgen glue is imported dynamically, at 'start', so that fetching it, fetching and
// compiling the .wasm and fetching the pack all run at once rather than one after another.
/** @type {typeof import('../pkg/attrib.js')} */
let wasm;

/** @typedef {import('../pkg/attrib.js').Case} Case */
/** @typedef {import('../pkg/attrib.js').Validated} Validated */

/** @type {Promise<unknown> | null} */
let ready = null;
/**
 * The case this worker last read, validated or scored, with a number that changes whenever it
 * does: the page scores it again by that number instead of sending 10,000 observations back.
 * @type {{id: number, case: Case | null}}
 */
let held = { id: 0, case: null };

/**
 * Keep `c` as the held case; its number.
 * @param {Case} c
 */
function hold(c) {
  held = { id: held.id + 1, case: c };
  return held.id;
}

/** Wall-clock time (ms since the epoch), comparable across the page and this worker. */
const now = () => performance.timeOrigin + performance.now();
/** When this worker's module started running. */
const workerStart = now();

/** @param {unknown} e */
const messageOf = (e) => (e instanceof Error ? e.message : String(e));

/**
 * Fetch `url` as text or bytes, with a readable error.
 * @param {string} url
 * @param {string} what
 */
async function get(url, what) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`could not load the ${what} (${r.status})`);
  return r;
}

/**
 * A display name for a technique, software or profile ID, if the loaded pack knows it.
 * @param {'technique' | 'software' | 'profile'} what
 * @param {string} id
 * @returns {string | null}
 */
function lookUp(what, id) {
  /** @type {{id: string, name: string}[]} */
  let hits = [];
  try {
    hits =
      what === 'technique' ? wasm.searchTechniques(id, 1) : what === 'software' ? wasm.searchSoftware(id, 1) : wasm.searchProfiles(id, 1);
  } catch {
    hits = [];
  }
  const lower = id.toLowerCase();
  const hit = hits.find((x) => x.id.toLowerCase() === lower || x.name.toLowerCase() === lower);
  if (!hit) return null;
  return what === 'software' && hit.id !== id ? `${hit.name} (${hit.id})` : hit.name;
}

/**
 * The names of every technique, software and profile a case mentions, keyed `kind:id`.
 * @param {Case} c
 * @returns {Record<string, string | null>}
 */
function namesFor(c) {
  /** @type {Record<string, string | null>} */
  const out = {};
  for (const o of c.observations) {
    const key = `${o.kind}:${o.value}`;
    if ((o.kind === 'technique' || o.kind === 'software') && !(key in out)) out[key] = lookUp(o.kind, o.value);
  }
  for (const id of c.hypotheses ?? []) out[`profile:${id}`] = lookUp('profile', id);
  return out;
}

/** @param {Validated} v */
const withNames = (v) => ({ ...v, names: namesFor(v.case) });

/**
 * A result made cheap to post: each hypothesis' contributions (one object per observation, up to
 * 250,000 in all) become two typed arrays, whose buffers are handed over rather than copied, so
 * the page's main thread does not spend a third of a second rebuilding objects.
 * @param {import('../pkg/attrib.js').ScoreResult | null} r
 * @param {Transferable[]} transfer collects the buffers
 */
function compact(r, transfer) {
  if (!r) return r;
  for (const h of r.hypotheses) {
    const list = /** @type {{observation: number, log_lr: number}[]} */ (/** @type {unknown} */ (h.contributions));
    const observation = new Uint32Array(list.length);
    const logLr = new Float64Array(list.length);
    list.forEach((c, k) => {
      observation[k] = c.observation;
      logLr[k] = c.log_lr;
    });
    transfer.push(observation.buffer, logLr.buffer);
    /** @type {any} */ (h).contributions = { observation, log_lr: logLr };
  }
  return r;
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
    const caseBytes = a.caseUrl ? get(a.caseUrl, 'case file').then((r) => r.arrayBuffer()) : Promise.resolve(null);
    caseBytes.catch(() => {});
    const compiled = WebAssembly.compileStreaming(fetch(new URL('../pkg/attrib_bg.wasm', import.meta.url)));
    const [glue, module, packBytes] = await Promise.all([
      import('../pkg/attrib.js'),
      compiled.then((m) => ((at.wasmCompiled = now()), m)),
      get(a.packUrl, 'profile pack')
        .then((r) => r.arrayBuffer())
        .then((b) => ((at.packFetched = now()), b)),
    ]);
    await glue.default({ module_or_path: module });
    wasm = glue;
    at.wasm = now();
    const pack = wasm.loadPack(new Uint8Array(packBytes));
    at.packLoaded = now();
    const bytes = await caseBytes;
    // No names yet: the page shows the verdict first and asks for them (validate) afterwards.
    const flagship = bytes == null ? null : wasm.parseCase(new Uint8Array(bytes));
    at.parsed = now();
    const t0 = performance.now();
    const result = flagship && a.options ? wasm.score(flagship.case, a.options) : null;
    at.scored = now();
    return {
      at,
      pack,
      countries: wasm.countries(),
      sectors: wasm.sectors(),
      motivations: wasm.motivations(),
      flagship,
      result,
      ms: performance.now() - t0,
    };
  },
  /** @param {{case: Case, options: object}} a */
  /**
   * Score `case`, or the held case when `held` still names it (else say it is stale).
   * @param {{case?: Case, held?: number, options: object}} a
   */
  score(a) {
    if (a.case) hold(a.case);
    else if (a.held !== held.id || !held.case) return { stale: true };
    const t0 = performance.now();
    const result = wasm.score(held.case, a.options);
    return { result, ms: performance.now() - t0, held: held.id };
  },
  /** @param {{case: Case}} a */
  validate(a) {
    const v = withNames(wasm.validate(a.case));
    return { ...v, held: hold(v.case) };
  },
  /** The raw bytes of a case file, read by the same core function as the command line's. */
  /** @param {{bytes: ArrayBuffer}} a */
  parseCase(a) {
    const v = withNames(wasm.parseCase(new Uint8Array(a.bytes)));
    return { ...v, held: hold(v.case) };
  },
  /** @param {{case: Case}} a */
  exportCase: (a) => wasm.exportCase(a.case),
  /** @param {{bytes: ArrayBuffer, hypotheses?: string[]}} a */
  importStix(a) {
    const pack = wasm.importStix(new Uint8Array(a.bytes));
    const known = (a.hypotheses ?? []).filter((id) => wasm.searchProfiles(id, 1)[0]?.id === id);
    return { pack, known };
  },
  /** @param {{what: 'profile' | 'technique' | 'software', q: string, limit: number}} a */
  search(a) {
    if (a.what === 'profile') return wasm.searchProfiles(a.q, a.limit);
    if (a.what === 'technique') return wasm.searchTechniques(a.q, a.limit);
    return wasm.searchSoftware(a.q, a.limit);
  },
  freshSeed: () => wasm.freshSeed(),
};

// A WebAssembly trap (a Rust panic, or memory exhausted) leaves the module's memory in an
// undefined state: after one, this worker answers nothing more but "trapped", and the page
// replaces it with a fresh one (engine.js), which also gives its memory back.
/** @type {string | null} */
let trapped = null;

self.onmessage = async (/** @type {MessageEvent} */ ev) => {
  const { id, op, args } = ev.data;
  try {
    if (trapped) throw new WebAssembly.RuntimeError(trapped);
    const fn = ops[op];
    if (!fn) throw new Error(`unknown request ${op}`);
    if (op === 'start') ready = /** @type {Promise<unknown>} */ (fn(args));
    else if (!ready) throw new Error('the engine has not been started');
    else await ready;
    const value = /** @type {any} */ (op === 'start' ? await ready : fn(args));
    /** @type {Transferable[]} */
    const transfer = [];
    if (value && typeof value === 'object' && 'result' in value) compact(value.result, transfer);
    self.postMessage({ id, ok: true, value }, transfer);
  } catch (e) {
    const trap = e instanceof WebAssembly.RuntimeError;
    if (trap) trapped = messageOf(e);
    self.postMessage({ id, ok: false, error: messageOf(e), trap });
  }
};
