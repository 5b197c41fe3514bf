// Plain-language descriptions of observations, using the pack's names where it has them.

import { countryName, nameOf } from '../engine.js';
import { KIND_LABEL, utc } from '../format.js';

/** @typedef {import('../engine.js').Observation} Observation */

/**
 * The observation's value, spelled out: "T1566.001 Phishing: Spearphishing Attachment".
 * @param {Observation} o
 * @returns {string}
 */
export function describeValue(o) {
  switch (o.kind) {
    case 'technique': {
      const n = nameOf('technique', o.value);
      return n ? `${o.value} ${n}` : o.value;
    }
    case 'software': {
      const n = nameOf('software', o.value);
      return n && n !== o.value ? `${o.value} (${n})` : o.value;
    }
    case 'victim-country':
      return `${countryName(o.value)} (${o.value})`;
    case 'activity-time':
      return utc(o.value);
    case 'event':
      return `${o.value}, ${o.date ?? ''}`;
    default:
      return o.value;
  }
}

/**
 * A short label: "3 · Software PEACHPIT".
 * @param {Observation} o
 * @param {number} i
 */
export function shortLabel(o, i) {
  return `${i + 1} · ${KIND_LABEL[o.kind] ?? o.kind} ${o.kind === 'activity-time' ? utc(o.value) : o.value}`;
}

/**
 * A profile's display name, or the ID itself; "unlisted" reads as the unlisted actor.
 * @param {string} id
 */
export function profileName(id) {
  if (id === 'unlisted') return 'an unlisted actor';
  return nameOf('profile', id) ?? id;
}
