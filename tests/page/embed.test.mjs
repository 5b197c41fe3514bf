// Embedding (issue 10, point 6): two <attrib-verdict> elements on the example host page, one case
// from a file and one written inline, each scored live under the host's strict policy, each
// linking to the full report holding the same reading; no global set, no inline style or script
// added, no request off the origin, no accessibility violation. The ES module API is checked too.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertClean, axeViolations, openReport, ROOT, serverAndBrowser, shown, whole } from './harness.mjs';

const env = serverAndBrowser();

/**
 * Open a page other than the report and record what the harness records.
 * @param {string} url
 */
async function openPage(url) {
  const context = await env.browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const foreign = [];
  /** @type {string[]} */
  const dialogs = [];
  /** @type {string[]} */
  const requests = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    requests.push(r.url());
    if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.goto(url);
  return { context, page, errors, foreign, dialogs, requests };
}

/**
 * Wait until a verdict element has finished (its `aria-busy` is gone and it shows a card or an error).
 * @param {import('playwright-core').Page} page
 * @param {string} id
 */
async function verdict(page, id) {
  await page.waitForFunction(
    (i) => {
      const e = document.getElementById(i);
      return e && !e.hasAttribute('aria-busy') && e.shadowRoot?.querySelector('.card, .error');
    },
    id,
    { timeout: 30_000 },
  );
  return page.evaluate((i) => {
    const e = /** @type {HTMLElement & {scored: any}} */ (document.getElementById(i));
    const root = /** @type {ShadowRoot} */ (e.shadowRoot);
    const link = /** @type {HTMLAnchorElement | null} */ (root.querySelector('a.open'));
    return {
      text: root.textContent ?? '',
      error: root.querySelector('.error')?.textContent ?? null,
      link: link?.href ?? null,
      result: JSON.stringify(e.scored?.result ?? null),
      inlineStyles: [...root.querySelectorAll('[style]')].length + root.querySelectorAll('style').length,
      stylesheet: root.querySelector('link[rel="stylesheet"]')?.getAttribute('href') ?? null,
    };
  }, id);
}

describe('<attrib-verdict>', () => {
  it('shows two live verdicts on one page under the host’s strict policy, each linking to its reading', async () => {
    const s = await openPage(`${env.server.url}embed.html`);
    const file = await verdict(s.page, 'verdict-file');
    const inline = await verdict(s.page, 'verdict-inline');
    assert.equal(file.error, null, file.text);
    assert.equal(inline.error, null, inline.text);
    assert.match(file.text, /Intrusions at three South Korean cryptocurrency exchanges, 2017/);
    assert.match(file.text, /Which group\?.*Lazarus Group \d+ %/s);
    assert.match(file.text, /Which state\?North Korea \d+ %/);
    assert.match(inline.text, /Olympic Destroyer at the PyeongChang Winter Games, 2018/);
    assert.match(inline.text, /Confidence: (high|moderate|low)/);
    assert.notEqual(file.result, inline.result, 'two cases, two verdicts');
    for (const v of [file, inline]) {
      assert.equal(v.inlineStyles, 0, 'no inline style in the shadow root');
      assert.ok(v.stylesheet?.endsWith('/css/embed.css'));
      assert.ok(v.link?.startsWith(`${env.server.url}index.html#case=`), `a share link: ${v.link}`);
    }
    // The fallback link inside each element is not shown once the element runs.
    assert.equal(await s.page.locator('#verdict-file > a').isVisible(), false);
    // No global: the window has nothing a fresh same-origin frame does not have.
    const extra = await s.page.evaluate(() => {
      const f = document.createElement('iframe');
      document.body.append(f);
      const fresh = new Set(Object.getOwnPropertyNames(/** @type {Window} */ (f.contentWindow)));
      const mine = Object.getOwnPropertyNames(window).filter((k) => !fresh.has(k) && !/^\d+$/.test(k));
      f.remove();
      return mine;
    });
    assert.deepEqual(extra, []);
    // One engine for both elements (one pack), and every request on the page's origin.
    assert.equal(s.requests.filter((u) => u.endsWith('/data/pack.bin')).length, 1, 'the pack is loaded once for both');
    assertClean(s);
    // Last: axe-core, injected for the test, sets inline styles of its own, which the host's
    // policy refuses (and reports on the console).
    assert.deepEqual(await axeViolations(s.page), []);

    // Each link opens the full report on the very reading the element shows (the element has the
    // whole result; the report draws from a brief one).
    for (const v of [file, inline]) {
      const r = await openReport(env.browser, /** @type {string} */ (v.link));
      assert.equal(await whole(r.page), v.result);
      assertClean(r);
      await r.context.close();
    }
    await s.context.close();
  });

  it('says in words why a case cannot be shown, and the other verdict is unaffected', async () => {
    const s = await openPage(`${env.server.url}embed.html`);
    await verdict(s.page, 'verdict-file');
    const before = await verdict(s.page, 'verdict-inline');
    await s.page.evaluate(() => {
      const e = /** @type {HTMLElement} */ (document.getElementById('verdict-file'));
      e.setAttribute('src', 'data/cases/missing.json');
    });
    const missing = await verdict(s.page, 'verdict-file');
    assert.match(missing.error ?? '', /could not load the case \/data\/cases\/missing\.json \(404\)/);
    await s.page.evaluate(() => {
      const e = /** @type {HTMLElement} */ (document.getElementById('verdict-file'));
      e.removeAttribute('src');
      const data = document.createElement('script');
      data.type = 'application/json';
      data.textContent = '{"attrib": 1, "observations": [{"kind": "technique", "value": "T99"}]}';
      e.append(data);
      /** @type {any} */ (e).refresh();
    });
    const bad = await verdict(s.page, 'verdict-file');
    assert.match(bad.error ?? '', /\$\.observations\[0\]\.value/);
    assert.equal((await verdict(s.page, 'verdict-inline')).result, before.result);
    // The console shows the 404 of the missing file; nothing else.
    assert.deepEqual(
      s.errors.filter((e) => !/404/.test(e)),
      [],
    );
    assert.deepEqual(s.foreign, []);
    await s.context.close();
  });
});

