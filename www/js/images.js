// Images of the verdict and the charts, for a reader to put in an article or a slide. Each
// figure is laid out once as a "scene" (rectangles, lines, circles and lines of text at fixed
// positions, text wrapped with the canvas's own measurements) and drawn twice: as SVG markup
// (presentation attributes only: no style attribute, no <style>, so the file needs no CSS) and
// as a PNG painted on a canvas in the reader's browser. Neither loads anything: the page's
// Content-Security-Policy (img-src falls back to 'self') stays as it is.
//
// Every image carries the case title, the profile pack's stamp and the date it was made.

import { svg } from './dom.js';

/**
 * @typedef {{t: 'rect', x: number, y: number, w: number, h: number, fill: string}
 *   | {t: 'line', x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash?: string}
 *   | {t: 'circle', cx: number, cy: number, r: number, fill: string}
 *   | {t: 'text', x: number, y: number, text: string, size: number, weight?: 'bold', fill: string, anchor?: 'start' | 'middle' | 'end'}} Mark
 */

/**
 * @typedef {object} Scene
 * @property {number} width
 * @property {number} height
 * @property {string} title what the image shows, with the case title
 * @property {string} desc the pack stamp and date, in words
 * @property {Mark[]} marks
 */

/** Fonts metric-compatible with one another, so that the SVG wraps as it was measured. */
export const FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif";

export const COLOURS = {
  ink: '#1b1b1b',
  muted: '#5b5b5b',
  rule: '#d9d6cf',
  paper: '#fffdf8',
  blue: '#0072b2',
  orange: '#d55e00',
  grey: '#8a8a8a',
  track: '#eeebe4',
};

/** @type {CanvasRenderingContext2D | null} */
let measurer = null;

/**
 * The width of `text` in the image font.
 * @param {string} text
 * @param {number} size
 * @param {boolean} [bold]
 */
export function measure(text, size, bold = false) {
  if (!measurer) {
    measurer = document.createElement('canvas').getContext('2d');
    if (!measurer) throw new Error('this browser cannot draw images (no 2D canvas)');
  }
  measurer.font = `${bold ? 'bold ' : ''}${size}px ${FONT}`;
  return measurer.measureText(text).width;
}

/**
 * `text` broken into lines no wider than `width`; a word longer than a line is cut.
 * @param {string} text
 * @param {number} size
 * @param {number} width
 * @param {boolean} [bold]
 * @returns {string[]}
 */
