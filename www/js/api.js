// Attrib's ES module API, for other pages and scripts: load a profile pack, check and score
// cases, and make or open share links. It is what <attrib-verdict> is built on.
//
//   import { loadPack, validate, score, shareLink } from '/attrib/js/api.js';
//   const pack = await loadPack();                          // the pack next to this module
//   const { case: c } = await validate(await (await fetch('/attrib/data/cases/kr-exchanges-2017.json')).text());
//   const { result, display } = await score(c);
//   display.cluster.name, display.cluster.figure.percent    // "Lazarus Group", "51 %"
//   const link = await shareLink(c);                        // the report page holding this reading
//
// Scoring runs in a Web Worker that owns the WebAssembly module (one per profile pack, shared by
// every caller on the page), so the host page never blocks. Browsers start workers only from the
// page's own origin: serve Attrib's files from the same origin as the page that imports this.
// Every failure is an Error whose message says what is wrong, in the core's words for a case.
// The module sets no global and touches nothing of the host page.

import { LINK_LIMIT, decodeFragment, encodeFragment } from './share.js';
import { expandScored } from './util.js';

/** @typedef {import('../pkg/attrib.js').Case} Case */
/** @typedef {import('../pkg/attrib.js').ScoreOptions} ScoreOptions */
/** @typedef {import('../pkg/attrib.js').ScoreResult} ScoreResult */
/** @typedef {import('../pkg/attrib.js').Display} Display */
/** @typedef {import('../pkg/attrib.js').PackSummary} PackSummary */
/** @typedef {import('../pkg/attrib.js').PackStamp} PackStamp */

/**
 * A case checked by the core: normalised, with the warnings scoring it against the pack gives.
 * @typedef {object} Validated
 * @property {Case} case
 * @property {string[]} warnings
 */

/**
 * A scored case: the result (the contract of docs/CASE-FORMAT.md) and what a page shows of it
 * (every figure with its ICD 203 band, the rankings), both from the core.
 * @typedef {object} Scored
 * @property {ScoreResult} result
 * @property {Display} display
 */

/**
 * Where a call finds its profile pack: a pack URL (default: `../data/pack.bin` beside this
 * module). Calls with the same pack share one engine.
 * @typedef {object} PackOption
 * @property {string | URL} [pack]
 */

/**
 * A case as a call takes it: a case object, or the text or bytes of a case file.
 * @typedef {Case | string | Uint8Array | ArrayBuffer} CaseInput
 */

/**
 * A share link: the report page's address with the reading after `#`.
 * @typedef {object} Link
 * @property {string} url the whole link, or '' when the reading is too large for one
 * @property {number} length characters after the `#`
 * @property {boolean} tooLong over LINK_LIMIT: save the case file instead
 */

/** The profile pack beside this module. */
export const DEFAULT_PACK = new URL('../data/pack.bin', import.meta.url).href;
/** The full report page beside this module. */
export const REPORT_PAGE = new URL('../index.html', import.meta.url).href;
export { LINK_LIMIT };

/** One worker with one pack loaded. */
class Engine {
  /** @param {string} packUrl absolute */
  constructor(packUrl) {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'attrib-api' });
    this.next = 0;
    /** @type {Map<number, {ok: (v: any) => void, fail: (e: Error) => void}>} */
    this.waiting = new Map();
    this.worker.onmessage = (/** @type {MessageEvent} */ ev) => {
      const { id, ok, value, error } = ev.data;
      const w = this.waiting.get(id);
      if (!w) return;
      this.waiting.delete(id);
      if (ok) w.ok(value);
      else w.fail(new Error(error));
    };
    this.worker.onerror = (/** @type {ErrorEvent} */ e) => {
      e.preventDefault();
      for (const w of this.waiting.values()) w.fail(new Error(`the scoring engine stopped: ${e.message || 'it could not be loaded'}`));
      this.waiting.clear();
    };
    /** @type {Promise<PackSummary>} */
    this.ready = this.call('start', { packUrl }).then((s) => s.pack);
  }

  /**
   * @param {string} op
   * @param {object} args
   * @returns {Promise<any>}
   */
  call(op, args) {
    this.next += 1;
    const id = this.next;
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      this.worker.postMessage({ id, op, args });
    });
  }

  /**
   * Once the pack is in.
   * @param {string} op
   * @param {object} args
   */
  async ask(op, args) {
    await this.ready;
    return this.call(op, args);
  }
}

/** @type {Map<string, Engine>} */
const engines = new Map();

/**
 * The engine for a pack URL, started on first use.
 * @param {string | URL | undefined} pack
 */
