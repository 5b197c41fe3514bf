// A reader's work on the flagship, shared by the sharing, export and print scenarios: every kind
// of change a reading can hold (an item left out, one marked as planted, a grade, a named
// suspect, deception, the unlisted actor's starting share, the number of re-weighings, the seed).

import assert from 'node:assert/strict';
import { settled } from './harness.mjs';

/**
 * Name a suspect through the suspects panel's search.
 * @param {import('playwright-core').Page} page
 * @param {string} query
 * @param {string} name shown on the hit
 */
export async function nameSuspect(page, query, name) {
  await page.fill('#hyp-search', query);
  await settled(page);
  await page.locator('#hyp-results button', { hasText: name }).first().click();
  await settled(page);
}

/**
 * Set a range input as a drag would.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {string} value
 */
export async function slide(page, id, value) {
  await page.evaluate(
    ([i, v]) => {
      const input = /** @type {HTMLInputElement} */ (document.getElementById(i));
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    [id, value],
  );
  await settled(page);
}

/**
 * Change every part of the reading, and check the case holds each change.
 * @param {import('playwright-core').Page} page
 */
export async function changeEverything(page) {
  await page.uncheck('#obs-4-include');
  await settled(page);
  await page.click('#obs-2-more-summary');
  await page.check('#obs-2-planted');
  await settled(page);
  await page.click('#obs-6-more-summary');
  await page.selectOption('#obs-6-reliability', 'E');
  await page.selectOption('#obs-6-credibility', '4');
  await settled(page);
  await nameSuspect(page, 'sandworm', 'Sandworm');
  await slide(page, 'deception', '0.35');
  await slide(page, 'unlisted-prior', '0.22');
  await page.selectOption('#samples', '1000');
  await settled(page);
  await page.fill('#seed', '424242');
  await page.press('#seed', 'Enter');
  await settled(page);
  const c = await page.evaluate(async () => (await import('./js/state.js')).state.case);
  assert.deepEqual(c.analysis.excluded, [4]);
  assert.deepEqual(c.analysis.planted, [2]);
  assert.equal(c.observations[6].source.reliability, 'E');
  assert.equal(c.observations[6].source.credibility, 4);
  assert.ok(c.analysis.focus.includes('G0034'), `Sandworm among the focus suspects: ${c.analysis.focus}`);
  assert.deepEqual(
    { deception: c.settings.deception, unlisted_prior: c.settings.unlisted_prior, samples: c.settings.samples, seed: String(c.settings.seed) },
    { deception: 0.35, unlisted_prior: 0.22, samples: 1000, seed: '424242' },
  );
}
