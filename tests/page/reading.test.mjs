// Reading the page without tripping (issue 9): layout at 375 and 1280 px with the longest legal
// values, plain names with identifiers apart, a glossary behind every term, both verdict levels
// with equal standing, and axe-core with no violation.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { artefact, assertClean, axeViolations, importCase, openReport, ROOT, serverAndBrowser, settled } from './harness.mjs';

const env = serverAndBrowser();

const FLAGSHIP = JSON.parse(readFileSync(join(ROOT, 'data', 'cases', 'kr-exchanges-2017.json'), 'utf8'));

/** A 253-character domain of 63-character labels, the longest the case format accepts. */
const LONG_DOMAIN = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;

/** A case with the longest legal values in every displayed field. */
function longCase() {
  const word = 'x'.repeat(2000);
  return {
    attrib: 1,
    title: `A title that is one unbroken word ${'T'.repeat(300)}`,
    summary: word,
    date: '2024-02-29',
    observations: [
      { kind: 'infrastructure', value: `cert-sha256:${'ab12'.repeat(16)}`, note: word, source: { name: 'N'.repeat(2000), url: `https://example.com/${'p'.repeat(1900)}`, reliability: 'B', credibility: 2 } },
      { kind: 'infrastructure', value: `domain:${LONG_DOMAIN}` },
      { kind: 'infrastructure', value: `email:${'l'.repeat(2000 - 7 - LONG_DOMAIN.length)}@${LONG_DOMAIN}` },
      { kind: 'software', value: 'S'.repeat(2000) },
      { kind: 'event', value: 'e'.repeat(2000), date: '2024-01-01' },
      { kind: 'victim-country', value: 'KR' },
    ],
    hypotheses: ['G0032', 'G0082', 'G0094'],
  };
}

/**
 * How far the page scrolls sideways, in px.
 * @param {import('playwright-core').Page} page
 */
function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} sel
 */
async function text(page, sel) {
  return ((await page.locator(sel).first().textContent()) ?? '').trim();
}

