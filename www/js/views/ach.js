// Analysis of competing hypotheses: observations against the leading hypotheses, coloured by the
// sign and size of each contribution, with a diagnosticity column.

import { h, mount } from '../dom.js';
import { nats } from '../format.js';
import { state } from '../state.js';
import { paged } from '../pager.js';
import { shortLabel } from './describe.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */

/** Leading hypotheses shown (the fourth is hidden on narrow screens). */
const COLUMNS = 4;

/**
 * A colour class for a contribution: strong or mild, for or against, or neutral.
 * @param {number} x
 */
function tone(x) {
  if (x >= 1) return 'for-2';
  if (x >= 0.2) return 'for-1';
  if (x <= -1) return 'against-2';
  if (x <= -0.2) return 'against-1';
  return 'neutral';
}

/**
 * @param {HTMLElement} root
 * @param {ScoreResult | null} r
 */
export function renderAch(root, r) {
  if (!r || r.hypotheses.length === 0) {
    mount(root);
    return;
  }
  const cols = r.hypotheses.slice(0, COLUMNS);
  // Every hypothesis has one contribution per included observation, in observation order, so
  // row j is the j-th entry of each column; only the rows of the page shown are built.
  const order = cols[0].contributions.observation;
  const obs = state.case.observations;
  const body = h('tbody', {});
  const pages = paged({
    id: 'ach',
    list: body,
    items: Array.from(order.keys()),
    noun: 'items',
    make: (j) => {
      const i = order[j];
      const vals = cols.map((c) => c.contributions.log_lr[j]);
      const spread = Math.max(...vals) - Math.min(...vals);
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, shortLabel(obs[i], i)),
        vals.map((v, k) => h('td', { class: `cell ${tone(v)}${k >= 3 ? ' wide-only' : ''}` }, nats(v))),
        h('td', { class: `diag${spread >= 1 ? ' high' : ''}` }, spread.toFixed(2)),
      );
    },
  });
  mount(
    root,
    h(
      'p',
      { class: 'hint' },
      'Each cell is an item’s weight for that hypothesis (nats). ',
      h('span', { class: 'key pos' }, 'Blue is consistent with it'),
      ', ',
      h('span', { class: 'key neg' }, 'orange inconsistent'),
      ', grey neutral. Diagnosticity is the spread of an item’s weight across these hypotheses: an item that weighs the same for all of them cannot tell them apart, however strong it looks.',
    ),
    h(
      'table',
      { class: 'ach', id: 'ach-table' },
      h('caption', { class: 'visually-hidden' }, 'Observations against the leading hypotheses'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Item'),
          cols.map((c, k) => h('th', { scope: 'col', class: k >= 3 ? 'wide-only' : '', title: c.name }, h('abbr', { title: c.name }, c.id), h('span', { class: 'col-name' }, c.name))),
          h('th', { scope: 'col' }, h('span', { class: 'wide-only' }, 'Diagnosticity'), h('abbr', { class: 'narrow-only', title: 'Diagnosticity' }, 'Diag.')),
        ),
      ),
      body,
    ),
    pages,
  );
}
