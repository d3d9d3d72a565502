/* The incident page (claims side by side) and the document page (text with event highlights).
   Article text is untrusted: it only ever enters the page as text nodes. */
"use strict";

function placeText(loc) {
  if (!loc) return "unknown place";
  return [loc.name, loc.admin1 && loc.admin1 !== loc.name ? loc.admin1 : null, loc.country]
    .filter(Boolean).join(", ");
}

/** A sentence with its trigger marked (offsets relative to the sentence). */
function sentenceNode(sentence) {
  if (!sentence) return el("p", { class: "muted" }, "(no sentence stored for this claim)");
  const text = sentence.text, ts = sentence.trigger_start, te = sentence.trigger_end;
  const quote = el("blockquote", { class: "evidence" });
  if (ts === null || ts === undefined) {
    quote.appendChild(el("mark", {}, text));
  } else {
    quote.append(el("mark", {}, text.slice(0, ts), el("strong", { class: "trigger" }, text.slice(ts, te)),
      text.slice(te)));
  }
  return quote;
}

function figuresNode(casualties) {
  const rows = (casualties || []).filter((c) => c.killed !== null && c.killed !== undefined
    || c.injured !== null && c.injured !== undefined);
  if (!rows.length) return el("p", { class: "muted" }, "no casualty figure");
  return el("ul", { class: "figures" }, rows.map((c) => {
    const parts = [];
    if (c.killed !== null && c.killed !== undefined) parts.push(`${c.killed}${c.killed_high ? "–" + c.killed_high : ""} killed`);
    if (c.injured !== null && c.injured !== undefined) parts.push(`${c.injured}${c.injured_high ? "–" + c.injured_high : ""} injured`);
    return el("li", {}, `${c.group || "people"}: ${parts.join(", ")}`, c.qualifier && c.qualifier !== "exact" ? ` (${c.qualifier})` : "");
  }));
}

function claimCard(claim) {
  const disputed = claim.disputes.length > 0;
  const chain = claim.speakers.map((s) => s.name || s.text || "unnamed").join(" ← ");
  const actors = claim.actors.filter((a) => a.name).map((a) => `${a.role}: ${a.name}${a.country ? " (" + a.country + ")" : ""}`);
  return el("article", { class: `claim${disputed ? " disputed" : ""}${claim.independent ? "" : " dependent"}`,
                          "aria-label": `Claim by ${claim.outlet || "unknown outlet"}` },
    el("h4", {}, el("a", { href: `#/document/${encodeURIComponent(claim.document_id)}` }, claim.outlet || claim.document_id),
      " ", el("span", { class: `badge status-${claim.status}` }, claim.status || "?"),
      claim.independent ? null : el("span", { class: "badge" }, "not independent")),
    claim.title ? el("p", { class: "doc-title" }, claim.title) : null,
    el("p", { class: "chain" }, el("span", { class: "label" }, "Says: "), chain || claim.outlet || "?"),
    el("p", {}, `${claim.type || "?"} · ${(claim.date && claim.date.start) || "no date"} · ${placeText(claim.location)}`),
    actors.length ? el("p", { class: "actors" }, actors.join("; ")) : null,
    figuresNode(claim.casualties),
    disputed ? el("ul", { class: "disputes", "aria-label": "Contradicted by other sources" },
      claim.disputes.map((d) => el("li", {}, `⚠ disputed ${d.field}: this source says ${d.value}`))) : null,
    sentenceNode(claim.sentence),
    claim.reprints.length ? el("details", { class: "reprints" },
      el("summary", {}, `${claim.reprints.length} reprint${claim.reprints.length > 1 ? "s" : ""} folded`),
      el("ul", {}, claim.reprints.map((r) => el("li", {},
        el("a", { href: `#/document/${encodeURIComponent(r.document_id)}` }, r.outlet || r.document_id),
        r.published ? ` (${r.published})` : "")))) : null);
}

