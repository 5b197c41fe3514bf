// The scoring engine, seen from the main thread: a module Web Worker (worker.js) that owns the
// WebAssembly module and the profile pack. Every call is asynchronous; the main thread never runs
// wasm, so a 10-15 ms Monte Carlo re-score or the pack load (a tenth of a second or more, cold)
// cannot freeze the page.
//
// Names the views need synchronously (technique, software and profile names of the current case)
// arrive with validated cases, each once and again only if it changes (the worker sends those this
// cache does not hold), and are kept in a cache here; the pack's summary arrives with the first
// result, and its fixed lists (countries, sectors, motivations) right after it (`listed`), so that
// the first verdict does not wait for them. Every result arrives
// with the core's `display` of it (figures, bands, rankings, the ACH matrix).
//
// If the worker ever traps (a WebAssembly error leaves its module's memory undefined) or has work
// and says nothing for a minute, it is terminated, which frees all its memory, and a fresh one
// starts with the standard pack; the page is told in words (`onRestart`).

import { messageOf } from './util.js';

/** The options every score call uses: the case itself says what is excluded, planted, sampled. */
export const OPTIONS = /** @type {const} */ ({ sensitivity: true, top: 25 });

/** @typedef {import('../pkg/attrib.js').Case} Case */
/** @typedef {import('../pkg/attrib.js').Observation} Observation */
/** @typedef {import('../pkg/attrib.js').ScoreOptions} ScoreOptions */
/**
 * A result as the page receives it: as the engine's, except that each hypothesis' contributions
 * come as parallel typed arrays (util.js `compactScored`): the observation's index, its weight in
 * nats and its facet.
 * @typedef {Omit<import('../pkg/attrib.js').ScoreResult, 'hypotheses'> & {hypotheses: Hypothesis[]}} ScoreResult
 */
/**
 * A hypothesis as the page receives it: its contributions as parallel typed arrays, the facet of
 * each as an index into `facets`.
 * @typedef {Omit<import('../pkg/attrib.js').Hypothesis, 'contributions'> & {contributions: {observation: Uint32Array, log_lr: Float64Array, facet: Uint8Array, facets: string[]}}} Hypothesis
 */
/** @typedef {import('../pkg/attrib.js').PackSummary} PackSummary */
/** @typedef {import('../pkg/attrib.js').ProfileHit} ProfileHit */
/** @typedef {import('../pkg/attrib.js').Country} Country */
/**
 * The ACH matrix as the page receives it (util.js `compactScored`): as the core's, except that
 * its rows come as typed arrays, `rows` long, and its cells row by row (`rows` × `columns.length`),
 * each shade an index into `shades`.
 * @typedef {object} AchMatrix
 * @property {string[]} columns
 * @property {number} rows
 * @property {Uint32Array} observation
 * @property {Float64Array} diagnosticity
 * @property {Uint8Array} telling 1 where the row tells the leading hypotheses apart
 * @property {Float64Array} log_lr
 * @property {Uint8Array} shade
 * @property {string[]} shades
 */
/**
 * What the page shows of a result (the core's `display`), its ACH matrix as above.
 * @typedef {Omit<import('../pkg/attrib.js').Display, 'ach'> & {ach: AchMatrix}} Display
 */
/** @typedef {import('../pkg/attrib.js').Catalogue} Catalogue */
/** @typedef {import('../pkg/attrib.js').Row} Row */
/** @typedef {import('../pkg/attrib.js').Figure} Figure */
/** @typedef {{result: ScoreResult, display: Display, ms: number}} Scored */
/** @typedef {import('../pkg/attrib.js').Validated & {names: Record<string, string | null>}} Validated */

/**
 * @typedef {object} Started
 * @property {PackSummary} pack
 * @property {import('../pkg/attrib.js').Validated | null} flagship the case at `caseUrl`, validated
 *   (without names: validate it again for those)
 * @property {ScoreResult | null} result that case scored with the start options
 * @property {Display | null} display what the page shows of that result
 * @property {number} ms how long that score took in the worker
 * @property {Record<string, number>} at when each start-up step ended (ms since the epoch)
 */

