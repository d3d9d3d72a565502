"""The daily situation report: one self-contained HTML page (no scripts, no external resources).

``daily_report(incidents, day, claims_by_incident=None)`` lists the incidents whose date range
covers ``day``, grouped by place (admin1, then location), with figures as ranges, the grade, the
sources by side and contradictions called out, plus an inline SVG chart of incidents and killed
(best) per day over the preceding ``window`` days, stacked by the perpetrator's side.
Every text from the data is HTML-escaped.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from html import escape

SIDE_COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f"]
GRADE_COLOURS = {"confirmed": "#2e7d32", "fair": "#1565c0", "single-source": "#6d6d6d",
                 "contested": "#e65100", "denied": "#b71c1c"}
STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:60em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc}h3{font-size:1em;margin-bottom:.2em}
.incident{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:.6em 0}
.grade{color:#fff;border-radius:4px;padding:0 .4em;font-size:.85em}
.contradiction{color:#b71c1c}table{border-collapse:collapse}td,th{padding:.1em .6em;text-align:left}
.muted{color:#777;font-size:.9em}
"""


def _e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def _covers(incident: dict, day: str) -> bool:
    date = incident.get("date") or {}
    start = (date.get("start") or "")[:10]
    end = (date.get("end") or start)[:10]
    return bool(start) and start <= day <= end


def figure_text(figure: dict | None) -> str:
    """A figure as a range: "2", "3 (2–5)", "up to 50" or "unknown"; a toll counted over a period
    (no source gives the incident's own) says so."""
    if not figure:
        return "unknown"
    low, best, high = figure.get("low"), figure.get("best"), figure.get("high")
    text = f"up to {high}" if best is None else str(best) if low == high else f"{best} ({low}–{high})"
    return f"{text}, running toll" if figure.get("basis") == "running" else text


def perpetrator_side(incident: dict) -> str:
    sides = sorted({p.get("country") or p.get("name") or "?" for p in incident.get("perpetrators") or []})
    return " / ".join(sides) if sides else "unattributed"


def _place_key(incident: dict) -> tuple[str, str]:
    loc = incident.get("location") or {}
    return (loc.get("admin1") or loc.get("country") or "Unknown place", loc.get("name") or "unknown location")


def _incident_html(incident: dict) -> str:
    grade = incident.get("grade") or "single-source"
    colour = GRADE_COLOURS.get(grade, "#555")
    perpetrators = ", ".join(p.get("name") or p.get("country") or "?" for p in incident.get("perpetrators") or [])
    lines = [f'<div class="incident" id="incident-{_e(incident.get("id"))}">',
             (f'<h3>#{_e(incident.get("id"))} {_e(incident.get("type"))} '
             f'<span class="grade" style="background:{colour}">{_e(grade)}</span></h3>'),
             (f'<div>Killed: <b>{_e(figure_text(incident.get("killed")))}</b> · '
             f'Injured: <b>{_e(figure_text(incident.get("injured")))}</b> · '
             f'Perpetrator: {_e(perpetrators or "not named")}'
             f'</div>')]
    by_side: dict[str, list[str]] = defaultdict(list)
    for claim in incident.get("claims") or []:
        label = claim.get("outlet") or claim.get("document_id") or "?"
        if claim.get("reprint_of"):
            label += " (reprint)"
        if claim.get("status") and claim["status"] != "asserted":
            label += f" [{claim['status']}]"
        if label not in by_side[claim.get("alignment") or "unknown"]:
            by_side[claim.get("alignment") or "unknown"].append(label)
    lines.append("<table><tr><th>Side</th><th>Sources</th></tr>")
    for side in sorted(by_side):
        lines.append(f"<tr><td>{_e(side)}</td><td>{_e(', '.join(by_side[side]))}</td></tr>")
    lines.append("</table>")
    for contradiction in incident.get("contradictions") or []:
        values = "; ".join(f"{v.get('value')} — {', '.join(v.get('sources') or [])}"
                           for v in contradiction.get("values") or [])
        lines.append(f'<div class="contradiction">⚠ Disputed {_e(contradiction.get("field"))}: {_e(values)}</div>')
    lines.append("</div>")
    return "\n".join(lines)


