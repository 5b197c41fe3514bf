// The assessment at the top of the report: the ICD 203 statement, the sponsor-level statement and
// confidence as a separate sentence; beside them the three most likely culprits with their 90 %
// intervals; below, the legend of estimative terms and any notes on the evidence.

import { probabilityBars } from '../charts.js';
import { byId, h, mount } from '../dom.js';
import { paged } from '../pager.js';
import { ICD_LEGEND } from '../format.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */
/** @typedef {import('../charts.js').BarRow} BarRow */

/**
 * The core numbers observations from 0; the page, like readers, from 1.
 * @param {string} w
 */
function readable(w) {
  return w.replace(/^observation (\d+):/, (_, n) => `Item ${Number(n) + 1}:`);
}

/**
 * The three likeliest answers, the unlisted actor included if it is one of them.
 * @param {ScoreResult} r
 * @returns {BarRow[]}
 */
function topThree(r) {
  /** @type {BarRow[]} */
  const rows = r.hypotheses.map((x) => ({ label: x.name, detail: x.id, p: x.probability, iv: x.interval, lead: x.id === r.leader }));
  rows.push({
    label: 'Unlisted actor',
    detail: 'not in the pack',
    p: r.unlisted.probability,
    iv: r.unlisted.interval,
    lead: r.leader === 'unlisted',
    muted: true,
  });
  return rows.sort((a, b) => b.p - a.p).slice(0, 3);
}

/**
 * @param {HTMLElement} root the statement column (#statement)
 * @param {ScoreResult | null} r
 * @param {string | null} error
 */
export function renderStatement(root, r, error) {
  const top = byId('top3');
  const notes = byId('statement-notes');
  byId('assessment').removeAttribute('aria-busy');
  if (error || !r) {
    mount(root, h('p', { class: 'error', role: 'alert' }, `The case could not be scored: ${error ?? 'no result'}`));
    mount(top);
    mount(notes);
    return;
  }
  const reason = r.confidence_reason ? ` — ${r.confidence_reason}.` : '.';
  mount(
    root,
    h('p', { class: 'statement', id: 'statement-text' }, r.statement),
    h('p', { class: 'sponsor-statement', id: 'sponsor-statement' }, r.sponsor_statement),
    h('p', { class: `confidence confidence-${r.confidence}`, id: 'confidence' }, h('strong', {}, `Confidence: ${r.confidence}`), reason),
  );
  const samples = r.settings.samples;
  mount(
    top,
    h('p', { class: 'top3-h', id: 'top3-h' }, 'Most likely culprits'),
    probabilityBars('The three most likely culprits, with 90 % credible intervals', topThree(r)),
    h('p', { class: 'top3-note' }, samples > 0 ? 'Bar: probability. Whiskers and small figures: 90 % credible interval.' : 'Monte Carlo is off, so no intervals.'),
  );
  const list = h('ul', {});
  // Notes about the whole case (what the cost model cut) first, then those about single items.
  const general = r.warnings.filter((w) => !w.startsWith('observation '));
  const items = [...general, ...r.warnings.filter((w) => w.startsWith('observation '))];
  const pages = paged({ id: 'notes', list, items, make: (w) => h('li', {}, readable(w)), noun: 'notes' });
  mount(
    notes,
    h('p', { class: 'legend' }, ICD_LEGEND),
    r.warnings.length > 0 && h('div', { class: 'warnings' }, h('p', { class: 'warnings-h' }, 'Notes on the evidence'), list, pages),
  );
}
