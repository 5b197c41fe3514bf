// The share link (issue 10, point 1): the whole reading in the URL fragment, reopened in a fresh
// browser with byte-identical results; hostile or broken links refused in words without changing
// anything; another pack's stamp named; a reading too large for a link sent to the file export;
// the address bar kept honest without adding history entries; no request off the origin.

import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertClean, importCase, launch, openReport, ROOT, serverAndBrowser, settled, shown } from './harness.mjs';
import { changeEverything } from './work.mjs';

const env = serverAndBrowser();

const FLAGSHIP = JSON.parse(readFileSync(join(ROOT, 'data', 'cases', 'kr-exchanges-2017.json'), 'utf8'));
const PACK = JSON.parse(readFileSync(join(ROOT, 'www', 'data', 'pack.json'), 'utf8'));

/** @param {Buffer | Uint8Array} bytes */
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

/**
 * A fragment holding `bytes` compressed as the page does (raw deflate, base64url).
 * @param {Buffer | Uint8Array | string} bytes
 */
const fragment = (bytes) => `case=${b64url(deflateRawSync(typeof bytes === 'string' ? Buffer.from(bytes) : bytes))}`;

/**
 * Make the link to the reading on screen with "Copy a link", and return it.
 * @param {import('playwright-core').Page} page
 */
async function copyLink(page) {
  await page.click('#copy-link');
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.getElementById('share-url')).value.includes('#case='));
  await settled(page);
  return page.inputValue('#share-url');
}

/**
 * Open the page at `url` and return the text under the title about the link.
 * @param {import('playwright-core').Browser} b
 * @param {string} url
 */
async function openAt(b, url) {
  const s = await openReport(b, url);
  const el = s.page.locator('#link-status');
  return { ...s, status: (await el.isVisible()) ? ((await el.textContent()) ?? '') : '', role: await el.getAttribute('role') };
}

