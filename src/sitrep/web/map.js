/* The incident map: bundled Natural Earth outlines (equirectangular) drawn in SVG, pan and zoom (drag,
   wheel, buttons, arrow keys), markers sized by deaths and coloured by grade, drawn on a canvas (fast with
   10,000 incidents). With a tile URL (sitrep serve --tiles) the map
   switches to Web Mercator and draws those tiles underneath; without one it makes no external request. */
"use strict";

const SIZE_BUCKETS = [0, 1, 3, 10, 30, 100];   // killed >= bucket -> radius RADII[i] (CSS pixels)
const RADII = [3, 4.5, 6, 8.5, 11, 14];

class IncidentMap {
  constructor(container, { tiles = null, onSelect = null } = {}) {
    this.container = container;
    this.tiles = tiles;
    this.onSelect = onSelect;
    this.world = tiles ? { x: 0, y: 0, w: 256, h: 256 } : { x: -180, y: -90, w: 360, h: 180 };
    this.svg = svgEl("svg", { class: "map-svg", "aria-hidden": "true", preserveAspectRatio: "none" });
    this.tileLayer = svgEl("g", { class: "tiles" });
    this.countries = svgEl("g", { class: "countries" });
    this.svg.append(this.tileLayer, this.countries);
    this.canvas = el("canvas", { class: "map-canvas" });
    this.stage = el("div", { class: "map-stage", role: "img", tabindex: "0",
      "aria-label": "Map of incidents: marker size by deaths, colour by grade; use the list below to open one" },
    this.svg, this.canvas);
    this.points = [];
    const zoom = (factor) => () => this.zoomBy(factor);
    const controls = el("div", { class: "map-controls" },
      el("button", { type: "button", "aria-label": "Zoom in", onclick: zoom(0.5) }, "+"),
      el("button", { type: "button", "aria-label": "Zoom out", onclick: zoom(2) }, "−"),
      el("button", { type: "button", "aria-label": "Show the whole map", onclick: () => this.reset() }, "⤢"));
    fill(container, this.stage, controls);
    this.view = { ...this.world };
    this.fitAspect();
    this.bindPanZoom();
    window.addEventListener("resize", () => this.fitAspect());
  }

  /** [x, y] in map units of a longitude/latitude. */
  project(lon, lat) {
    if (!this.tiles) return [lon, -lat];
    const clamped = Math.max(-85.05, Math.min(85.05, lat)) * Math.PI / 180;
    const y = (1 - Math.log(Math.tan(clamped) + 1 / Math.cos(clamped)) / Math.PI) / 2;
    return [(lon + 180) / 360 * 256, y * 256];
  }

  /** Draw the country outlines of a GeoJSON FeatureCollection (the bundled world.geojson). */
  drawCountries(collection) {
    const parts = [];
    for (const feature of collection.features) {
      const d = [];
      for (const polygon of feature.geometry.coordinates) {
        for (const ring of polygon) {
          for (let i = 0; i < ring.length; i++) {
            const [x, y] = this.project(ring[i][0], ring[i][1]);
            d.push(i ? "L" : "M", this.tiles ? x.toFixed(3) : x, " ", this.tiles ? y.toFixed(3) : y);
          }
          d.push("Z");
        }
      }
      const path = svgEl("path", { d: d.join("") });
      path.appendChild(svgEl("title", {}, feature.properties.name || ""));
      parts.push(path);
    }
    fill(this.countries, parts);
  }

  /** Set the markers: points are [id, lat, lon, killed_best, grade]. */
  setPoints(points) {
    this.points = points.map(([id, lat, lon, killed, grade]) => {
      const [x, y] = this.project(lon, lat);
      let size = 0;
      SIZE_BUCKETS.forEach((min, i) => { if ((killed || 0) >= min && min > 0) size = i; });
      return { id, x, y, r: RADII[size], killed, grade, colour: GRADE_COLOURS[grade] || "#555" };
    }).sort((a, b) => b.r - a.r);                                 // small markers drawn on top
    this.stage.dataset.count = String(this.points.length);
    this.draw();
  }

  /** Client-pixel position of a marker (for tests and keyboard help), or null. */
  markerPixel(id) {
    const point = this.points.find((p) => p.id === id);
    if (!point) return null;
    const box = this.stage.getBoundingClientRect();
    return { x: box.left + (point.x - this.view.x) / this.view.w * box.width,
             y: box.top + (point.y - this.view.y) / this.view.h * box.height };
  }

  draw() {
    const width = this.stage.clientWidth || 600, height = this.stage.clientHeight || 300;
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const v = this.view, sx = width / v.w, sy = height / v.h;
    const byColour = new Map();                  // one path per colour: a few fills instead of thousands
    for (const p of this.points) {
      const px = (p.x - v.x) * sx, py = (p.y - v.y) * sy;
      if (px < -p.r || py < -p.r || px > width + p.r || py > height + p.r) continue;
      if (!byColour.has(p.colour)) byColour.set(p.colour, new Path2D());
      const path = byColour.get(p.colour);
      path.moveTo(px + p.r, py);
      path.arc(px, py, p.r, 0, 2 * Math.PI);
    }
    ctx.lineWidth = 0.8;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
    for (const [colour, path] of byColour) {
      ctx.globalAlpha = 0.7;
      ctx.fillStyle = colour;
      ctx.fill(path);
      ctx.globalAlpha = 1;
      ctx.stroke(path);
    }
  }

