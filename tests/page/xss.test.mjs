// The XSS and hostile-text regression suite (issue 13): 58 payloads, each in every displayed
// string field of a case file and of a STIX bundle, imported through the page's own file inputs,
// and of a shared link (#case=…) opened in the page. After each import nothing may have run (no dialog, no marker set, no page error), no element or
// `on*` attribute may have been injected, no link may lead anywhere but http(s), and the page's
// Content-Security-Policy must not have had anything to block (no violation report).

import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { serverAndBrowser, settled } from './harness.mjs';

const env = serverAndBrowser();

/**
 * Each payload runs `alert(n)` or sets `window.__xss` if it ever executes. Script tags, event
 * handlers, SVG and MathML, mutation XSS, entity-encoded markup, breaking out of quotes and of a
 * script element, template syntax, and javascript:/data:/vbscript: URLs in mixed case with tabs,
 * newlines, NUL and other control characters.
 * @type {string[]}
 */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<svg onload=alert(3)>',
  '<svg><script>alert(4)</script></svg>',
  '"><script>alert(5)</script>',
  "'><img src=x onerror=alert(6)>",
  '</script><script>alert(7)</script>',
  '<iframe src="javascript:alert(8)"></iframe>',
  'javascript:alert(9)',
  'JaVaScRiPt:alert(10)',
  'java\tscript:alert(11)',
  '\u0001javascript:alert(12)',
  ' \n javascript:alert(13)',
  'data:text/html,<script>alert(14)</script>',
  'DaTa:text/html;base64,PHNjcmlwdD5hbGVydCgxNSk8L3NjcmlwdD4=',
  'vbscript:msgbox(16)',
  'VbScRiPt:MsgBox(17)',
  '&lt;script&gt;alert(18)&lt;/script&gt;',
  '&#60;script&#62;alert(19)&#60;/script&#62;',
  '&#x3C;img src=x onerror=alert(20)&#x3E;',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(21)&gt;">',
  '<noscript><p title="</noscript><img src=x onerror=alert(22)>">',
  '<svg><style><img src=x onerror=alert(23)></style></svg>',
  '<a href="javascript:alert(24)">click</a>',
  '<body onload=alert(25)>',
  '<details open ontoggle=alert(26)>',
  '<input autofocus onfocus=alert(27)>',
  '<video><source onerror=alert(28)></video>',
  '<object data="javascript:alert(29)"></object>',
  '<embed src="data:text/html,<script>alert(30)</script>">',
  '<link rel=stylesheet href="data:text/css,*{background:url(javascript:alert(31))}">',
  "<style>@import 'javascript:alert(32)';</style>",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(33)">',
  '<base href="javascript:alert(34)//">',
  "{{constructor.constructor('alert(35)')()}}",
  '${alert(36)}',
  '<img src=x:alert(37) onerror=eval(src)>',
  '<svg><animate onbegin=alert(38) attributeName=x dur=1s></svg>',
  '<svg><a xlink:href="javascript:alert(39)"><text x="20" y="20">x</text></a></svg>',
  '<form action="javascript:alert(40)"><button>go</button></form>',
  '<isindex type=image src=1 onerror=alert(41)>',
  '<marquee onstart=alert(42)>',
  '<template><img src=x onerror=alert(43)></template>',
  '" onmouseover="alert(44)',
  "' onfocus='alert(45)' autofocus='",
  '\u003cscript\u003ealert(46)\u003c/script\u003e',
  '<scr<script>ipt>alert(47)</scr</script>ipt>',
  '<!--<img src="--><img src=x onerror=alert(48)//">',
  '<img src="x\u0000" onerror=alert(49)>',
  '<iframe srcdoc="<script>parent.alert(50)</script>"></iframe>',
  '<svg/onload=alert(51)>',
  '<img src=1 onerror=&#97;&#108;&#101;&#114;&#116;(52)>',
  'javascript&colon;alert(53)',
  'jav&#x09;ascript:alert(54)',
  '<a href="&#106;avascript:alert(55)">x</a>',
  '\u2028<script>alert(56)</script>\u2029',
  '<div style="background:url(javascript:alert(57))">x</div>',
  '<x onpointerenter=alert(58) contenteditable>hover</x><script>window.__xss=58</script>',
];

/**
 * Elements that hostile markup would create and that the page does not build per item (so its
 * count of each, as shipped, is the most there may ever be). `details` and `form`, which the page
 * does build, are covered by the checks on `on*` attributes and on the text shown.
 */
const WATCHED = [
  'script', 'iframe', 'img', 'object', 'embed', 'link', 'meta', 'base', 'style', 'video', 'audio', 'source',
  'math', 'template', 'marquee', 'frame', 'noscript', 'body', 'x', 'isindex', 'animate', 'foreignObject',
  'div[style]', '[contenteditable]', '[autofocus]', '[srcdoc]',
];

/**
 * Open the report with a CSP-violation recorder, and count the watched elements as shipped.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, dialogs: string[], errors: string[], foreign: string[], baseline: Record<string, number>}>}
 */
