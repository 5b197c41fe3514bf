// The evidence table: every observation in plain words with its source and grades. Each row has
// three stops for the keyboard: include or leave out, the source's link, and "Grades and more",
// which opens the item's grades, the "possibly planted" mark and its removal.

import { h, messageSlot, mount, safeLink } from '../dom.js';
import { CREDIBILITY, KIND_LABEL, NOT_GRADED, RELIABILITY } from '../format.js';
import { editCase, marked, removeObservation, state, toggle } from '../state.js';
import { paged } from '../pager.js';
import { describe } from './describe.js';

/** @typedef {import('../engine.js').Observation} Observation */
/** @typedef {import('../../pkg/attrib.js').Source} Source */

/** Rows whose "Grades and more" is open, kept across re-renders. @type {Set<number>} */
const open = new Set();

const message = messageSlot('evidence-error');

/**
 * Change one grade of observation `i` ('' removes it: not graded).
 * @param {number} i
 * @param {'reliability' | 'credibility'} key
 * @param {string} v
 */
function setGrade(i, key, v) {
  editCase((c) => {
    const o = c.observations[i];
    /** @type {Record<string, unknown>} */
    const src = { ...(o.source ?? {}) };
    if (v === NOT_GRADED) delete src[key];
    else src[key] = key === 'credibility' ? Number(v) : v;
    if (Object.keys(src).length === 0) delete o.source;
    else o.source = /** @type {Source} */ (src);
  }).then((err) => message.say(err));
}

/**
 * The grades in words: "B2: usually reliable source, information probably true".
 * @param {Source | undefined} src
 */
function gradesText(src) {
  const words = (/** @type {[string, string][]} */ list, /** @type {string} */ v) => list.find(([k]) => k === v)?.[1].replace(/^\w – /, '') ?? v;
  const rel = src?.reliability;
  const cred = src?.credibility == null ? null : String(src.credibility);
  if (!rel && !cred) return 'not graded (read as F6)';
  const r = rel ? `${words(RELIABILITY, rel)} source` : 'source not graded';
  const c = cred ? `information ${words(CREDIBILITY, cred)}` : 'information not graded';
  return `${rel ?? 'F'}${cred ?? '6'}: ${r}, ${c}`;
}

/**
 * Where focus goes once row `i` is removed: the row that took its place, else the one before,
 * else the form that adds observations.
 * @param {number} i
 */
function focusAfterRemoval(i) {
  const n = state.case.observations.length;
  const target = n === 0 ? document.getElementById('new-kind') : document.getElementById(`obs-${Math.min(i, n - 1)}-more-summary`);
  /** @type {HTMLElement | null} */ (target)?.focus();
}

/**
 * What row `i`'s "Grades and more" holds: the two grades, the "possibly planted" mark and the
 * removal. Built when the row is first opened: its two selects would cost the browser a style and
 * layout pass each when a page of rows is drawn, and most rows are never opened.
 * @param {Observation} o
 * @param {number} i
 * @param {HTMLTableRowElement} tr the row, marked planted or not along with the box
 */
function moreBody(o, i, tr) {
  const plantedBox = h('input', {
    type: 'checkbox',
    id: `obs-${i}-planted`,
    checked: marked('planted', i),
    onchange: () => {
      tr.classList.toggle('planted', plantedBox.checked);
      toggle('planted', i, plantedBox.checked).then((err) => message.say(err));
    },
  });
  const grade = (/** @type {'reliability' | 'credibility'} */ key, /** @type {[string, string][]} */ choices, /** @type {string} */ label) => {
    const now = String(o.source?.[key] ?? NOT_GRADED);
    const sel = h(
      'select',
      { id: `obs-${i}-${key}`, onchange: () => setGrade(i, key, sel.value) },
      choices.map(([v, l]) => h('option', { value: v, selected: v === now }, l)),
    );
    return h('div', { class: 'field' }, h('label', { for: sel.id }, label), sel);
  };
  const remove = h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      id: `obs-${i}-remove`,
      onclick: async () => {
        const err = await removeObservation(i);
        message.say(err);
        if (!err) {
          open.clear();
          focusAfterRemoval(i);
        }
      },
    },
    'Remove',
    h('span', { class: 'visually-hidden' }, ` item ${i + 1}`),
  );
  return h(
    'div',
    { class: 'more-body' },
    grade('reliability', RELIABILITY, 'Source reliability'),
    grade('credibility', CREDIBILITY, 'Information credibility'),
    h('label', { class: 'inline', for: plantedBox.id }, plantedBox, 'Possibly planted'),
    remove,
  );
}

