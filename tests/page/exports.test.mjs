// Exports from the page (issue 10, points 2 to 4): the case file round-trips the whole reading
// into a fresh env.browser, byte for byte; the STIX 2.1 bundle and the ATT&CK Navigator layers are
// the command line's own bytes for the same case, pass stix2-validator and mitreattack-python, and
// every file has a full, unambiguous name.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { artefact, assertClean, importCase, launch, openReport, ROOT, serverAndBrowser, shown, upload } from './harness.mjs';
import { changeEverything } from './work.mjs';

const env = serverAndBrowser();

const STEM = 'intrusions-at-three-south-korean-cryptocurrency-exchanges-2017';
const ATTRIB = join(ROOT, 'target', 'release', 'attrib');
const PACK = join(ROOT, 'www', 'data', 'pack.json');
const PYTHON = join(process.env.ATTRIB_CACHE ?? join(homedir(), '.cache', 'attrib'), 'venv', 'bin', 'python');

/**
 * Click `selector` and return the download's suggested name and text.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
async function save(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(/** @type {string} */ (path), 'utf8') };
}

/**
 * `attrib export` on a case file, as text.
 * @param {string} caseFile
 * @param {string[]} args
 */
function cli(caseFile, args) {
  return execFileSync(ATTRIB, ['export', caseFile, ...args, '--profiles', PACK], { encoding: 'utf8' });
}

describe('the case file', () => {
  it('round-trips the whole reading: a fresh browser importing it shows byte-identical figures', async () => {
    const a = await openReport(env.browser, env.server.url);
    await changeEverything(a.page);
    const here = await shown(a.page);
    const file = await save(a.page, '#export-case');
    assert.equal(file.name, `${STEM}.attrib-case.json`, 'the whole title, then what the file is');
    const c = JSON.parse(file.text);
    const pack = JSON.parse(readFileSync(PACK, 'utf8'));
    assert.deepEqual(c.analysis.pack, { version: pack.version, sha256: pack.sha256 }, 'the file names the pack it was scored with');
    assert.deepEqual(c.analysis.excluded, [4]);
    assert.equal(c.settings.seed, 424242);
    // The share panel saves the very same file.
    const again = await save(a.page, '#share-case-file');
    assert.equal(again.name, file.name);
    assert.equal(again.text, file.text);

    const other = await launch();
    try {
      const b = await openReport(other, env.server.url);
      await upload(b.page, '#import-case', file.name, file.text);
      assert.match((await b.page.textContent('#import-status')) ?? '', /^Imported/);
      const there = await shown(b.page);
      assert.equal(there.result, here.result, 'result JSON, byte for byte');
      assert.equal(there.display, here.display, 'display JSON, byte for byte');
      assert.equal(there.case, here.case, 'the case on screen, without the stamp');
      assertClean(b);
      await b.context.close();
    } finally {
      await other.close();
    }
    // The command line reads the page's file and gives the page's figures.
    const path = artefact('worked-flagship.attrib-case.json');
    writeFileSync(path, file.text);
    const r = JSON.parse(execFileSync(ATTRIB, ['score', path, '--json', '--profiles', PACK], { encoding: 'utf8' }));
    const mine = JSON.parse(here.result);
    assert.equal(r.statement, mine.statement);
    assert.deepEqual(
      r.hypotheses.map((/** @type {any} */ x) => [x.id, x.probability]),
      mine.hypotheses.map((/** @type {any} */ x) => [x.id, x.probability]),
    );
    assertClean(a);
    await a.context.close();
  });

  it('of a case whose title is in another script keeps every word in its name', async () => {
    const s = await openReport(env.browser, env.server.url);
    await importCase(s.page, { attrib: 1, title: '가상자산 거래소 해킹, 2017 – Été', observations: [{ kind: 'language', value: 'ko' }] });
    const f = await save(s.page, '#export-case');
    assert.equal(f.name, '가상자산-거래소-해킹-2017-ete.attrib-case.json');
    assertClean(s);
    await s.context.close();
  });
});

