// SVG charts built with DOM APIs. Each chart is a list whose rows carry their own text (label and
// figures), so the chart reads as a table to assistive technology; the SVG marks are decoration.

import { h, svg } from './dom.js';
import { paged } from './pager.js';
import { nats } from './format.js';

/** @typedef {import('./engine.js').Figure} Figure */

/**
 * @typedef {object} BarRow
 * @property {string} label
 * @property {string | null} [ident] the identifier behind the label, shown small and copyable
 * @property {Figure} figure the probability with its interval, as the core shows them
 * @property {boolean} [lead] highlight as the leader
 * @property {boolean} [focus] a highlighted suspect
 * @property {boolean} [muted] draw in grey (e.g. the unlisted actor)
 * @property {Node | null} [more] anything shown under the row (e.g. named unknowns)
 */

/**
 * Horizontal probability bars with credible-interval whiskers.
 * @param {string} name accessible name of the chart
 * @param {BarRow[]} rows
 * @returns {HTMLElement}
 */
export function probabilityBars(name, rows) {
  return h(
    'ol',
    { class: 'bars', 'aria-label': name },
    rows.map((r) => {
      const f = r.figure;
      const x0 = clamp(f.interval[0]) * 100;
      const x1 = clamp(f.interval[1]) * 100;
      return h(
        'li',
        { class: `bar-row${r.lead ? ' lead' : ''}${r.muted ? ' muted' : ''}${r.focus ? ' focus' : ''}` },
        h(
          'span',
          { class: 'bar-label' },
          r.label,
          r.focus && h('span', { class: 'tag' }, 'highlighted'),
          r.ident && h('span', { class: 'ident' }, r.ident),
        ),
        svg(
          'svg',
          { class: 'bar', viewBox: '0 0 100 12', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
          svg('rect', { class: 'track', x: 0, y: 2, width: 100, height: 8 }),
          svg('rect', { class: 'fill', x: 0, y: 2, width: (clamp(f.probability) * 100).toFixed(3), height: 8 }),
          svg('line', { class: 'whisker', x1: x0, x2: x1, y1: 6, y2: 6, 'vector-effect': 'non-scaling-stroke' }),
          svg('line', { class: 'whisker', x1: x0, x2: x0, y1: 3, y2: 9, 'vector-effect': 'non-scaling-stroke' }),
          svg('line', { class: 'whisker', x1: x1, x2: x1, y1: 3, y2: 9, 'vector-effect': 'non-scaling-stroke' }),
        ),
        h(
          'span',
          { class: 'bar-value' },
          h('span', { class: 'p' }, f.percent),
          h('span', { class: 'iv' }, h('span', { class: 'visually-hidden' }, ', 90 % interval '), ` ${f.range}`),
        ),
        r.more ?? null,
      );
    }),
  );
}

/**
 * @typedef {object} DivergingRow
 * @property {string | (() => string)} label (a function: computed only for the rows shown)
 * @property {number} value log-likelihood ratio in nats
 */

/**
 * Diverging bars around zero: right (blue) supports, left (orange) counts against. One bar per
 * row, a page at a time (pager.js), all on the scale of the longest.
 * @param {string} id a stable id for the chart's pages
 * @param {string} name accessible name of the chart
 * @param {DivergingRow[]} rows
 * @returns {(HTMLElement | null)[]} the chart and its page navigation
 */
export function divergingBars(id, name, rows) {
  const max = rows.reduce((m, r) => Math.max(m, Math.abs(r.value)), 0.5);
  const list = h('ol', { class: 'diverging', 'aria-label': name });
  const make = (/** @type {DivergingRow} */ r) => {
    const w = (Math.abs(r.value) / max) * 100;
    const sign = r.value > 0 ? 'pos' : r.value < 0 ? 'neg' : 'zero';
    return h(
      'li',
      { class: `div-row ${sign}` },
      h('span', { class: 'bar-label' }, typeof r.label === 'function' ? r.label() : r.label),
      svg(
        'svg',
        { class: 'bar', viewBox: '0 0 200 12', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
        svg('rect', { class: 'track', x: 0, y: 2, width: 200, height: 8 }),
        svg('rect', {
          class: `fill ${sign}`,
          x: r.value >= 0 ? 100 : (100 - w).toFixed(3),
          y: 2,
          width: w.toFixed(3),
          height: 8,
        }),
        svg('line', { class: 'axis', x1: 100, x2: 100, y1: 0, y2: 12, 'vector-effect': 'non-scaling-stroke' }),
      ),
      h(
        'span',
        { class: 'bar-value' },
        h('span', { class: 'p' }, nats(r.value)),
        h('span', { class: 'visually-hidden' }, r.value > 0 ? ' (supports)' : r.value < 0 ? ' (counts against)' : ''),
      ),
    );
  };
  return [list, paged({ id, list, items: rows, make, noun: 'items' })];
}

/** @param {number} x */
function clamp(x) {
  return Math.min(1, Math.max(0, x));
}
