// A claim's plot as a vega-lite spec, rendered to SVG in Node (vega's headless renderer: no browser, no
// canvas, byte-identical output for the same data). Left: pass rate with its Wilson 95% band against the
// rung's scale parameter, one curve per series, the predicted threshold as a labelled vertical rule.
// Right, when the claim gives reference values: each such observable, measured (median, 10–90%) against theory.
import type { TopLevelSpec } from 'vega-lite';
import type { ClaimResult } from '../contract/report';
import { plotData, type PlotData } from './plot-data';

/** Mark names: they become SVG classes, so a page (or a browser test) can find the threshold rule. */
export const MARK = {
  threshold: 'threshold_rule',
  thresholdLabel: 'threshold_label',
  rate: 'pass_rate',
  band: 'rate_band',
  theory: 'theory',
  fit: 'transition_fit',
  located: 'transition_interval',
  x50: 'transition_x50',
} as const;

/** The SVG class vega gives the marks of a named layer. */
export const markClass = (name: string): string => `${name}_marks`;

const SHAPES = { domain: ['holds', 'fails', 'observe'], range: ['triangle-up', 'triangle-down', 'circle'] };
const FLAGS = { domain: ['disagrees', 'inconclusive', 'not-checked'], range: ['#d62728', '#ff7f0e', '#6d4c9f'] };
// Sized to be read on a slide: the rate panel at least 640 px wide, text at least 12 px.
const RATE_SIZE = { width: 640, height: 320 };
const THEORY_SIZE = { width: 360, height: 320 };
const FONT = { label: 12, title: 13, heading: 14 };

type Layer = Record<string, unknown>;

function xEncoding(data: PlotData): Layer {
  return {
    field: 'x',
    type: 'quantitative',
    title: data.logX ? `${data.x} (log scale)` : data.x,
    // Shortest form of each tick value: "3", not "3.000000" when one value is the whole domain.
    axis: { format: '~g' },
    scale: data.logX ? { type: 'log', nice: false, padding: 12 } : { zero: false, nice: false, padding: 12 },
  };
}

function colorEncoding(data: PlotData): Layer {
  const title = data.curveBy.length ? data.curveBy.join(', ') : null;
  return { field: 'curve', type: 'nominal', title, scale: { domain: data.curves }, ...(data.curves.length < 2 ? { legend: null } : {}) };
}

/**
 * Which side of the threshold rule its label goes: left (below a threshold the rate is low, so the top-left
 * corner is usually clear), unless the rule sits near the left edge of the axis.
 */
function labelSide(data: PlotData): 'left' | 'right' {
  const t = data.threshold!.value;
  const xs = [...data.rates.map((p) => p.x), ...data.theory.map((p) => p.x), t];
  const f = (v: number) => (data.logX ? Math.log(v) : v);
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)].map(f);
  return hi > lo && (f(t) - lo) / (hi - lo) < 0.35 ? 'right' : 'left';
}

/** Mark names must be unique in a figure: the rate panel's are the bare names, a theory panel's get its index. */
function named(name: string, panel?: number): string {
  return panel === undefined ? name : `${name}_${panel}`;
}

function thresholdLayers(data: PlotData, panel?: number): Layer[] {
  if (!data.threshold) return [];
  const t = data.threshold;
  const label = `${t.label}${t.derived ? ' (derived)' : ''}`;
  const values = [{ x: t.value, label }];
  const side = labelSide(data);
  // Hung from the top beside the rule (rotated: baseline bottom is its left side, top its right side).
  const text = { type: 'text', angle: 270, align: 'right', baseline: side === 'left' ? 'bottom' : 'top', dx: -4, dy: side === 'left' ? -4 : 4, fontSize: FONT.label };
  const encoding = { x: { field: 'x', type: 'quantitative' }, y: { datum: 1 }, text: { field: 'label' } };
  return [
    { name: named(MARK.threshold, panel), data: { values }, mark: { type: 'rule', color: '#333', strokeWidth: 1.5, strokeDash: [6, 4] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
    // A white halo under the label keeps it readable where a curve crosses it.
    { name: named(`${MARK.thresholdLabel}_halo`, panel), data: { values }, mark: { ...text, stroke: 'white', strokeWidth: 3, strokeOpacity: 0.9, fill: 'white' }, encoding },
    { name: named(MARK.thresholdLabel, panel), data: { values }, mark: { ...text, color: '#333' }, encoding },
  ];
}

function rateSpec(data: PlotData): Layer {
  const x = xEncoding(data);
  const color = colorEncoding(data);
  const y = { field: 'rate', type: 'quantitative', title: 'pass rate (bars: Wilson 95%)', scale: { domain: [0, 1] } };
  const layers: Layer[] = [
    // Each rung's interval as an error bar at its own x: a band would interpolate between rungs, where nothing was measured.
    { name: MARK.band, mark: { type: 'rule', strokeWidth: 2, opacity: 0.55 }, encoding: { x, y: { field: 'lo', type: 'quantitative', scale: { domain: [0, 1] }, title: y.title }, y2: { field: 'hi' }, color } },
    { name: MARK.rate, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color } },
    {
      mark: { type: 'point', filled: true, size: 55, opacity: 0.9 },
      encoding: { x, y, color, shape: { field: 'expected', type: 'nominal', title: 'paper predicts', scale: SHAPES } },
    },
  ];
  if (data.rates.some((p) => p.theory !== undefined)) {
    layers.push({
      name: MARK.theory,
      transform: [{ filter: 'isValid(datum.theory)' }],
      mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1.2 },
      encoding: { x, y: { field: 'theory', type: 'quantitative' }, color },
    });
  }
  if (data.rates.some((p) => FLAGS.domain.includes(p.verdict))) {
    layers.push({
      transform: [{ filter: { field: 'verdict', oneOf: FLAGS.domain } }],
      mark: { type: 'point', filled: false, size: 240, strokeWidth: 2 },
      encoding: { x, y, stroke: { field: 'verdict', type: 'nominal', title: 'verdict', scale: FLAGS } },
    });
  }
  layers.push(...transitionLayers(data), ...thresholdLayers(data));
  return { ...RATE_SIZE, title: { text: 'pass rate', fontSize: FONT.title }, data: { values: data.rates }, layer: layers };
}

