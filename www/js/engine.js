// The scoring engine: the WebAssembly module, the loaded pack and name look-ups.

import init, * as wasm from '../pkg/attrib.js';

/** @typedef {import('../pkg/attrib.js').Case} Case */
/** @typedef {import('../pkg/attrib.js').Observation} Observation */
/** @typedef {import('../pkg/attrib.js').ScoreOptions} ScoreOptions */
/** @typedef {import('../pkg/attrib.js').ScoreResult} ScoreResult */
/** @typedef {import('../pkg/attrib.js').PackSummary} PackSummary */
/** @typedef {import('../pkg/attrib.js').ProfileHit} ProfileHit */
/** @typedef {import('../pkg/attrib.js').Validated} Validated */

export { wasm };

/** @type {PackSummary | null} */
let pack = null;
/** @type {Map<string, string>} */
let countryNames = new Map();

/**
 * Load the WebAssembly module and the profile pack at `packUrl`.
 * @param {string} packUrl
 * @returns {Promise<PackSummary>}
 */
export async function start(packUrl) {
  const [, bytes] = await Promise.all([
    init({ module_or_path: new URL('../pkg/attrib_bg.wasm', import.meta.url) }),
    fetch(packUrl).then((r) => {
      if (!r.ok) throw new Error(`could not load the profile pack (${r.status})`);
      return r.arrayBuffer();
    }),
  ]);
  pack = wasm.loadPack(new Uint8Array(bytes));
  countryNames = new Map(wasm.countries().map((c) => [c.code, c.name]));
  return pack;
}

/** The loaded pack's summary. */
export function packSummary() {
  return pack;
}

/**
 * The message of anything thrown.
 * @param {unknown} e
 */
export function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

/** @type {Map<string, string | null>} */
const nameCache = new Map();

/**
 * A display name for a technique, software or profile ID, if the pack knows it.
 * @param {'technique' | 'software' | 'profile'} what
 * @param {string} id
 * @returns {string | null}
 */
export function nameOf(what, id) {
  const key = `${what}:${id}`;
  if (nameCache.has(key)) return nameCache.get(key) ?? null;
  /** @type {{id: string, name: string}[]} */
  let hits = [];
  try {
    hits =
      what === 'technique'
        ? wasm.searchTechniques(id, 1)
        : what === 'software'
          ? wasm.searchSoftware(id, 1)
          : wasm.searchProfiles(id, 1);
  } catch {
    hits = [];
  }
  const hit = hits.find((x) => x.id.toLowerCase() === id.toLowerCase() || x.name.toLowerCase() === id.toLowerCase());
  const name = hit ? (what === 'software' && hit.id !== id ? `${hit.name} (${hit.id})` : hit.name) : null;
  nameCache.set(key, name);
  return name;
}

/** Forget cached names (after a new pack). */
export function forgetNames() {
  nameCache.clear();
}

/**
 * The English name of an ISO country code.
 * @param {string} code
 */
export function countryName(code) {
  return countryNames.get(code) ?? code;
}