export function wrap(text, size, width, bold = false) {
  /** @type {string[]} */
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (measure(next, size, bold) <= width) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    // A word wider than the line (a hash, a long indicator): cut it where it overflows.
    let rest = word;
    while (measure(rest, size, bold) > width) {
      let n = rest.length - 1;
      while (n > 1 && measure(rest.slice(0, n), size, bold) > width) n -= 1;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A scene under construction: marks added top to bottom, `y` the next free line.
 */
export class Layout {
  /**
   * @param {number} width
   * @param {number} margin
   */
  constructor(width, margin = 32) {
    this.width = width;
    this.margin = margin;
    this.y = margin;
    /** @type {Mark[]} */
    this.marks = [];
  }

  /** The width available for content. */
  get inner() {
    return this.width - 2 * this.margin;
  }

  /**
   * Add wrapped text at `x` (default: the margin), advancing `y`.
   * @param {string} text
   * @param {{size?: number, bold?: boolean, fill?: string, x?: number, width?: number, gap?: number}} [o]
   */
  text(text, o = {}) {
    const size = o.size ?? 15;
    const x = o.x ?? this.margin;
    const lineHeight = Math.round(size * 1.35);
    for (const line of wrap(text, size, o.width ?? this.width - this.margin - x, o.bold)) {
      this.y += lineHeight;
      this.marks.push({ t: 'text', x, y: this.y - Math.round(size * 0.3), text: line, size, fill: o.fill ?? COLOURS.ink, ...(o.bold ? { weight: 'bold' } : {}) });
    }
    this.y += o.gap ?? 0;
  }

  /**
   * A horizontal rule across the content, advancing `y`.
   * @param {number} [gap]
   */
  rule(gap = 12) {
    this.y += gap;
    this.marks.push({ t: 'line', x1: this.margin, y1: this.y, x2: this.width - this.margin, y2: this.y, stroke: COLOURS.rule, width: 1 });
    this.y += gap;
  }

  /**
   * The finished scene, with the colophon (pack stamp, date) at the foot.
   * @param {string} title
   * @param {string} colophon
   * @returns {Scene}
   */
  finish(title, colophon) {
    this.rule(10);
    this.text(colophon, { size: 12, fill: COLOURS.muted });
    const height = Math.ceil(this.y + this.margin / 2);
    return { width: this.width, height, title, desc: colophon, marks: [{ t: 'rect', x: 0, y: 0, w: this.width, h: height, fill: COLOURS.paper }, ...this.marks] };
  }
}

/**
 * The scene as a standalone SVG document.
 * @param {Scene} scene
 * @returns {string}
 */
export function toSvg(scene) {
  const root = svg(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: scene.width,
      height: scene.height,
      viewBox: `0 0 ${scene.width} ${scene.height}`,
      role: 'img',
      'font-family': FONT,
    },
    svg('title', {}, scene.title),
    svg('desc', {}, scene.desc),
    scene.marks.map((m) => {
      switch (m.t) {
        case 'rect':
          return svg('rect', { x: m.x, y: m.y, width: round(m.w), height: m.h, fill: m.fill });
        case 'line':
          return svg('line', { x1: round(m.x1), y1: m.y1, x2: round(m.x2), y2: m.y2, stroke: m.stroke, 'stroke-width': m.width, 'stroke-dasharray': m.dash });
        case 'circle':
          return svg('circle', { cx: round(m.cx), cy: round(m.cy), r: round(m.r), fill: m.fill });
        default:
          return svg('text', { x: round(m.x), y: m.y, 'font-size': m.size, 'font-weight': m.weight, fill: m.fill, 'text-anchor': m.anchor }, m.text);
      }
    }),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
}

/** @param {number} x */
function round(x) {
  return Math.round(x * 100) / 100;
}

/**
 * The scene painted on a canvas at `scale` pixels per unit, as a PNG.
 * @param {Scene} scene
 * @param {number} [scale]
 * @returns {Promise<Blob>}
 */
export function toPng(scene, scale = 2) {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(scene.width * scale);
  canvas.height = Math.round(scene.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('this browser cannot draw images (no 2D canvas)'));
  ctx.scale(scale, scale);
  for (const m of scene.marks) {
    if (m.t === 'rect') {
      ctx.fillStyle = m.fill;
      ctx.fillRect(m.x, m.y, m.w, m.h);
    } else if (m.t === 'line') {
      ctx.strokeStyle = m.stroke;
      ctx.lineWidth = m.width;
      ctx.setLineDash(m.dash ? m.dash.split(/\s+/).map(Number) : []);
      ctx.beginPath();
      ctx.moveTo(m.x1, m.y1);
      ctx.lineTo(m.x2, m.y2);
      ctx.stroke();
    } else if (m.t === 'circle') {
      ctx.fillStyle = m.fill;
      ctx.beginPath();
      ctx.arc(m.cx, m.cy, m.r, 0, 2 * Math.PI);
      ctx.fill();
    } else {
      ctx.fillStyle = m.fill;
      ctx.font = `${m.weight === 'bold' ? 'bold ' : ''}${m.size}px ${FONT}`;
      ctx.textAlign = m.anchor === 'middle' ? 'center' : m.anchor === 'end' ? 'right' : 'left';
      ctx.textBaseline = 'alphabetic';
      ctx.fillText(m.text, m.x, m.y);
    }
  }
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('the image could not be made'))), 'image/png'));
}
