// The suspects: the groups a case names, and a search of the whole pack to name more. Named
// suspects are highlighted in the ranking and every profile competes, unless the reader lets only
// the named ones compete (a restricted race). There is never an empty race: removing the last
// named suspect of a restricted race lets every profile compete again.

import { h, messageSlot, mount, term } from '../dom.js';
import { countryName, nameOf, packSummary, search } from '../engine.js';
import { count, idLabel } from '../format.js';
import { editCase, state } from '../state.js';
import { latestWins } from '../util.js';

/** @typedef {import('../engine.js').ProfileHit} ProfileHit */
/** @typedef {import('../engine.js').Case} Case */

const message = messageSlot('hyp-error');

/**
 * The suspects the case names: its race when restricted, else its highlighted ones.
 * @param {Case} c
 * @returns {string[]}
 */
function named(c) {
  return c.hypotheses ?? c.analysis?.focus ?? [];
}

/**
 * Name `id` as a suspect.
 * @param {string} id
 */
async function add(id) {
  const err = await editCase((c) => {
    if (c.hypotheses) c.hypotheses = [...c.hypotheses, id];
    else {
      const a = (c.analysis ??= {});
      a.focus = [...(a.focus ?? []), id];
    }
  });
  message.say(err);
  document.getElementById('hyp-search')?.focus();
}

/**
 * Stop naming `id`; focus moves to the next chip, the one before, or the search.
 * @param {string} id
 * @param {number} k its place among the chips
 */
async function remove(id, k) {
  const lastOfRace = state.case.hypotheses?.length === 1;
  const err = await editCase((c) => {
    // A restricted race never becomes empty: without named suspects every profile competes.
    if (c.hypotheses) c.hypotheses = c.hypotheses.filter((x) => x !== id);
    if (c.analysis?.focus) c.analysis.focus = c.analysis.focus.filter((x) => x !== id);
  });
  message.say(err ?? (lastOfRace ? 'No named suspect is left, so every profile in the pack competes again.' : null), !err);
  const left = named(state.case).length;
  const next = left === 0 ? document.getElementById('hyp-search') : document.getElementById(`hyp-chip-${Math.min(k, left - 1)}`);
  /** @type {HTMLElement | null} */ (next)?.focus();
}

/**
 * Let only the named suspects compete, or every profile.
 * @param {boolean} only
 */
async function restrict(only) {
  const err = await editCase((c) => {
    if (only) {
      c.hypotheses = [...(c.analysis?.focus ?? [])];
    } else if (c.hypotheses) {
      const a = (c.analysis ??= {});
      a.focus = [...new Set([...(a.focus ?? []), ...c.hypotheses])];
      delete c.hypotheses;
    }
  });
  message.say(err);
  document.getElementById('hyp-restrict')?.focus();
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
        onclick: () => add(p.id),
      },
      h('span', { class: 'hit-name' }, listed ? `${p.name}: already named` : `Name ${p.name}`),
      h('span', { class: 'hit-detail' }, [idLabel(p.id), aliases, sponsor].filter(Boolean).join(' · ')),
    ),
  );
}

/**
 * Build the suspects panel for the current case.
 * @param {HTMLElement} root
 */
export function renderHypotheses(root) {
  const c = state.case;
  const list = named(c);
  const restricted = !!c.hypotheses;
  const results = h('ul', { class: 'hits', id: 'hyp-results', 'aria-live': 'polite' });
  const show = latestWins(
    (q) => /** @type {Promise<ProfileHit[]>} */ (search('profile', q, 12)),
    (hits, q) => {
      const listed = new Set(named(state.case));
      mount(results, q.trim() && hits.length === 0 ? h('li', { class: 'muted' }, 'No profile matches.') : null, hits.map((p) => hit(p, listed.has(p.id))));
    },
  );
  const input = h('input', {
    type: 'search',
    id: 'hyp-search',
    autocomplete: 'off',
    placeholder: 'e.g. Kimsuky, APT28, G0094',
    oninput: () => show(input.value),
  });
  const only = h('input', {
    type: 'checkbox',
    id: 'hyp-restrict',
    checked: restricted,
    disabled: list.length === 0,
    onchange: () => restrict(only.checked),
  });
  const total = packSummary()?.profiles ?? 0;
  mount(
    root,
    message.el,
    h(
      'p',
      { class: 'hint', id: 'hyp-status' },
      restricted
        ? [`Only the ${count(list.length)} suspects below compete, plus an `, term('unlisted', 'unlisted actor'), ': a ', term('restricted', 'restricted race'), '. The figures answer “which of these?”, not “who?”.']
        : [
            `Every profile in the pack (${count(total)}) that says anything about an actor competes, plus an `,
            term('unlisted', 'unlisted actor'),
            '. ',
            list.length > 0 ? ['The suspects below are ', term('focus', 'highlighted'), ' in the ranking; they get no head start.'] : 'Name suspects to highlight them in the ranking; they get no head start.',
          ],
    ),
    list.length > 0 &&
      h(
        'ul',
        { class: 'chips', id: 'hyp-list', 'aria-label': 'Named suspects' },
        list.map((id, k) => {
          const name = nameOf('profile', id) ?? id;
          return h(
            'li',
            { class: 'chip' },
            h('span', {}, name, h('span', { class: 'ident' }, idLabel(id))),
            h(
              'button',
              {
                type: 'button',
                class: 'chip-remove',
                id: `hyp-chip-${k}`,
                'aria-label': `Remove ${name} from the named suspects`,
                onclick: () => remove(id, k),
              },
              '×',
            ),
          );
        }),
      ),
    h(
      'p',
      { class: 'field' },
      h('label', { class: 'inline', for: 'hyp-restrict' }, only, 'Let only the named suspects compete'),
      list.length === 0 && h('span', { class: 'help' }, ' (name at least one first)'),
    ),
    h('div', { class: 'field' }, h('label', { for: 'hyp-search' }, 'Find a threat actor by name, alias or ID'), input),
    results,
  );
}
