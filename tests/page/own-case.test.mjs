// A journalist's own case (issue 9): a new case from an empty page, a race that is never empty, a
// live verdict in view while working, undo back to the published figures, and figures that never
// contradict their words.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertClean, figures, importCase, openReport, ROOT, serverAndBrowser, settled, shown } from './harness.mjs';

const env = serverAndBrowser();

const FLAGSHIP = JSON.parse(readFileSync(join(ROOT, 'data', 'cases', 'kr-exchanges-2017.json'), 'utf8'));

/**
 * @param {import('playwright-core').Page} page
 * @param {string} sel
 */
async function text(page, sel) {
  return ((await page.locator(sel).first().textContent()) ?? '').trim();
}

/**
 * Add an observation through the editor's form.
 * @param {import('playwright-core').Page} page
 * @param {string} kind
 * @param {Record<string, string>} fill selector -> value (inputs) or option (selects)
 */
async function addObservation(page, kind, fill) {
  await page.selectOption('#new-kind', kind);
  for (const [sel, v] of Object.entries(fill)) {
    const tag = await page.locator(sel).evaluate((el) => el.tagName);
    if (tag === 'SELECT') await page.selectOption(sel, v);
    else await page.fill(sel, v);
  }
  await page.click('#add-observation');
  await settled(page);
  return text(page, '#add-error');
}

/**
 * Name a suspect through the search.
 * @param {import('playwright-core').Page} page
 * @param {string} query
 * @param {string} name shown on the hit
 */
async function nameSuspect(page, query, name) {
  await page.fill('#hyp-search', query);
  await settled(page);
  await page.locator('#hyp-results button', { hasText: name }).first().click();
  await settled(page);
}

/**
 * A figure as a number: "44.9 %" -> 44.9, "less than 0.1 %" -> 0.05.
 * @param {string} s
 */
function number(s) {
  if (/less than/.test(s)) return 0.05;
  if (/more than/.test(s)) return 99.95;
  const m = s.match(/(\d+(?:\.\d+)?) %/);
  assert.ok(m, `a figure in ${s}`);
  return Number(m[1]);
}

/**
 * The band a sentence states, widened at the ends ("1-5 %" holds everything below 5).
 * @param {string} s
 */
function band(s) {
  const m = s.match(/\((\d+)-(\d+) %\)/);
  assert.ok(m, `a band in ${s}`);
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  return [lo === 1 ? 0 : lo, hi === 99 ? 100 : hi];
}