async function open() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    /** @type {any} */ (window).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => /** @type {any} */ (window).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const origin = new URL(env.server.url).origin;
  /** @type {string[]} */
  const dialogs = [];
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const foreign = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('blob:')) foreign.push(u);
  });
  await page.goto(env.server.url);
  await page.waitForSelector('html[data-ready="true"]');
  await settled(page);
  const baseline = await page.evaluate((watched) => Object.fromEntries(watched.map((s) => [s, document.querySelectorAll(s).length])), WATCHED);
  return { context, page, dialogs, errors, foreign, baseline };
}

/**
 * Import a file through a file input and wait for the page's verdict on it.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 * @param {string} name
 * @param {string} text
 */
async function upload(page, selector, name, text) {
  await page.setInputFiles(selector, { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => (document.getElementById('import-status')?.textContent ?? '').includes(n), name);
  await settled(page);
  return (await page.textContent('#import-status')) ?? '';
}

/**
 * Nothing ran, nothing was injected, nothing was blocked.
 * @param {Awaited<ReturnType<typeof open>>} s
 * @param {string} what
 */
async function assertInert(s, what) {
  const seen = await s.page.evaluate((watched) => {
    const all = [...document.querySelectorAll('*')];
    return {
      counts: Object.fromEntries(watched.map((sel) => [sel, document.querySelectorAll(sel).length])),
      handlers: all.filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).map((el) => el.outerHTML.slice(0, 80)),
      links: [...document.querySelectorAll('[href], [src], [action], [formaction], [data], [srcdoc]')]
        .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? el.getAttribute('data') ?? '')
        .filter((u) => !/^(https?:\/\/|#|blob:|css\/|js\/|pkg\/|favicon\.svg$|data\/)/i.test(u)),
      marker: /** @type {any} */ (window).__xss ?? null,
      csp: /** @type {any} */ (window).__csp,
    };
  }, WATCHED);
  const grown = Object.entries(seen.counts).filter(([sel, n]) => n > s.baseline[sel]);
  assert.deepEqual(grown, [], `${what}: injected elements`);
  assert.deepEqual(seen.handlers, [], `${what}: on* attributes`);
  assert.deepEqual(seen.links, [], `${what}: links that are not http(s)`);
  assert.equal(seen.marker, null, `${what}: a payload ran`);
  assert.deepEqual(seen.csp, [], `${what}: CSP violations`);
  assert.deepEqual(s.dialogs, [], `${what}: dialogs`);
  assert.deepEqual(s.errors, [], `${what}: errors`);
  assert.deepEqual(s.foreign, [], `${what}: requests off the page's origin`);
}

/**
 * A case with the payload in every string field the page displays.
 * @param {string} p
 */
function hostileCase(p) {
  return {
    attrib: 1,
    title: `${p} title`,
    summary: `${p} summary`,
    observations: [
      {
        kind: 'software',
        value: `${p} tool`,
        note: `${p} note`,
        source: { name: `${p} source`, url: `https://example.com/?q=${p}`, reliability: 'B', credibility: 2 },
      },
      { kind: 'technique', value: 'T1566.001', note: p, source: { name: p, url: `http://example.com/#${p}` } },
      { kind: 'victim-country', value: 'KR', source: { name: p } },
    ],
  };
}

describe('hostile text is inert', () => {
  it(`${PAYLOADS.length} payloads in every displayed field of a case file`, async () => {
    assert.ok(PAYLOADS.length >= 50);
    const s = await open();
    const { page } = s;
    for (const [k, p] of PAYLOADS.entries()) {
      const c = hostileCase(p);
      const said = await upload(page, '#import-case', `case-${k}.json`, JSON.stringify(c));
      assert.match(said, /^Imported case-\d+\.json: 3 observations\.$/, `payload ${k}: ${said}`);
      // Shown as text, exactly.
      assert.equal(await page.textContent('#case-title'), c.title, `payload ${k}`);
      assert.equal(await page.textContent('#case-summary'), c.summary, `payload ${k}`);
      const evidence = (await page.textContent('#evidence')) ?? '';
      for (const shown of [c.observations[0].value.trim(), c.observations[0].note]) {
        assert.ok(evidence.includes(shown), `payload ${k}: ${JSON.stringify(shown)} is shown as text`);
      }
      // Hover and focus what a payload might hang a handler on.
      await page.hover('#obs-0 .source');
      await page.hover('#obs-0 .c-evidence');
      await assertInert(s, `case payload ${k}`);
      // The same payload where the core refuses it: as an unknown suspect and as a kind. The
      // error message quotes it, as text.
      const bad = await upload(page, '#import-case', `bad-${k}.json`, JSON.stringify({ ...c, hypotheses: [p] }));
      assert.match(bad, /^Could not import bad-\d+\.json: \$\.hypotheses\[0\]: /, `payload ${k}`);
      const kind = await upload(page, '#import-case', `kind-${k}.json`, JSON.stringify({ attrib: 1, observations: [{ kind: p, value: 'x' }] }));
      assert.match(kind, /^Could not import kind-\d+\.json: \$\.observations\[0\]\.kind: /, `payload ${k}`);
      await assertInert(s, `case error payload ${k}`);
    }
    await s.context.close();
  });

  it(`${PAYLOADS.length} payloads in every displayed field of a STIX bundle`, async () => {
    const s = await open();
    const { page } = s;
    for (const [k, p] of PAYLOADS.entries()) {
      const bundle = {
        type: 'bundle',
        id: `bundle--${p}`,
        objects: [
          {
            type: 'intrusion-set',
            id: 'intrusion-set--x',
            name: `${p} group`,
            aliases: [`${p} alias`],
            external_references: [{ source_name: 'mitre-attack', external_id: `G9${k}`, url: `javascript:alert(${k})//${p}` }],
          },
          {
            type: 'malware',
            id: 'malware--m',
            name: `${p} malware`,
            x_mitre_aliases: [`${p} alias`],
            external_references: [{ source_name: 'mitre-attack', external_id: 'S9999' }],
          },
          {
            type: 'attack-pattern',
            id: 'attack-pattern--t',
            name: `${p} technique`,
            kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: p }],
            external_references: [{ source_name: 'mitre-attack', external_id: 'T9999' }],
          },
          { type: 'identity', id: 'identity--i', name: p, sectors: ['financial-services'] },
          { type: 'relationship', id: 'relationship--1', relationship_type: 'uses', source_ref: 'intrusion-set--x', target_ref: 'malware--m' },
          { type: 'relationship', id: 'relationship--2', relationship_type: 'uses', source_ref: 'intrusion-set--x', target_ref: 'attack-pattern--t' },
          { type: 'relationship', id: 'relationship--3', relationship_type: 'targets', source_ref: 'intrusion-set--x', target_ref: 'identity--i' },
        ],
      };
      const said = await upload(page, '#import-stix', `bundle-${k}.json`, JSON.stringify(bundle));
      assert.match(said, /^Imported bundle-\d+\.json: 1 profiles now compete/, `payload ${k}: ${said}`);
      // A case that shows the bundle's names: its software and technique, scored against its group.
      const c = { attrib: 1, observations: [{ kind: 'software', value: 'S9999' }, { kind: 'technique', value: 'T9999' }] };
      await upload(page, '#import-case', `names-${k}.json`, JSON.stringify(c));
      // Names as text, identifiers apart from them.
      assert.equal(await page.textContent('#obs-0 .value'), `${p} malware`, `payload ${k}: the software's name is shown as text`);
      assert.match((await page.textContent('#obs-0 .ident')) ?? '', /S9999/, `payload ${k}`);
      assert.equal(await page.textContent('#obs-1 .value'), `${p} technique`, `payload ${k}: the technique's name is shown as text`);
      assert.match((await page.textContent('#obs-1 .ident')) ?? '', /T9999/, `payload ${k}`);
      assert.ok(((await page.textContent('#ranking')) ?? '').includes(`${p} group`), `payload ${k}: the group's name is shown as text`);
      assert.ok(((await page.textContent('#footer')) ?? '').includes(`stix-bundle--${p}`), `payload ${k}: the pack's version is shown as text`);
      // The suspects search shows names and aliases.
      await page.fill('#hyp-search', 'alias');
      await settled(page);
      await page.hover('#hyp-results').catch(() => {});
      await assertInert(s, `STIX payload ${k}`);
    }
    await s.context.close();
  });

  it(`${PAYLOADS.length} payloads in every displayed field of a shared link`, async () => {
    const s = await open();
    const { page } = s;
    /** A link's fragment as the page makes it: raw DEFLATE, then base64url. @param {unknown} c */
    const fragment = (c) => `#case=${deflateRawSync(Buffer.from(JSON.stringify(c))).toString('base64url')}`;
    /** Open a link in this tab, as a reader pasting it would, and wait for the page's words. @param {string} hash */
    const openLink = async (hash) => {
      // The note under the title is emptied first (a sentinel), so the wait below sees this link's.
      await page.evaluate((h) => {
        const el = /** @type {HTMLElement} */ (document.getElementById('link-status'));
        el.textContent = '';
        location.hash = h;
      }, hash);
      await page.waitForFunction(() => (document.getElementById('link-status')?.textContent ?? '') !== '');
      await settled(page);
      return (await page.textContent('#link-status')) ?? '';
    };
    for (const [k, p] of PAYLOADS.entries()) {
      const c = hostileCase(p);
      await openLink(fragment(c));
      assert.equal(await page.textContent('#case-title'), c.title, `payload ${k}`);
      assert.equal(await page.textContent('#case-summary'), c.summary, `payload ${k}`);
      const evidence = (await page.textContent('#evidence')) ?? '';
      assert.ok(evidence.includes(c.observations[0].note), `payload ${k}: the note is shown as text`);
      await page.hover('#obs-0 .source');
      await assertInert(s, `link payload ${k}`);
      // A link the core refuses quotes the payload in its message, as text.
      const refused = await openLink(fragment({ ...c, hypotheses: [p] }));
      assert.match(refused, /^This link could not be opened: .*\$\.hypotheses\[0\]: /s, `payload ${k}: ${refused}`);
      await assertInert(s, `refused link payload ${k}`);
    }
    await s.context.close();
  });
});