/** @type {Worker | null} */
let worker = null;
let nextId = 0;
/** @type {Map<number, {ok: (v: any) => void, fail: (e: Error) => void, op: string}>} */
const waiting = new Map();
/** What the page started the engine with; a restart loads the same pack. */
/** @type {{packUrl: string} | null} */
let startedWith = null;

/** What each request is doing, for messages that say where the engine stopped. */
/** @type {Record<string, string>} */
const DOING = {
  start: 'starting',
  lists: 'listing countries, sectors and motivations',
  score: 'scoring the case',
  validate: 'checking the case',
  parseCase: 'reading the case file',
  exportCase: 'writing the case file',
  importStix: 'importing the STIX bundle',
  exportStix: 'writing the STIX bundle',
  exportNavigator: 'writing the Navigator layer',
  search: 'searching the profile pack',
  lookup: 'looking a name up',
  freshSeed: 'drawing a seed',
};

/** How long the worker may stay silent while it has work before it is taken for hung. */
let watchdogMs = 60_000;
/** @type {ReturnType<typeof setTimeout> | null} */
let watchdog = null;

/**
 * Change how long the engine may take to answer before it is restarted (default 60 s).
 * @param {number} ms
 */
export function setWatchdog(ms) {
  watchdogMs = ms;
  arm();
}

/** (Re)arm the watchdog while requests wait, except during start-up (which has its own error). */
function arm() {
  if (watchdog) clearTimeout(watchdog);
  watchdog = null;
  const busy = [...waiting.values()];
  if (busy.length === 0 || busy.some((w) => w.op === 'start')) return;
  watchdog = setTimeout(() => {
    const doing = DOING[busy[0].op] ?? busy[0].op;
    restart(`The scoring engine stopped answering while ${doing} (no reply in ${Math.round(watchdogMs / 1000)} s)`);
  }, watchdogMs);
}

/** @type {Set<(message: string) => void>} */
const restartListeners = new Set();

/**
 * Be told, in words, when the engine had to be restarted (after a WebAssembly trap or a hang).
 * The restarted engine has the standard profile pack; the case in the page is untouched.
 * @param {(message: string) => void} fn
 */
export function onRestart(fn) {
  restartListeners.add(fn);
}

/** Outstanding requests; `html[data-busy]` is set while any is, for tests and the loading state. */
function markBusy() {
  if (waiting.size > 0) document.documentElement.dataset.busy = 'true';
  else delete document.documentElement.dataset.busy;
}

/**
 * Send one request to the worker.
 * @param {string} op
 * @param {object} [args]
 * @param {Transferable[]} [transfer] buffers in `args` to hand over rather than copy
 * @returns {Promise<any>}
 */
function call(op, args = {}, transfer = []) {
  if (!worker) return Promise.reject(new Error('the engine has not been started'));
  nextId += 1;
  const id = nextId;
  const w = worker;
  return new Promise((ok, fail) => {
    waiting.set(id, { ok, fail, op });
    markBusy();
    arm();
    w.postMessage({ id, op, args }, transfer);
  });
}

/** @param {MessageEvent} ev */
function onReply(ev) {
  const { id, ok, value, error, trap } = ev.data;
  const w = waiting.get(id);
  if (!w) return;
  waiting.delete(id);
  arm();
  if (ok) w.ok(value);
  else if (trap) {
    const message = `The scoring engine failed while ${DOING[w.op] ?? w.op} (a WebAssembly error: ${error})`;
    w.fail(new Error(message));
    restart(message);
  } else w.fail(new Error(error));
  // After the continuation has run (same task), so `data-busy` never flickers off between a reply
  // and the request it triggers.
  queueMicrotask(markBusy);
}

/** @param {string} why */
function failAll(why) {
  for (const w of waiting.values()) w.fail(new Error(why));
  waiting.clear();
  arm();
  markBusy();
}

/** When the first worker was created, in ms from navigation (for the start-up's steps). */
export let spawnedAt = 0;
/** When the first start request was posted to the worker, in ms from navigation. */
export let postedAt = 0;

/** Create the worker and wire its replies. */
function spawn() {
  if (!spawnedAt) spawnedAt = performance.now();
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'attrib-engine' });
  w.onmessage = onReply;
  w.onerror = (e) => {
    e.preventDefault();
    failAll(`the scoring engine stopped: ${e.message || 'it could not be loaded'}`);
  };
  worker = w;
}

