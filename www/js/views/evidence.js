// The evidence table: every observation with its source and Admiralty grades, and the reader's
// controls (include, grades, suspected planted, remove).

import { h, mount, safeLink } from '../dom.js';
import { CREDIBILITY, KIND_LABEL, RELIABILITY } from '../format.js';
import { editCase, removeObservation, state, toggle } from '../state.js';
import { paged } from '../pager.js';
import { describeValue } from './describe.js';

/** @typedef {import('../engine.js').Observation} Observation */

/** @type {HTMLElement | null} */
let errorSlot = null;

/** @param {string | null} err */
function report(err) {
  if (errorSlot) mount(errorSlot, err ? h('p', { class: 'error', role: 'alert' }, err) : null);
}

/**
 * Change one grade of observation `i`.
 * @param {number} i
 * @param {'reliability' | 'credibility'} key
 * @param {string | number} v
 */
function setGrade(i, key, v) {
  editCase((c) => {
    const o = c.observations[i];
    o.source = { ...(o.source ?? {}), [key]: v };
  }).then(report);
}

/**
 * @param {Observation} o
 * @param {number} i
 */
function row(o, i) {
  const n = i + 1;
  const excluded = state.excluded.has(i);
  const planted = state.planted.has(i);
  const tr = h('tr', { id: `obs-${i}`, class: `${excluded ? 'excluded' : ''}${planted ? ' planted' : ''}`.trim() });
  const include = h('input', {
    type: 'checkbox',
    id: `obs-${i}-include`,
    checked: !excluded,
    'aria-label': `Include observation ${n} in the scoring`,
    onchange: () => {
      tr.classList.toggle('excluded', !include.checked);
      toggle('excluded', i, !include.checked);
    },
  });
  const plantedBox = h('input', {
    type: 'checkbox',
    id: `obs-${i}-planted`,
    checked: planted,
    'aria-label': `Observation ${n} may have been planted`,
    onchange: () => {
      tr.classList.toggle('planted', plantedBox.checked);
      toggle('planted', i, plantedBox.checked);
    },
  });
  const rel = o.source?.reliability ?? 'F';
  const cred = o.source?.credibility ?? 6;
  const relSel = h(
    'select',
    {
      id: `obs-${i}-reliability`,
      'aria-label': `Source reliability of observation ${n}`,
      onchange: () => setGrade(i, 'reliability', relSel.value),
    },
    RELIABILITY.map(([v, label]) => h('option', { value: v, selected: v === rel }, label)),
  );
  const credSel = h(
    'select',
    {
      id: `obs-${i}-credibility`,
      'aria-label': `Information credibility of observation ${n}`,
      onchange: () => setGrade(i, 'credibility', Number(credSel.value)),
    },
    CREDIBILITY.map(([v, label]) => h('option', { value: String(v), selected: v === cred }, label)),
  );
  const remove = h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      id: `obs-${i}-remove`,
      'aria-label': `Remove observation ${n} from the case`,
      onclick: () => removeObservation(i).then(report),
    },
    'Remove',
  );
  const src = o.source;
  tr.append(
    h('td', { class: 'c-use' }, include),
    h('th', { scope: 'row', class: 'c-num' }, String(n)),
    h(
      'td',
      { class: 'c-evidence' },
      h('span', { class: 'kind' }, KIND_LABEL[o.kind] ?? o.kind),
      h('span', { class: 'value' }, describeValue(o)),
      o.note && h('span', { class: 'note' }, o.note),
    ),
    h(
      'td',
      { class: 'c-source' },
      src?.name || src?.url ? safeLink(src.url, src.name ?? src.url ?? '') : h('span', { class: 'muted' }, 'no source given'),
    ),
    h('td', { class: 'c-grade' }, h('span', { class: 'cell-label', 'aria-hidden': 'true' }, 'Reliability'), relSel),
    h('td', { class: 'c-grade' }, h('span', { class: 'cell-label', 'aria-hidden': 'true' }, 'Credibility'), credSel),
    h('td', { class: 'c-planted' }, h('label', { class: 'inline' }, plantedBox, h('span', { 'aria-hidden': 'true' }, 'planted?'))),
    h('td', { class: 'c-remove' }, remove),
  );
  return tr;
}

/**
 * Build the table for the current case.
 * @param {HTMLElement} root
 */
export function renderEvidence(root) {
  errorSlot = h('div', { class: 'error-slot' });
  const obs = state.case.observations;
  // A page of rows at a time (pager.js): a case may have 10,000 observations.
  const body = h('tbody', {});
  const pages = paged({ id: 'evidence', list: body, items: obs, make: row, noun: 'items' });
  mount(
    root,
    errorSlot,
    obs.length === 0
      ? h('p', { class: 'muted' }, 'This case has no observations yet. Add some below.')
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
              h('th', { scope: 'col' }, 'Evidence'),
              h('th', { scope: 'col' }, 'Source'),
              h('th', { scope: 'col' }, 'Reliability'),
              h('th', { scope: 'col' }, 'Credibility'),
              h('th', { scope: 'col' }, 'Planted?'),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')),
            ),
          ),
          body,
        ),
    pages,
  );
}
