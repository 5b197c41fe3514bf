// Global assumptions: deception level, the unlisted actor's starting share, the number of
// simulated re-weighings and their seed. Every one is a setting of the case, so an exported file
// keeps it and undo restores it.

import { h, messageSlot, term } from '../dom.js';
import { freshSeed } from '../engine.js';
import { count } from '../format.js';
import { editCase, state } from '../state.js';
import { messageOf } from '../util.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */

const SAMPLE_CHOICES = [0, 500, 1000, 2000, 5000];

/** The largest seed: seeds are 64-bit, and travel as strings of digits (a JS number would lose
 * digits above 2^53). */
const MAX_SEED = 18446744073709551615n;

const message = messageSlot('controls-error');

/** @type {{timing: HTMLElement, deception: HTMLInputElement, deceptionOut: HTMLOutputElement, prior: HTMLInputElement, priorOut: HTMLOutputElement, samples: HTMLSelectElement, seed: HTMLInputElement} | null} */
let refs = null;

/**
 * A labelled range slider with a live read-out.
 * @param {string} id
 * @param {(string | Node)[]} label
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
  const field = h('div', { class: 'field' }, h('label', { for: id }, label, ' ', out), input, h('p', { id: `${id}-help`, class: 'help' }, help));
  return { field, input, out };
}

/**
 * Set a case setting, reporting a rejected value.
 * @param {'deception' | 'unlisted_prior' | 'seed' | 'samples'} key
 * @param {number | string} v a seed is a string of digits
 */
async function setSetting(key, v) {
  const err = await editCase(
    (c) => {
      c.settings = { ...(c.settings ?? {}), [key]: v };
    },
    { coalesce: `setting:${key}` },
  );
  message.say(err);
}

/**
 * A typed seed as the string of digits the engine takes, or a message saying what is wrong.
 * @param {string} text
 * @returns {{seed: string} | {problem: string}}
 */
function seedOf(text) {
  const t = text.trim();
  if (!/^\d{1,20}$/.test(t)) return { problem: 'The seed must be a whole number, such as 20171.' };
  if (BigInt(t) > MAX_SEED) return { problem: `The seed must be at most ${MAX_SEED.toLocaleString('en-GB')}.` };
  return { seed: BigInt(t).toString() };
}

/**
 * Build the controls.
 * @param {HTMLElement} root
 */
export function renderControls(root) {
  const d = slider(
    'deception',
    [term('planted', 'Deception'), ': how likely evidence was planted'],
    'At 0 every item is taken at face value. Higher values discount cheap-to-fake items (IP addresses, malware, language) more than hard-to-fake ones (victims, motive).',
    { min: 0, max: 1, step: 0.01 },
    (v) => setSetting('deception', v),
  );
  const p = slider(
    'unlisted-prior',
    ['Starting share of an ', term('unlisted', 'unlisted actor')],
    'How likely, before any evidence, that someone outside the profile pack did it.',
    { min: 0.01, max: 0.5, step: 0.01 },
    (v) => setSetting('unlisted_prior', v),
  );
  const samples = h(
    'select',
    { id: 'samples', onchange: () => setSetting('samples', Number(samples.value)) },
    SAMPLE_CHOICES.map((n) => h('option', { value: String(n) }, n === 0 ? 'off (no intervals)' : count(n))),
  );
  const seed = h('input', {
    type: 'text',
    id: 'seed',
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'seed-help',
    onchange: () => {
      const v = seedOf(seed.value);
      if ('problem' in v) message.say(v.problem);
      else setSetting('seed', v.seed);
    },
  });
  const resample = h(
    'button',
    {
      type: 'button',
      id: 'resample',
      onclick: () =>
        freshSeed().then(
          (s) => setSetting('seed', s),
          (e) => message.say(messageOf(e)),
        ),
    },
    'Draw a new seed',
  );
  const timing = h('p', { id: 'timing', class: 'help' });
  root.replaceChildren(
    h(
      'div',
      { class: 'controls' },
      d.field,
      p.field,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'samples' }, term('draws', 'Simulated re-weighings')),
        samples,
        h('p', { class: 'help' }, 'How many times the uncertain settings (grades, deception, weights, starting share) are redrawn for the intervals and the “stays first” figure.'),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'seed' }, 'Seed of the re-weighings'),
        h('p', { class: 'seed-line' }, seed, resample),
        h('p', { class: 'help', id: 'seed-help' }, 'The same seed always gives the same figures. Type one to repeat a reading, or draw a new one.'),
      ),
    ),
    message.el,
    timing,
  );
  refs = { timing, deception: d.input, deceptionOut: d.out, prior: p.input, priorOut: p.out, samples, seed };
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
  if (document.activeElement !== refs.seed) refs.seed.value = String(s.seed);
  refs.timing.textContent = `Re-scored in your browser in ${state.lastMs.toFixed(1)} ms.`;
}
