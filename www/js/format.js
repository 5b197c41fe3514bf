// Labels and text formatting for the report. Probabilities are never formatted here: every
// figure a reader sees beside a statement, and its ICD 203 band, comes from the core (`display`).

/**
 * Signed weight of evidence (nats) with two decimals and a true minus sign: "+1.94", "−0.35".
 * @param {number} x
 */
export function nats(x) {
  const s = Math.abs(x).toFixed(2);
  if (s === '0.00') return '0.00';
  return `${x < 0 ? '−' : '+'}${s}`;
}

/**
 * A measured rate from the evaluation (not a model probability), one decimal: "53.5 %".
 * @param {number} x share, 0..1
 */
export function share(x) {
  return `${(x * 100).toFixed(1)} %`;
}

/** @type {Record<string, string>} */
export const KIND_LABEL = {
  technique: 'Technique',
  software: 'Software',
  'victim-country': 'Victim country',
  'victim-sector': 'Victim sector',
  'activity-time': 'Activity time',
  motivation: 'Motivation',
  infrastructure: 'Infrastructure',
  language: 'Language',
  event: 'Trigger event',
};

/** The choice for an item whose source was not graded: the core reads it as F or 6. */
export const NOT_GRADED = '';

/** @type {[string, string][]} */
export const RELIABILITY = [
  [NOT_GRADED, 'not graded (read as F)'],
  ['A', 'A – completely reliable'],
  ['B', 'B – usually reliable'],
  ['C', 'C – fairly reliable'],
  ['D', 'D – not usually reliable'],
  ['E', 'E – unreliable'],
  ['F', 'F – cannot be judged'],
];

/** @type {[string, string][]} */
export const CREDIBILITY = [
  [NOT_GRADED, 'not graded (read as 6)'],
  ['1', '1 – confirmed'],
  ['2', '2 – probably true'],
  ['3', '3 – possibly true'],
  ['4', '4 – doubtful'],
  ['5', '5 – improbable'],
  ['6', '6 – cannot be judged'],
];

/**
 * "2017-05-23 01:12 UTC" from an RFC 3339 timestamp (the value itself if unparsable).
 * @param {string} ts
 */
export function utc(ts) {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** English month names, for dates written out (`longDate`). */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * "23 May 2017" from YYYY-MM-DD (the value itself if unparsable).
 * @param {string} day
 */
export function longDate(day) {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  // Written out rather than by toLocaleDateString, whose first call loads the browser's locale
  // data (milliseconds the first verdict waits for): the same text as its 'en-GB' long form.
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * "1,234".
 * @param {number} n
 */
export function count(n) {
  // Whole numbers grouped by hand: toLocaleString's first call loads the browser's locale data.
  if (Number.isSafeInteger(n)) return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
  return n.toLocaleString('en-GB');
}

/**
 * Language names, made on first use: building them loads the browser's locale data, tens of
 * milliseconds the first verdict should not wait for.
 * @type {Intl.DisplayNames | null | undefined}
 */
let languages;

/**
 * The English name of a BCP 47 language tag ("ko" -> "Korean"), or the tag itself.
 * @param {string} tag
 */
export function languageName(tag) {
  if (languages === undefined) {
    try {
      languages = new Intl.DisplayNames(['en'], { type: 'language' });
    } catch {
      languages = null;
    }
  }
  try {
    const n = languages?.of(tag);
    return n && n !== tag ? n : tag;
  } catch {
    return tag;
  }
}

/**
 * Where an identifier comes from, in words: "ATT&CK G0032", "MISP galaxy 73c636ae-…".
 * @param {string} id
 */
export function idLabel(id) {
  if (/^[GSTC]\d{4}(\.\d{3})?$/.test(id)) return `ATT&CK ${id}`;
  if (id.startsWith('misp:')) return `MISP galaxy ${id.slice(5)}`;
  if (id.startsWith('X-FALSEFLAG-')) return `Attrib ${id}`;
  if (/^[A-Z]{2}$/.test(id)) return `ISO ${id}`;
  return id;
}

/**
 * The words of an event name: "sanctions-announcement" -> "sanctions announcement".
 * @param {string} v
 */
export function words(v) {
  return v.replace(/[-_]+/g, ' ');
}