function engineFor(pack) {
  const url = new URL(pack ?? DEFAULT_PACK, document.baseURI).href;
  let e = engines.get(url);
  if (!e) {
    e = new Engine(url);
    engines.set(url, e);
    // A pack that failed to load is not kept: the next call tries again.
    e.ready.catch(() => {
      if (engines.get(url) === e) engines.delete(url);
      e?.worker.terminate();
    });
  }
  return e;
}

/**
 * Load a profile pack in its binary form (`attrib pack --out PACK.bin`; a JSON pack is refused
 * with the command that converts it) once per URL (later calls share it) and describe it.
 * @param {string | URL} [url] default: the pack beside this module
 * @returns {Promise<PackSummary>}
 */
export function loadPack(url) {
  return engineFor(url).ready;
}

/**
 * Check a case with the core's strict parser (a case object, or a case file's text or bytes) and
 * against the pack: the normalised case and its warnings, or an Error naming the place.
 * @param {CaseInput} input
 * @param {PackOption} [options]
 * @returns {Promise<Validated>}
 */
export async function validate(input, options = {}) {
  const e = engineFor(options.pack);
  /** @type {Validated & {names?: unknown, same?: boolean}} */
  const v =
    typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer
      ? await e.ask('parseCase', { bytes: bytesOf(input) })
      : await e.ask('validate', { case: input });
  // The worker leaves out a case already in the core's normal form; the caller still gets a copy.
  return { case: v.same ? /** @type {Case} */ (structuredClone(input)) : v.case, warnings: v.warnings };
}

/**
 * A case file's bytes, as the core reads them (the command line's rules: a byte order mark or
 * invalid UTF-8 is named, not repaired).
 * @param {string | Uint8Array | ArrayBuffer} input
 * @returns {ArrayBuffer}
 */
function bytesOf(input) {
  if (typeof input === 'string') return new TextEncoder().encode(input).buffer;
  if (input instanceof ArrayBuffer) return input;
  return input.slice().buffer;
}

/**
 * Score a case against the pack: the result and what a page shows of it.
 * @param {CaseInput} input
 * @param {PackOption & {samples?: number, seed?: number | string}} [options] `samples`, `seed` override
 *   the case's settings
 * @returns {Promise<Scored>}
 */
export async function score(input, options = {}) {
  const { case: c } = await validate(input, options);
  /** @type {ScoreOptions} */
  const o = { sensitivity: true, top: 25 };
  if (options.samples !== undefined) o.samples = options.samples;
  if (options.seed !== undefined) o.seed = String(options.seed);
  const scored = await engineFor(options.pack).ask('score', { case: c, options: o });
  // The worker posts typed arrays (util.js compactScored); callers get the core's objects.
  return expandScored(scored);
}

/**
 * The link to a reading of `input` on the full report page: the case file (stamped with the
 * pack's version and SHA-256), compressed into the address after `#`.
 * @param {CaseInput} input
 * @param {PackOption & {report?: string | URL}} [options] `report`: the report page (default:
 *   the one beside this module)
 * @returns {Promise<Link>}
 */
export async function shareLink(input, options = {}) {
  const e = engineFor(options.pack);
  const [{ case: c }, pack] = await Promise.all([validate(input, options), e.ready]);
  const stamped = /** @type {Case} */ (structuredClone(c));
  if (/^[0-9a-f]{64}$/.test(pack.sha256)) stamped.analysis = { ...(stamped.analysis ?? {}), pack: { version: pack.version, sha256: pack.sha256 } };
  /** @type {string} */
  const text = await e.ask('exportCase', { case: stamped });
  const fragment = await encodeFragment(new TextEncoder().encode(text));
  const page = new URL(options.report ?? REPORT_PAGE, document.baseURI).href.split('#')[0];
  const tooLong = fragment.length > LINK_LIMIT;
  return { url: tooLong ? '' : `${page}#${fragment}`, length: fragment.length, tooLong };
}

/**
 * Open a share link (or its fragment): the reading it holds, checked by the core, with the pack
 * it was made with. Throws an Error in words for a broken or hostile link.
 * @param {string} link
 * @param {PackOption} [options]
 * @returns {Promise<Validated & {pack: PackStamp | null}>}
 */
export async function openLink(link, options = {}) {
  const at = link.indexOf('#');
  const bytes = await decodeFragment(at >= 0 ? link.slice(at) : link);
  const v = await validate(bytes, options);
  const pack = v.case.analysis?.pack ?? null;
  if (v.case.analysis) {
    delete v.case.analysis.pack;
    if (Object.keys(v.case.analysis).length === 0) delete v.case.analysis;
  }
  return { ...v, pack };
}