describe('the share link', () => {
  it('reopens the exact reading in a fresh browser: byte-identical result, display and case', async () => {
    const a = await openReport(env.browser, env.server.url);
    await changeEverything(a.page);
    const historyBefore = await a.page.evaluate(() => history.length);
    const link = await copyLink(a.page);
    const here = await shown(a.page);
    assert.equal(a.page.url(), link, 'the address bar holds the link');
    assert.equal(await a.page.evaluate(() => history.length), historyBefore, 'no history entry is added');
    const frag = link.split('#')[1];
    assert.ok(frag.length < 32 * 1024, `the flagship's link fits (${frag.length} characters after the #)`);
    console.log(`# share link of the worked flagship: ${frag.length} characters after the #`);
    assert.match((await a.page.textContent('#share-status')) ?? '', /never send to any server/);

    // A different browser process, with nothing of the first one's state.
    const other = await launch();
    try {
      const b = await openAt(other, link);
      assert.match(b.status, /^You opened a shared reading/);
      const there = await shown(b.page);
      assert.equal(there.result, here.result, 'result JSON, byte for byte');
      assert.equal(there.display, here.display, 'display JSON, byte for byte');
      assert.equal(there.case, here.case, 'the case, with its analysis and settings');
      assert.equal(await b.page.textContent('#case-title'), FLAGSHIP.title);
      assert.equal(await b.page.locator('#flagship-report').isVisible(), true, 'a reading of the flagship keeps our written report');
      assert.equal(await b.page.locator('#reset').textContent(), 'Back to the reading as shared');
      // The first change takes the now stale link out of the address bar, without a new entry.
      const entries = await b.page.evaluate(() => history.length);
      await b.page.check('#obs-4-include');
      await settled(b.page);
      assert.equal(new URL(b.page.url()).hash, '', 'the address bar no longer names a reading that is not on screen');
      assert.equal(await b.page.locator('#link-status').isVisible(), false, 'nor does the note under the title');
      assert.equal(await b.page.evaluate(() => history.length), entries);
      // "Back to the reading as shared" returns to the shared figures.
      await b.page.click('#reset');
      await settled(b.page);
      assert.equal((await shown(b.page)).result, here.result);
      assertClean(b);
      await b.context.close();
    } finally {
      await other.close();
    }
    assertClean(a);
    await a.context.close();
  });

  it('of the published flagship gives the published figures', async () => {
    const a = await openReport(env.browser, env.server.url);
    const here = await shown(a.page);
    const link = await copyLink(a.page);
    console.log(`# share link of the published flagship: ${link.split('#')[1].length} characters after the #`);
    const b = await openAt(env.browser, link);
    assert.equal((await shown(b.page)).result, here.result);
    assertClean(a);
    assertClean(b);
    await a.context.close();
    await b.context.close();
  });

  it('opens the same figures as the case file it was made from, with the pack stamp', async () => {
    const a = await openReport(env.browser, env.server.url);
    const link = await copyLink(a.page);
    const bytes = await a.page.evaluate(async (h) => {
      const { decodeFragment } = await import('./js/share.js');
      return new TextDecoder().decode(await decodeFragment(h));
    }, new URL(link).hash);
    const c = JSON.parse(bytes);
    assert.deepEqual(c.analysis.pack, { version: PACK.version, sha256: PACK.sha256 });
    assert.equal(c.title, FLAGSHIP.title);
    assert.equal(c.observations.length, FLAGSHIP.observations.length);
    assertClean(a);
    await a.context.close();
  });

  it('names another profile pack, then scores against its own', async () => {
    const stamped = { ...FLAGSHIP, analysis: { ...(FLAGSHIP.analysis ?? {}), pack: { version: 'attack-17.0+misp-300+overlay-0', sha256: 'ab'.repeat(32) } } };
    const b = await openAt(env.browser, `${env.server.url}#${fragment(JSON.stringify(stamped))}`);
    assert.match(b.status, /made with another profile pack/);
    assert.match(b.status, /attack-17\.0\+misp-300\+overlay-0 \(sha256 abababababab…\)/);
    assert.match(b.status, new RegExp(`scored against profile pack ${PACK.version.replace(/[+.]/g, '\\$&')}`));
    assert.match(b.status, /The figures below come from this page’s pack\./);
    const withStamp = await shown(b.page);
    assert.equal(JSON.parse(withStamp.case).analysis?.pack, undefined, 'the stamp is not part of the reading');
    const c = await openAt(env.browser, `${env.server.url}#${fragment(JSON.stringify(FLAGSHIP))}`);
    assert.equal(withStamp.result, (await shown(c.page)).result, 'the stamp changes no figure');
    assert.equal(c.status.includes('another profile pack'), false);
    for (const s of [b, c]) {
      assertClean(s);
      await s.context.close();
    }
  });
});

