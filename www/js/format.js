// Number and label formatting for the report.

/**
 * "62 %" (one decimal below 10 %, "<0.1 %" for tiny values).
 * @param {number} p probability 0..1
 */
export function pct(p) {
  const v = p * 100;
  if (v > 0 && v < 0.1) return '<0.1 %';
  if (v > 99.9 && v < 100) return '>99.9 %';
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} %`;
}

/**
 * "48–74 %".
 * @param {[number, number]} iv
 */
export function interval(iv) {
  return `${pct(iv[0]).replace(' %', '')}–${pct(iv[1])}`;
}

/**
 * Signed nats with two decimals and a true minus sign: "+1.94", "−0.35".
 * @param {number} x
 */
export function nats(x) {
  const s = Math.abs(x).toFixed(2);
  if (s === '0.00') return '0.00';
  return `${x < 0 ? '−' : '+'}${s}`;
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

/** @type {[string, string][]} */
export const RELIABILITY = [
  ['A', 'A – completely reliable'],
  ['B', 'B – usually reliable'],
  ['C', 'C – fairly reliable'],
  ['D', 'D – not usually reliable'],
  ['E', 'E – unreliable'],
  ['F', 'F – cannot be judged'],
];

/** @type {[number, string][]} */
export const CREDIBILITY = [
  [1, '1 – confirmed'],
  [2, '2 – probably true'],
  [3, '3 – possibly true'],
  [4, '4 – doubtful'],
  [5, '5 – improbable'],
  [6, '6 – cannot be judged'],
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

/**
 * The ICD 203 legend, in one line.
 */
export const ICD_LEGEND =
  'Estimative terms (ICD 203): almost no chance 1–5 % · very unlikely 5–20 % · unlikely 20–45 % · ' +
  'roughly even chance 45–55 % · likely 55–80 % · very likely 80–95 % · almost certain 95–99 %.';

/**
 * "1,234".
 * @param {number} n
 */
export function count(n) {
  return n.toLocaleString('en-GB');
}