describe('layout', () => {
  it('no sideways scrolling at 375 or 1280 px with the longest legal indicator and a 2,000-character note', async () => {
    for (const width of [375, 1280]) {
      const s = await openReport(env.browser, env.server.url, { width, height: 800 });
      const { page } = s;
      assert.equal(await overflow(page), 0, `flagship at ${width} px`);
      await importCase(page, longCase(), 'long.json');
      assert.equal(await page.locator('#evidence-table tbody tr').count(), 6);
      for (let i = 0; i < 6; i += 1) await page.click(`#obs-${i}-more-summary`);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      await settled(page);
      const wide = await page.evaluate(() => {
        const W = document.documentElement.clientWidth;
        return [...document.querySelectorAll('main *, header *, footer *, #live *')]
          .filter((el) => el.getBoundingClientRect().right > W + 1 && !el.closest('.table-scroll'))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.getAttribute('class') ?? ''}`);
      });
      assert.deepEqual(wide, [], `elements wider than the page at ${width} px`);
      assert.equal(await overflow(page), 0, `long case at ${width} px`);
      await page.screenshot({ path: artefact(`long-case-${width}.png`), fullPage: true });
      assertClean(s);
      await s.context.close();
    }
  });

  it('names, not IDs, head the competing-hypotheses matrix; grade menus show their whole label; no stray separators', async () => {
    for (const width of [375, 1280]) {
      const s = await openReport(env.browser, env.server.url, { width, height: 800 });
      const { page } = s;
      const heads = await page.locator('#ach-table thead th').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 0).map((e) => e.textContent?.trim() ?? ''));
      assert.ok(heads.includes('Lazarus Group'), heads.join(' | '));
      assert.ok(heads.length >= 4, `item, at least two hypotheses and diagnosticity at ${width} px`);
      for (const h of heads) assert.doesNotMatch(h, /^(G\d{4}|misp:|X-)/, `a raw ID in the matrix: ${h}`);
      // Every grade menu is wide enough for the label it shows.
      await page.click('#obs-0-more-summary');
      const cut = await page.evaluate(() => {
        const canvas = document.createElement('canvas');
        const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
        return [...document.querySelectorAll('#obs-0 select, #add-form select')]
          .filter((el) => el.getBoundingClientRect().width > 0)
          .map((el) => {
            const sel = /** @type {HTMLSelectElement} */ (el);
            const cs = getComputedStyle(sel);
            ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
            const widest = Math.max(...[...sel.options].map((o) => ctx.measureText(o.text).width));
            const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20; // the arrow
            return widest > room ? `${sel.id}: ${Math.round(widest)} px of text in ${Math.round(room)} px` : null;
          })
          .filter(Boolean);
      });
      assert.deepEqual(cut, [], `cut-off menus at ${width} px`);
      // "Read on" for a case without our story: no separator before the first link or after the last.
      await importCase(page, { attrib: 1, title: 'Imported', observations: [{ kind: 'victim-country', value: 'KR' }] }, 'plain.json');
      const rendered = await page.evaluate(() => {
        const ul = /** @type {HTMLElement} */ (document.querySelector('.verdict-links ul'));
        const content = (/** @type {Element} */ el, /** @type {string} */ pseudo) => {
          const c = getComputedStyle(el, pseudo).content;
          return c === 'none' || c === 'normal' ? '' : c.replace(/^"|"$/g, '');
        };
        const items = [...ul.querySelectorAll('li')].filter((li) => li.getBoundingClientRect().width > 0);
        return content(ul, '::before') + items.map((li) => (li.textContent ?? '') + content(li, '::after')).join('');
      });
      assert.match(rendered, /^Read on: The full ranking · /);
      assert.doesNotMatch(rendered, /Read on:\s*·|·\s*$/);
      assertClean(s);
      await s.context.close();
    }
  });
});

describe('plain words', () => {
  it('shows names, with identifiers apart and copyable; every term links to the glossary', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    // Software, language and a MISP-only group, in plain words.
    const row = (/** @type {number} */ i) => text(page, `#obs-${i} .value`);
    const i = (/** @type {string} */ kind, /** @type {string} */ value) => FLAGSHIP.observations.findIndex((/** @type {any} */ o) => o.kind === kind && o.value === value);
    assert.equal(await row(i('software', 'PEACHPIT')), 'PEACHPIT');
    assert.doesNotMatch(await text(page, `#obs-${i('software', 'PEACHPIT')}`), /PEACHPIT \(PEACHPIT|X-S-/);
    assert.equal(await row(i('language', 'ko')), 'Korean');
    assert.equal(await row(i('victim-country', 'KR')), 'South Korea');
    assert.equal(await row(i('technique', 'T1566.001')), 'Phishing: Spearphishing Attachment');
    assert.equal(await text(page, `#obs-${i('technique', 'T1566.001')} .ident`), 'ATT&CK T1566.001');
    const hermit = page.locator('#ranking-groups .bar-row', { hasText: 'TEMP.Hermit' });
    assert.equal(await hermit.count(), 1);
    const label = await hermit.locator('.bar-label').evaluate((el) => el.firstChild?.textContent ?? '');
    assert.equal(label, 'TEMP.Hermit');
    assert.match(await hermit.locator('.ident').textContent() ?? '', /^MISP galaxy 73c636ae-e55c-4167-bf40-315789698adb$/);
    assert.equal(await hermit.locator('.ident').evaluate((el) => getComputedStyle(el).userSelect), 'all');
    // The jargon the issue lists appears only in the glossary, and the glossary explains it.
    const outside = await page.evaluate(() => {
      const g = /** @type {HTMLElement} */ (document.querySelector('.glossary'));
      g.hidden = true;
      const t = document.body.innerText;
      g.hidden = false;
      return t;
    });
    for (const word of [/\bnats\b/, /log prior/i, /Monte Carlo/, /\bfacets?\b/, /the leader stays the leader/]) {
      assert.doesNotMatch(outside, word, `"${word}" outside the glossary`);
    }
    const glossary = await text(page, '.glossary');
    for (const word of [/nats/, /Monte Carlo/, /cluster/i, /90 % interval/, /Admiralty/, /Diagnosticity/, /prior/]) assert.match(glossary, word);
    // Every term link lands on a glossary entry, and the main terms are linked.
    const links = await page.locator('a.term').evaluateAll((els) => els.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(links.length >= 20, `${links.length} term links`);
    for (const href of new Set(links)) {
      assert.match(href, /^#g-/);
      assert.equal(await page.locator(`.glossary ${href}`).count(), 1, `${href} is in the glossary`);
    }
    for (const key of ['group', 'sponsor', 'unlisted', 'named-unknown', 'prior', 'moved', 'weight', 'estimative', 'interval', 'draws', 'stability', 'confidence', 'admiralty', 'planted', 'diagnosticity', 'pivotal', 'focus']) {
      assert.ok(links.includes(`#g-${key}`), `the page links #g-${key}`);
    }
    // Following a link shows the entry.
    await page.click('#level-cluster a.term[href="#g-group"]');
    assert.ok(await page.locator('#g-group').isVisible());
    assertClean(s);
    await s.context.close();
  });

  it('gives the group and the state answers equal standing', async () => {
    for (const width of [1280, 375]) {
      const s = await openReport(env.browser, env.server.url, { width, height: 900 });
      const { page } = s;
      const style = (/** @type {string} */ sel) => page.locator(sel).evaluate((el) => {
        const cs = getComputedStyle(el);
        return `${cs.fontFamily} ${cs.fontSize} ${cs.fontWeight}`;
      });
      assert.equal(await style('#level-cluster .level-key'), await style('#level-state .level-key'));
      assert.equal(await style('#statement-text'), await style('#sponsor-statement'));
      assert.equal(await style('#level-cluster .level-h'), await style('#level-state .level-h'));
      assert.match(await text(page, '#level-state'), /North Korea/);
      assertClean(s);
      await s.context.close();
    }
  });
});

describe('accessibility', () => {
  it('axe-core finds no violation on the scored flagship and on an imported case, at 1280 and 375 px', async () => {
    const restricted = structuredClone(FLAGSHIP);
    restricted.title = 'Imported: the exchanges among the named suspects';
    restricted.hypotheses = [...restricted.analysis.focus];
    for (const width of [1280, 375]) {
      const s = await openReport(env.browser, env.server.url, { width, height: 800 });
      const { page } = s;
      assert.deepEqual(await axeViolations(page), [], `flagship at ${width} px`);
      // Working further down: a row's grades open and the live verdict showing.
      await page.click('#obs-2-more-summary');
      await page.locator('#obs-2-planted').scrollIntoViewIfNeeded();
      await page.waitForSelector('#live:not([hidden])');
      assert.deepEqual(await axeViolations(page), [], `flagship, working on the evidence, at ${width} px`);
      await importCase(page, restricted, 'imported.json');
      assert.deepEqual(await axeViolations(page), [], `imported case at ${width} px`);
      await page.click('#new-case');
      await settled(page);
      assert.deepEqual(await axeViolations(page), [], `new case at ${width} px`);
      assertClean(s);
      await s.context.close();
    }
  });

  it('each evidence row has at most three tab stops, and visible labels are the accessible names', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const stops = await page.locator('#evidence-table tbody tr').evaluateAll((rows) =>
      rows.map((tr) => [...tr.querySelectorAll('a[href], input, select, button, summary')].filter((el) => !el.closest('details:not([open]) > :not(summary)')).length),
    );
    assert.equal(stops.length, FLAGSHIP.observations.length);
    for (const [k, n] of stops.entries()) assert.ok(n <= 3, `row ${k + 1} has ${n} tab stops`);
    // Tab really moves through a row in three steps: include, the source link, "Grades and more".
    await page.focus('#obs-0-include');
    const order = [];
    for (let k = 0; k < 3; k += 1) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
    }
    assert.deepEqual(order, ['A', 'obs-0-more-summary', 'obs-1-include']);
    // "Possibly planted": the visible label is its name.
    await page.click('#obs-0-more-summary');
    const planted = await page.locator('#obs-0-planted').evaluate((el) => ({
      aria: el.getAttribute('aria-label'),
      label: /** @type {HTMLInputElement} */ (el).labels?.[0]?.textContent?.trim(),
    }));
    assert.deepEqual(planted, { aria: null, label: 'Possibly planted' });
    // A row's grades are built when it is first opened (a page of closed rows holds no selects,
    // each of which costs the browser a layout), by the keyboard as by the mouse.
    assert.equal(await page.locator('#obs-1 select').count(), 0);
    await page.focus('#obs-1-more-summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#obs-1-more').getAttribute('open'), '');
    assert.ok(await page.locator('#obs-1-reliability').isVisible());
    assert.ok(await page.locator('#obs-1-credibility').isVisible());
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#obs-1-more').getAttribute('open'), null);
    assertClean(s);
    await s.context.close();
  });
});
