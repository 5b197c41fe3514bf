#!/usr/bin/env node
// The README's screenshot (not a test): the top 1,400 px of the flagship report at 1280 px wide,
// once scored, written to docs/screenshot.png.  node tests/page/screenshot.mjs

import { join } from 'node:path';
import { statSync } from 'node:fs';
import { ROOT, launch, openReport, startServer } from './harness.mjs';

const out = join(ROOT, 'docs', 'screenshot.png');
const server = await startServer();
const browser = await launch();
try {
  const s = await openReport(browser, server.url, { width: 1280, height: 800 });
  // No focus ring, no caret, no animation in the picture.
  await s.page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur());
  await s.page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1400 }, animations: 'disabled' });
  console.log(`wrote ${out} (${(statSync(out).size / 1024).toFixed(0)} KB)`);
  await s.context.close();
} finally {
  await browser.close();
  server.stop();
}