describe('a new case', () => {
  it('is built from an empty page: title, summary, date, observations by name, and scored', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    await page.click('#new-case');
    await settled(page);
    // The flagship is gone: its title, story, evidence and suspects.
    assert.equal(await text(page, '#case-title'), 'Untitled case');
    assert.equal(await page.locator('#flagship-report').isVisible(), false);
    assert.equal(await page.locator('#evidence-table').count(), 0);
    assert.match(await text(page, '#evidence-empty'), /no observations yet/);
    assert.equal(await page.locator('#hyp-list li').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'case-title-input');
    let r = JSON.parse((await shown(page)).result);
    assert.equal(r.race.restricted, false, 'with no named suspects, everyone competes');
    assert.match(await text(page, '#statement-text'), /^There is no evidence to weigh/);
    // Describe it.
    await page.fill('#case-title-input', 'The Bangladesh Bank heist');
    await page.fill('#case-summary-input', 'In February 2016 thieves used the bank’s SWIFT credentials to order transfers of about $951 million.');
    await page.fill('#case-date-input', '2016-02-04');
    await page.click('#new-kind');
    await settled(page);
    assert.equal(await text(page, '#case-title'), 'The Bangladesh Bank heist');
    assert.equal(await text(page, '#case-date'), '4 February 2016');
    assert.match(await text(page, '#case-summary'), /SWIFT credentials/);
    // Grades are asked at entry: "not graded" is a visible first choice.
    assert.equal(await page.locator('#new-reliability option').first().textContent(), 'not graded (read as F)');
    assert.equal(await page.inputValue('#new-reliability'), '');
    // A technique by its name, with a source and grades.
    await page.fill('#new-source', 'US v. Park Jin Hyok, criminal complaint');
    await page.selectOption('#new-reliability', 'B');
    await page.selectOption('#new-credibility', '2');
    await page.fill('#new-note', 'Malware downloaded further tools.');
    assert.match(await addObservation(page, 'technique', { '#new-technique': 'Ingress Tool Transfer' }), /Added item 1/);
    // The fields that describe one observation are cleared; the source and grades stay.
    assert.equal(await page.inputValue('#new-technique'), '');
    assert.equal(await page.inputValue('#new-note'), '');
    assert.equal(await page.inputValue('#new-source'), 'US v. Park Jin Hyok, criminal complaint');
    assert.equal(await page.inputValue('#new-reliability'), 'B');
    assert.equal(await page.inputValue('#new-credibility'), '2');
    // A sub-technique's own name is accepted when it is unique, and an ambiguous one names the
    // candidates; so does a name the pack does not know.
    const ambiguous = await addObservation(page, 'technique', { '#new-technique': 'spearphishing attachment' });
    assert.match(ambiguous, /Not added: “spearphishing attachment” names no single ATT&CK technique; did you mean Phishing: Spearphishing Attachment \(T1566\.001\), or Phishing for Information: Spearphishing Attachment \(T1598\.002\)/);
    assert.match(await addObservation(page, 'technique', { '#new-technique': 'Phishing: Spearphishing Attachment' }), /Added item 2/);
    const wrong = await addObservation(page, 'technique', { '#new-technique': 'Ingress Tools' });
    assert.match(wrong, /Not added: “Ingress Tools” names no single ATT&CK technique; did you mean .*Ingress Tool Transfer \(T1105\)/);
    assert.match(await addObservation(page, 'victim-country', { '#new-country': 'BD' }), /Added item 3/);
    assert.match(await addObservation(page, 'victim-sector', { '#new-sector': 'financial-services' }), /Added item 4/);
    assert.match(await addObservation(page, 'motivation', { '#new-motivation': 'financial' }), /Added item 5/);
    const c = JSON.parse((await shown(page)).case);
    assert.deepEqual(
      c.observations.map((/** @type {any} */ o) => [o.kind, o.value]),
      [
        ['technique', 'T1105'],
        ['technique', 'T1566.001'],
        ['victim-country', 'BD'],
        ['victim-sector', 'financial-services'],
        ['motivation', 'financial'],
      ],
    );
    assert.deepEqual(c.observations[0].source, { name: 'US v. Park Jin Hyok, criminal complaint', reliability: 'B', credibility: 2 });
    assert.equal(c.date, '2016-02-04');
    // Scored, against the whole pack, with plain names in the table.
    r = JSON.parse((await shown(page)).result);
    assert.equal(r.settings.observations, 5);
    assert.equal(r.race.restricted, false);
    assert.match(await text(page, '#statement-text'), /^(It is|No single hypothesis)/);
    assert.match(await text(page, '#result-lede'), /its 5 pieces of evidence/);
    assert.equal(await text(page, '#obs-0 .value'), 'Ingress Tool Transfer');
    assert.equal(await text(page, '#obs-0 .ident'), 'ATT&CK T1105');
    assert.equal(await text(page, '#obs-2 .value'), 'Bangladesh');
    assertClean(s);
    await s.context.close();
  });
});

describe('the race', () => {
  it('is never empty: removing the last named suspect lets every profile compete again', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const c = structuredClone(FLAGSHIP);
    c.hypotheses = ['G0032'];
    delete c.analysis;
    await importCase(page, c, 'one-suspect.json');
    assert.equal(JSON.parse((await shown(page)).result).race.restricted, true);
    assert.equal(await page.locator('#hyp-list li').count(), 1);
    // With the keyboard: focus the chip's remove button and press Enter.
    await page.focus('#hyp-chip-0');
    await page.keyboard.press('Enter');
    await settled(page);
    const r = JSON.parse((await shown(page)).result);
    assert.equal(r.race.restricted, false);
    assert.ok(r.race.competing > 100, `${r.race.competing} compete`);
    assert.match(await text(page, '#hyp-error'), /every profile in the pack competes again/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'hyp-search');
    assert.doesNotMatch(await text(page, '#statement-text'), /suspects considered/);
    // The restriction cannot be switched on with nobody named.
    assert.equal(await page.locator('#hyp-restrict').isDisabled(), true);
    assertClean(s);
    await s.context.close();
  });

  it('on the flagship, removing every highlighted suspect still leaves the whole pack competing', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    let chips = await page.locator('#hyp-list li').count();
    assert.equal(chips, FLAGSHIP.analysis.focus.length);
    while (chips > 0) {
      await page.click('#hyp-chip-0');
      await settled(page);
      chips = await page.locator('#hyp-list li').count();
      // Focus stays in the panel: the next chip, or the search once none is left.
      assert.equal(await page.evaluate(() => document.activeElement?.id), chips > 0 ? 'hyp-chip-0' : 'hyp-search');
    }
    const r = JSON.parse((await shown(page)).result);
    assert.equal(r.race.restricted, false);
    assert.deepEqual(r.race.focus, []);
    assert.ok((await page.locator('#ranking-groups .bar-row').count()) >= 10);
    assertClean(s);
    await s.context.close();
  });
});

