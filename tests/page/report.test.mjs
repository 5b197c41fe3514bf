// Page scenarios for the flagship report, in headless Chromium.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, artefact, assertClean, figures, openReport, serverAndBrowser, settled, upload, whole } from './harness.mjs';

const env = serverAndBrowser();

describe('flagship report', () => {
  it('loads with a ranking, a statement and a confidence sentence; screenshots at 1280 and 375 px', async () => {
    for (const width of [1280, 375]) {
      const s = await openReport(env.browser, env.server.url, { width, height: 800 });
      const { page } = s;
      // Conclusion first: the verdict sits right under the title and lede, before the long prose.
      const box = async (/** @type {string} */ sel) => /** @type {{x: number, y: number, width: number, height: number}} */ (await page.locator(sel).boundingBox());
      const [title, lede, statementBox, confidence, top3, story, sponsor] = await Promise.all(
        ['#case-title', '#flagship-lede', '#statement-text', '#confidence', '#top3', '#story', '#sponsor-statement'].map(box),
      );
      assert.ok(title.y < lede.y && lede.y < statementBox.y && statementBox.y < story.y, 'title, lede, verdict, then the story');
      assert.ok(top3.y < story.y, 'the top three come before the story');
      if (width === 1280) {
        for (const [name, b] of Object.entries({ statement: statementBox, sponsor, confidence, top3 })) {
          assert.ok(b.y + b.height <= 800, `${name} is above the fold at 1280×800 (bottom at ${b.y + b.height})`);
        }
      } else {
        const verdict = await box('#level-cluster');
        assert.ok(verdict.y < 600, `the verdict starts near the top at 375 px (at ${verdict.y})`);
      }
      assert.equal(await page.locator('#top3 .bars li').count(), 3);
      assert.match((await page.textContent('#top3')) ?? '', /Lazarus Group[\s\S]*%[\s\S]*\d+–\d+ %/);
      const statement = await page.textContent('#statement-text');
      assert.match(statement ?? '', /(It is|No single hypothesis is favoured).*(%)/);
      assert.match((await page.textContent('#confidence')) ?? '', /^Confidence: (high|moderate|low)/);
      assert.match((await page.textContent('#sponsor-statement')) ?? '', /At state level/);
      assert.ok((await page.locator('#ranking .bars').first().locator('li').count()) >= 3);
      assert.match((await page.textContent('#ranking')) ?? '', /North Korea/);
      assert.match((await page.textContent('#legend')) ?? '', /roughly even chance 45-55 %/);
      assert.equal(await page.locator('#evidence-table tbody tr').count(), 12);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `horizontal scrolling of ${overflow} px at ${width} px`);
      await page.screenshot({ path: artefact(`report-${width}.png`), fullPage: true });
      await page.screenshot({ path: artefact(`report-${width}-top.png`) });
      assertClean(s);
      await s.context.close();
    }
  });

  it('excluding an observation changes the figures, and including it again restores them exactly', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const before = await figures(page);
    await page.uncheck('#obs-4-include'); // victim country KR
    const during = await figures(page);
    assert.notEqual(during, before);
    await page.check('#obs-4-include');
    assert.equal(await figures(page), before);
    // Marking as planted and grading down also move the figures, and undoing restores them.
    await page.click('#obs-2-more-summary');
    await page.check('#obs-2-planted');
    assert.notEqual(await figures(page), before);
    await page.click('#obs-2-more-summary');
    await page.click('#obs-2-more-summary');
    await page.uncheck('#obs-2-planted');
    await page.click('#obs-6-more-summary');
    await page.selectOption('#obs-6-reliability', 'E');
    assert.notEqual(await figures(page), before);
    await page.selectOption('#obs-6-reliability', 'B');
    assert.equal(await figures(page), before);
    assertClean(s);
    await s.context.close();
  });

  it('naming a suspect from the search highlights it in the ranking; every profile still competes', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const before = await page.textContent('#ranking');
    const listed = await page.locator('#hyp-list li').count();
    await page.fill('#hyp-search', 'sandworm');
    await settled(page);
    const add = page.locator('#hyp-results button', { hasText: 'Sandworm' }).first();
    await add.click();
    await settled(page);
    assert.equal(await page.locator('#hyp-list li').count(), listed + 1);
    const after = (await page.textContent('#ranking')) ?? '';
    assert.notEqual(after, before);
    const row = page.locator('#ranking-groups .bar-row', { hasText: 'Sandworm' });
    assert.equal(await row.count(), 1);
    assert.match((await row.getAttribute('class')) ?? '', /focus/);
    assert.match((await row.textContent()) ?? '', /highlighted/);
    // A highlight is not a restriction: the race is still the whole pack.
    const race = await page.evaluate(async () => (await import('./js/state.js')).state.result?.race);
    assert.equal(race?.restricted, false);
    // Searching by alias and by ID finds profiles too.
    await page.fill('#hyp-search', 'hidden cobra');
    await settled(page);
    assert.match((await page.textContent('#hyp-results')) ?? '', /Lazarus Group/);
    await page.fill('#hyp-search', 'g0094');
    await settled(page);
    assert.match((await page.textContent('#hyp-results')) ?? '', /Kimsuky/);
    assertClean(s);
    await s.context.close();
  });

  it('a malformed case file shows the core message and leaves the case unchanged', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const before = await figures(page);
    const evidence = await page.textContent('#evidence');
    await upload(page, '#import-case', 'bad.json', '{"attrib": 1, "observations": [{"kind": "malware", "value": "x"}]}');
    const msg = await page.textContent('#import-status');
    assert.match(
      msg ?? '',
      /\$\.observations\[0\]\.kind: expected one of technique, software, victim-country, victim-sector, activity-time, motivation, infrastructure, language, event, found "malware"/,
    );
    assert.match(msg ?? '', /The current case is unchanged/);
    await upload(page, '#import-case', 'broken.json', '{"attrib": 1, "observations": [');
    assert.match((await page.textContent('#import-status')) ?? '', /case file is not valid json/);
    const bundle = { type: 'bundle', objects: [{ type: 'relationship', id: 'relationship--x', relationship_type: 'uses', target_ref: 'tool--y' }] };
    await upload(page, '#import-stix', 'bundle.json', JSON.stringify(bundle));
    assert.match((await page.textContent('#import-status')) ?? '', /stix: objects\[0\] \(relationship--x\): missing source_ref/);
    assert.equal(await figures(page), before);
    assert.equal(await page.textContent('#evidence'), evidence);
    assertClean(s);
    await s.context.close();
  });

  it('after a STIX import, names come from the imported pack, even where they are the same', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    // Items 1 and 2 of the flagship are techniques T1566.001 and T1204.002.
    assert.equal(await page.textContent('#obs-0 .value'), 'Phishing: Spearphishing Attachment');
    assert.equal(await page.textContent('#obs-1 .value'), 'User Execution: Malicious File');
    const bundle = {
      type: 'bundle',
      id: 'bundle--names',
      objects: [
        { type: 'intrusion-set', id: 'intrusion-set--x', name: 'Test group', external_references: [{ source_name: 'mitre-attack', external_id: 'G9001' }] },
        // The standard pack's very name, which need not travel again; T1204.002, which the
        // bundle lacks, must lose the name the page had for it.
        { type: 'attack-pattern', id: 'attack-pattern--t', name: 'Phishing: Spearphishing Attachment', external_references: [{ source_name: 'mitre-attack', external_id: 'T1566.001' }] },
        { type: 'relationship', id: 'relationship--1', relationship_type: 'uses', source_ref: 'intrusion-set--x', target_ref: 'attack-pattern--t' },
      ],
    };
    await upload(page, '#import-stix', 'names.json', JSON.stringify(bundle));
    assert.match((await page.textContent('#import-status')) ?? '', /^Imported names\.json: 1 profiles now compete/);
    assert.equal(await page.textContent('#obs-0 .value'), 'Phishing: Spearphishing Attachment');
    assert.equal(await page.textContent('#obs-1 .value'), 'T1204.002', 'a technique the imported pack does not know is shown by its ID');
    assertClean(s);
    await s.context.close();
  });

  it('renders hostile case text inert', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const scripts = await page.locator('script').count();
    const hostile = {
      attrib: 1,
      title: '<img src=x onerror="window.__pwned=1">Title',
      summary: '<script>window.__pwned=2</script><a href="javascript:window.__pwned=3">click</a>',
      observations: [
        {
          kind: 'software',
          value: '<svg onload="window.__pwned=4">',
          note: 'javascript:window.__pwned=5 <iframe src="javascript:alert(1)"></iframe>',
          source: { name: '<b onmouseover="window.__pwned=6">FireEye</b>', url: 'https://example.com/?q="><script>window.__pwned=7</script>', reliability: 'B', credibility: 2 },
        },
        { kind: 'victim-country', value: 'KR' },
      ],
      hypotheses: ['G0032', 'G0082'],
    };
    await upload(page, '#import-case', 'hostile.json', JSON.stringify(hostile));
    assert.equal(await page.textContent('#case-title'), hostile.title);
    assert.equal(await page.textContent('#case-summary'), hostile.summary);
    assert.match((await page.textContent('#evidence')) ?? '', /javascript:window.__pwned=5/);
    // A javascript: source URL is refused by the core, and the case stays as it was.
    const evil = { ...hostile, observations: [{ kind: 'victim-country', value: 'KR', source: { url: 'javascript:alert(1)' } }] };
    await upload(page, '#import-case', 'evil-url.json', JSON.stringify(evil));
    assert.match((await page.textContent('#import-status')) ?? '', /\$\.observations\[0\]\.source\.url: expected an http or https url/);
    assert.equal(await page.textContent('#case-title'), hostile.title);
    // Hover and click everything that looks like it could run code.
    await page.hover('#evidence .c-source').catch(() => {});
    const state = await page.evaluate(() => ({
      pwned: /** @type {any} */ (window).__pwned,
      imgs: document.querySelectorAll('main img, main iframe, main svg:not(.bar) script, main b').length,
      jsLinks: [...document.querySelectorAll('a')].filter((a) => !/^(https?:|#)/i.test(a.getAttribute('href') ?? '')).length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    assert.deepEqual(state, { pwned: undefined, imgs: 0, jsLinks: 0, handlers: 0 });
    assert.equal(await page.locator('script').count(), scripts);
    // The link helper itself never produces a javascript: link.
    const helper = await page.evaluate(async () => {
      const { safeLink } = await import('./js/dom.js');
      return [safeLink('javascript:alert(1)', 'x'), safeLink('JaVaScRiPt:alert(1)', 'x'), safeLink('data:text/html,x', 'x'), safeLink('https://example.com/', 'x')].map(
        (n) => /** @type {Element} */ (n).tagName,
      );
    });
    assert.deepEqual(helper, ['SPAN', 'SPAN', 'SPAN', 'A']);
    assertClean(s);
    await s.context.close();
  });

  it('exports the case file as a same-origin download', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-case')]);
    const text = await readFile(/** @type {string} */ (await download.path()), 'utf8');
    const exported = JSON.parse(text);
    assert.equal(exported.attrib, 1);
    assert.equal(exported.observations.length, 12);
    // The reader's analysis travels with the file: left-out items and highlighted suspects.
    assert.ok(exported.analysis.focus.includes('G0032'));
    assert.match(download.url(), /^blob:http:\/\/127\.0\.0\.1/);
    assertClean(s);
    await s.context.close();
  });

  it('adds an observation through the editor and rejects an invalid one with the core message', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const before = await figures(page);
    await page.selectOption('#new-kind', 'infrastructure');
    await page.fill('#new-text', 'ip:not-an-address');
    await page.click('#add-observation');
    await settled(page);
    assert.match((await page.textContent('#add-error')) ?? '', /Not added: \$\.observations\[12\]\.value: expected an IPv4 or IPv6 address after ip:/);
    assert.equal(await page.locator('#evidence-table tbody tr').count(), 12);
    assert.equal(await figures(page), before);
    await page.selectOption('#new-kind', 'technique');
    await page.fill('#new-technique', 'T1486');
    await page.selectOption('#new-reliability', 'C');
    await page.click('#add-observation');
    await settled(page);
    assert.equal(await page.locator('#evidence-table tbody tr').count(), 13);
    assert.notEqual(await figures(page), before);
    await page.click('#obs-12-more-summary');
    await page.click('#obs-12-remove');
    await settled(page);
    assert.equal(await page.locator('#evidence-table tbody tr').count(), 12);
    assert.equal(await figures(page), before);
    assertClean(s);
    await s.context.close();
  });
});

