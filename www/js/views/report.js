// The report's head: the case title, and either our written report (flagship) or the case's own
// summary (any other case), always as text.

import { byId } from '../dom.js';
import { state } from '../state.js';

/** Update title, summary and the flagship prose for the current case. */
export function renderReport() {
  const title = state.case.title ?? 'Untitled case';
  byId('case-title').textContent = title;
  document.title = `${title} — Attrib`;
  const summary = byId('case-summary');
  const prose = byId('flagship-report');
  prose.hidden = !state.flagship;
  byId('flagship-lede').hidden = !state.flagship;
  byId('story-link').hidden = !state.flagship;
  summary.hidden = state.flagship || !state.case.summary;
  summary.textContent = state.case.summary ?? '';
}
