// The overview's pictures, as SVG built through the DOM: every label is set with textContent,
// never parsed as markup. Each picture says what it shows in words too (its <title> and <desc>,
// and text beside the marks), so it reads without colour alone.

const SVG = 'http://www.w3.org/2000/svg';
let ids = 0;

function svgElement(name, attributes = {}, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(key, String(value));
  if (text != null) element.textContent = text;
  return element;
}

function picture(width, height, title, description) {
  const id = `chart-${++ids}`;
  const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'chart' });
  svg.append(svgElement('title', { id: `${id}-title` }, title), svgElement('desc', { id: `${id}-desc` }, description));
  return svg;
}

/** Most bars drawn; the rest are summed up in one "other versions" line. */
const MAX_BARS = 8;

/**
 * Stores per server version: one bar per version, most stores first. Central's version is
 * striped and says "central" in its label, so it is found without colour.
 */
export function versionChart(counts, words) {
  let bars = counts.slice(0, MAX_BARS);
  const central = counts.find((c) => c.central);
  if (central && !bars.includes(central)) bars = [...bars.slice(0, MAX_BARS - 1), central];
  const rest = counts.filter((c) => !bars.includes(c));
  const restStores = rest.reduce((sum, c) => sum + c.stores, 0);
  const lines = bars.map((c) => ({ label: c.central ? `${c.version} · ${words.centralMark}` : c.version, stores: c.stores, central: c.central }));
  if (rest.length) lines.push({ label: words.otherVersions(rest.length), stores: restStores, central: false });
  const answered = counts.reduce((sum, c) => sum + c.stores, 0);
  const description = lines.map((l) => `${l.label}: ${words.stores(l.stores, words.n)}`).join('; ');
  const row = 24;
  const width = 640;
  const labelWidth = 260;
  const barWidth = 260;
  const svg = picture(width, Math.max(1, lines.length) * row + 4, `${words.perVersion}. ${words.perVersionDesc(words.n(answered))}`, description || words.noData);
  const defs = svgElement('defs');
  const pattern = svgElement('pattern', { id: `stripes-${ids}`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  pattern.append(svgElement('rect', { width: 6, height: 6, class: 'stripe-bg' }), svgElement('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'stripe' }));
  defs.append(pattern);
  svg.append(defs);
  const most = Math.max(1, ...lines.map((l) => l.stores));
  lines.forEach((line, i) => {
    const y = i * row + 2;
    const g = svgElement('g', { class: line.central ? 'bar central' : 'bar' });
    g.append(svgElement('text', { x: labelWidth - 8, y: y + 16, 'text-anchor': 'end' }, line.label));
    const w = line.stores === 0 ? 0 : Math.max(2, (line.stores / most) * barWidth);
    g.append(svgElement('rect', { x: labelWidth, y: y + 3, width: w, height: row - 8, fill: line.central ? `url(#stripes-${ids})` : undefined }));
    g.append(svgElement('text', { x: labelWidth + w + 6, y: y + 16 }, words.stores(line.stores, words.n)));
    svg.append(g);
  });
  if (!lines.length) svg.append(svgElement('text', { x: 4, y: 16 }, words.noData));
  return svg;
}

/**
 * A count over the session: a line through each known count (a gap where it was unknown), a
 * dot per count, the first and last counts written out, and the trend in words.
 */
export function pendingChart(points, words, title, trendLabel) {
  const width = 640;
  const height = 120;
  const left = 56;
  const right = 120;
  const top = 12;
  const bottom = 28;
  const known = points.filter((p) => p.pending != null);
  const first = known[0];
  const last = known[known.length - 1];
  const description = known.length
    ? `${words.batches(first.pending, words.n)} → ${words.batches(last.pending, words.n)} (${points.length}); ${words.trendIs(trendLabel)}`
    : words.noData;
  const svg = picture(width, height, title, description);
  if (!known.length) {
    svg.append(svgElement('text', { x: left, y: height / 2 }, words.noData));
    return svg;
  }
  const most = Math.max(1, ...known.map((p) => p.pending));
  const x = (i) => left + (points.length === 1 ? 0 : (i / (points.length - 1)) * (width - left - right));
  const y = (v) => top + (1 - v / most) * (height - top - bottom);
  svg.append(svgElement('line', { x1: left, y1: y(0), x2: width - right, y2: y(0), class: 'axis' }));
  svg.append(svgElement('text', { x: left - 6, y: y(most) + 4, 'text-anchor': 'end' }, words.n(most)));
  svg.append(svgElement('text', { x: left - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0'));
  // One polyline per run of known counts: an unknown count breaks the line.
  let run = [];
  const flush = () => {
    if (run.length > 1) svg.append(svgElement('polyline', { points: run.join(' '), class: 'line' }));
    run = [];
  };
  points.forEach((p, i) => {
    if (p.pending == null) return flush();
    run.push(`${x(i).toFixed(1)},${y(p.pending).toFixed(1)}`);
    svg.append(svgElement('circle', { cx: x(i).toFixed(1), cy: y(p.pending).toFixed(1), r: 3, class: 'dot' }));
  });
  flush();
  const at = (p) => words.time(new Date(p.at));
  svg.append(svgElement('text', { x: left, y: height - 8 }, at(points[0])));
  if (points.length > 1) svg.append(svgElement('text', { x: width - right, y: height - 8, 'text-anchor': 'end' }, at(points[points.length - 1])));
  const lastIndex = points.lastIndexOf(last);
  const trend = trendLabel ? ` (${trendLabel})` : '';
  svg.append(svgElement('text', { x: x(lastIndex) + 8, y: y(last.pending) + 4, class: 'value' }, `${words.n(last.pending)}${trend}`));
  return svg;
}