/**
 * @param {Observation} o
 * @param {number} i
 */
function row(o, i) {
  const n = i + 1;
  const excluded = marked('excluded', i);
  const planted = marked('planted', i);
  const tr = h('tr', { id: `obs-${i}`, class: `${excluded ? 'excluded' : ''}${planted ? ' planted' : ''}`.trim() });
  const include = h('input', {
    type: 'checkbox',
    id: `obs-${i}-include`,
    checked: !excluded,
    'aria-label': `Use item ${n} in the scoring`,
    onchange: () => {
      tr.classList.toggle('excluded', !include.checked);
      toggle('excluded', i, !include.checked).then((err) => message.say(err));
    },
  });
  const summary = h('summary', { id: `obs-${i}-more-summary` }, 'Grades and more', h('span', { class: 'visually-hidden' }, `, item ${n}`));
  const more = h('details', { id: `obs-${i}-more`, class: 'more', open: open.has(i) }, summary, open.has(i) && moreBody(o, i, tr));
  /** Build the body before the details opens (a click or a key on its summary), or as it opens. */
  const build = () => {
    if (!summary.nextSibling) more.append(moreBody(o, i, tr));
  };
  summary.addEventListener('click', build);
  more.addEventListener('toggle', () => {
    if (more.open) {
      build();
      open.add(i);
    } else open.delete(i);
  });
  const src = o.source;
  const { text, ident } = describe(o);
  tr.append(
    h('td', { class: 'c-use' }, include),
    h('th', { scope: 'row', class: 'c-num' }, String(n)),
    h(
      'td',
      { class: 'c-evidence' },
      h('span', { class: 'kind' }, KIND_LABEL[o.kind] ?? o.kind),
      h('span', { class: 'value' }, text),
      ident && h('span', { class: 'ident' }, ident),
      o.note && h('span', { class: 'note' }, o.note),
      h(
        'span',
        { class: 'source' },
        'Source: ',
        src?.name || src?.url ? safeLink(src.url, src.name ?? src.url ?? '') : h('span', { class: 'muted' }, 'none given'),
        `. Grades: ${gradesText(src)}.`,
      ),
      planted && h('span', { class: 'flag' }, 'Suspected planted'),
      excluded && h('span', { class: 'flag' }, 'Left out'),
    ),
    h('td', { class: 'c-more' }, more),
  );
  return tr;
}

/**
 * Build the table for the current case.
 * @param {HTMLElement} root
 */
export function renderEvidence(root) {
  const obs = state.case.observations;
  for (const i of open) if (i >= obs.length) open.delete(i);
  // A page of rows at a time (pager.js): a case may have 10,000 observations.
  const body = h('tbody', {});
  const pages = paged({ id: 'evidence', list: body, items: obs, make: row, noun: 'items' });
  mount(
    root,
    message.el,
    obs.length === 0
      ? h('p', { class: 'muted', id: 'evidence-empty' }, 'This case has no observations yet. ', h('a', { href: '#add-h' }, 'Add the first one'), '.')
      : h(
          'table',
          { class: 'evidence', id: 'evidence-table' },
          h('caption', { class: 'visually-hidden' }, 'Observations, their sources and grades'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Use'),
              h('th', { scope: 'col' }, '#'),
              h('th', { scope: 'col' }, 'Evidence and source'),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Grades and more')),
            ),
          ),
          body,
        ),
    pages,
  );
}
