// The page's share link: the case on screen (its analysis and settings are the reader's whole
// reading) stamped with the profile pack it was scored against, written by the core as a case
// file, then packed into the URL fragment (share.js). Opening a link runs the same steps back:
// unpack, then the core's strict case parser, exactly as for a file.
//
// The stamp (`analysis.pack`) describes the link, not the reading: it is added when a link or a
// file is made and taken off when one is opened, after the core has said whether it names
// another pack. So the case in the page is always exactly the reader's reading.

import { exportCase, packSummary, parseCase } from './engine.js';
import { LINK_LIMIT, decodeFragment, encodeFragment } from './share.js';

/** @typedef {import('./engine.js').Case} Case */
/** @typedef {import('../pkg/attrib.js').PackStamp} PackStamp */
/** @typedef {import('./engine.js').Validated} Validated */

/**
 * The loaded pack's stamp, or null if it has no SHA-256 to name it by.
 * @returns {PackStamp | null}
 */
export function packStamp() {
  const p = packSummary();
  if (!p || !/^[0-9a-f]{64}$/.test(p.sha256)) return null;
  return { version: p.version, sha256: p.sha256 };
}

// The two below copy only what they change: the page never changes a case in place (state.js
// edits a deep copy), so the copy may share the rest, such as 10,000 observations, with `c`.

/**
 * A copy of `c` carrying the loaded pack's stamp.
 * @param {Case} c
 * @returns {Case}
 */
export function stamped(c) {
  const out = { ...c };
  const stamp = packStamp();
  if (stamp) out.analysis = { ...(c.analysis ?? {}), pack: stamp };
  else if (c.analysis) {
    out.analysis = { ...c.analysis };
    delete out.analysis.pack;
  }
  return out;
}

/**
 * `c` without a pack stamp (and without an analysis left empty by removing it): a copy if it had
 * one.
 * @param {Case} c
 * @returns {Case}
 */
export function unstamped(c) {
  // Without a stamp, `c` itself: the worker holds that very object, so it is not sent again.
  if (!c.analysis?.pack) return c;
  const out = { ...c };
  const analysis = { ...c.analysis };
  delete analysis.pack;
  if (Object.keys(analysis).length === 0) delete out.analysis;
  else out.analysis = analysis;
  return out;
}

/**
 * The case file the page saves for `c`: the core's text of the stamped case.
 * @param {Case} c
 */
export function caseFile(c) {
  return exportCase(stamped(c));
}

/**
 * @typedef {object} Link
 * @property {string} url the whole link, or '' when the reading is too large for one
 * @property {number} length characters after the `#`
 * @property {boolean} tooLong over LINK_LIMIT: offer the case file instead
 */

/**
 * The link to the reading `c` on this page.
 * @param {Case} c
 * @param {string} [base] the report page's address (default: this page's, without its fragment)
 * @returns {Promise<Link>}
 */
export async function linkTo(c, base = location.href) {
  const text = await caseFile(c);
  const fragment = await encodeFragment(new TextEncoder().encode(text));
  const tooLong = fragment.length > LINK_LIMIT;
  const page = base.split('#')[0];
  return { url: tooLong ? '' : `${page}#${fragment}`, length: fragment.length, tooLong };
}

/**
 * @typedef {object} Opened
 * @property {Case} case the reading, validated and without its stamp
 * @property {string[]} warnings what the core says of it against the loaded pack (another pack
 *   than the link's included)
 * @property {PackStamp | null} pack the stamp the link carried
 * @property {boolean} otherPack whether that stamp names another pack than the loaded one
 */

/**
 * Open a share link's fragment: unpack it within its limits, then parse the case with the core,
 * as a file. Throws an Error in words on any failure; nothing is changed here.
 * @param {string} hash
 * @returns {Promise<Opened>}
 */
export async function openFragment(hash) {
  const bytes = await decodeFragment(hash);
  /** @type {string} */
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the link’s case is not valid UTF-8 text');
  }
  try {
    return await openCaseText(text);
  } catch (e) {
    throw new Error(`the link’s case is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Open the text of a case file (or of a link): the core's strict parser, then the stamp taken
 * off and compared with the loaded pack. Throws the core's Error; nothing is changed here.
 * @param {string | ArrayBuffer} input the text, or the raw bytes of a file (read as the command
 *   line reads them: a byte order mark or invalid UTF-8 is named, not repaired)
 * @returns {Promise<Opened>}
 */
export async function openCaseText(input) {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input).buffer : input;
  /** @type {Validated} */
  const v = await parseCase(bytes);
  const pack = v.case.analysis?.pack ?? null;
  const here = packStamp();
  return {
    case: unstamped(v.case),
    warnings: v.warnings,
    pack,
    otherPack: pack !== null && (here === null || pack.sha256 !== here.sha256),
  };
}

/**
 * The core's words for a case made with another profile pack, if it was.
 * @param {Opened} o
 * @returns {string | null}
 */
export function otherPackNote(o) {
  if (!o.otherPack) return null;
  const w = o.warnings.find((x) => x.startsWith('analysis.pack:'));
  return w ? w.replace(/^analysis\.pack: /, '') : null;
}
