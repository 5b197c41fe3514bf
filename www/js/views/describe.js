// Plain-language descriptions of observations and profiles: the pack's names where it has them,
// and identifiers kept apart, as secondary text a reader can copy.

import { countryName, nameOf } from '../engine.js';
import { idLabel, languageName, longDate, utc, words } from '../format.js';

/** @typedef {import('../engine.js').Observation} Observation */

/** Infrastructure prefixes in words. @type {Record<string, string>} */
const INDICATOR = {
  ip: 'IP address',
  cidr: 'network',
  asn: 'network operator (AS)',
  domain: 'domain',
  email: 'email address',
  'cert-sha256': 'certificate, SHA-256',
};

/**
 * The observation in words, and the identifier behind it (if it is not the words themselves).
 * @param {Observation} o
 * @returns {{text: string, ident: string | null}}
 */
export function describe(o) {
  switch (o.kind) {
    case 'technique': {
      const n = nameOf('technique', o.value);
      return { text: n ?? o.value, ident: n ? idLabel(o.value) : null };
    }
    case 'software': {
      const n = nameOf('software', o.value);
      return { text: n ?? o.value, ident: n && n.toLowerCase() !== o.value.toLowerCase() ? idLabel(o.value) : null };
    }
    case 'victim-country':
      return { text: countryName(o.value), ident: idLabel(o.value) };
    case 'victim-sector':
      return { text: words(o.value), ident: `STIX ${o.value}` };
    case 'activity-time':
      return { text: utc(o.value), ident: null };
    case 'language': {
      const n = languageName(o.value);
      return { text: n, ident: n === o.value ? null : `BCP 47 ${o.value}` };
    }
    case 'infrastructure': {
      const at = o.value.indexOf(':');
      const label = at > 0 ? INDICATOR[o.value.slice(0, at)] : undefined;
      return { text: label ? `${label} ${o.value.slice(at + 1)}` : o.value, ident: null };
    }
    case 'event':
      return { text: `${words(o.value)}, ${o.date ? longDate(o.date) : ''}`, ident: null };
    default:
      return { text: o.value, ident: null };
  }
}

/**
 * A short label: "3 · PEACHPIT".
 * @param {Observation | undefined} o
 * @param {number} i
 */
export function shortLabel(o, i) {
  return o ? `${i + 1} · ${describe(o).text}` : `${i + 1}`;
}

/**
 * A profile's display name, or the ID itself; "unlisted" reads as the unlisted actor.
 * @param {string} id
 */
export function profileName(id) {
  if (id === 'unlisted') return 'an actor outside the profile pack';
  return nameOf('profile', id) ?? id;
}
