// Hostile files in the page (issue 13): the reproducers in tests/hostile/ give the page exactly
// the command line's verdict, bundles that used to hang the engine import with a note, the
// engine is replaced after a WebAssembly trap or a hang, and a 10,000-observation case is shown a
// page of rows at a time.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { figures, openReport, ROOT, serverAndBrowser, settled } from './harness.mjs';

const env = serverAndBrowser();

const HOSTILE = join(ROOT, 'tests', 'hostile');
const CLI = join(ROOT, 'target', 'release', 'attrib');

/**
 * What `attrib validate FILE` says about a file: its one-line error, or null when it is valid.
 * @param {string} path
 */
function cliVerdict(path) {
  try {
    execFileSync(CLI, ['validate', path], { stdio: ['ignore', 'ignore', 'pipe'] });
    return null;
  } catch (e) {
    const err = /** @type {{stderr: Buffer}} */ (e).stderr.toString();
    return err.trim().replace(`attrib: ${path}: `, '');
  }
}

/**
 * Choose a file for a file input and wait for the import's verdict on it.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 * @param {string} name
 * @param {Buffer} buffer
 */
async function upload(page, selector, name, buffer) {
  await page.setInputFiles(selector, { name, mimeType: 'application/json', buffer });
  await page.waitForFunction((n) => (document.getElementById('import-status')?.textContent ?? '').includes(n), name);
  await settled(page);
  return (await page.textContent('#import-status')) ?? '';
}

/** @param {{errors: string[], foreign: string[], dialogs: string[]}} s */
function assertClean(s) {
  assert.deepEqual(s.errors, [], 'console errors');
  assert.deepEqual(s.foreign, [], 'requests outside the page origin');
  assert.deepEqual(s.dialogs, [], 'dialogs');
}

describe('hostile case files', () => {
  it('are refused or accepted exactly as the command line does, with its message', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    for (const file of [
      'case-bom-cli-rejects-page-accepts.json',
      'case-invalid-utf8-page-accepts.json',
      'case-hypotheses-empty-list.json',
      'case-prior-0.9999999999999999-rejected.json',
      'case-seed-above-2p53.json',
    ]) {
      const path = join(HOSTILE, file);
      const verdict = cliVerdict(path);
      const said = await upload(page, '#import-case', file, await readFile(path));
      if (verdict === null) assert.match(said, new RegExp(`^Imported ${file.replace(/\./g, '\\.')}: \\d+ observations\\.$`), file);
      else assert.equal(said, `Could not import ${file}: ${verdict}. The current case is unchanged.`, file);
    }
    // The messages name the problem.
    assert.equal(
      cliVerdict(join(HOSTILE, 'case-bom-cli-rejects-page-accepts.json')),
      'case file starts with a byte order mark (U+FEFF): expected json text without one',
    );
    assertClean(s);
    await s.context.close();
  });

  it('keeps a seed above 2^53 to the last digit: shown, scored and exported', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const path = join(HOSTILE, 'case-seed-above-2p53.json');
    await upload(page, '#import-case', 'seed.json', await readFile(path));
    assert.equal(await page.inputValue('#seed'), '9007199254740993');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-case')]);
    const text = await readFile(/** @type {string} */ (await download.path()), 'utf8');
    assert.match(text, /"seed": 9007199254740993\b/);
    // Re-sampling draws any 64-bit seed, and the page shows it whole.
    await page.click('#resample');
    await settled(page);
    assert.match(await page.inputValue('#seed'), /^\d{1,20}$/);
    assertClean(s);
    await s.context.close();
  });
});

describe('STIX bundles that hung the engine at 18ded05', () => {
  it('import with a note of what was skipped, and scoring goes on', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    for (const [file, skipped] of [
      ['stix-hang-attack-pattern-without-external-id.json', 'objects[1] (attack-pattern--b): technique skipped: it has no mitre-attack external id'],
      ['stix-hang-technique-id-T15660.json', 'objects[1] (attack-pattern--p): technique skipped: its id "T15660" is not an ATT&CK technique id'],
      ['stix-hang-via-software-technique.json', 'objects[2] (attack-pattern--p): technique skipped: it has no mitre-attack external id'],
    ]) {
      const said = await upload(page, '#import-stix', file, await readFile(join(HOSTILE, file)));
      assert.match(said, /1 profiles now compete as the profile pack/, file);
      assert.match((await page.textContent('#import-warnings')) ?? '', new RegExp(skipped.replace(/[[\]().]/g, '\\$&')), file);
      // The case is scored against the imported pack.
      assert.match((await page.textContent('#statement-text')) ?? '', /%/, file);
    }
    assertClean(s);
    await s.context.close();
  });
});

/**
 * Open the report with a worker whose STIX import misbehaves when the bundle holds `marker`:
 * `trap` throws the error a trapped WebAssembly call throws, `hang` never returns.
 * @param {'trap' | 'hang'} how
 */