def chart_svg(incidents: list[dict], day: str, window: int = 7) -> str:
    """Inline SVG: incidents and killed (best) per day for ``window`` days up to ``day``, by side."""
    end = dt.date.fromisoformat(day)
    days = [(end - dt.timedelta(days=n)).isoformat() for n in range(window - 1, -1, -1)]
    counts = {d: defaultdict(float) for d in days}
    killed = {d: defaultdict(float) for d in days}
    for incident in incidents:
        start = ((incident.get("date") or {}).get("start") or "")[:10]
        if start in counts:
            side = perpetrator_side(incident)
            counts[start][side] += 1
            killed[start][side] += (incident.get("killed") or {}).get("best") or 0
    sides = sorted({s for d in days for s in counts[d]})
    colour = {s: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, s in enumerate(sides)}
    width, panel_h, bar_w, left = 60 + 60 * window, 120, 36, 40
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{2 * panel_h + 70 + 16 * len(sides)}" '
             f'role="img" aria-label="Incidents and killed per day by side">')]
    for panel, (title, data) in enumerate((("Incidents", counts), ("Killed (best)", killed))):
        top = panel * (panel_h + 25) + 15
        peak = max([sum(data[d].values()) for d in days] + [1])
        parts.append(f'<text x="0" y="{top - 3}" font-size="11">{_e(title)} (max {peak:g})</text>')
        for i, d in enumerate(days):
            x, y = left + i * 60, top + panel_h
            for side in sides:
                h = panel_h * data[d].get(side, 0) / peak
                if h:
                    y -= h
                    parts.append(f'<rect x="{x}" y="{y:.1f}" width="{bar_w}" height="{h:.1f}" fill="{colour[side]}">'
                                 f'<title>{_e(d)} {_e(side)}: {data[d][side]:g}</title></rect>')
            if panel == 1:
                parts.append(f'<text x="{x}" y="{top + panel_h + 12}" font-size="9">{_e(d[5:])}</text>')
    legend_top = 2 * panel_h + 65
    for i, side in enumerate(sides):
        parts.append(f'<rect x="{left}" y="{legend_top + 16 * i}" width="10" height="10" fill="{colour[side]}"/>'
                     f'<text x="{left + 15}" y="{legend_top + 16 * i + 9}" font-size="10">{_e(side)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def daily_report(incidents: list[dict], day: str, window: int = 7, violations: dict | None = None) -> str:
    """The HTML situation report of ``day`` (ISO date) from all incident dicts (and ``find_violations``)."""
    day = dt.date.fromisoformat(day[:10]).isoformat()
    today = [i for i in incidents if _covers(i, day)]
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for incident in today:
        groups[_place_key(incident)].append(incident)
    killed_best = sum((i.get("killed") or {}).get("best") or 0 for i in today)
    contested = sum(1 for i in today if i.get("grade") in ("contested", "denied"))
    body = [f"<h1>Situation report — {_e(day)}</h1>",
            (f'<p>{len(today)} incident{"" if len(today) == 1 else "s"}; '
             f'killed (sum of best estimates): {killed_best}; '
            f'{contested} contested or denied. <span class="muted">Figures are best (low–high) over '
            f'independent sources; grades: confirmed, fair, single-source, contested, denied.</span></p>'),
            chart_svg(incidents, day, window)]
    if not today:
        body.append("<p>No incidents recorded for this day.</p>")
    current_region = None
    for (region, place), items in sorted(groups.items()):
        if region != current_region:
            body.append(f"<h2>{_e(region)}</h2>")
            current_region = region
        body.append(f"<h3>{_e(place)}</h3>")
        body.extend(_incident_html(i) for i in sorted(items, key=lambda i: i.get("id") or 0))
    if violations is not None:                      # agreements stored: the violations section
        from .violations_report import report_section
        body.append(report_section(violations, day, window))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Sitrep {_e(day)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
