/* The timeline (SVG): incidents per day as bars, killed per day as each side reports it as lines. */
"use strict";

const TL = { w: 800, h: 240, left: 44, right: 44, top: 14, bottom: 34 };

function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000); }
function isoDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

/** Draw ``stats`` (GET /api/stats) into ``container``; the legend goes into ``legend``. */
function drawTimeline(container, legend, stats) {
  const days = (stats.by_day || []).filter((d) => d.key && /^\d{4}-\d{2}-\d{2}$/.test(d.key));
  if (!days.length) {
    fill(container, el("p", { class: "muted" }, "No dated incidents match the filters."));
    fill(legend);
    return;
  }
  const first = dayNumber(days[0].key), last = dayNumber(days[days.length - 1].key);
  const span = Math.max(1, last - first + 1);
  const plotW = TL.w - TL.left - TL.right, plotH = TL.h - TL.top - TL.bottom;
  const x = (n) => TL.left + (n - first + 0.5) / span * plotW;
  const maxCount = Math.max(1, ...days.map((d) => d.incidents));
  const sides = (stats.sides || []).slice(0, 8);
  const maxKilled = Math.max(1, ...sides.flatMap((s) => s.days.map((d) => d.killed)));
  const yCount = (v) => TL.top + plotH - v / maxCount * plotH;
  const yKilled = (v) => TL.top + plotH - v / maxKilled * plotH;
  const barW = Math.max(0.6, plotW / span * 0.8);
  let bars = "";
  for (const d of days) {
    const bx = x(dayNumber(d.key)) - barW / 2, by = yCount(d.incidents);
    bars += `M${bx.toFixed(2)} ${(TL.top + plotH).toFixed(2)}V${by.toFixed(2)}h${barW.toFixed(2)}V${(TL.top + plotH).toFixed(2)}Z`;
  }
  const svg = svgEl("svg", { viewBox: `0 0 ${TL.w} ${TL.h}`, class: "timeline-svg", role: "img",
    "aria-label": `Incidents per day from ${days[0].key} to ${days[days.length - 1].key}` });
  svg.append(
    svgEl("path", { d: bars, class: "bars" }, svgEl("title", {}, "Incidents per day")),
    svgEl("line", { x1: TL.left, x2: TL.w - TL.right, y1: TL.top + plotH, y2: TL.top + plotH, class: "axis" }),
    svgEl("text", { x: TL.left, y: TL.h - 8, class: "tick" }, days[0].key),
    svgEl("text", { x: TL.w - TL.right, y: TL.h - 8, class: "tick end" }, days[days.length - 1].key),
    svgEl("text", { x: TL.left - 4, y: TL.top + 14, class: "tick end" }, String(maxCount)),
    svgEl("text", { x: TL.w - TL.right + 4, y: TL.top + 14, class: "tick" }, String(maxKilled)),
  );
  const items = [el("li", {}, el("span", { class: "swatch bar-swatch" }), `incidents per day (left scale, max ${maxCount})`)];
  sides.forEach((side, index) => {
    const colour = sideColour(side.side, index);
    const killedOn = new Map(side.days.map((d) => [dayNumber(d.day), d.killed]));
    const points = [];
    for (let n = first; n <= last; n++) points.push(`${x(n).toFixed(2)},${yKilled(killedOn.get(n) || 0).toFixed(2)}`);
    if (points.length === 1) points.push(points[0]);
    svg.appendChild(svgEl("polyline", { points: points.join(" "), class: "side-line", stroke: colour },
      svgEl("title", {}, `Killed per day as reported by ${side.side}`)));
    for (const [n, killed] of span <= 92 ? killedOn : []) {          // dots only on short ranges
      if (!killed) continue;
      svg.appendChild(svgEl("circle", { cx: x(n).toFixed(2), cy: yKilled(killed).toFixed(2), r: 4, fill: colour, class: "side-dot" },
        svgEl("title", {}, `${isoDay(n)}: ${killed} killed as reported by ${side.side}`)));
    }
    const total = side.days.reduce((sum, d) => sum + d.killed, 0);
    const reported = side.days.reduce((sum, d) => sum + d.incidents, 0);
    items.push(el("li", {}, el("span", { class: "swatch", style: { background: colour } }),
      `${side.side}: ${total} killed in the ${reported} incident${reported === 1 ? "" : "s"} it reports (right scale)`));
  });
  fill(container, svg);
  fill(legend, items);
  svg.dataset.first = isoDay(first);
}
