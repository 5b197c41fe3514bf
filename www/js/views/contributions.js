// Contributions: for a chosen hypothesis, each observation's log-likelihood ratio, which with the
// log prior add up exactly to its score.

import { divergingBars } from '../charts.js';
import { h, mount } from '../dom.js';
import { nats, pct } from '../format.js';
import { select, state } from '../state.js';
import { shortLabel } from './describe.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */

/**
 * @param {HTMLElement} root
 * @param {ScoreResult | null} r
 */
export function renderContributions(root, r) {
  if (!r || r.hypotheses.length === 0) {
    mount(root, h('p', { class: 'muted' }, 'No named hypothesis to explain.'));
    return;
  }
  const chosen = r.hypotheses.find((x) => x.id === state.selected) ?? r.hypotheses[0];
  const picker = h(
    'select',
    { id: 'contrib-hypothesis', onchange: () => select(picker.value) },
    r.hypotheses.map((x) => h('option', { value: x.id, selected: x.id === chosen.id }, `${x.name} (${x.id}) – ${pct(x.probability)}`)),
  );
  const obs = state.case.observations;
  const { observation, log_lr: logLr } = chosen.contributions;
  const rows = Array.from(observation, (i, j) => ({ label: () => shortLabel(obs[i], i), value: logLr[j] }));
  const sum = logLr.reduce((s, x) => s + x, 0);
  mount(
    root,
    h(
      'div',
      { class: 'field inline-field' },
      h('label', { for: 'contrib-hypothesis' }, 'Explain the score of'),
      picker,
    ),
    h(
      'p',
      { class: 'hint' },
      'Each bar is one item’s weight of evidence for this hypothesis against the background of all actors, in nats (natural-log likelihood ratios, after grading, deception and the caps on repeated evidence). ',
      h('span', { class: 'key pos' }, 'Blue, to the right, supports it'),
      '; ',
      h('span', { class: 'key neg' }, 'orange, to the left, counts against it'),
      '.',
    ),
    rows.length === 0
      ? h('p', { class: 'muted' }, 'No observation is included.')
      : divergingBars('contrib', `Weight of each observation for ${chosen.name}`, rows),
    h(
      'p',
      { class: 'equation', id: 'equation' },
      h('span', {}, `log prior ${nats(chosen.log_prior)}`),
      h('span', {}, ` + evidence ${nats(sum)}`),
      h('span', {}, ` = score ${nats(chosen.score)}`),
      h('span', { class: 'muted' }, ` (unlisted actor: ${nats(r.unlisted.log_prior)}; probabilities are the scores normalised).`),
    ),
  );
}
