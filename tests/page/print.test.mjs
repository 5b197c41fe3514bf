// Printing (issue 10, point 5): the print stylesheet gives a clean report of at most three A4
// pages (counted in the PDF Chromium prints), with the title, the verdict at both levels, the
// reading before the evidence, the ranking, the evidence with sources and grades, the pack stamp,
// the dates and the share link as text, and no control.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { artefact, assertClean, openReport, serverAndBrowser, settled, shown } from './harness.mjs';
import { changeEverything } from './work.mjs';

const env = serverAndBrowser();

/**
 * The number of pages in a PDF: its page objects (`/Type /Page`, not `/Pages`).
 * @param {Buffer} pdf
 */
function pages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/**
 * Print the page to A4 and return the PDF and its page count.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
async function print(page, name) {
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(artefact(name), pdf);
  return { pdf, pages: pages(pdf) };
}

describe('the printed report', () => {
  it('is at most three A4 pages with the reading, its pack, its dates and its link, and no control', async () => {
    const s = await openReport(env.browser, env.server.url);
    const { page } = s;
    await changeEverything(page);
    await page.waitForSelector('#print-colophon[data-ready="true"]', { state: 'attached' });
    await settled(page);
    const printedLink = (await page.textContent('#print-link')) ?? '';
    const here = await shown(page);

    await page.emulateMedia({ media: 'print' });
    const visible = async (/** @type {string} */ sel) => page.locator(sel).first().isVisible();
    for (const sel of ['#case-title', '#statement-text', '#sponsor-statement', '#confidence', '#prior-statement', '#evidence-weight', '#top3', '#ranking-groups', '#ranking-states', '#evidence-table', '#print-colophon', '#print-link']) {
      assert.equal(await visible(sel), true, `${sel} is printed`);
    }
    for (const sel of ['#copy-link', '#obs-0-include', '#obs-0-more', '#new-case', '#deception', '#controls', '#editor', '#ach', '#live', '.masthead', '.glossary', '#flagship-report', '#image-verdict']) {
      assert.equal(await visible(sel), false, `${sel} is not printed`);
    }
    const controls = await page.evaluate(
      () => [...document.querySelectorAll('button, input, select, textarea, summary')].filter((el) => /** @type {HTMLElement} */ (el).offsetParent !== null).length,
    );
    assert.equal(controls, 0, 'no control is printed');
    const printed = await page.evaluate(() => document.body.innerText);
    assert.match(printed, /Grades: B2: usually reliable source, information probably true/, 'sources and grades');
    assert.match(printed, /Grades: E4/, 'the reader’s own grade');
    assert.match(printed, /Left out/);
    assert.match(printed, /Suspected planted/);
    assert.match(printed, /Printed on \d{1,2} \w+ \d{4} from Attrib\./);
    assert.match(printed, /Profile pack attack-18\.1\+misp-336\+overlay-\w+ \(sha256 [0-9a-f]{64}\)/);
    assert.ok(printedLink.startsWith(env.server.url) && printedLink.includes('#case='), printedLink);

    const out = await print(page, 'flagship-worked.pdf');
    console.log(`# printed flagship (worked reading): ${out.pages} A4 pages, ${out.pdf.length} bytes`);
    assert.ok(out.pages >= 1 && out.pages <= 3, `${out.pages} pages`);

    // The link printed as text opens the very reading that was printed.
    const t = await openReport(env.browser, printedLink);
    assert.equal((await shown(t.page)).result, here.result);
    assertClean(t);
    await t.context.close();
    assertClean(s);
    await s.context.close();
  });

  it('of the published flagship and of a narrow window is at most three pages too', async () => {
    for (const width of [1280, 375]) {
      const s = await openReport(env.browser, env.server.url, { width });
      await s.page.waitForSelector('#print-colophon[data-ready="true"]', { state: 'attached' });
      const out = await print(s.page, `flagship-${width}.pdf`);
      console.log(`# printed flagship from a ${width} px window: ${out.pages} A4 pages`);
      assert.ok(out.pages >= 1 && out.pages <= 3, `${out.pages} pages at ${width} px`);
      assertClean(s);
      await s.context.close();
    }
  });
});
