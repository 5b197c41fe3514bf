// The prerendered verdict (written into index.html by `make www`, `attrib render`): what a reader
// without JavaScript sees, and that it is exactly what the live page first computes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { artefact, assertClean, axeViolations, openReport, serverAndBrowser } from './harness.mjs';

const env = serverAndBrowser();

/**
 * The figures a verdict shows: the leader at group level, its figure, term and interval (from the
 * top three), the two sentences, the confidence, and the top three rows.
 * @param {import('playwright-core').Page} page
 * @param {{name: string, figure: string, term: string, statement: string, sponsor: string, confidence: string, top: string}} at selectors
 */
async function verdictOf(page, at) {
  const text = async (/** @type {string} */ sel) => ((await page.locator(sel).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const rows = page.locator(`${at.top} > li`);
  /** @type {{label: string, p: string, iv: string, lead: boolean}[]} */
  const top = [];
  for (let k = 0; k < (await rows.count()); k += 1) {
    const row = rows.nth(k);
    top.push({
      label: ((await row.locator('.bar-label').textContent()) ?? '').trim(),
      p: (await row.locator('.p').textContent()) ?? '',
      iv: (await row.locator('.iv').textContent()) ?? '',
      lead: /\blead\b/.test((await row.getAttribute('class')) ?? ''),
    });
  }
  return {
    name: await text(at.name),
    figure: await text(at.figure),
    term: await text(at.term),
    statement: await text(at.statement),
    sponsor: await text(at.sponsor),
    confidence: await text(at.confidence),
    interval: top.find((r) => r.lead)?.iv ?? '(no leader in the top three)',
    top,
  };
}

describe('prerendered verdict', () => {
  it('readers without JavaScript see the flagship verdict, the same as the live page computes', async () => {
    // Without JavaScript: the <noscript> block renders, the live placeholders are hidden.
    const still = await env.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await still.newPage();
    await page.goto(env.server.url);
    const pre = await verdictOf(page, {
      name: '#prerendered-cluster-name',
      figure: '#prerendered-cluster-figure',
      term: '#prerendered-cluster .level-term',
      statement: '#prerendered-cluster-statement',
      sponsor: '#prerendered-state-statement',
      confidence: '#prerendered-confidence',
      top: '#prerendered-top',
    });
    assert.ok(await page.locator('#prerendered').isVisible(), 'the prerendered verdict shows');
    assert.equal(await page.locator('#verdict-loading').isVisible(), false, 'no "Weighing the evidence…" that never ends');
    assert.equal(await page.locator('#top3 .skeleton').isVisible(), false, 'no skeleton bars');
    assert.equal(await page.locator('#assessment').getAttribute('aria-busy'), null, 'the verdict is not announced as busy');
    assert.match((await page.textContent('#prerendered-note')) ?? '', /precomputed reading of the flagship case[\s\S]*Turn on JavaScript to make it interactive/);
    assert.equal(pre.name, 'Lazarus Group');
    assert.match(pre.figure, /^\d+(\.\d)? %$/);
    assert.match(pre.interval, /^, 90 % interval {2}\d+(\.\d)?–\d+(\.\d)? %$/);
    assert.match(pre.statement, /%/);
    assert.match(pre.sponsor, /At state level/);
    assert.match(pre.confidence, /^Confidence: (high|moderate|low)/);
    assert.equal(pre.top.length, 3);
    // No script ran (the preload hints of <head> may still fetch the engine's files).
    assert.equal(await page.locator('html[data-ready]').count(), 0, 'no script ran');
    await page.screenshot({ path: artefact('prerendered-nojs.png') });
    // axe-core on the document such a reader gets. With JavaScript off, axe-core cannot run (its
    // timers never fire), so the document as parsed without scripting (the <noscript> block as
    // elements) is served again to a page whose own scripts are blocked, the block as a <div> and
    // the live placeholders hidden as site.css hides them without scripting; axe-core runs there.
    const parsed = (await page.content()).replace(/<noscript>/g, '<div data-noscript="">').replace(/<\/noscript>/g, '</div>');
    assert.equal((parsed.match(/data-noscript/g) ?? []).length, 1);
    await still.close();
    const again = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const copy = await again.newPage();
    await copy.route('**/*', (route) => {
      const u = route.request().url();
      if (u === env.server.url) return route.fulfill({ body: parsed, contentType: 'text/html; charset=utf-8' });
      if (/\.(m?js|wasm)$/.test(new URL(u).pathname)) return route.abort();
      return route.continue();
    });
    await copy.goto(env.server.url);
    await copy.evaluate(() => {
      for (const el of document.querySelectorAll('#assessment > .verdict-grid, #history-tools, #verdict-image')) /** @type {HTMLElement} */ (el).hidden = true;
    });
    assert.equal(await copy.textContent('#prerendered-cluster-name'), pre.name);
    const violations = await axeViolations(copy);
    assert.deepEqual(violations, [], 'axe-core without JavaScript');
    await again.close();

    // With JavaScript: no prerendered block in the document, and the live verdict is the same.
    const s = await openReport(env.browser, env.server.url);
    const live = await verdictOf(s.page, {
      name: '#level-cluster .level-name',
      figure: '#level-cluster .level-figure',
      term: '#level-cluster .level-term',
      statement: '#statement-text',
      sponsor: '#sponsor-statement',
      confidence: '#confidence',
      top: '#top3 .bars',
    });
    assert.equal(await s.page.locator('#prerendered').count(), 0, 'the <noscript> block is inert with JavaScript');
    assert.deepEqual(live, pre);
    assert.deepEqual(await axeViolations(s.page), [], 'axe-core with JavaScript');
    assertClean(s);
    await s.context.close();
  });
});
