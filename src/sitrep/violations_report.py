"""The violations section of the daily report: per agreement, the day's possible violations with
each side's version, allegations that name the agreement, a tally per party and side over the
window and an inline SVG chart (no scripts). Every text from the data is HTML-escaped.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from html import escape

from .violations import tally

PARTY_COLOURS = ["#e15759", "#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f"]
STATUS_COLOURS = {"attributed": "#1565c0", "disputed": "#e65100", "unattributed": "#6d6d6d"}


def _e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def _days(day: str, window: int) -> list[str]:
    end = dt.date.fromisoformat(day)
    return [(end - dt.timedelta(days=n)).isoformat() for n in range(window - 1, -1, -1)]


def chart_svg(violations: list[dict], day: str, window: int = 7) -> str:
    """Per day, one bar per alleging side, stacked by the party it names (likely and possible)."""
    days = _days(day, window)
    rows = [r for r in tally(violations) if r["period"] in days]
    sides = sorted({r["side"] for r in rows}) or ["-"]
    parties = sorted({r["party"] for r in rows})
    colour = {p: PARTY_COLOURS[i % len(PARTY_COLOURS)] for i, p in enumerate(parties)}
    cell: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for r in rows:
        cell[(r["period"], r["side"])][r["party"]] = r["likely"] + r["possible"]
    peak = max([sum(v.values()) for v in cell.values()] + [1])
    bar, gap, left, top, height = 14, 18, 30, 18, 110
    group = len(sides) * (bar + 2) + gap
    width = left + group * len(days) + 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top + height + 40 + 16 * len(parties)}" '
             f'role="img" aria-label="Possible violations per day by alleging side and party">',
             f'<text x="0" y="12" font-size="11">Parties named in possible violations per day, one bar per reporting side (max {peak})</text>']
    for i, d in enumerate(days):
        x0 = left + i * group
        for j, side in enumerate(sides):
            x, y = x0 + j * (bar + 2), top + height
            for party in parties:
                n = cell.get((d, side), {}).get(party, 0)
                if n:
                    h = height * n / peak
                    y -= h
                    parts.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{colour[party]}">'
                                 f'<title>{_e(d)}: {_e(side)} names {_e(party)} in {n}</title></rect>')
            if cell.get((d, side)):
                parts.append(f'<text x="{x}" y="{top + height + 10}" font-size="7">{_e(side[:4])}</text>')
        parts.append(f'<text x="{x0}" y="{top + height + 22}" font-size="9">{_e(d[5:])}</text>')
    legend = top + height + 32
    for i, party in enumerate(parties):
        parts.append(f'<rect x="{left}" y="{legend + 16 * i}" width="10" height="10" fill="{colour[party]}"/>'
                     f'<text x="{left + 15}" y="{legend + 16 * i + 9}" font-size="10">{_e(party)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _violation_html(violation: dict) -> str:
    loc = violation.get("location") or {}
    status = violation.get("attribution") or "unattributed"
    lines = [f'<div class="incident"><b>#{_e(violation.get("incident_id"))} {_e(violation.get("type"))}</b> '
             f'at {_e(loc.get("name") or "?")} ({_e(loc.get("precision") or "?")}) — '
             f'<i>{_e(violation.get("confidence"))}</i> violation, '
             f'<span class="grade" style="background:{STATUS_COLOURS.get(status, "#555")}">{_e(status)}</span>',
             "<table><tr><th>Side</th><th>Blames</th><th>Admits</th><th>Sources</th></tr>"]
    for version in violation.get("versions") or []:
        blames = ", ".join(version.get("blames") or []) or ("denies it happened" if version.get("denies") else "—")
        lines.append(f"<tr><td>{_e(version.get('side'))}</td><td>{_e(blames)}</td>"
                     f"<td>{_e(', '.join(version.get('admits') or []) or '—')}</td>"
                     f"<td>{_e(', '.join(version.get('sources') or []))}</td></tr>")
    lines.append("</table>")
    for allegation in violation.get("allegations") or []:
        lines.append(f'<div class="muted">Allegation ({_e(allegation.get("side"))}, '
                     f'{_e(allegation.get("speaker") or allegation.get("outlet"))}): “{_e(allegation.get("sentence"))}”</div>')
    lines.append("</div>")
    return "\n".join(lines)


def _tally_html(violations: list[dict], days: list[str]) -> str:
    rows = [r for r in tally(violations) if r["period"] in days]
    if not rows:
        return ""
    sides = sorted({r["side"] for r in rows})
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        totals[r["party"]][r["side"]] += r["likely"] + r["possible"]
    head = "".join(f"<th>{_e(s)}</th>" for s in sides)
    body = "".join(f"<tr><td>{_e(p)}</td>" + "".join(f"<td>{totals[p].get(s, 0)}</td>" for s in sides) + "</tr>"
                   for p in sorted(totals))
    return (f'<p class="muted">Violations each side lays on each party, {_e(days[0])} to {_e(days[-1])}:</p>'
            f"<table><tr><th>Party \\ side</th>{head}</tr>{body}</table>")


def report_section(found: dict, day: str, window: int = 7) -> str:
    """HTML of the violations section for ``day`` from ``find_violations`` output (with its agreements)."""
    days = _days(day, window)
    agreements = found.get("agreements")
    violations, allegations = found.get("violations") or [], found.get("allegations") or []
    ids = [a.id for a in agreements or []] or sorted({v["agreement"] for v in violations})
    names = {a.id: a.name for a in agreements or []}
    body = ["<h2>Agreements and violations</h2>"]
    if not ids:
        body.append("<p>No agreements stored (add one with <code>sitrep agreements add FILE</code>).</p>")
    for agreement_id in ids:
        mine = [v for v in violations if v["agreement"] == agreement_id]
        today = [v for v in mine if (v.get("date") or "")[:10] == day]
        said = [a for a in allegations if a["agreement"] == agreement_id and a.get("date") == day
                and not any(a in v["allegations"] for v in today)]
        disputed = sum(1 for v in today if v["attribution"] == "disputed")
        body.append(f"<h3>{_e(names.get(agreement_id, agreement_id))} <span class=\"muted\">({_e(agreement_id)})</span></h3>"
                    f"<p>{len(today)} possible violation{'' if len(today) == 1 else 's'} on {_e(day)} "
                    f"({sum(1 for v in today if v['confidence'] == 'likely')} likely, {disputed} disputed); "
                    f"{sum(1 for v in mine if (v.get('date') or '')[:10] in days)} in the last {window} days.</p>")
        if any((v.get("date") or "")[:10] in days for v in mine):
            body.append(chart_svg(mine, day, window))
            body.append(_tally_html(mine, days))
        body.extend(_violation_html(v) for v in today)
        for allegation in said:
            body.append(f'<div class="muted">Allegation not tied to an incident in the zone '
                        f'({_e(allegation.get("side"))}, {_e(allegation.get("speaker") or allegation.get("outlet"))}): '
                        f'“{_e(allegation.get("sentence"))}”</div>')
    return "\n".join(body)
