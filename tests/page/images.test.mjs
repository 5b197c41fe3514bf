// "Download image" (issue 10, point 5): the verdict card and each chart as SVG and as a PNG drawn
// in the env.browser, each with the case title, the pack stamp and the date; the SVG needs no CSS (no
// style attribute or element), runs nothing and links nowhere; the page's policy is untouched.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertClean, openReport, ROOT, serverAndBrowser, settled } from './harness.mjs';

const env = serverAndBrowser();

const STEM = 'intrusions-at-three-south-korean-cryptocurrency-exchanges-2017';
const PACK = JSON.parse(readFileSync(join(ROOT, 'www', 'data', 'pack.json'), 'utf8'));

/**
 * Click a button and return the download's name and bytes.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
async function save(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: readFileSync(/** @type {string} */ (await download.path())) };
}

/**
 * Width and height of a PNG, from its IHDR chunk.
 * @param {Buffer} png
 */
function pngSize(png) {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The figures with an image download, their file-name part and what their SVG must say. */
const FIGURES = [
  ['verdict', [/Which group\?|WHICH GROUP\?/, /Lazarus Group 51 %/, /North Korea 70 %/, /Confidence: moderate/, /BEFORE THE EVIDENCE/]],
  ['ranking-by-group', [/WHO DID IT: BY GROUP/, /Lazarus Group/, /TEMP\.Hermit \(highlighted\)/, /more groups share/]],
  ['ranking-by-state', [/BY SUSPECTED STATE SPONSOR/, /North Korea/, /No known state sponsor/]],
  ['item-weights', [/EACH ITEM’S WEIGHT FOR LAZARUS GROUP/, /PEACHPIT/, /Starting weight/]],
  ['reliability-diagram', [/Is the leader as likely as stated\?/, /Stated probability of the leader/]],
];

describe('images', () => {
  it('of the verdict and of every chart, as SVG and PNG, carry the title, the pack stamp and the date', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const today = await page.evaluate(() => new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
    for (const [part, says] of FIGURES) {
      const svgFile = await save(page, `#image-${part}-svg`);
      assert.equal(svgFile.name, `${STEM}.${part}.svg`);
      const text = svgFile.bytes.toString('utf8');
      assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.ok(text.includes('Intrusions at three South Korean cryptocurrency exchanges, 2017'), `${part}: the case title`);
      assert.ok(text.includes(`Profile pack ${PACK.version} (sha256 ${PACK.sha256.slice(0, 16)}…)`), `${part}: the pack stamp`);
      assert.ok(text.includes(`made ${today}`), `${part}: the date`);
      for (const re of /** @type {RegExp[]} */ (says)) assert.match(text, re, `${part}: ${re}`);
      assert.doesNotMatch(text, /style=|<style|<script|href=|on[a-z]+=|<image|<foreignObject/i, `${part}: no CSS, script, link or embedded content`);
      const dims = text.match(/width="(\d+)" height="(\d+)"/);
      assert.ok(dims, 'the SVG has a size');

      const pngFile = await save(page, `#image-${part}-png`);
      assert.equal(pngFile.name, `${STEM}.${part}.png`);
      const size = pngSize(pngFile.bytes);
      assert.equal(size.width, Number(/** @type {RegExpMatchArray} */ (dims)[1]) * 2, `${part}: the PNG is the SVG's layout at twice its size`);
      assert.equal(size.height, Number(/** @type {RegExpMatchArray} */ (dims)[2]) * 2);
      assert.ok(pngFile.bytes.length > 20_000, `${part}: a drawn image, not a blank one (${pngFile.bytes.length} bytes)`);
      assert.match((await page.textContent(`#image-${part}-status`)) ?? '', new RegExp(`Saved ${STEM}\\.${part}\\.png\\.`));
    }
    assertClean(s);
    await s.context.close();
  });

  it('follow the reading: the verdict image changes with the figures', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    const before = (await save(page, '#image-verdict-svg')).bytes.toString('utf8');
    await page.uncheck('#obs-2-include');
    await settled(page);
    const after = (await save(page, '#image-verdict-svg')).bytes.toString('utf8');
    assert.notEqual(after, before);
    const leader = ((await page.textContent('#level-cluster .level-name')) ?? '').trim();
    const figure = ((await page.textContent('#level-cluster .level-figure')) ?? '').trim();
    assert.ok(after.includes(`${leader} ${figure}`), `the image shows the page's figure: ${leader} ${figure}`);
    assertClean(s);
    await s.context.close();
  });
});