describe('the live verdict', () => {
  it('stays in view while the reader works on the evidence, the suspects or the editor, and moves with the figures', async () => {
    for (const [width, height] of [
      [1280, 900],
      [375, 740],
    ]) {
      const s = await openReport(env.browser, env.server.url, { width, height });
      const { page } = s;
      const inView = async () => {
        const b = await page.locator('#live').boundingBox();
        return !!b && (await page.locator('#live').isVisible()) && b.y >= 0 && b.y + b.height <= height + 1;
      };
      assert.equal(await page.locator('#live').isVisible(), false, 'hidden while the verdict itself is in view');
      await page.locator('#obs-2-include').scrollIntoViewIfNeeded();
      await page.waitForSelector('#live:not([hidden])');
      assert.ok(await inView(), `visible at ${width} px beside the evidence`);
      const before = await text(page, '#live-cluster');
      await page.uncheck('#obs-2-include');
      await settled(page);
      const after = await text(page, '#live-cluster');
      assert.notEqual(after, before, 'the live verdict moved');
      // It says what the verdict says.
      assert.ok(after.includes(await text(page, '#level-cluster .level-figure')), after);
      assert.ok((await text(page, '#live-state')).includes(await text(page, '#level-state .level-figure')));
      assert.match(await text(page, '#live-confidence'), /^Confidence: (high|moderate|low)$/);
      // The item being worked on is not hidden behind it.
      const item = await page.locator('#obs-2-include').boundingBox();
      const bar = await page.locator('#live').boundingBox();
      assert.ok(item && bar && item.y + item.height <= bar.y, 'the checkbox is above the bar');
      for (const sel of ['#hyp-search', '#add-observation']) {
        await page.locator(sel).scrollIntoViewIfNeeded();
        assert.ok(await inView(), `visible beside ${sel}`);
      }
      // Undo from the bar.
      await page.click('#live-undo');
      await settled(page);
      assert.equal(await text(page, '#live-cluster'), before);
      assertClean(s);
      await s.context.close();
    }
  });
});

