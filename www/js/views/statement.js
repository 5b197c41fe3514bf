// The assessment: the ICD 203 statement, the sponsor-level statement, and confidence as a
// separate sentence, with the legend of estimative terms.

import { h, mount } from '../dom.js';
import { ICD_LEGEND } from '../format.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */

/**
 * The core numbers observations from 0; the page, like readers, from 1.
 * @param {string} w
 */
function readable(w) {
  return w.replace(/^observation (\d+):/, (_, n) => `Item ${Number(n) + 1}:`);
}

/**
 * @param {HTMLElement} root
 * @param {ScoreResult | null} r
 * @param {string | null} error
 */
export function renderStatement(root, r, error) {
  if (error || !r) {
    mount(root, h('p', { class: 'error', role: 'alert' }, `The case could not be scored: ${error ?? 'no result'}`));
    return;
  }
  const reason = r.confidence_reason ? ` — ${r.confidence_reason}.` : '.';
  mount(
    root,
    h('p', { class: 'statement', id: 'statement-text' }, r.statement),
    h('p', { class: 'sponsor-statement', id: 'sponsor-statement' }, r.sponsor_statement),
    h(
      'p',
      { class: `confidence confidence-${r.confidence}`, id: 'confidence' },
      h('strong', {}, `Confidence: ${r.confidence}`),
      reason,
    ),
    h('p', { class: 'legend' }, ICD_LEGEND),
    r.warnings.length > 0 &&
      h(
        'div',
        { class: 'warnings' },
        h('p', { class: 'warnings-h' }, 'Notes on the evidence'),
        h('ul', {}, r.warnings.map((w) => h('li', {}, readable(w)))),
      ),
  );
}
