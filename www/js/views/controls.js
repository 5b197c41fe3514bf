// Global assumptions: deception level, prior of the unlisted actor, Monte Carlo samples and seed.

import { h, mount } from '../dom.js';
import { freshSeed, messageOf } from '../engine.js';
import { count } from '../format.js';
import { editCase, setSamples, state } from '../state.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */

const SAMPLE_CHOICES = [0, 500, 1000, 2000, 5000];

/** @type {{seed: HTMLElement, timing: HTMLElement, deception: HTMLInputElement, deceptionOut: HTMLOutputElement, prior: HTMLInputElement, priorOut: HTMLOutputElement, samples: HTMLSelectElement, error: HTMLElement} | null} */
let refs = null;

/**
 * A labelled range slider with a live read-out.
 * @param {string} id
 * @param {string} label
 * @param {string} help
 * @param {{min: number, max: number, step: number}} range
 * @param {(v: number) => void} onInput
 */
function slider(id, label, help, range, onInput) {
  const out = h('output', { id: `${id}-out`, for: id, class: 'readout' });
  const input = h('input', {
    type: 'range',
    id,
    min: range.min,
    max: range.max,
    step: range.step,
    'aria-describedby': `${id}-help`,
    oninput: () => {
      out.value = Number(input.value).toFixed(2);
      onInput(Number(input.value));
    },
  });
  const field = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, ' ', out),
    input,
    h('p', { id: `${id}-help`, class: 'help' }, help),
  );
  return { field, input, out };
}

/**
 * Set a case setting, reporting a rejected value.
 * @param {'deception' | 'unlisted_prior' | 'seed'} key
 * @param {number | string} v a seed is a string of digits (64-bit: beyond a JS number)
 */
async function setSetting(key, v) {
  const err = await editCase(
    (c) => {
      c.settings = { ...(c.settings ?? {}), [key]: v };
    },
    { coalesce: `setting:${key}` },
  );
  if (refs) mount(refs.error, err ? h('span', { role: 'alert' }, err) : null);
}

/**
 * Build the controls for the current case.
 * @param {HTMLElement} root
 */
export function renderControls(root) {
  const d = slider(
    'deception',
    'Deception: how likely evidence was planted',
    'At 0 every item is taken at face value. Higher values discount cheap-to-fake items (IP addresses, malware, language) more than hard-to-fake ones (victims, motive).',
    { min: 0, max: 1, step: 0.01 },
    (v) => setSetting('deception', v),
  );
  const p = slider(
    'unlisted-prior',
    'Prior of an unlisted actor',
    'How likely, before any evidence, that someone outside the profile pack did it.',
    { min: 0.01, max: 0.5, step: 0.01 },
    (v) => setSetting('unlisted_prior', v),
  );
  const samples = h(
    'select',
    {
      id: 'samples',
      onchange: () => setSamples(Number(samples.value)),
    },
    SAMPLE_CHOICES.map((n) => h('option', { value: String(n) }, n === 0 ? 'off (no intervals)' : count(n))),
  );
  const seed = h('span', { id: 'seed', class: 'mono' });
  const resample = h(
    'button',
    {
      type: 'button',
      id: 'resample',
      onclick: () =>
        freshSeed().then(
          (seed) => setSetting('seed', seed),
          (e) => refs && mount(refs.error, h('span', { role: 'alert' }, messageOf(e))),
        ),
    },
    'Re-sample',
  );
  const timing = h('p', { id: 'timing', class: 'help' });
  const error = h('div', { class: 'error-slot' });
  mount(
    root,
    h(
      'div',
      { class: 'controls' },
      d.field,
      p.field,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'samples' }, 'Monte Carlo samples'),
        samples,
        h('p', { class: 'help' }, 'Draws of the uncertain settings (grades, deception, weights, prior) behind the intervals and the stability figure.'),
      ),
      h(
        'div',
        { class: 'field' },
        h('span', { class: 'label', id: 'seed-label' }, 'Random seed'),
        h('p', { class: 'seed-line' }, seed, ' ', resample),
        h('p', { class: 'help' }, 'The same seed always gives the same figures. Re-sample draws a fresh one.'),
      ),
    ),
    error,
    timing,
  );
  refs = { seed, timing, deception: d.input, deceptionOut: d.out, prior: p.input, priorOut: p.out, samples, error };
}

/**
 * Reflect the settings actually used by the latest result.
 * @param {ScoreResult | null} r
 */
export function updateControls(r) {
  if (!refs || !r) return;
  const s = r.settings;
  if (document.activeElement !== refs.deception) refs.deception.value = String(s.deception);
  refs.deceptionOut.value = s.deception.toFixed(2);
  if (document.activeElement !== refs.prior) refs.prior.value = String(s.unlisted_prior);
  refs.priorOut.value = s.unlisted_prior.toFixed(2);
  const n = String(s.samples);
  if (![...refs.samples.options].some((o) => o.value === n)) {
    refs.samples.append(h('option', { value: n }, count(s.samples)));
  }
  refs.samples.value = n;
  refs.seed.textContent = String(s.seed);
  refs.timing.textContent = `Re-scored in your browser in ${state.lastMs.toFixed(1)} ms.`;
}
