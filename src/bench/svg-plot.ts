/**
 * A small hand-written SVG line plot: success (0–1, with 95% interval bars)
 * against tokens, one polyline per series. No plotting library, so the report
 * is reproducible byte for byte from results.json.
 */
export interface PlotPoint {
  x: number;
  y: number;
  low: number;
  high: number;
  label?: string;
}

export interface PlotSeries {
  name: string;
  points: PlotPoint[];
}

const WIDTH = 780;
const HEIGHT = 400;
const MARGIN = { left: 60, right: 300, top: 40, bottom: 50 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round ticks (steps of 1, 2 or 5 times a power of ten) from 0 to the first at or past max. */
export function ticks(max: number, count = 5): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [0];
  while ((out[out.length - 1] as number) < max) out.push(Number((out.length * step).toFixed(6)));
  return out;
}

export function linePlot(title: string, xLabel: string, yLabel: string, series: readonly PlotSeries[]): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const maxX = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.x))) * 1.05;
  const xTicks = ticks(maxX);
  const xMax = xTicks[xTicks.length - 1] ?? maxX;
  const sx = (x: number) => MARGIN.left + (x / xMax) * plotW;
  const sy = (y: number) => MARGIN.top + (1 - y) * plotH;
  const f = (n: number) => n.toFixed(1);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const t of xTicks) {
    parts.push(`<line x1="${f(sx(t))}" y1="${MARGIN.top}" x2="${f(sx(t))}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`);
    parts.push(`<text x="${f(sx(t))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${t}</text>`);
  }
  for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(`<line x1="${MARGIN.left}" y1="${f(sy(t))}" x2="${MARGIN.left + plotW}" y2="${f(sy(t))}" stroke="#eee"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${Math.round(t * 100)}%</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(
    `<text x="16" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${MARGIN.top + plotH / 2})">${escapeXml(yLabel)}</text>`,
  );

  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length] as string;
    const points = [...s.points].sort((a, b) => a.x - b.x);
    if (points.length > 1) {
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`);
    }
    for (const p of points) {
      parts.push(`<line x1="${f(sx(p.x))}" y1="${f(sy(p.low))}" x2="${f(sx(p.x))}" y2="${f(sy(p.high))}" stroke="${colour}" stroke-opacity="0.5"/>`);
      parts.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="3.5" fill="${colour}"><title>${escapeXml(`${s.name}${p.label ? ` ${p.label}` : ''}: ${(p.y * 100).toFixed(1)}% at ${p.x.toFixed(0)} tokens`)}</title></circle>`);
    }
    const ly = MARGIN.top + 10 + i * 20;
    parts.push(`<line x1="${WIDTH - MARGIN.right + 15}" y1="${ly}" x2="${WIDTH - MARGIN.right + 35}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${WIDTH - MARGIN.right + 40}" y="${ly + 4}">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
