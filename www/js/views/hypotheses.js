// The suspects: the hypotheses that compete, and a search of the whole pack to add more.

import { h, mount } from '../dom.js';
import { countryName, nameOf, packSummary, search } from '../engine.js';
import { count } from '../format.js';
import { editCase, state } from '../state.js';

/** @typedef {import('../engine.js').ProfileHit} ProfileHit */

/** @type {HTMLElement | null} */
let errorSlot = null;

/** @param {string | null} err */
function report(err) {
  if (errorSlot) mount(errorSlot, err ? h('p', { class: 'error', role: 'alert' }, err) : null);
}

/**
 * @param {string} id
 */
async function add(id) {
  const err = await editCase(
    (c) => {
      c.hypotheses = [...(c.hypotheses ?? []), id];
    },
    { structural: true },
  );
  report(err);
  document.getElementById('hyp-search')?.focus();
}

/** @param {string} id */
async function remove(id) {
  const err = await editCase(
    (c) => {
      const rest = (c.hypotheses ?? []).filter((x) => x !== id);
      // An empty list is not a race: without the last suspect, every profile competes again.
      if (rest.length > 0) c.hypotheses = rest;
      else delete c.hypotheses;
    },
    { structural: true },
  );
  report(err);
  document.getElementById('hyp-search')?.focus();
}

/**
 * @param {ProfileHit} p
 * @param {boolean} listed
 */
function hit(p, listed) {
  const aliases = p.aliases.length ? `also ${p.aliases.slice(0, 4).join(', ')}` : '';
  const sponsor = p.sponsor ? `suspected sponsor ${countryName(p.sponsor)}` : '';
  return h(
    'li',
    {},
    h(
      'button',
      {
        type: 'button',
        class: 'hit',
        disabled: listed,
        'aria-label': listed ? `${p.name} (${p.id}) already competes` : `Add ${p.name} (${p.id}) as a suspect`,
        onclick: () => add(p.id),
      },
      h('span', { class: 'hit-name' }, `${listed ? '✓' : '+'} ${p.name}`),
      h('span', { class: 'hit-detail' }, [p.id, aliases, sponsor].filter(Boolean).join(' · ')),
    ),
  );
}

/**
 * Build the suspects panel for the current case.
 * @param {HTMLElement} root
 */
export function renderHypotheses(root) {
  errorSlot = h('div', { class: 'error-slot' });
  const list = state.case.hypotheses;
  let asked = 0;
  const results = h('ul', { class: 'hits', id: 'hyp-results', 'aria-live': 'polite' });
  const input = h('input', {
    type: 'search',
    id: 'hyp-search',
    autocomplete: 'off',
    placeholder: 'e.g. Kimsuky, APT28, G0094',
    oninput: async () => {
      const q = input.value;
      asked += 1;
      const mine = asked;
      /** @type {ProfileHit[]} */
      let hits = [];
      try {
        hits = /** @type {ProfileHit[]} */ (await search('profile', q, 12));
      } catch (e) {
        hits = [];
      }
      // Only the answer to the latest query is shown; the worker answers in order, but a result
      // arriving after the reader typed on is stale.
      if (mine !== asked) return;
      const listed = new Set(state.case.hypotheses ?? []);
      mount(
        results,
        q.trim() && hits.length === 0 ? h('li', { class: 'muted' }, 'No profile matches.') : null,
        hits.map((p) => hit(p, listed.has(p.id))),
      );
    },
  });
  const total = packSummary()?.profiles ?? 0;
  mount(
    root,
    errorSlot,
    list
      ? h(
          'div',
          {},
          h('p', { class: 'hint' }, `${list.length} named suspects compete, plus an unlisted actor. The profile pack knows ${count(total)} profiles.`),
          h(
            'ul',
            { class: 'chips', id: 'hyp-list' },
            list.map((id) =>
              h(
                'li',
                { class: 'chip' },
                h('span', {}, nameOf('profile', id) ?? id, h('span', { class: 'chip-id' }, ` ${id}`)),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'chip-remove',
                    'aria-label': `Remove ${nameOf('profile', id) ?? id} (${id}) from the suspects`,
                    onclick: () => remove(id),
                  },
                  '×',
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'hint' }, `Every one of the ${count(total)} profiles in the pack competes, plus an unlisted actor. Adding a suspect limits the ranking to the ones you list.`),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'hyp-search' }, 'Find a threat actor by name, alias or ID'),
      input,
    ),
    results,
  );
}