let restarting = false;

/**
 * Replace a broken or hung worker: terminate it (which frees all its memory), fail what it still
 * owed, start a fresh one with the standard pack, and tell the page in words.
 * @param {string} why
 */
async function restart(why) {
  if (restarting || !startedWith) return;
  restarting = true;
  worker?.terminate();
  worker = null;
  failAll(why);
  heldBy = new WeakMap();
  spawn();
  let message = `${why}. It was restarted and its memory released; `;
  try {
    /** @type {Started} */
    const s = await call('start', { packUrl: startedWith.packUrl });
    pack = s.pack;
    names.clear();
    message += 'it scores against the standard profile pack again, and your case is unchanged.';
  } catch (e) {
    message += `but it could not start again (${messageOf(e)}). Reload the page.`;
  }
  restarting = false;
  for (const fn of restartListeners) fn(message);
}

/** @type {PackSummary | null} */
let pack = null;
/** @type {Map<string, string>} */
let countryNames = new Map();
/** @typedef {{countries: Country[], sectors: string[], motivations: string[]}} Lists */
/** @type {Lists} */
export const lists = { countries: [], sectors: [], motivations: [] };
/**
 * Settled once `lists` and the country names are in (asked for right after the first result).
 * @type {Promise<void>}
 */
export let listed = new Promise(() => {});
/** @type {Map<string, string | null>} */
const names = new Map();

/** @param {Record<string, string | null>} more */
function learnNames(more) {
  for (const [k, v] of Object.entries(more)) names.set(k, v);
}

/**
 * What the page already fetched for the worker: the compiled module, and the pack's and the
 * case's bytes (each null where the worker should fetch it itself).
 * @typedef {{module: WebAssembly.Module | null, pack: ArrayBuffer | null, caseBytes: ArrayBuffer | null}} Preloaded
 */

/**
 * Start the worker; it loads the module and the pack in parallel, then scores the case at
 * `caseUrl` (if given) with `options`. With `preloaded`, the worker starts at once and takes the
 * module and bytes the page fetched meanwhile instead of fetching them again.
 * @param {{packUrl: string, caseUrl?: string, options?: ScoreOptions, explain?: string | null}} what
 *   `explain`: the first result brief, as `score` gives it
 * @param {Promise<Preloaded>} [preloaded]
 * @returns {Promise<Started>}
 */
export async function start(what, preloaded) {
  spawn();
  // The worker resolves URLs against its own script's location: send absolute ones.
  const abs = (/** @type {string | undefined} */ u) => (u == null ? undefined : new URL(u, document.baseURI).href);
  const packUrl = /** @type {string} */ (abs(what.packUrl));
  startedWith = { packUrl };
  const got = preloaded ? await preloaded : { module: null, pack: null, caseBytes: null };
  if (!postedAt) postedAt = performance.now();
  /** @type {Transferable[]} */
  const transfer = [got.pack, got.caseBytes].filter((b) => b != null);
  /** @type {Started} */
  const s = await call('start', { ...what, ...got, packUrl, caseUrl: abs(what.caseUrl) }, transfer);
  pack = s.pack;
  // Asked for now, answered after the verdict is drawn (the worker answers in order).
  listed = call('lists', {}).then((/** @type {Lists} */ l) => {
    countryNames = new Map(l.countries.map((c) => [c.code, c.name]));
    Object.assign(lists, l);
  });
  // main.js reports a failure (it awaits `listed`); this only keeps it from counting as
  // unhandled before then.
  listed.catch(() => {});
  return s;
}

/**
 * Score a case (in the worker), with the core's display of the result. See state.js for how
 * re-scores are coalesced.
 * @param {Case} c
 * @param {ScoreOptions} options
 * @param {string | null} [explain] the report page's brief result (the core's `brief`): every
 *   hypothesis' figures, but contributions only for the leader and `explain` (null: the leader
 *   alone), and no roll-up tables, whose rows the display has; omitted, the whole result
 * @returns {Promise<Scored>}
 */
