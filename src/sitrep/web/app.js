/* The single-page app: hash routes #/?filters, #/incident/ID, #/document/ID. */
"use strict";

const FILTER_KEYS = ["since", "until", "country", "admin1", "type", "actor", "grade", "q"];
const PAGE_SIZE = 50;
const state = { config: null, map: null, mapReady: null, lastHome: null, offset: 0, sort: "-date" };
const $ = (id) => document.getElementById(id);

function showView(name) {
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== `view-${name}`;
  $("filters").hidden = name !== "home";
  $("error").hidden = true;
}

function showError(error) {
  const box = $("error");
  fill(box, String(error.message || error));
  box.hidden = false;
}

function currentFilters() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const filters = new URLSearchParams();
  for (const key of FILTER_KEYS) if (params.get(key)) filters.set(key, params.get(key));
  return filters;
}

function fillForm(filters) {
  const form = $("filters");
  for (const key of FILTER_KEYS) form.elements[key].value = filters.get(key) || "";
}

function formFilters() {
  const form = $("filters");
  const filters = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = form.elements[key].value.trim();
    if (value) filters.set(key, key === "country" ? value.toUpperCase() : value);
  }
  return filters;
}

async function setup() {
  state.config = await state.configLoaded;
  const form = $("filters");
  for (const type of state.config.types) form.elements.type.appendChild(el("option", { value: type }, type));
  for (const grade of state.config.grades) form.elements.grade.appendChild(el("option", { value: grade }, grade));
  for (const key of state.config.sorts) {
    const [field, dir] = key.startsWith("-") ? [key.slice(1), "descending"] : [key, "ascending"];
    $("sort").appendChild(el("option", { value: key }, `${field} (${dir})`));
  }
  $("sort").value = state.sort;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state.offset = 0;
    const query = formFilters().toString();
    location.hash = `#/${query ? "?" + query : ""}`;
  });
  $("reset").addEventListener("click", () => { state.offset = 0; location.hash = "#/"; });
  $("sort").addEventListener("change", () => { state.sort = $("sort").value; state.offset = 0; loadList(currentFilters()); });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); loadList(currentFilters()); });
  $("next").addEventListener("click", () => { state.offset += PAGE_SIZE; loadList(currentFilters()); });
  mapLegend($("map-legend"));
  window.addEventListener("hashchange", route);
  route();
}

async function route() {
  const hash = location.hash || "#/";
  const incident = hash.match(/^#\/incident\/(\d+)/);
  const doc = hash.match(/^#\/document\/([^?]+)/);
  try {
    if (incident) {
      showView("incident");
      const view = $("view-incident");
      fill(view, el("p", { class: "muted" }, "Loading…"));
      renderIncident(view, await getJSON(`/api/incidents/${incident[1]}`));
      document.title = `Incident ${incident[1]} — Sitrep`;
    } else if (doc) {
      showView("document");
      const view = $("view-document");
      fill(view, el("p", { class: "muted" }, "Loading…"));
      renderDocument(view, await getJSON(`/api/documents/${doc[1]}`));
      document.title = "Report — Sitrep";
    } else {
      showView("home");
      document.title = "Sitrep — incidents and claims";
      await loadHome();
    }
    $("main").focus({ preventScroll: true });
  } catch (error) {
    showError(error);
  }
}

async function loadHome() {
  const filters = currentFilters();
  fillForm(filters);
  if (!state.map) {
    state.map = new IncidentMap($("map"), { tiles: state.config.tiles, onSelect: (id) => { location.hash = `#/incident/${id}`; } });
    state.mapReady = state.worldLoaded.then((world) => state.map.drawCountries(world));
  }
  const query = filters.toString();
  $("export-csv").href = `/api/incidents.csv${query ? "?" + query : ""}`;
  $("export-geojson").href = `/api/incidents.geojson${query ? "?" + query : ""}`;
  const changed = query !== state.lastHome;
  state.lastHome = query;
  if (changed) state.offset = 0;
  const drawMap = Promise.all([getJSON(`/api/map?${query}`), state.mapReady]).then(([points]) => {
    state.map.setPoints(points.points);
    if (changed) state.map.fitPoints(points.points);
    fill($("map-count"), `${points.points.length}${points.truncated ? "+" : ""} on the map`);
  });
  const drawStats = getJSON(`/api/stats?${query}`).then((stats) => drawTimeline($("timeline"), $("timeline-legend"), stats));
  await Promise.all([drawMap, drawStats, loadList(filters)]);
}

async function loadList(filters) {
  const params = new URLSearchParams(filters);
  params.set("sort", state.sort);
  params.set("limit", PAGE_SIZE);
  params.set("offset", state.offset);
  const page = await getJSON(`/api/incidents?${params}`);
  const rows = page.items.map((item) => el("tr", {},
    el("td", {}, el("a", { href: `#/incident/${item.id}` }, String(item.id))),
    el("td", {}, item.date || "?"),
    el("td", {}, item.type || "?"),
    el("td", {}, [item.location_name, item.admin1, item.country].filter(Boolean).join(", ") || "?"),
    el("td", { class: "num" }, item.killed_best === null ? "–" :
      (item.killed_low === item.killed_high ? String(item.killed_best) : `${item.killed_best} (${item.killed_low}–${item.killed_high})`)),
    el("td", { class: "num" }, String(item.n_sources ?? "")),
    el("td", {}, gradeBadge(item.grade))));
  fill(document.querySelector("#incident-table tbody"), rows.length ? rows
    : el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No incident matches the filters.")));
  const last = Math.min(page.total, page.offset + page.items.length);
  fill($("list-count"), `${page.total} matching`);
  fill($("page-info"), page.total ? `${page.offset + 1}–${last} of ${page.total}` : "");
  $("prev").disabled = page.offset === 0;
  $("next").disabled = last >= page.total;
  return page;
}

state.configLoaded = getJSON("/api/config");              // start both downloads before the DOM is ready
state.worldLoaded = fetch("/static/world.geojson").then((response) => response.json());
document.addEventListener("DOMContentLoaded", () => setup().catch(showError));