  /** The marker under a pointer event (the smallest one on top), or null. */
  hit(event) {
    const box = this.stage.getBoundingClientRect();
    const mx = event.clientX - box.left, my = event.clientY - box.top;
    const v = this.view, sx = box.width / v.w, sy = box.height / v.h;
    for (let i = this.points.length - 1; i >= 0; i--) {
      const p = this.points[i];
      const dx = (p.x - v.x) * sx - mx, dy = (p.y - v.y) * sy - my;
      if (dx * dx + dy * dy <= (p.r + 2) * (p.r + 2)) return p;
    }
    return null;
  }

  bindPanZoom() {
    this.stage.addEventListener("wheel", (event) => {
      event.preventDefault();
      this.zoomBy(event.deltaY > 0 ? 1.25 : 0.8, this.toMap(event));
    }, { passive: false });
    let drag = null;
    this.stage.addEventListener("pointerdown", (event) => {
      drag = { x: event.clientX, y: event.clientY, view: { ...this.view }, moved: false };
      this.stage.setPointerCapture(event.pointerId);
    });
    this.stage.addEventListener("pointermove", (event) => {
      if (!drag) {
        const p = this.hit(event);
        this.stage.title = p ? `Incident ${p.id}: ${p.killed === null ? "no toll" : p.killed + " killed"}, ${p.grade || "no grade"}` : "";
        this.stage.classList.toggle("over-marker", Boolean(p));
        return;
      }
      if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) > 4) drag.moved = true;
      const scale = this.view.w / (this.stage.clientWidth || 1);
      this.view.x = drag.view.x - (event.clientX - drag.x) * scale;
      this.view.y = drag.view.y - (event.clientY - drag.y) * scale;
      this.apply();
    });
    this.stage.addEventListener("pointerup", (event) => {
      const wasClick = drag && !drag.moved;
      drag = null;
      const p = wasClick ? this.hit(event) : null;
      if (p && this.onSelect) this.onSelect(p.id);
    });
    this.stage.addEventListener("pointercancel", () => { drag = null; });
    this.stage.addEventListener("keydown", (event) => {
      const step = this.view.w / 8;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        this.view.x += moves[event.key][0];
        this.view.y += moves[event.key][1];
      } else if (event.key === "+" || event.key === "=") this.zoomBy(0.5);
      else if (event.key === "-") this.zoomBy(2);
      else return;
      event.preventDefault();
      this.apply();
    });
  }

  toMap(event) {
    const box = this.stage.getBoundingClientRect();
    return [this.view.x + (event.clientX - box.left) / box.width * this.view.w,
            this.view.y + (event.clientY - box.top) / box.height * this.view.h];
  }

  zoomBy(factor, centre) {
    const [cx, cy] = centre || [this.view.x + this.view.w / 2, this.view.y + this.view.h / 2];
    const w = Math.min(this.world.w * 1.5, Math.max(this.world.w / 512, this.view.w * factor));
    const ratio = w / this.view.w;
    this.view = { x: cx - (cx - this.view.x) * ratio, y: cy - (cy - this.view.y) * ratio,
                  w, h: this.view.h * ratio };
    this.apply();
  }

  reset() { this.view = { ...this.world }; this.fitAspect(); }

  /** Zoom to the bounding box of the points (with a margin). */
  fitPoints(points) {
    if (!points.length) return this.reset();
    const xy = points.map(([, lat, lon]) => this.project(lon, lat));
    const xs = xy.map((p) => p[0]), ys = xy.map((p) => p[1]);
    const pad = this.world.w / 60;
    const x0 = Math.min(...xs) - pad, x1 = Math.max(...xs) + pad;
    const y0 = Math.min(...ys) - pad, y1 = Math.max(...ys) + pad;
    this.view = { x: x0, y: y0, w: Math.max(x1 - x0, this.world.w / 40), h: Math.max(y1 - y0, this.world.h / 40) };
    this.fitAspect();
  }

  /** Grow the view so it has the container's aspect ratio, then apply it. */
  fitAspect() {
    const aspect = (this.stage.clientHeight || 1) / (this.stage.clientWidth || 2);
    const cx = this.view.x + this.view.w / 2, cy = this.view.y + this.view.h / 2;
    if (this.view.h / this.view.w < aspect) this.view.h = this.view.w * aspect;
    else this.view.w = this.view.h / aspect;
    this.view.x = cx - this.view.w / 2;
    this.view.y = cy - this.view.h / 2;
    this.apply();
  }

  apply() {
    const v = this.view;
    this.svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`);
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
    if (this.tiles) {
      clearTimeout(this.tileTimer);
      this.tileTimer = setTimeout(() => this.drawTiles(), 120);
    }
  }

  drawTiles() {
    const v = this.view;
    const z = Math.max(0, Math.min(18, Math.round(Math.log2((this.stage.clientWidth || 600) / v.w))));
    const n = 2 ** z, size = 256 / n;
    const images = [];
    const x0 = Math.max(0, Math.floor(v.x / size)), x1 = Math.min(n - 1, Math.floor((v.x + v.w) / size));
    const y0 = Math.max(0, Math.floor(v.y / size)), y1 = Math.min(n - 1, Math.floor((v.y + v.h) / size));
    for (let x = x0; x <= x1 && images.length < 400; x++) {
      for (let y = y0; y <= y1 && images.length < 400; y++) {
        const href = this.tiles.replace("{z}", z).replace("{x}", x).replace("{y}", y);
        images.push(svgEl("image", { href, x: x * size, y: y * size, width: size, height: size }));
      }
    }
    fill(this.tileLayer, images);
  }
}

/** The grade legend of the map. */
function mapLegend(list) {
  fill(list, Object.entries(GRADE_COLOURS).map(([grade, colour]) =>
    el("li", {}, el("span", { class: "swatch", style: { background: colour } }), grade)));
}
