/* Small DOM and fetch helpers. Text always goes in through text nodes, never as HTML. */
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

/** An element with attributes and children; strings become text nodes (never parsed as HTML). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** An SVG element with attributes and children. */
function svgEl(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key === "style") Object.assign(node.style, value);   // CSSOM: allowed by the page's CSP
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replace the children of a node. */
function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** GET a JSON API path; throws an Error with the server's message. */
async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) {
    throw new Error((body && body.message) || `${response.status} ${response.statusText}`);
  }
  return body;
}

/** A "low–high (best)" text of a figure range, or "?" */
function rangeText(figure) {
  if (!figure) return "?";
  if (figure.low === figure.high) return String(figure.best);
  return `${figure.best} (${figure.low}–${figure.high})`;
}

const GRADE_COLOURS = {
  confirmed: "#1b7f3b", fair: "#2f6db5", "single-source": "#7a7a7a", contested: "#d9822b", denied: "#a4286a",
};

/** A stable colour for a side (alignment) code. */
function sideColour(side, index) {
  const palette = ["#c0392b", "#2471a3", "#7d3c98", "#138d75", "#b9770e", "#566573", "#cb4335", "#1f618d"];
  if (side === "unknown") return "#999999";
  return palette[index % palette.length];
}

function gradeBadge(grade) {
  return el("span", { class: `badge grade-${grade || "none"}` }, grade || "no grade");
}