describe('a hostile or broken link', () => {
  /** @type {[string, string, RegExp][]} */
  const HOSTILE = [
    ['bad base64', 'case=abc$def', /character 4 of its data \("\$"\) is not one a link’s data uses/],
    ['cut short base64', 'case=A', /1 characters long, which no whole number of bytes gives/],
    ['no data', 'case=', /no data after #case=/],
    ['not deflate', `case=${b64url(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37]))}`, /is not a compressed case/],
    ['deflate cut short', `case=${b64url(deflateRawSync(Buffer.from(JSON.stringify(FLAGSHIP))).subarray(0, 200))}`, /is not a compressed case/],
    ['decompression bomb', fragment(Buffer.alloc(8 * 1024 * 1024, 0x20)), /unpacks to more than 5 MB/],
    ['invalid UTF-8', fragment(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), /not valid UTF-8/],
    ['not JSON', fragment('{"attrib": 1, "observations": ['), /the link’s case is not valid: case file is not valid json/],
    ['wrong version', fragment('{"attrib": 2, "observations": []}'), /\$\.attrib: expected 1 \(the case format version\), found 2/],
    ['unknown field', fragment('{"attrib": 1, "observations": [], "script": "alert(1)"}'), /\$\.script: unknown field/],
    ['javascript: source', fragment(JSON.stringify({ attrib: 1, observations: [{ kind: 'language', value: 'ko', source: { url: 'javascript:alert(1)' } }] })), /\$\.observations\[0\]\.source\.url/],
    ['suspect not in the pack', fragment(JSON.stringify({ attrib: 1, observations: [], hypotheses: ['G9999'] })), /G9999/],
    ['longer than any link', `case=${'A'.repeat(40_000)}`, /more than the 32,768 any Attrib link has/],
  ];

  it('on opening: a clear error in words, and the published report untouched', async () => {
    const clean = await openReport(env.browser, env.server.url);
    const published = await shown(clean.page);
    await clean.context.close();
    for (const [what, frag, message] of HOSTILE) {
      const s = await openAt(env.browser, `${env.server.url}#${frag}`);
      assert.match(s.status, /^This link could not be opened: /, what);
      assert.match(s.status, message, what);
      assert.match(s.status, /The published report is shown instead\.$/, what);
      assert.equal(s.role, 'alert', what);
      const now = await shown(s.page);
      assert.equal(now.result, published.result, `${what}: the published figures`);
      assert.equal(now.case, published.case, `${what}: the published case`);
      assertClean(s);
      await s.context.close();
    }
  });

  it('given to an open page: a clear error, and the reader’s own case untouched', async () => {
    const s = await openReport(env.browser, env.server.url);
    await s.page.uncheck('#obs-3-include');
    await settled(s.page);
    const mine = await shown(s.page);
    for (const [what, frag, message] of HOSTILE) {
      await s.page.evaluate((f) => {
        location.hash = f;
      }, frag);
      await s.page.waitForFunction((f) => (document.getElementById('link-status')?.textContent ?? '').includes('could not be opened') && location.hash === `#${f}`, frag);
      await settled(s.page);
      const status = (await s.page.textContent('#link-status')) ?? '';
      assert.match(status, message, what);
      assert.match(status, /Nothing on the page was changed\.$/, what);
      const now = await shown(s.page);
      assert.equal(now.result, mine.result, what);
      assert.equal(now.case, mine.case, what);
      // Clear the message for the next one.
      await s.page.evaluate(() => {
        const el = /** @type {HTMLElement} */ (document.getElementById('link-status'));
        el.textContent = '';
      });
    }
    // A good link given afterwards opens, and undo brings the reader's case back.
    await s.page.evaluate((f) => {
      location.hash = f;
    }, fragment(JSON.stringify({ attrib: 1, title: 'Given later', observations: [{ kind: 'language', value: 'ko' }] })));
    await s.page.waitForFunction(() => document.getElementById('case-title')?.textContent === 'Given later');
    await settled(s.page);
    await s.page.click('#undo');
    await settled(s.page);
    assert.equal((await shown(s.page)).result, mine.result);
    assertClean(s);
    await s.context.close();
  });

  it('with hostile text opens it inert: shown as text, no markup, no dialog', async () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const c = { attrib: 1, title: payload, summary: payload, observations: [{ kind: 'software', value: payload, note: payload, source: { name: payload } }] };
    const s = await openAt(env.browser, `${env.server.url}#${fragment(JSON.stringify(c))}`);
    assert.match(s.status, /^You opened a shared reading/);
    assert.equal(await s.page.textContent('#case-title'), payload);
    assert.equal(await s.page.locator('main img, main script').count(), 0);
    assertClean(s);
    await s.context.close();
  });
});

describe('a reading too large for a link', () => {
  it('offers the case file instead', async () => {
    const s = await openReport(env.browser, env.server.url);
    // Addresses that do not compress: about 40 KB after the # once packed (2,500 give 25 KB).
    let x = 12345;
    const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648), (x >>> 16) & 255);
    const observations = Array.from({ length: 4000 }, () => ({ kind: 'infrastructure', value: `ip:${rand()}.${rand()}.${rand()}.${rand()}` }));
    await importCase(s.page, { attrib: 1, title: 'Many addresses', observations }, 'many.json');
    await s.page.click('#copy-link');
    await s.page.waitForFunction(() => (document.getElementById('share-status')?.textContent ?? '') !== '');
    assert.equal(await s.page.locator('#link-too-long').count(), 1, (await s.page.textContent('#share-status')) ?? '');
    assert.match((await s.page.textContent('#link-too-long')) ?? '', /too large for a link: \d+\.\d KB after the #, and links stop at 32\.0 KB/);
    assert.equal(await s.page.locator('#share-url').isVisible(), false);
    assert.equal(new URL(s.page.url()).hash, '');
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click('#too-long-save')]);
    assert.equal(download.suggestedFilename(), 'many-addresses.attrib-case.json');
    assertClean(s);
    await s.context.close();
  });
});