describe('scoring in a worker', () => {
  it('loads the engine and the pack in a module worker, each fetched once, never parsed on the main thread', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const workers = page.workers();
    assert.equal(workers.length, 1);
    assert.match(workers[0].url(), /\/js\/worker\.js$/);
    // The document fetches the wasm, the pack and the case while its modules load (preload hints,
    // early.js) and hands the compiled module and the bytes to the worker, which parses the pack
    // and scores: nothing is fetched twice.
    const fetched = async (/** @type {import('playwright-core').Page | import('playwright-core').Worker} */ where) =>
      where.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    const all = [...(await fetched(page)), ...(await fetched(workers[0]))];
    for (const path of ['/pkg/attrib_bg.wasm', '/data/pack.bin', '/data/cases/kr-exchanges-2017.json']) {
      assert.equal(all.filter((u) => u.endsWith(path)).length, 1, `${path} fetched once: ${all.join(', ')}`);
    }
    // The whole module (the STIX import and exports) waits until a reader asks for them.
    assert.deepEqual(all.filter((u) => /attrib_full/.test(u)), [], 'the whole module is not fetched on load');
    assertClean(s);
    await s.context.close();
  });

  it('asks for the weights of the one hypothesis it explains, and brings another’s when the reader picks it', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    /** How many weights each listed hypothesis of the page's result carries. */
    const carried = () =>
      page.evaluate(async () => {
        const { state } = await import('./js/state.js');
        return (state.result?.hypotheses ?? []).map((h) => [h.id, h.contributions.observation.length]);
      });
    const full = JSON.parse(await whole(page));
    const items = full.hypotheses[0].contributions.length;
    assert.ok(items > 0 && full.hypotheses.length > 3);
    assert.deepEqual(await carried(), full.hypotheses.map((/** @type {any} */ h, /** @type {number} */ k) => [h.id, k === 0 ? items : 0]));
    const third = full.hypotheses[2];
    const before = await page.locator('#equation').textContent();
    await page.locator('#contrib-hypothesis').selectOption(third.id);
    await page.waitForFunction((b) => document.getElementById('equation')?.textContent !== b, before);
    await settled(page);
    assert.equal(await page.locator('#contrib-hypothesis').inputValue(), third.id);
    assert.equal(await page.locator('#contributions ol.diverging li').count(), third.contributions.length);
    assert.deepEqual(
      (await carried()).filter(([, n]) => n > 0).map(([id]) => id),
      [full.hypotheses[0].id, third.id],
    );
    // The same weights as the whole result's, and the same figures everywhere else.
    const page3 = await page.evaluate(async (id) => {
      const { state } = await import('./js/state.js');
      const h = state.result?.hypotheses.find((x) => x.id === id);
      return h ? Array.from(h.contributions.log_lr) : [];
    }, third.id);
    assert.deepEqual(page3, third.contributions.map((/** @type {any} */ c) => c.log_lr));
    // Back to the leader, whose weights the result has: drawn at once, no new score.
    const sent = () => page.evaluate(async () => (await import('./js/state.js')).stats.sent);
    const before2 = await sent();
    const eq3 = await page.locator('#equation').textContent();
    await page.locator('#contrib-hypothesis').selectOption(full.hypotheses[0].id);
    await page.waitForFunction((b) => document.getElementById('equation')?.textContent !== b, eq3);
    await settled(page);
    assert.equal(await page.locator('#equation').textContent(), before);
    assert.equal(await sent(), before2, 'no score asked for weights the result has');
    assertClean(s);
    await s.context.close();
  });

  it('without WebAssembly SIMD, runs the whole module instead, with the same figures before and after an edit', async () => {
    // V8 without SSE4.1 has no WebAssembly SIMD: an engine the page's module does not compile on.
    const plain = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--js-flags=--no-enable-sse4-1'] });
    try {
      const runs = [];
      for (const browser of [env.browser, plain]) {
        const s = await openReport(browser, env.server.url);
        const { page } = s;
        const worker = page.workers()[0];
        // A module of one function returning a v128 constant.
        const probe = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, ...new Array(16).fill(0), 11];
        const simd = await worker.evaluate((bytes) => WebAssembly.validate(new Uint8Array(bytes)), probe);
        const fetched = [...(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))), ...(await worker.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)))];
        const before = await figures(page);
        await page.uncheck('#obs-4-include');
        const after = await figures(page);
        runs.push({ simd, full: fetched.some((u) => u.endsWith('/pkg/attrib_full_bg.wasm')), before, after });
        assertClean(s);
        await s.context.close();
      }
      const [withSimd, without] = runs;
      assert.deepEqual([withSimd.simd, without.simd], [true, false], 'the flag takes SIMD away');
      assert.deepEqual([withSimd.full, without.full], [false, true], 'only the engine without SIMD loads the whole module');
      assert.notEqual(withSimd.before, withSimd.after, 'the edit changes the figures');
      assert.equal(without.before, withSimd.before);
      assert.equal(without.after, withSimd.after);
    } finally {
      await plain.close();
    }
  });

  it('coalesces a slider drag: only the latest position is scored, and it matches a direct setting', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const before = await figures(page);
    const original = await page.inputValue('#deception');
    // Thirty input events in one task, as a fast drag delivers them.
    const counts = await page.evaluate(async () => {
      const { stats } = await import('./js/state.js');
      const start = { ...stats };
      const input = /** @type {HTMLInputElement} */ (document.getElementById('deception'));
      for (let i = 1; i <= 30; i += 1) {
        input.value = String(i / 50);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      return start;
    });
    await settled(page);
    const dragged = await figures(page);
    const after = await page.evaluate(async () => ({ ...(await import('./js/state.js')).stats }));
    const sent = after.sent - counts.sent;
    assert.ok(sent >= 1 && sent <= 5, `a drag over 30 positions is coalesced into a few re-scores (${sent} sent)`);
    assert.equal(await page.textContent('#deception-out'), '0.60');
    assert.notEqual(dragged, before);
    // The same position set directly on a fresh page gives the very same figures.
    const t = await openReport(env.browser, env.server.url);
    await t.page.evaluate(() => {
      const input = /** @type {HTMLInputElement} */ (document.getElementById('deception'));
      input.value = '0.6';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settled(t.page);
    assert.equal(await figures(t.page), dragged);
    // And back to the case's own value restores the first figures exactly.
    await page.evaluate((v) => {
      const input = /** @type {HTMLInputElement} */ (document.getElementById('deception'));
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, original);
    assert.equal(await figures(page), before);
    assertClean(s);
    assertClean(t);
    await s.context.close();
    await t.context.close();
  });
});

describe('how reliable is this?', () => {
  it('leads with the held-out reports: Attrib against four baselines, the probability scores and their reliability diagram', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    await page.waitForSelector('#eval-table');
    assert.equal(await page.locator('#eval-table tbody tr').count(), 5);
    const table = (await page.textContent('#eval-table')) ?? '';
    for (const m of [/Attrib/, /TF-IDF/, /Naive Bayes/, /Share of the observed/, /Jaccard/, /held-out ATT&CK reports/]) assert.match(table, m);
    const scores = (await page.textContent('#eval-scores')) ?? '';
    assert.match(scores, /ECE[\s\S]*90 % interval[\s\S]*Log-loss[\s\S]*Brier/);
    const reading = (await page.textContent('#eval-reading')) ?? '';
    assert.match(reading, /public reports[\s\S]*right group first \d+\.\d %[\s\S]*90 % interval/);
    assert.match((await page.textContent('#eval-versus')) ?? '', /TF-IDF/);
    const chart = page.locator('svg#reliability-chart');
    assert.equal(await chart.count(), 1);
    assert.equal(await chart.evaluate((el) => el.namespaceURI), 'http://www.w3.org/2000/svg');
    assert.ok((await page.locator('#reliability-chart circle').count()) >= 3);
    assert.match((await page.textContent('#reliability-chart title')) ?? '', /Reliability diagram[\s\S]*held-out reports/);
    assert.equal(await page.locator('#reliability-table tbody tr').count(), 10);
    assert.ok((await page.locator('#eval-others tbody tr').count()) >= 2, 'campaigns, incidents, synthetic');
    assertClean(s);
    await s.context.close();
  });

  it('words where Attrib beats TF-IDF and where it does not from the figures themselves', async () => {
    const real = JSON.parse(await readFile(new URL('../../www/data/eval.json', import.meta.url), 'utf8'));
    // The same file with TF-IDF made better than Attrib on the reports' top-1 only.
    const edited = structuredClone(real);
    edited.reports.baselines.tfidf.top1 = real.reports.attrib.top1 + 0.1;
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/data/eval.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(edited) }));
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.waitForSelector('#eval-versus');
    const versus = (await page.textContent('#eval-versus')) ?? '';
    const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(1)} %`;
    assert.ok(
      versus.includes(`It does worse on the ${real.reports.n} held-out reports (top-1 ${pct(real.reports.attrib.top1)} against ${pct(real.reports.attrib.top1 + 0.1)}`),
      versus,
    );
    // With the real figures, the reports' top-1 is on the side the figures say.
    const t = await openReport(env.browser, env.server.url);
    const realVersus = (await t.page.textContent('#eval-versus')) ?? '';
    const better = real.reports.attrib.top1 - real.reports.baselines.tfidf.top1 > 0.005;
    assert.equal(realVersus.includes(`does better on the ${real.reports.n} held-out reports (top-1`), better, realVersus);
    await t.context.close();
    await context.close();
  });

  it('says so, without breaking, when eval.json is missing', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/data/eval.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
    const page = await context.newPage();
    /** @type {string[]} */
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/404/.test(m.text())) errors.push(m.text());
    });
    await page.goto(env.server.url);
    await page.waitForSelector('html[data-ready="true"]');
    await page.waitForSelector('#eval-missing');
    assert.match((await page.textContent('#eval-missing')) ?? '', /not available/);
    assert.match((await page.textContent('#statement-text')) ?? '', /%/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