export async function score(c, options, explain) {
  // The worker keeps the case it last read, validated or scored. A case object it holds is
  // scored by number rather than sent again, which spares the main thread copying 10,000
  // observations for every click; if the worker has moved on to another case, send it whole.
  const id = heldBy.get(c);
  if (id != null) {
    const r = await call('score', { held: id, options, explain });
    if (!r.stale) return r;
  }
  const r = await call('score', { case: c, options, explain });
  heldBy.set(c, r.held);
  return r;
}

/** Case objects the worker holds, with the number it holds them by (worker.js). */
/** @type {WeakMap<Case, number>} */
let heldBy = new WeakMap();

/**
 * Validate a case object: the normalised case, its warnings and the names it mentions.
 * @param {Case} c
 * @returns {Promise<Validated>}
 */
export async function validate(c) {
  /** @type {Validated & {held: number, same?: boolean}} */
  const v = await call('validate', { case: c });
  // The worker sends the case back only where the core's normal form differs from `c`.
  if (v.same) v.case = c;
  learnNames(v.names);
  heldBy.set(v.case, v.held);
  return v;
}

/**
 * Parse and validate a case file from its raw bytes, exactly as the command line reads files
 * (so a byte order mark or invalid UTF-8 is refused with the same message).
 * @param {ArrayBuffer} bytes handed over to the worker (the buffer is emptied here)
 * @returns {Promise<Validated>}
 */
export async function parseCase(bytes) {
  /** @type {Validated & {held: number}} */
  const v = await call('parseCase', { bytes }, [bytes]);
  learnNames(v.names);
  heldBy.set(v.case, v.held);
  return v;
}

/**
 * The case file for a case: the core writes it, so every digit of a 64-bit seed survives.
 * @param {Case} c
 * @returns {Promise<string>}
 */
export function exportCase(c) {
  return call('exportCase', { case: c });
}

/**
 * Make a STIX 2.1 bundle, from its file's raw bytes, the profile pack; also says which of the
 * profile `ids` it knows. The summary's `warnings` say what the import skipped.
 * @param {ArrayBuffer} bytes handed over to the worker (the buffer is emptied here)
 * @param {string[]} ids
 * @returns {Promise<{pack: PackSummary, known: string[]}>}
 */
export async function importStix(bytes, ids) {
  const r = await call('importStix', { bytes, ids }, [bytes]);
  pack = r.pack;
  // Names the new pack gives otherwise arrive with the next validation (worker.js `told`).
  return r;
}

/**
 * Search the pack's profiles, techniques or software (the core's ranking).
 * @param {Catalogue} what
 * @param {string} q
 * @param {number} limit
 * @returns {Promise<{id: string, name: string}[]>}
 */
export function search(what, q, limit) {
  return call('search', { what, q, limit });
}

/**
 * The entry whose ID, name or alias is exactly `text`, or null.
 * @param {Catalogue} what
 * @param {string} text
 * @returns {Promise<{id: string, name: string} | null>}
 */
export function lookup(what, text) {
  return call('lookup', { what, text });
}

/**
 * A STIX 2.1 bundle of the scored case, stamped `created`: the bytes `attrib export --stix` gives.
 * @param {Case} c
 * @param {string} created an RFC 3339 timestamp
 * @returns {Promise<string>}
 */
export function exportStix(c, created) {
  return call('exportStix', { case: c, created });
}

/**
 * An ATT&CK Navigator layer of the scored case for `hypothesis` (null: the leader), or the
 * comparison layer of the case against that hypothesis' profile.
 * @param {Case} c
 * @param {string | null} hypothesis
 * @param {boolean} comparison
 * @returns {Promise<string>}
 */
export function exportNavigator(c, hypothesis, comparison) {
  return call('exportNavigator', { case: c, hypothesis, comparison });
}

/** A fresh Monte Carlo seed: any 64-bit value, as a string of digits. @returns {Promise<string>} */
export function freshSeed() {
  return call('freshSeed');
}

/** The loaded pack's summary. */
export function packSummary() {
  return pack;
}

/**
 * A display name for a technique, software or profile ID of the current case, if the pack knows it.
 * @param {Catalogue} what
 * @param {string} id
 * @returns {string | null}
 */
export function nameOf(what, id) {
  return names.get(`${what}:${id}`) ?? null;
}

/**
 * The English name of an ISO country code.
 * @param {string} code
 */
export function countryName(code) {
  return countryNames.get(code) ?? code;
}
