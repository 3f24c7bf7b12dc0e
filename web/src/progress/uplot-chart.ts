/**
 * The progress chart drawn with uPlot (a small canvas chart library). This module is loaded with a dynamic
 * `import()` only when a parent opens a chart, so the page's first paint does not carry uPlot or its CSS.
 * uPlot sets styles through the CSSOM (`element.style`), which the page's Content-Security-Policy
 * (`style-src 'self'`) allows.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../format.js';
import { localeOf, type Language } from '../i18n.js';

/** What the chart draws: one x per mark (Unix seconds), the running average and the marks themselves. */
export interface ChartInput {
  readonly times: readonly number[];
  readonly averages: readonly number[];
  readonly values: readonly number[];
  /** The averages that give a «5» and a «4» under the school's rounding rule, drawn as dashed lines. */
  readonly thresholds: { readonly five: number; readonly four: number };
  readonly language: Language;
}

const HEIGHT = 220;
const HALF_DAY = 12 * 3600;

/** The colours of styles.css (a canvas cannot read CSS variables cheaply): accent, ink, good, warn-ink. */
const COLOURS = {
  average: '#0b57d0',
  mark: '#1b1f24',
  five: '#1e6b35',
  four: '#6b4a00',
  axis: '#4a5560',
  grid: '#e3e7eb',
};

/** Draws the chart into `host`, following its width; returns what removes it. */
export function drawChart(host: HTMLElement, input: ChartInput): () => void {
  const flat = (value: number) => input.times.map(() => value);
  const data: uPlot.AlignedData = [
    [...input.times],
    [...input.averages],
    [...input.values],
    flat(input.thresholds.five),
    flat(input.thresholds.four),
  ];
  const plot = new uPlot(optionsFor(host.clientWidth, input), data, host);
  const observer = new ResizeObserver(() => plot.setSize({ width: host.clientWidth, height: HEIGHT }));
  observer.observe(host);
  return () => {
    observer.disconnect();
    plot.destroy();
  };
}

function optionsFor(width: number, input: ChartInput): uPlot.Options {
  // Short numeric days (12.11, 12/11): a phone's axis has room for a few labels only.
  const days = new Intl.DateTimeFormat(localeOf(input.language), { day: '2-digit', month: '2-digit', timeZone: 'UTC' });
  // Whole marks on the y axis, from 2 (or lower, when a «1» or a low hundred-point mark is there) to 5.
  const lowest = Math.floor(Math.min(2, ...input.values));
  const axis = { stroke: COLOURS.axis, grid: { stroke: COLOURS.grid, width: 1 }, ticks: { show: false } };
  return {
    width: Math.max(width, 240),
    height: HEIGHT,
    // Lesson days are calendar days, written at noon UTC: lay the time axis out in UTC so no zone moves them.
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false } },
    scales: {
      // Half a day either side, so the first and the last dot are drawn whole.
      x: { time: true, range: (_plot, min, max) => [min - HALF_DAY, max + HALF_DAY] },
      y: { range: [lowest - 0.3, 5.3] },
    },
    axes: [
      {
        ...axis,
        space: 56,
        values: (_plot, splits) => splits.map((seconds) => days.format(new Date(seconds * 1000))),
      },
      {
        ...axis,
        size: 36,
        splits: () => Array.from({ length: 6 - lowest }, (_, index) => lowest + index),
        values: (_plot, splits) => splits.map((value) => formatNumber(value, input.language)),
      },
    ],
    series: [
      {},
      { stroke: COLOURS.average, width: 2.5, points: { show: false } },
      // Marks as dots only: a line between single marks would read as a trend of its own.
      { stroke: COLOURS.mark, width: 0, paths: () => null, points: { show: true, size: 7, fill: COLOURS.mark } },
      { stroke: COLOURS.five, width: 1.5, dash: [8, 5], points: { show: false } },
      { stroke: COLOURS.four, width: 1.5, dash: [2, 4], points: { show: false } },
    ],
  };
}
