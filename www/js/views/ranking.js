// The ranking: probability bars with 90 % intervals, by group and by suspected state sponsor, as
// the core lists them (the leading groups, every highlighted suspect, the unlisted actor with the
// named unknowns inside its share, and what the rest add up to).

import { probabilityBars } from '../charts.js';
import { h, mount, term } from '../dom.js';
import { count } from '../format.js';
import { identOf, qualified } from './statement.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */
/** @typedef {import('../engine.js').Display} Display */
/** @typedef {import('../charts.js').BarRow} BarRow */

/**
 * The named unknowns inside the unlisted actor's share.
 * @param {Display} d
 */
function namedUnknowns(d) {
  if (d.named.length === 0) return null;
  return h(
    'p',
    { class: 'inside', id: 'named-unknowns' },
    'Inside this share, ',
    term('named-unknown', 'named unknowns'),
    ' such as ',
    d.named.map((n, k) => [k > 0 ? (k === d.named.length - 1 ? ' and ' : ', ') : '', `${n.name} (${n.percent})`]),
    '.',
  );
}

/**
 * @param {HTMLElement} root
 * @param {ScoreResult | null} r
 * @param {Display | null} d
 */
export function renderRanking(root, r, d) {
  if (!r || !d) {
    mount(root);
    return;
  }
  /** @type {BarRow[]} */
  const groups = d.ranking.map((row) => ({
    label: row.id === 'unlisted' ? 'Unlisted actor' : row.name,
    ident: identOf(row.id),
    figure: row.figure,
    lead: row.lead,
    focus: row.focus,
    muted: row.id === 'unlisted',
    more: row.id === 'unlisted' ? namedUnknowns(d) : null,
  }));
  /** @type {BarRow[]} */
  const states = d.states.map((row) => ({
    label: row.id === 'unlisted' ? 'Unlisted actor, whatever its sponsor' : row.name,
    figure: row.figure,
    lead: row.lead,
    muted: row.id === 'unlisted' || row.id === 'none',
  }));
  const samples = r.settings.samples;
  const focus = r.race.focus.length;
  mount(
    root,
    h(
      'p',
      { class: 'hint', id: 'ranking-race' },
      r.race.restricted
        ? [`${d.qualifier}: only the suspects the case names compete, plus an `, term('unlisted', 'unlisted actor'), '. ']
        : [
            `Every one of the ${count(r.race.competing)} profiles with any data competes, plus an `,
            term('unlisted', 'unlisted actor'),
            '. ',
            focus > 0 ? [`The ${count(focus)} `, term('focus', 'highlighted suspects'), ' are always shown, whatever their rank. '] : '',
          ],
      'Bars show each probability; the whiskers its ',
      term('interval', '90 % interval'),
      samples > 0 ? [' over ', count(samples), ' ', term('draws', 'simulated re-weighings'), '.'] : ' (the simulation is off, so there is none).',
    ),
    h(
      'div',
      { class: 'two-col' },
      h(
        'figure',
        { class: 'chart', id: 'ranking-groups' },
        h('figcaption', {}, qualified(d, 'By group')),
        probabilityBars(qualified(d, 'Probability by group, with 90 % intervals'), groups),
        d.rest && h('p', { class: 'hint', id: 'ranking-rest' }, `${count(d.rest.count)} more groups share ${d.rest.percent}.`),
      ),
      h(
        'figure',
        { class: 'chart', id: 'ranking-states' },
        h('figcaption', {}, qualified(d, 'By suspected state sponsor')),
        probabilityBars(qualified(d, 'Probability by suspected state sponsor, with 90 % intervals'), states),
      ),
    ),
  );
}
