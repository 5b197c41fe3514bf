// The scoring engine, seen from the main thread: a module Web Worker (worker.js) that owns the
// WebAssembly module and the profile pack. Every call is asynchronous; the main thread never runs
// wasm, so a 15 ms Monte Carlo re-score or the half-second pack load cannot freeze the page.
//
// Names the views need synchronously (technique, software and profile names of the current case)
// arrive with every validated case and are kept in a cache here; the pack's fixed lists (countries,
// sectors, motivations) and its summary arrive once, with the first result. Every result arrives
// with the core's `display` of it (figures, bands, rankings, the ACH matrix).


/** @typedef {import('../pkg/attrib.js').Case} Case */
/** @typedef {import('../pkg/attrib.js').Observation} Observation */
/** @typedef {import('../pkg/attrib.js').ScoreOptions} ScoreOptions */
/** @typedef {import('../pkg/attrib.js').ScoreResult} ScoreResult */
/** @typedef {import('../pkg/attrib.js').PackSummary} PackSummary */
/** @typedef {import('../pkg/attrib.js').ProfileHit} ProfileHit */
/** @typedef {import('../pkg/attrib.js').Country} Country */
/** @typedef {import('../pkg/attrib.js').Display} Display */
/** @typedef {import('../pkg/attrib.js').Catalogue} Catalogue */
/** @typedef {import('../pkg/attrib.js').Row} Row */
/** @typedef {import('../pkg/attrib.js').Figure} Figure */
/** @typedef {{result: ScoreResult, display: Display, ms: number}} Scored */
/** @typedef {import('../pkg/attrib.js').Validated & {names: Record<string, string | null>}} Validated */

/**
 * @typedef {object} Started
 * @property {PackSummary} pack
 * @property {Country[]} countries
 * @property {string[]} sectors
 * @property {string[]} motivations
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
/** @type {Map<number, {ok: (v: any) => void, fail: (e: Error) => void}>} */
const waiting = new Map();

/** Outstanding requests; `html[data-busy]` is set while any is, for tests and the loading state. */
function markBusy() {
  if (waiting.size > 0) document.documentElement.dataset.busy = 'true';
  else delete document.documentElement.dataset.busy;
}

/**
 * Send one request to the worker.
 * @param {string} op
 * @param {object} [args]
 * @returns {Promise<any>}
 */
function call(op, args = {}) {
  if (!worker) return Promise.reject(new Error('the engine has not been started'));
  nextId += 1;
  const id = nextId;
  const w = worker;
  return new Promise((ok, fail) => {
    waiting.set(id, { ok, fail });
    markBusy();
    w.postMessage({ id, op, args });
  });
}

/** @param {MessageEvent} ev */
function onReply(ev) {
  const { id, ok, value, error } = ev.data;
  const w = waiting.get(id);
  if (!w) return;
  waiting.delete(id);
  if (ok) w.ok(value);
  else w.fail(new Error(error));
  // After the continuation has run (same task), so `data-busy` never flickers off between a reply
  // and the request it triggers.
  queueMicrotask(markBusy);
}

/** @param {string} why */
function failAll(why) {
  for (const w of waiting.values()) w.fail(new Error(why));
  waiting.clear();
  markBusy();
}

/** @type {PackSummary | null} */
let pack = null;
/** @type {Map<string, string>} */
let countryNames = new Map();
/** @type {{countries: Country[], sectors: string[], motivations: string[]}} */
export const lists = { countries: [], sectors: [], motivations: [] };
/** @type {Map<string, string | null>} */
const names = new Map();

/** @param {Record<string, string | null>} more */
function learnNames(more) {
  for (const [k, v] of Object.entries(more)) names.set(k, v);
}

/**
 * Start the worker; it loads the module and the pack in parallel, then scores the case at
 * `caseUrl` (if given) with `options`.
 * @param {{packUrl: string, caseUrl?: string, options?: ScoreOptions}} what
 * @returns {Promise<Started>}
 */
export async function start(what) {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'attrib-engine' });
  worker.onmessage = onReply;
  worker.onerror = (e) => {
    e.preventDefault();
    failAll(`the scoring engine stopped: ${e.message || 'it could not be loaded'}`);
  };
  // The worker resolves URLs against its own script's location: send absolute ones.
  const abs = (/** @type {string | undefined} */ u) => (u == null ? undefined : new URL(u, document.baseURI).href);
  /** @type {Started} */
  const s = await call('start', { ...what, packUrl: abs(what.packUrl), caseUrl: abs(what.caseUrl) });
  pack = s.pack;
  countryNames = new Map(s.countries.map((c) => [c.code, c.name]));
  Object.assign(lists, { countries: s.countries, sectors: s.sectors, motivations: s.motivations });
  return s;
}

/**
 * Score a case (in the worker), with the core's display of the result. See state.js for how
 * re-scores are coalesced.
 * @param {Case} c
 * @param {ScoreOptions} options
 * @returns {Promise<Scored>}
 */
export function score(c, options) {
  return call('score', { case: c, options });
}

/**
 * Validate a case object: the normalised case, its warnings and the names it mentions.
 * @param {Case} c
 * @returns {Promise<Validated>}
 */
export async function validate(c) {
  /** @type {Validated} */
  const v = await call('validate', { case: c });
  learnNames(v.names);
  return v;
}

/**
 * Parse and validate the text of a case file.
 * @param {string} text
 * @returns {Promise<Validated>}
 */
export async function parseCase(text) {
  /** @type {Validated} */
  const v = await call('parseCase', { text });
  learnNames(v.names);
  return v;
}

/**
 * Make a STIX 2.1 bundle the profile pack; also says which of the profile `ids` it knows.
 * @param {string} text
 * @param {string[]} ids
 * @returns {Promise<{pack: PackSummary, known: string[]}>}
 */
export async function importStix(text, ids) {
  const r = await call('importStix', { text, ids });
  pack = r.pack;
  names.clear();
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
 * The case file for a case, as the core writes it (what "export" saves and a link carries).
 * @param {Case} c
 * @returns {Promise<string>}
 */
export function exportCase(c) {
  return call('exportCase', { case: c });
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

/** A fresh Monte Carlo seed. @returns {Promise<number>} */
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
