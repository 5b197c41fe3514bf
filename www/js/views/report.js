// The report's head: the case title and date, and either our written report (flagship) or the
// case's own summary (any other case), always as text.

import { byId } from '../dom.js';
import { longDate } from '../format.js';
import { state } from '../state.js';

/** Update title, date, summary and the flagship prose for the current case. */
export function renderReport() {
  const c = state.case;
  const title = c.title ?? 'Untitled case';
  byId('case-title').textContent = title;
  document.title = `${title} — Attrib`;
  const date = byId('case-date');
  date.hidden = !c.date;
  date.textContent = c.date ? longDate(c.date) : '';
  const summary = byId('case-summary');
  byId('flagship-report').hidden = !state.flagship;
  byId('flagship-lede').hidden = !state.flagship;
  byId('story-link').hidden = !state.flagship;
  summary.hidden = state.flagship || !c.summary;
  summary.textContent = c.summary ?? '';
}