/** The logistic curve fitted to each series (dotted) and its located threshold: the 95% interval near ½, the 50% point on it. */
function transitionLayers(data: PlotData): Layer[] {
  const x = xEncoding(data);
  const color = colorEncoding(data);
  const half = { field: 'y', type: 'quantitative' };
  const layers: Layer[] = [];
  if (data.fits.length) {
    layers.push({ name: MARK.fit, data: { values: data.fits }, mark: { type: 'line', strokeDash: [2, 2], strokeWidth: 1.5 }, encoding: { x, y: { field: 'rate', type: 'quantitative' }, color } });
  }
  if (data.located.length) {
    layers.push({ name: MARK.located, data: { values: data.located }, mark: { type: 'rule', strokeWidth: 4, opacity: 0.7 }, encoding: { x: { ...x, field: 'lo' }, x2: { field: 'hi' }, y: half, color } });
    layers.push({
      name: MARK.x50,
      data: { values: data.located },
      transform: [{ filter: 'isValid(datum.x50)' }],
      mark: { type: 'tick', orient: 'vertical', thickness: 2, size: 16 },
      encoding: { x: { ...x, field: 'x50' }, y: half, color },
    });
  }
  return layers;
}

/** Log y when the values are positive and span two decades or more, so a decaying error stays readable. */
function logY(values: number[]): boolean {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 && finite.every((v) => v > 0) && Math.max(...finite) >= 100 * Math.min(...finite);
}

function theorySpec(data: PlotData, observable: string, panel: number): Layer {
  const points = data.theory.filter((p) => p.observable === observable);
  const all = points.flatMap((p) => [p.reference, p.median, p.q10, p.q90].filter((v): v is number => v !== undefined));
  const log = logY(all);
  const scale = log ? { type: 'log' } : { zero: false };
  const x = xEncoding(data);
  const color = colorEncoding(data);
  const y = { field: 'median', type: 'quantitative', title: observable, scale, axis: log ? { tickCount: 4 } : {} };
  return {
    ...THEORY_SIZE,
    title: { text: `${observable}: measured vs theory (dashed)`, fontSize: FONT.title },
    data: { values: points },
    layer: [
      { transform: [{ filter: 'isValid(datum.q10)' }], mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'q10' }, y2: { field: 'q90' }, color } },
      { transform: [{ filter: 'isValid(datum.median)' }], mark: { type: 'point', filled: true, size: 45 }, encoding: { x, y, color } },
      { name: named(MARK.theory, panel), mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x, y: { field: 'reference', type: 'quantitative' }, color } },
      ...thresholdLayers(data, panel).slice(0, 1), // the rule alone: its label is on the rate panel
    ],
  };
}

/** The vega-lite spec of a claim's figure, or undefined when no rung has a parameter to plot against. */
export function claimSpec(claim: ClaimResult): TopLevelSpec | undefined {
  const data = plotData(claim);
  if (!data) return undefined;
  const panels = [rateSpec(data), ...data.observables.map((o, i) => theorySpec(data, o, i + 1))];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: claim.id, subtitle: claim.paper, anchor: 'start', fontSize: FONT.heading, subtitleFontSize: FONT.label },
    background: 'white',
    padding: 8,
    config: {
      font: 'Helvetica, Arial, sans-serif',
      legend: { orient: 'right', symbolOpacity: 1, labelFontSize: FONT.label, titleFontSize: FONT.label },
      axis: { labelFontSize: FONT.label, titleFontSize: FONT.title },
    },
    hconcat: panels,
    resolve: { scale: { color: 'shared', shape: 'shared' } },
  };
  // The panels are built as plain objects (vega-lite's layer types do not compose); the tests compile every
  // spec and fail on any vega-lite warning, which is where a misspelt property would show.
  return spec as unknown as TopLevelSpec;
}

/** Renders a vega-lite spec to an SVG string with vega's headless renderer. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded when a plot is drawn, not when the module is: vega's canvas module awaits at its top level, which a
  // CommonJS require of theorycheck (through tsx's hook) cannot load.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One SVG per claim that has something to plot, keyed by claim id, in report order. */
export async function claimPlots(claims: readonly ClaimResult[]): Promise<Map<string, string>> {
  const plots = new Map<string, string>();
  for (const claim of claims) {
    const spec = claimSpec(claim);
    if (spec) plots.set(claim.id, await renderSvg(spec));
  }
  return plots;
}
