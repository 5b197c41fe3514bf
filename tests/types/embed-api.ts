// A newsroom's TypeScript using Attrib's ES module API and <attrib-verdict>, checked by
// `tsc --noEmit` in `make lint` against the JSDoc types of www/js/api.js. The @ts-expect-error
// lines are misuses the types must refuse: if they were accepted, tsc would fail here.

import { LINK_LIMIT, loadPack, openLink, score, shareLink, validate } from '../../www/js/api.js';
import type { Link, Scored, Validated } from '../../www/js/api.js';
import type { AttribVerdict } from '../../www/js/attrib-verdict.js';

export async function verdictLine(caseUrl: string): Promise<string> {
  const pack = await loadPack();
  const text = await (await fetch(caseUrl)).text();
  const v: Validated = await validate(text);
  const s: Scored = await score(v.case, { samples: 500 });
  const leader: string = s.display.cluster.name;
  const figure: string = s.display.cluster.figure.percent;
  const state: string | undefined = s.display.state?.name;
  const link: Link = await shareLink(v.case, { report: new URL('https://news.example/attrib/index.html') });
  if (link.tooLong) return `${leader} ${figure} (the reading is ${link.length} characters, over ${LINK_LIMIT})`;
  const back = await openLink(link.url);
  const sha: string | undefined = back.pack?.sha256;
  return `${leader} ${figure}, ${state ?? 'no state'}: ${link.url} (pack ${pack.version}, ${sha})`;
}

export async function misuses(): Promise<void> {
  // @ts-expect-error a case object needs its format version
  await validate({ observations: [] });
  // @ts-expect-error the sample count is a number
  await score('{}', { samples: 'many' });
  // @ts-expect-error a result has no such field
  (await score('{}')).result.verdict;
  // @ts-expect-error openLink takes the link as text
  await openLink(new URL('https://example.com/#case=x'));
}

export function refreshAll(): void {
  for (const el of document.querySelectorAll<AttribVerdict>('attrib-verdict')) void el.refresh();
}
