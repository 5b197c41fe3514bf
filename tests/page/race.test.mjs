// Who competes, and what the page says about it (issue 8): the flagship against the whole pack
// with its suspects highlighted, the reading before any evidence, and a restricted race that says
// so wherever a figure appears.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertClean, importCase, openReport, ROOT, serverAndBrowser, settled, shown, whole } from './harness.mjs';

const env = serverAndBrowser();

const FLAGSHIP = JSON.parse(readFileSync(join(ROOT, 'data', 'cases', 'kr-exchanges-2017.json'), 'utf8'));

/** The flagship with its named suspects as the only competitors. */
function restricted() {
  const c = structuredClone(FLAGSHIP);
  c.title = 'The exchanges, among the named suspects only';
  c.hypotheses = [...c.analysis.focus];
  return c;
}

/**
 * The text of an element, or fail naming it.
 * @param {import('playwright-core').Page} page
 * @param {string} sel
 */
async function text(page, sel) {
  const loc = page.locator(sel);
  assert.equal(await loc.count(), 1, `${sel} is on the page`);
  return ((await loc.textContent()) ?? '').trim();
}

/** Every place on the page that shows a figure of the race, with how to read its text. */
const FIGURE_PLACES = [
  // Sentences (the core's or the page's) that must start with the qualifier.
  ['#statement-text', 'starts'],
  ['#sponsor-statement', 'starts'],
  ['#prior-statement', 'starts'],
  ['#prior-state', 'starts'],
  ['#moved-cluster', 'starts'],
  ['#moved-state', 'starts'],
  // Captions, headings and lines that must contain it.
  ['#race-note', 'contains'],
  ['#top3-h', 'contains'],
  ['#ranking-race', 'contains'],
  ['#ranking-groups figcaption', 'contains'],
  ['#ranking-states figcaption', 'contains'],
  ['label[for="contrib-hypothesis"]', 'contains'],
  ['#ach-hint', 'contains'],
  ['#stability', 'contains'],
  ['#live-verdict', 'contains'],
];

describe('the flagship against the whole pack', () => {
  it('shows the reading before any evidence and how far the evidence moved it, and its lede is worded from the result', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const r = JSON.parse((await shown(page)).result);
    assert.equal(r.race.restricted, false);
    assert.ok(r.race.focus.length >= 2, 'the flagship highlights its suspects');
    assert.equal(await text(page, '#prior-statement'), r.prior_only.statement);
    assert.match(r.prior_only.statement, /^Before any evidence, the most probable hypothesis is/);
    assert.equal(r.evidence_weight.length, 2);
    assert.equal(await text(page, '#moved-cluster'), r.evidence_weight.find((/** @type {any} */ m) => m.level === 'cluster').statement);
    assert.equal(await text(page, '#moved-state'), r.evidence_weight.find((/** @type {any} */ m) => m.level === 'state').statement);
    assert.match(await text(page, '#moved-cluster'), /^The evidence (multiplies|divides|barely moves) the odds/);
    assert.equal(await page.locator('#race-note').isVisible(), false, 'no restriction to announce');
    // The lede: what was weighed, against what, and the figures shown in the verdict.
    const lede = await text(page, '#result-lede');
    const cluster = await text(page, '#level-cluster .level-figure');
    const state = await text(page, '#level-state .level-figure');
    assert.ok(lede.includes(`its ${FLAGSHIP.observations.length} pieces of evidence`), lede);
    assert.ok(lede.includes(`against ${r.race.competing} threat-actor profiles`), lede);
    assert.ok(lede.includes(`(${cluster})`) && lede.includes(`(${state})`), `${lede} / ${cluster} / ${state}`);
    assert.ok(lede.includes(await text(page, '#level-cluster .level-name')), lede);
    // The static story says nothing the figures could contradict.
    const story = await text(page, '#flagship-report');
    assert.doesNotMatch(story, /\d+ ?%|every known threat group|twelve/);
    assertClean(s);
    await s.context.close();
  });

  it('shows the named unknowns inside the unlisted actor’s share', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const r = JSON.parse(await whole(page));
    assert.ok(r.unlisted.named.length > 0, 'the flagship has named unknowns');
    const row = page.locator('#ranking-groups .bar-row', { has: page.locator('#named-unknowns') });
    assert.equal(await row.count(), 1);
    assert.match((await row.textContent()) ?? '', /^Unlisted actor/);
    const inside = await text(page, '#named-unknowns');
    for (const n of r.unlisted.named) assert.ok(inside.includes(n.name), `${n.name} in ${inside}`);
    assertClean(s);
    await s.context.close();
  });

  it('with every item left out, no state is called more than its share before the evidence', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const c = structuredClone(FLAGSHIP);
    c.analysis.excluded = c.observations.map((/** @type {unknown} */ _, /** @type {number} */ i) => i);
    await importCase(page, c, 'nothing.json');
    assert.match(await text(page, '#statement-text'), /^There is no evidence to weigh/);
    assert.match(await text(page, '#result-lede'), /^With no evidence to weigh/);
    const r = JSON.parse(await whole(page));
    const top = r.levels.sponsor[0];
    const before = r.prior_only.levels.sponsor.find((/** @type {any} */ l) => l.id === top.id);
    assert.ok(top.probability <= before.probability + 1e-9, `${top.id}: ${top.probability} after, ${before.probability} before`);
    assert.match(await text(page, '#prior-state'), new RegExp(`at ${(await text(page, '#level-state .level-figure')).replace('.', '\\.')}\\.$`));
    assertClean(s);
    await s.context.close();
  });
});

