// Contributions: for a chosen hypothesis, each item's weight of evidence, which with the starting
// weight (log prior) add up exactly to its score.

import { divergingBars } from '../charts.js';
import { h, mount, term } from '../dom.js';
import { nats } from '../format.js';
import { select, state } from '../state.js';
import { shortLabel } from './describe.js';
import { contributionsScene, imageTools } from './figures.js';
import { qualified } from './statement.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */
/** @typedef {import('../engine.js').Display} Display */

/**
 * @param {HTMLElement} root
 * @param {ScoreResult | null} r
 * @param {Display | null} d
 */
export function renderContributions(root, r, d) {
  if (!r || !d || r.hypotheses.length === 0) {
    mount(root, h('p', { class: 'muted' }, 'No named hypothesis to explain.'));
    return;
  }
  const chosen = r.hypotheses.find((x) => x.id === state.selected) ?? r.hypotheses[0];
  const picker = h(
    'select',
    { id: 'contrib-hypothesis', onchange: () => select(picker.value) },
    r.hypotheses.map((x, k) => h('option', { value: x.id, selected: x.id === chosen.id }, `${x.name} – ${d.hypotheses[k]}`)),
  );
  const obs = state.case.observations;
  const { observation, log_lr: logLr } = chosen.contributions;
  const rows = Array.from(observation, (i, j) => ({ label: () => shortLabel(obs[i], i), value: logLr[j] }));
  const sum = logLr.reduce((s, x) => s + x, 0);
  mount(
    root,
    h('div', { class: 'field inline-field' }, h('label', { for: 'contrib-hypothesis' }, qualified(d, 'Explain the score of')), picker),
    h(
      'p',
      { class: 'hint' },
      'Each bar is one item’s ',
      term('weight', 'weight'),
      ' for this hypothesis against the background of all actors, after grading, deception and the caps on repeated evidence. ',
      h('span', { class: 'key pos' }, 'Blue, to the right, supports it'),
      '; ',
      h('span', { class: 'key neg' }, 'orange, to the left, counts against it'),
      '.',
    ),
    rows.length === 0 ? h('p', { class: 'muted' }, 'No item is included.') : divergingBars('contrib', `Weight of each item for ${chosen.name}`, rows),
    h(
      'p',
      { class: 'equation', id: 'equation' },
      h('span', {}, `starting weight ${nats(chosen.log_prior)}`),
      h('span', {}, ` + evidence ${nats(sum)}`),
      h('span', {}, ` = score ${nats(chosen.score)}`),
      h('span', { class: 'muted' }, ` (unlisted actor: ${nats(r.unlisted.log_prior)}; the probabilities are the scores made to add up to 100 %).`),
    ),
    imageTools('item-weights', `each item’s weight for ${chosen.name}`, contributionsScene),
  );
}