describe('undo', () => {
  it('every change can be undone, back to byte-identical published figures; redo and reset too', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const published = await shown(page);
    /** @type {(() => Promise<void>)[]} */
    const changes = [
      () => page.uncheck('#obs-4-include'),
      async () => {
        await page.click('#obs-2-more-summary');
        await page.check('#obs-2-planted');
      },
      async () => {
        await page.click('#obs-6-more-summary');
        await page.selectOption('#obs-6-reliability', 'E');
      },
      () => nameSuspect(page, 'sandworm', 'Sandworm'),
      () =>
        page.evaluate(() => {
          const input = /** @type {HTMLInputElement} */ (document.getElementById('deception'));
          for (const v of ['0.3', '0.4', '0.5']) {
            input.value = v;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }
        }),
      async () => {
        await page.fill('#seed', '12345');
        await page.press('#seed', 'Enter');
      },
      () => page.selectOption('#samples', '500'),
      () => page.check('#hyp-restrict'),
      async () => {
        await page.click('#obs-3-more-summary');
        await page.click('#obs-3-remove');
      },
      () => page.click('#new-case'),
    ];
    /** @type {string[]} */
    const seen = [published.result];
    let lastCase = published.case;
    for (const [k, change] of changes.entries()) {
      await change();
      await settled(page);
      const now = await shown(page);
      assert.notEqual(now.case, lastCase, `change ${k + 1} changes the case`);
      lastCase = now.case;
      seen.push(now.result);
    }
    assert.match(JSON.parse(seen[6]).settings.seed.toString(), /^12345$/, 'the typed seed is used');
    const changed = await shown(page);
    // Undo, one step per change, back to the published figures, byte for byte.
    let steps = 0;
    while (await page.locator('#undo').isEnabled()) {
      await page.click('#undo');
      await settled(page);
      steps += 1;
      assert.equal((await shown(page)).result, seen[changes.length - steps], `after ${steps} undos`);
    }
    assert.equal(steps, changes.length);
    const back = await shown(page);
    assert.equal(back.result, published.result);
    assert.equal(back.display, published.display);
    assert.equal(back.case, published.case);
    assert.equal(await text(page, '#case-title'), FLAGSHIP.title);
    // Redo all of it.
    while (await page.locator('#redo').isEnabled()) {
      await page.click('#redo');
      await settled(page);
    }
    assert.equal((await shown(page)).result, changed.result);
    // Reset goes back to the published reading in one step, and can itself be undone.
    await page.click('#reset');
    await settled(page);
    assert.equal((await shown(page)).result, published.result);
    assert.equal(await page.locator('#reset').isDisabled(), true);
    await page.click('#undo');
    await settled(page);
    assert.equal((await shown(page)).result, changed.result);
    assertClean(s);
    await s.context.close();
  });

  it('a bad seed is refused with a message; focus goes to a neighbour after a removal', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const before = await figures(page);
    await page.fill('#seed', '12a');
    await page.press('#seed', 'Enter');
    assert.match(await text(page, '#controls-error'), /The seed must be a whole number/);
    await page.fill('#seed', '99999999999999999999');
    await page.press('#seed', 'Tab');
    assert.match(await text(page, '#controls-error'), /The seed must be at most 18,446,744,073,709,551,615/);
    assert.equal(await figures(page), before);
    // Remove item 6 with the keyboard: focus lands on the item that took its place.
    await page.click('#obs-5-more-summary');
    await page.focus('#obs-5-remove');
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'obs-5-more-summary');
    // Remove the last item: focus goes to the one before.
    const last = (await page.locator('#evidence-table tbody tr').count()) - 1;
    await page.click(`#obs-${last}-more-summary`);
    await page.focus(`#obs-${last}-remove`);
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(await page.evaluate(() => document.activeElement?.id), `obs-${last - 1}-more-summary`);
    assertClean(s);
    await s.context.close();
  });
});

describe('figures and words', () => {
  it('the band in a sentence always holds the figure beside it, over a sweep of suspect additions', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const c = structuredClone(FLAGSHIP);
    c.hypotheses = ['G0032'];
    delete c.analysis;
    await importCase(page, c, 'sweep.json');
    const suspects = [
      ['apt41', 'APT41'],
      ['apt38', 'APT38'],
      ['andariel', 'Andariel'],
      ['kimsuky', 'Kimsuky'],
      ['apt37', 'APT37'],
      ['sandworm', 'Sandworm'],
      ['apt28', 'APT28'],
      ['carbanak', 'Carbanak'],
      ['applejeus', 'AppleJeus'],
      ['fin7', 'FIN7'],
    ];
    /** @type {string[]} */
    const leaders = [];
    for (const [q, name] of [['', ''], ...suspects]) {
      if (q) await nameSuspect(page, q, name);
      for (const [sentence, level] of [
        ['#statement-text', '#level-cluster'],
        ['#sponsor-statement', '#level-state'],
      ]) {
        const said = await text(page, sentence);
        const figure = await text(page, `${level} .level-figure`);
        const [lo, hi] = band(said);
        const v = number(figure);
        assert.ok(lo <= v && v <= hi, `after ${name || 'loading'}: ${figure} beside "${said}"`);
        assert.ok(said.includes(await text(page, `${level} .level-term`)), `${said} uses the term shown`);
      }
      // The same figure in the top three and the live line.
      const leader = await text(page, '#level-cluster .level-figure');
      assert.equal(await text(page, '#top3 .bar-row.lead .p'), leader);
      assert.ok((await text(page, '#live-cluster')).includes(leader));
      leaders.push(leader);
    }
    assert.ok(new Set(leaders).size > 3, `the sweep moved the leader's figure: ${leaders.join(', ')}`);
    assertClean(s);
    await s.context.close();
  });
});