describe('a restricted race', () => {
  it('says so in every statement, caption and figure line, and highlights its focus suspects', async () => {
    for (const width of [1280, 375]) {
      const s = await openReport(env.browser, env.server.url, { width });
      const { page } = s;
      await importCase(page, restricted(), 'restricted.json');
      const r = JSON.parse((await shown(page)).result);
      assert.equal(r.race.restricted, true);
      const n = restricted().hypotheses.length;
      const qualifier = `Among the ${n} suspects considered`;
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
      await page.waitForSelector('#live:not([hidden])');
      for (const [sel, how] of FIGURE_PLACES) {
        const t = await text(page, sel);
        if (how === 'starts') assert.ok(t.startsWith(`${qualifier}, `), `${sel}: ${t}`);
        else assert.ok(t.toLowerCase().includes(qualifier.toLowerCase()), `${sel}: ${t}`);
      }
      // Every chart of the race says it in its accessible name too.
      for (const name of await page.locator('#top3 ol.bars, #ranking ol.bars').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) {
        assert.ok(name.includes(qualifier.toLowerCase()), name);
      }
      // The case's suspects are its focus: highlighted in the ranking.
      const focus = await page.locator('#ranking-groups .bar-row.focus').count();
      assert.ok(focus >= 2, `${focus} highlighted rows`);
      assertClean(s);
      await s.context.close();
    }
  });

  it('is switched on and off from the suspects panel, and the wording follows', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    await page.check('#hyp-restrict');
    await settled(page);
    const n = FLAGSHIP.analysis.focus.length;
    assert.ok((await text(page, '#statement-text')).startsWith(`Among the ${n} suspects considered, `));
    assert.ok(await page.locator('#race-note').isVisible());
    assert.match(await text(page, '#hyp-status'), new RegExp(`Only the ${n} suspects below compete`));
    await page.uncheck('#hyp-restrict');
    await settled(page);
    assert.doesNotMatch(await text(page, '#statement-text'), /suspects considered/);
    assert.equal(await page.locator('#race-note').isVisible(), false);
    for (const [sel] of FIGURE_PLACES.filter(([x]) => x !== '#race-note' && x !== '#live-verdict')) {
      assert.doesNotMatch(await text(page, sel), /suspects considered/, sel);
    }
    assertClean(s);
    await s.context.close();
  });
});