async function openWithFaultyWorker(how) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  await context.route('**/js/worker.js', async (route) => {
    const original = await (await route.fetch()).text();
    const fault =
      how === 'trap'
        ? `throw new WebAssembly.RuntimeError('unreachable');`
        : `for (;;) { /* a hang */ }`;
    const injected = `${original}
const importStixAsShipped = ops.importStix;
ops.importStix = (a) => {
  if (new TextDecoder().decode(a.bytes).includes('FAULT-HERE')) { ${fault} }
  return importStixAsShipped(a);
};`;
    await route.fulfill({ body: injected, contentType: 'text/javascript' });
  });
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(env.server.url);
  await page.waitForSelector('html[data-ready="true"]');
  await settled(page);
  return { context, page, errors };
}

const FAULTY = Buffer.from(JSON.stringify({ type: 'bundle', id: 'bundle--FAULT-HERE', objects: [] }));

describe('a broken engine', () => {
  it('is replaced after a WebAssembly trap, its memory freed, and the page says so', async () => {
    const { context, page, errors } = await openWithFaultyWorker('trap');
    const before = await figures(page);
    const [first] = page.workers();
    const closed = new Promise((ok) => first.once('close', ok));
    const said = await upload(page, '#import-stix', 'bad.json', FAULTY);
    assert.equal(
      said,
      'Could not import bad.json: The scoring engine failed while importing the STIX bundle (a WebAssembly error: unreachable). The current case is unchanged.',
    );
    await closed; // the trapped worker is terminated, and its memory with it
    await page.waitForSelector('#engine-restarted');
    assert.equal(
      await page.textContent('#engine-restarted'),
      'The scoring engine failed while importing the STIX bundle (a WebAssembly error: unreachable). It was restarted and its memory released; it scores against the standard profile pack again, and your case is unchanged.',
    );
    await settled(page);
    assert.equal(page.workers().length, 1);
    assert.notEqual(page.workers()[0], first);
    // The new engine scores the unchanged case as before, and keeps working.
    assert.equal(await figures(page), before);
    await page.uncheck('#obs-4-include');
    assert.notEqual(await figures(page), before);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('is replaced when it stops answering', async () => {
    const { context, page, errors } = await openWithFaultyWorker('hang');
    const before = await figures(page);
    await page.evaluate(async () => (await import('./js/engine.js')).setWatchdog(1500));
    const said = await upload(page, '#import-stix', 'slow.json', FAULTY);
    assert.equal(
      said,
      'Could not import slow.json: The scoring engine stopped answering while importing the STIX bundle (no reply in 2 s). The current case is unchanged.',
    );
    await page.waitForSelector('#engine-restarted');
    assert.match((await page.textContent('#engine-restarted')) ?? '', /^The scoring engine stopped answering while importing the STIX bundle \(no reply in 2 s\)\. It was restarted/);
    await settled(page);
    assert.equal(await figures(page), before);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('a case of 10,000 observations', () => {
  it('shows a page of rows at a time in every long list', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const kinds = [
      (/** @type {number} */ i) => ({ kind: 'technique', value: ['T1566.001', 'T1486', 'T1059', 'T1105'][i % 4] }),
      (/** @type {number} */ i) => ({ kind: 'software', value: `tool-${i}` }),
      () => ({ kind: 'victim-country', value: 'KR' }),
      (/** @type {number} */ i) => ({ kind: 'activity-time', value: `2017-05-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 10}:00:00Z` }),
    ];
    const observations = Array.from({ length: 10_000 }, (_, i) => ({ ...kinds[i % 4](i), note: `item ${i + 1}` }));
    const said = await upload(page, '#import-case', 'long.json', Buffer.from(JSON.stringify({ attrib: 1, observations })));
    assert.equal(said, 'Imported long.json: 10000 observations.');
    const rows = () => page.locator('#evidence-table tbody tr').count();
    assert.equal(await rows(), 50);
    assert.equal(await page.textContent('#evidence-pages .pages-where'), 'Items 1–50 of 10,000');
    await page.click('#evidence-next');
    assert.equal(await rows(), 50);
    assert.equal(await page.textContent('#evidence-pages .pages-where'), 'Items 51–100 of 10,000');
    assert.match((await page.textContent('#obs-50')) ?? '', /item 51/);
    // Excluding an item on the second page re-scores; the page stays where it was.
    await page.uncheck('#obs-50-include');
    await settled(page);
    assert.equal(await page.textContent('#evidence-pages .pages-where'), 'Items 51–100 of 10,000');
    // The other long lists are paged too, and the cost model's cuts are said in words.
    assert.equal(await page.locator('#ach-table tbody tr').count(), 50);
    assert.equal(await page.locator('#contributions ol.diverging li').count(), 50);
    const notes = (await page.textContent('#statement-notes')) ?? '';
    assert.match(notes, /monte carlo: \d+ samples drawn instead of the 1000 asked for/);
    assert.match(notes, /sensitivity: pivotal observations and flip weights are not computed for 9999 observations/);
    assert.equal(await page.textContent('#pivotal'), 'Not computed for a case this large: the notes under the verdict say why.');
    assert.ok((await page.evaluate(() => document.querySelectorAll('*').length)) < 10_000, 'the page holds a bounded number of elements');
    assertClean(s);
    await s.context.close();
  });
});
