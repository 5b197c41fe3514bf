// Long lists (a case may have 10,000 observations) show one page of rows at a time, with
// "previous" and "next" buttons: the page never holds more than PAGE rows of any list, so building
// a list, re-scoring and laying out stay cheap however long the case is. Each list remembers its
// page across re-renders (a re-score does not send the reader back to the first page).

import { h, mount } from './dom.js';
import { count } from './format.js';

/** Rows per page. */
export const PAGE = 50;

/** @type {Map<string, number>} */
const pageOf = new Map();

/**
 * Fill `list` with one page of `items` and return the navigation to put after it (or nothing,
 * when everything fits on one page).
 * @template T
 * @param {object} how
 * @param {string} how.id a stable id for this list (its navigation gets `${id}-pages`)
 * @param {Element} how.list the element the rows go in (a tbody, ol or ul)
 * @param {readonly T[]} how.items
 * @param {(item: T, index: number) => Node} how.make one row; `index` is the item's position in `items`
 * @param {string} how.noun what the rows are, plural ("items", "notes")
 * @returns {HTMLElement | null}
 */
export function paged({ id, list, items, make, noun }) {
  const pages = Math.max(1, Math.ceil(items.length / PAGE));
  const show = (/** @type {number} */ page) => {
    const p = Math.min(Math.max(page, 0), pages - 1);
    pageOf.set(id, p);
    const rows = [];
    for (let i = p * PAGE; i < Math.min(items.length, (p + 1) * PAGE); i += 1) rows.push(make(items[i], i));
    mount(list, rows);
    return p;
  };
  const first = show(pageOf.get(id) ?? 0);
  if (pages === 1) return null;
  const where = h('span', { class: 'pages-where', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'link-button', id: `${id}-prev` }, `‹ Previous ${PAGE}`);
  const next = h('button', { type: 'button', class: 'link-button', id: `${id}-next` }, `Next ${PAGE} ›`);
  const update = (/** @type {number} */ p) => {
    const from = p * PAGE + 1;
    const to = Math.min(items.length, (p + 1) * PAGE);
    where.textContent = `${noun[0].toUpperCase()}${noun.slice(1)} ${count(from)}–${count(to)} of ${count(items.length)}`;
    prev.disabled = p === 0;
    next.disabled = p === pages - 1;
  };
  prev.addEventListener('click', () => update(show((pageOf.get(id) ?? 0) - 1)));
  next.addEventListener('click', () => update(show((pageOf.get(id) ?? 0) + 1)));
  update(first);
  return h('nav', { class: 'pages', id: `${id}-pages`, 'aria-label': `Pages of ${noun}` }, prev, where, next);
}

/**
 * Forget the page every list was on (a new case starts each list at its first page).
 */
export function firstPages() {
  pageOf.clear();
}
