// Analysis of competing hypotheses: items against the leading hypotheses, shaded by the sign and
// size of each weight, with each item's diagnosticity. The core computes the matrix (shades and
// diagnosticity included); this only lays it out.

import { paged } from '../pager.js';
import { h, mount, term } from '../dom.js';
import { nats } from '../format.js';
import { state } from '../state.js';
import { shortLabel } from './describe.js';
import { qualified } from './statement.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */
/** @typedef {import('../engine.js').Display} Display */

/** Columns beyond this one are left out on narrow screens. */
const NARROW = 3;

/**
 * @param {HTMLElement} root
 * @param {ScoreResult | null} r
 * @param {Display | null} d
 */
export function renderAch(root, r, d) {
  const m = d?.ach;
  if (!r || !m || m.columns.length === 0) {
    mount(root);
    return;
  }
  const names = new Map(r.hypotheses.map((x) => [x.id, x.name]));
  const obs = state.case.observations;
  const wide = (/** @type {number} */ k) => (k >= NARROW ? 'wide-only' : '');
  const k = m.columns.length;
  // A page of rows at a time (pager.js): a case may have 10,000 observations. The rows come as
  // typed arrays (engine.js AchMatrix); only the rows on the page are read.
  const body = h('tbody', {});
  const pages = paged({
    id: 'ach',
    list: body,
    items: Array.from({ length: m.rows }, (_, i) => i),
    noun: 'items',
    make: (i) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, shortLabel(obs[m.observation[i]], m.observation[i])),
        Array.from({ length: k }, (_, j) => h('td', { class: `cell ${m.shades[m.shade[i * k + j]]} ${wide(j)}`.trim() }, nats(m.log_lr[i * k + j]))),
        h('td', { class: `diag${m.telling[i] ? ' high' : ''}` }, m.diagnosticity[i].toFixed(2)),
      ),
  });
  mount(
    root,
    h(
      'p',
      { class: 'hint', id: 'ach-hint' },
      qualified(d, 'The leading hypotheses'),
      ', side by side. Each cell is an item’s ',
      term('weight', 'weight'),
      ' for that hypothesis. ',
      h('span', { class: 'key pos' }, 'Blue is consistent with it'),
      ', ',
      h('span', { class: 'key neg' }, 'orange inconsistent'),
      ', grey neutral. ',
      term('diagnosticity', 'Diagnosticity'),
      ' is the spread of an item’s weight across these hypotheses: an item that weighs the same for all of them cannot tell them apart, however strong it looks.',
    ),
    h(
      'table',
      { class: 'ach', id: 'ach-table' },
      h('caption', { class: 'visually-hidden' }, qualified(d, 'Items against the leading hypotheses')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Item'),
          m.columns.map((id, j) => h('th', { scope: 'col', class: `col-name ${wide(j)}`.trim() }, names.get(id) ?? id)),
          h('th', { scope: 'col' }, 'Diagnosticity'),
        ),
      ),
      body,
    ),
    pages,
  );
}
