import { COMPONENT_STATUS_LABELS } from '../domain/status-page/components';
import type { ComponentStatus } from '../domain/status-page/components';
import { PHASE_LABELS } from '../domain/status-page/templates';
import type { UptimeDay } from '../domain/status-page/uptime';
import type { PublicComponent, PublicIncident, PublicMaintenance, PublicPage } from './public-model';
import { isoZ, utcClock, utcText } from './public-model';

/**
 * The public page as server-rendered HTML: pure functions of the public model. Every text that
 * came from a person goes through `esc`, so markup in a title or message shows as text.
 */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Rewrites every `<time data-local>` into the reader's own zone; without it the UTC text stays. The
 * fields are spelled out because `dateStyle` cannot be combined with `timeZoneName` (a TypeError).
 */
export const LOCAL_TIME_SCRIPT =
  "(function(){try{var f=new Intl.DateTimeFormat(undefined,{year:'numeric',month:'short',day:'numeric',hour:'2-digit',minute:'2-digit',timeZoneName:'short'});" +
  "document.querySelectorAll('time[data-local]').forEach(function(t){var d=new Date(t.getAttribute('datetime'));if(!isNaN(d.getTime()))t.textContent=f.format(d);});}catch(e){}})();";

/** Colours chosen for at least 4.5:1 contrast on their backgrounds, light and dark. */
export const PAGE_STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--card:#f6f7f8;--ok:#17663a;--minor:#8a5a00;--major:#b3261e;--crit:#8c1d18;--maint:#1f5fa8;--none:#c8c8c8}
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#ececec;--muted:#b5b5b5;--line:#3a3d42;--card:#1c1f24;--ok:#5fd38d;--minor:#f2c14e;--major:#ff8a80;--crit:#ff6b61;--maint:#8ab4f8;--none:#4a4d52}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:inherit}.wrap{max-width:52rem;margin:0 auto;padding:1rem}header h1{font-size:1.5rem;margin:.5rem 0 1rem}
.banner{padding:1rem;border-radius:.5rem;font-weight:600;font-size:1.15rem;color:#fff;background:#17663a}
.banner.minor{background:#8a5a00}.banner.major{background:#b3261e}.banner.critical{background:#8c1d18}
section{margin:1.5rem 0}h2{font-size:1.2rem;margin:0 0 .5rem}h3{font-size:1rem;margin:.75rem 0 .25rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:.5rem 0}
ul.plain{list-style:none;margin:0;padding:0}.comp{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem;padding:.4rem 0;border-top:1px solid var(--line)}
.st{font-weight:600}.st.operational{color:var(--ok)}.st.degraded_performance{color:var(--minor)}.st.partial_outage{color:var(--major)}.st.major_outage{color:var(--crit)}.st.under_maintenance{color:var(--maint)}
.muted{color:var(--muted)}.upd{border-left:3px solid var(--line);padding-left:.75rem;margin:.5rem 0}.upd p{margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.bars{display:flex;gap:1px;list-style:none;margin:.25rem 0;padding:0;height:1.75rem}.bars li{flex:1;min-width:1px;border-radius:1px;background:var(--ok)}
.bars li.none{background:var(--none)}.bars li.degraded_performance{background:var(--minor)}.bars li.partial_outage{background:var(--major)}.bars li.major_outage{background:var(--crit)}.bars li.under_maintenance{background:var(--maint)}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}input{font:inherit;padding:.4rem;min-width:14rem;max-width:100%;border:1px solid var(--muted);border-radius:.25rem;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:.4rem .9rem;border-radius:.25rem;border:0;background:var(--fg);color:var(--bg);cursor:pointer}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}footer{margin:2rem 0 1rem;font-size:.875rem}
`;

function time(at: number, local = true): string {
  return `<time datetime="${isoZ(at)}"${local ? ' data-local' : ''}>${utcText(at)}</time>`;
}

function statusLabel(status: ComponentStatus): string {
  return `<span class="st ${status}">${esc(COMPONENT_STATUS_LABELS[status])}</span>`;
}

/** "2026-03-08: 90.0 % uptime, major outage" — what a screen reader says for one bar. */
export function uptimeLabel(day: UptimeDay): string {
  if (day.uptime === null) return `${day.date}: no data`;
  return `${day.date}: ${(day.uptime * 100).toFixed(1)} % uptime, ${COMPONENT_STATUS_LABELS[day.worst].toLowerCase()}`;
}

function uptimeBars(c: PublicComponent): string {
  const bars = c.uptime.map((d) => `<li class="${d.uptime === null ? 'none' : d.worst}" role="img" aria-label="${esc(uptimeLabel(d))}"></li>`).join('');
  const total = c.uptimePercent === null ? 'no data' : `${(c.uptimePercent * 100).toFixed(2)} % uptime`;
  return `<h3>${esc(c.name)} <span class="muted">${total}</span></h3><ul class="bars" aria-label="${esc(c.name)}: uptime per day, last ${c.uptime.length} days">${bars}</ul>`;
}

function groupsOf(components: readonly PublicComponent[]): Array<{ group: string | null; members: PublicComponent[] }> {
  const groups: Array<{ group: string | null; members: PublicComponent[] }> = [];
  for (const c of components) {
    const found = c.group === null ? undefined : groups.find((g) => g.group === c.group);
    if (found) found.members.push(c);
    else groups.push({ group: c.group, members: [c] });
  }
  return groups;
}

function componentList(components: readonly PublicComponent[]): string {
  if (components.length === 0) return '<p class="muted">No components are listed yet.</p>';
  return groupsOf(components)
    .map(({ group, members }) => {
      const rows = members.map((c) => `<li class="comp"><span>${esc(c.name)}</span>${statusLabel(c.status)}</li>`).join('');
      return `<div class="card">${group === null ? '' : `<h3>${esc(group)}</h3>`}<ul class="plain">${rows}</ul></div>`;
    })
    .join('');
}

function updates(incident: PublicIncident): string {
  return incident.updates
    .map((u) => `<div class="upd"><strong>${esc(PHASE_LABELS[u.phase])}</strong> <span class="muted">${time(u.createdAt)}</span><p>${esc(u.body)}</p></div>`)
    .join('');
}

function incidentCard(incident: PublicIncident, headingLevel: 'h2' | 'h3'): string {
  const affected = incident.components.map((c) => esc(c.name)).join(', ');
  const next = incident.nextUpdateDueAt === null ? '' : `<p class="muted">Next update by <time datetime="${isoZ(incident.nextUpdateDueAt)}">${utcClock(incident.nextUpdateDueAt)}</time></p>`;
  return `<article class="card"><${headingLevel}><a href="/status/incidents/${encodeURIComponent(incident.id)}">${esc(incident.title)}</a></${headingLevel}>${affected ? `<p class="muted">Affects ${affected}</p>` : ''}${next}${updates(incident)}${summaryBlock(incident)}</article>`;
}

function summaryBlock(incident: PublicIncident): string {
  const s = incident.summary;
  if (!s) return '';
  const rows = (
    [
      ['Root cause', s.rootCause],
      ['Duration', s.duration],
      ['Impact', s.impact],
      ['Prevention', s.prevention],
    ] as const
  )
    .filter(([, v]) => v)
    .map(([k, v]) => `<dt>${k}</dt><dd>${esc(v!)}</dd>`)
    .join('');
  const link = s.postmortemUrl && /^https?:\/\//i.test(s.postmortemUrl) ? `<p><a href="${esc(s.postmortemUrl)}">Read the post-mortem</a></p>` : '';
  return rows || link ? `<h3>Summary</h3><dl>${rows}</dl>${link}` : '';
}

function maintenanceCard(m: PublicMaintenance, names: Map<string, string>): string {
  const label = m.status === 'in_progress' ? 'In progress' : 'Scheduled';
  const affected = m.componentIds.map((id) => names.get(id)).filter((n): n is string => n !== undefined).map(esc).join(', ');
  return `<article class="card"><h3>${esc(m.title)}</h3><p><strong>${label}</strong>: ${time(m.scheduledFor)} – ${time(m.scheduledUntil)}</p>${affected ? `<p class="muted">Affects ${affected}</p>` : ''}<p>${esc(m.body)}</p></article>`;
}

function layout(page: PublicPage, title: string, main: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><meta name="color-scheme" content="light dark"><link rel="alternate" type="application/atom+xml" title="${esc(page.page.name)} history" href="/status/history.atom"><link rel="alternate" type="application/rss+xml" title="${esc(page.page.name)} history" href="/status/history.rss"><style>${PAGE_STYLE}</style></head><body><div class="wrap"><header><h1><a href="/status">${esc(page.page.name)}</a></h1></header><main>${main}</main><footer class="muted"><nav aria-label="Machine-readable"><a href="/status/api/v2/summary.json">JSON API</a> · <a href="/status/history.atom">Atom</a> · <a href="/status/history.rss">RSS</a></nav><p>Times are shown in UTC until your browser shows them in your own zone. Days are in ${esc(page.page.timeZone)}.</p></footer></div><script>${LOCAL_TIME_SCRIPT}</script></body></html>`;
}