function renderIncident(view, incident) {
  const contradictions = incident.contradictions || [];
  const perpetrators = (incident.perpetrators || []).map((p) => `${p.name || p.country} (per ${p.claimed_by.join(", ")})`);
  fill(view,
    el("p", {}, el("a", { href: "#/", class: "back" }, "← All incidents")),
    el("h2", {}, `Incident ${incident.id}: ${incident.type || "?"}`, " ", gradeBadge(incident.grade)),
    el("dl", { class: "facts" },
      el("dt", {}, "Date"), el("dd", {}, (incident.date && incident.date.start) || "unknown"),
      el("dt", {}, "Place"), el("dd", {}, placeText(incident.location)),
      el("dt", {}, "Killed (low–high)"), el("dd", {}, rangeText(incident.killed)),
      el("dt", {}, "Injured"), el("dd", {}, rangeText(incident.injured)),
      el("dt", {}, "Sources"), el("dd", {}, (incident.sources || []).join(", ") || "none"),
      el("dt", {}, "Perpetrators"), el("dd", {}, perpetrators.join("; ") || "not named")),
    contradictions.length ? el("section", { class: "contradictions", "aria-label": "Contradictions" },
      el("h3", {}, "Contradictions"),
      el("ul", {}, contradictions.map((c) => el("li", {}, el("strong", {}, c.field), ": ",
        c.values.map((v) => `${v.value} (${v.sources.join(", ")})`).join(" vs "))))) : null,
    el("h3", {}, "What each side says"),
    el("div", { class: "sides" }, incident.sides.map((side, index) =>
      el("section", { class: "side", "aria-label": `Claims aligned with ${side.side}` },
        el("h3", { class: "side-title", style: { borderColor: sideColour(side.side, index) } },
          side.side, el("small", {}, ` ${side.claims.length} claim${side.claims.length > 1 ? "s" : ""}`)),
        side.claims.map(claimCard)))));
}

/** Text segments between every span boundary, each with the events covering it. */
function segments(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start); cuts.add(s.end);
    if (s.trigger_start !== null) { cuts.add(s.trigger_start); cuts.add(s.trigger_end); }
  }
  const points = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const covering = spans.filter((s) => s.start <= a && b <= s.end);
    const trigger = spans.some((s) => s.trigger_start !== null && s.trigger_start <= a && b <= s.trigger_end);
    out.push({ text: text.slice(a, b), covering, trigger });
  }
  return out;
}

function renderDocument(view, doc) {
  const body = el("div", { class: "doc-text", "aria-label": "Report text" });
  for (const seg of segments(doc.text || "", doc.events)) {
    if (!seg.covering.length) { body.appendChild(document.createTextNode(seg.text)); continue; }
    const label = seg.covering.map((s) => `${s.type} (${s.status})`).join(", ");
    const mark = el("mark", { class: "event-span", title: label, "data-events": seg.covering.map((s) => s.event_id).join(" ") },
      seg.trigger ? el("strong", { class: "trigger" }, seg.text) : seg.text);
    body.appendChild(mark);
  }
  const safeUrl = doc.url && /^https?:\/\//i.test(doc.url) ? doc.url : null;
  fill(view,
    el("p", {}, el("a", { href: "#/", class: "back" }, "← All incidents")),
    el("h2", { class: "doc-heading" }, doc.title || doc.id),
    el("p", { class: "meta" }, [doc.outlet, doc.published].filter(Boolean).join(" · "),
      safeUrl ? [" · ", el("a", { href: safeUrl, rel: "noopener noreferrer nofollow", target: "_blank" }, "original")] : null),
    doc.error ? el("p", { class: "error" }, `Extraction failed: ${doc.error}`) : null,
    el("h3", {}, `${doc.events.length} event${doc.events.length === 1 ? "" : "s"}`),
    el("ol", { class: "event-list" }, doc.events.map((s) => el("li", {},
      `${s.type} (${s.status}) ${s.date || ""} ${s.place ? "at " + s.place : ""} `,
      s.incident_id ? el("a", { href: `#/incident/${s.incident_id}` }, `incident ${s.incident_id}`) : "not linked"))),
    body);
}