describe('STIX 2.1 and ATT&CK Navigator', () => {
  it('are the command line’s bytes for the case on screen, valid for stix2-validator and mitreattack-python', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    await changeEverything(page);
    const file = await save(page, '#share-case-file');
    const casePath = artefact('exported.attrib-case.json');
    writeFileSync(casePath, file.text);

    const stix = await save(page, '#export-stix');
    assert.equal(stix.name, `${STEM}.stix-2.1-bundle.json`);
    const bundle = JSON.parse(stix.text);
    const created = bundle.objects[0].created;
    assert.match(created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    assert.equal(stix.text, cli(casePath, ['--stix', '--created', created]), 'the page’s bundle is the CLI’s');
    assert.ok(bundle.objects.some((/** @type {any} */ o) => o.type === 'note' && o.content.includes('424242') === false));

    // A layer for the second hypothesis in the picker, and the comparison with its profile.
    const options = await page.locator('#layer-hypothesis option').evaluateAll((os) => os.map((o) => [/** @type {HTMLOptionElement} */ (o).value, o.textContent]));
    assert.ok(options.length >= 3, 'the picker lists the ranked hypotheses');
    const [id] = options[1];
    await page.selectOption('#layer-hypothesis', id);
    const layer = await save(page, '#export-layer');
    const hyp = JSON.parse((await shown(page)).result).hypotheses.find((/** @type {any} */ x) => x.id === id);
    const nameSlug = hyp.name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
    assert.equal(layer.name, `${STEM}.navigator-layer.${id}-${nameSlug}.json`);
    assert.equal(layer.text, cli(casePath, ['--navigator', '--hypothesis', id]));
    assert.ok(JSON.parse(layer.text).name.includes(hyp.name));
    const comparison = await save(page, '#export-comparison');
    assert.equal(comparison.name, `${STEM}.navigator-comparison.${id}-${nameSlug}.json`);
    assert.equal(comparison.text, cli(casePath, ['--navigator', '--comparison', '--hypothesis', id]));
    assert.match((await page.textContent('#export-status')) ?? '', /^Saved .*navigator-comparison/);

    // The analysts' own tools read them.
    assert.ok(existsSync(PYTHON), `the validators' environment (${PYTHON}) is installed by scripts/setup.sh`);
    const paths = [
      ['page.stix-2.1-bundle.json', stix.text],
      ['page.navigator-layer.json', layer.text],
      ['page.navigator-comparison.json', comparison.text],
    ].map(([n, t]) => {
      const p = artefact(n);
      writeFileSync(p, t);
      return p;
    });
    const out = execFileSync(PYTHON, [join(ROOT, 'scripts', 'validate-exports.py'), '--files', ...paths], { encoding: 'utf8' });
    assert.match(out, /stix2-validator: 1 bundles valid/);
    assert.match(out, /mitreattack-python: 2 Navigator layers loaded/);
    // The worker fetched the whole module (which alone has the exports) once, for the first one.
    const [worker] = page.workers();
    const fetched = await worker.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.deepEqual(
      fetched.filter((u) => /attrib_full/.test(u)).map((u) => new URL(u).pathname).sort(),
      ['/pkg/attrib_full.js', '/pkg/attrib_full_bg.wasm'],
      fetched.join(', '),
    );
    assertClean(s);
    await s.context.close();
  });

  it('say so in words when the module that makes them cannot be fetched, and work once it can', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const before = (await shown(page)).result;
    let refused = 0;
    await s.context.route('**/pkg/attrib_full_bg.wasm', (route) => {
      refused += 1;
      return route.fulfill({ status: 503, body: 'down' });
    });
    await page.click('#export-stix');
    await page.waitForFunction(() => /^Could not export/.test(document.querySelector('#export-status')?.textContent ?? ''));
    assert.equal(await page.textContent('#export-status'), 'Could not export: could not load the import and export module (503).');
    assert.equal(refused, 1);
    // The same for a STIX import, which also runs in that module; the pack in force stays.
    await upload(page, '#import-stix', 'bundle.json', JSON.stringify({ type: 'bundle', id: 'bundle--1', objects: [] }));
    assert.equal(await page.textContent('#import-status'), 'Could not import bundle.json: could not load the import and export module (503). The current case is unchanged.');
    assert.equal(refused, 2);
    // Nothing else changed, and scoring goes on in the page's module.
    assert.equal((await shown(page)).result, before);
    await s.context.unroute('**/pkg/attrib_full_bg.wasm');
    const stix = await save(page, '#export-stix');
    assert.equal(stix.name, `${STEM}.stix-2.1-bundle.json`);
    // The 503 is the one console error expected here.
    assert.deepEqual(s.errors.filter((e) => !/503/.test(e)), []);
    assert.deepEqual(s.foreign, []);
    await s.context.close();
  });
});