export function renderStatusPage(page: PublicPage): string {
  const open = page.incidents.filter((i) => i.resolvedAt === null);
  const past = page.incidents.filter((i) => i.resolvedAt !== null);
  const names = new Map(page.components.map((c) => [c.id, c.name]));
  const planned = page.maintenances.filter((m) => m.status !== 'completed').sort((a, b) => a.scheduledFor - b.scheduledFor);
  const main = [
    `<p class="banner ${page.status.indicator}" role="status">${esc(page.status.description)}</p>`,
    open.length > 0 ? `<section aria-labelledby="h-open"><h2 id="h-open">Open incidents</h2>${open.map((i) => incidentCard(i, 'h3')).join('')}</section>` : '',
    `<section aria-labelledby="h-comp"><h2 id="h-comp">Components</h2>${componentList(page.components)}</section>`,
    planned.length > 0 ? `<section aria-labelledby="h-maint"><h2 id="h-maint">Scheduled maintenance</h2>${planned.map((m) => maintenanceCard(m, names)).join('')}</section>` : '',
    page.components.length > 0
      ? `<section aria-labelledby="h-up"><h2 id="h-up">Uptime, last ${page.components[0]!.uptime.length} days</h2><div class="card">${page.components.map(uptimeBars).join('')}</div></section>`
      : '',
    `<section aria-labelledby="h-past"><h2 id="h-past">Past incidents</h2>${
      past.length === 0
        ? '<p class="muted">No incidents reported.</p>'
        : `<ul class="plain">${past.map((i) => `<li class="comp"><a href="/status/incidents/${encodeURIComponent(i.id)}">${esc(i.title)}</a><span class="muted">${time(i.createdAt)}</span></li>`).join('')}</ul>`
    }</section>`,
    `<section aria-labelledby="h-sub"><h2 id="h-sub">Get updates by e-mail</h2><form method="post" action="/status/subscribe"><label for="sub-email">E-mail address</label><input id="sub-email" type="email" name="email" required autocomplete="email" maxlength="254"><button type="submit">Subscribe</button></form></section>`,
  ].join('');
  return layout(page, `${page.page.name} status`, main);
}

export function renderIncidentPage(page: PublicPage, incident: PublicIncident): string {
  const state = incident.resolvedAt === null ? PHASE_LABELS[incident.phase] : `Resolved ${utcText(incident.resolvedAt)}`;
  return layout(page, `${incident.title} · ${page.page.name}`, `<p class="muted">${esc(state)}</p>${incidentCard(incident, 'h2')}<p><a href="/status">All systems</a></p>`);
}

export function renderNotFoundPage(page: PublicPage): string {
  return layout(page, `Not found · ${page.page.name}`, '<h2>No such incident</h2><p><a href="/status">Back to the status page</a></p>');
}