describe('the ES module API', () => {
  it('loads a pack, validates, scores and makes links as the page does', async () => {
    const s = await openReport(env.browser, env.server.url);
    // The API gives the whole result; the page draws from a brief one (engine.js `score`).
    const page = { ...(await shown(s.page)), result: await whole(s.page) };
    const out = await s.page.evaluate(async () => {
      const api = await import('./js/api.js');
      const pack = await api.loadPack();
      const text = await (await fetch('data/cases/kr-exchanges-2017.json')).text();
      const v = await api.validate(text);
      const scored = await api.score(v.case);
      const link = await api.shareLink(v.case);
      const opened = await api.openLink(link.url);
      /** @type {string[]} */
      const errors = [];
      for (const bad of ['{"attrib": 2, "observations": []}', '[', new Uint8Array([0xff])]) {
        try {
          await api.validate(bad);
        } catch (e) {
          errors.push(e instanceof Error ? e.message : String(e));
        }
      }
      try {
        await api.openLink('#case=@@');
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
      // A case already in the core's normal form comes back equal, as a copy (the worker does not
      // send it back, see worker.js `withNames`); one that is not comes back normalised.
      const normal = { attrib: 1, observations: [{ kind: 'technique', value: 'T1486' }] };
      const kept = (await api.validate(normal)).case;
      const lower = (await api.validate({ attrib: 1, observations: [{ kind: 'technique', value: 't1486' }] })).case;
      const forms = { copy: kept !== normal, kept: JSON.stringify(kept), lower: JSON.stringify(lower) };
      // The page reads the worker's typed arrays as they are; the API gives the core's objects.
      const { state } = await import('./js/state.js');
      const m = /** @type {any} */ (state.display).ach;
      return {
        pack,
        result: JSON.stringify(scored.result),
        leader: scored.display.cluster.name,
        contribution: scored.result.hypotheses[0].contributions[0],
        ach: { rows: scored.display.ach.rows.length, first: scored.display.ach.rows[0], pageRows: m.rows, pageFirst: [m.observation[0], m.log_lr[0], m.shades[m.shade[0]], m.diagnosticity[0]] },
        link,
        opened,
        errors,
        forms,
      };
    });
    const packFile = JSON.parse(readFileSync(join(ROOT, 'www', 'data', 'pack.json'), 'utf8'));
    assert.equal(out.pack.sha256, packFile.sha256);
    assert.equal(out.result, page.result, 'the API scores as the page does');
    assert.deepEqual(Object.keys(out.contribution), ['observation', 'log_lr', 'facet']);
    assert.ok(['capability', 'infrastructure', 'victim', 'operations'].includes(out.contribution.facet));
    assert.equal(out.ach.rows, out.ach.pageRows);
    assert.deepEqual(Object.keys(out.ach.first), ['observation', 'cells', 'diagnosticity', 'telling']);
    const { first } = out.ach;
    assert.deepEqual([first.observation, first.cells[0].log_lr, first.cells[0].shade, first.diagnosticity], out.ach.pageFirst);
    const t1486 = JSON.stringify({ attrib: 1, observations: [{ kind: 'technique', value: 'T1486' }] });
    assert.deepEqual(out.forms, { copy: true, kept: t1486, lower: t1486 });
    assert.ok(out.link.url.startsWith(`${env.server.url}index.html#case=`));
    assert.equal(out.opened.pack.sha256, packFile.sha256);
    assert.equal(JSON.stringify(out.opened.case), page.case);
    assert.deepEqual(out.errors.map((e) => e.split(':')[0].replace(/ \(bad byte at offset \d+\)$/, '')), ['$.attrib', 'case file is not valid json', 'case file is not valid utf-8', 'the link is damaged']);
    assertClean(s);
    await s.context.close();
  });
});
