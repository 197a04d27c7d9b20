// Call records (#/staff/calls): each call planned against actual for a date range, carer or
// client, with its flags (late, missed, short, left early, no check-out) and whether the office
// resolved them. A bar per flag shows the range at a glance and filters by it; each row opens
// the call record page (#/call-record/<visit id>). CSV of the same filters.

import { getAuth } from '/js/api.js';
import { addDays, api, describe, field, h, notice, render, todayIso } from './util.js';

export const FLAG_WORDS = {
  late: 'Late', missed: 'Missed', short: 'Short', left_early: 'Left early', no_check_out: 'No check-out',
};
const PAGE = 100;

export function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }) : '—';
}

function flagBadges(flags) {
  return flags.map((f) => h('span', { class: `badge call-flag ${f.resolved ? 'resolved' : f.flag}`, title: f.resolved ? `Resolved: ${f.comment}` : '' },
    `${FLAG_WORDS[f.flag] || f.flag}${f.resolved ? ' ✓' : ''}`));
}

function carerCell(row) {
  if (!row.attendances.length) return h('span', { class: 'muted' }, 'nobody sent');
  return row.attendances.map((a) => h('div', {},
    h('strong', {}, a.carer_name), ` planned ${a.planned_start} · in ${clock(a.checked_in)} · out ${clock(a.checked_out)}`,
    a.check_in_clock_off || a.check_out_clock_off ? h('span', { class: 'muted small' }, ' (phone clock off)') : null));
}

function delivered(row) {
  const mins = row.attendances.map((a) => a.delivered_minutes).filter((m) => m !== null);
  return mins.length ? `${Math.min(...mins)} of ${row.planned_minutes} min` : `— of ${row.planned_minutes} min`;
}

async function downloadCsv(query, status) {
  // The API needs the bearer token: fetch the CSV and hand the browser a blob to save.
  const auth = await getAuth();
  const r = await fetch(`/call-records/export.csv?${query}`, { headers: { Authorization: `Bearer ${auth.access_token}` } });
  if (!r.ok) { status.show(`CSV export failed (${r.status})`, 'bad'); return; }
  const file = ((r.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/) || [])[1] || 'call-records.csv';
  const a = h('a', { href: URL.createObjectURL(await r.blob()), download: file });
  document.body.append(a); a.click(); a.remove();
}

export async function show(root) {
  const status = notice();
  const today = todayIso();
  const start = h('input', { type: 'date', value: addDays(today, -6), 'data-testid': 'calls-from' });
  const end = h('input', { type: 'date', value: today, 'data-testid': 'calls-to' });
  const carer = h('select', { 'data-testid': 'calls-carer' }, h('option', { value: '' }, 'every carer'));
  const client = h('select', { 'data-testid': 'calls-client' }, h('option', { value: '' }, 'every client'));
  const flag = h('select', { 'data-testid': 'calls-flag' }, h('option', { value: '' }, 'any or none'),
    Object.entries(FLAG_WORDS).map(([k, v]) => h('option', { value: k }, v)));
  const openOnly = h('input', { type: 'checkbox', 'data-testid': 'calls-open' });
  const bars = h('div', { class: 'flag-bars', 'aria-label': 'Flags in this range' });
  const table = h('div', { class: 'table-wrap', 'data-testid': 'call-records' });
  const pager = h('div', { class: 'staff-toolbar' });
  let offset = 0;
  let latest = 0; // a slower earlier answer must not overwrite the one the planner asked for last

  function query(extra = {}) {
    const q = new URLSearchParams({ start: start.value, end: end.value, ...extra });
    if (carer.value) q.set('carer_id', carer.value);
    if (client.value) q.set('client_id', client.value);
    return q;
  }

  async function loadBars() {
    // The whole range's flags (not just this page): one request, counted here.
    const asked = latest;
    let all;
    try { all = await api(`/call-records?${query({ limit: 500 })}`); } catch { return; }
    if (asked !== latest) return;
    const counts = Object.fromEntries(Object.keys(FLAG_WORDS).map((k) => [k, { open: 0, resolved: 0 }]));
    for (const row of all.items) for (const f of row.flags) counts[f.flag][f.resolved ? 'resolved' : 'open'] += 1;
    const most = Math.max(1, ...Object.values(counts).map((c) => c.open + c.resolved));
    render(bars, h('p', { class: 'muted small' }, `${all.total} calls${all.total > 500 ? ' (bars count the first 500)' : ''}`),
      Object.entries(counts).map(([k, c]) => h('button', {
        type: 'button', class: 'flag-bar', 'data-flag': k, onclick: () => { flag.value = k; offset = 0; load(); },
        'aria-label': `${FLAG_WORDS[k]}: ${c.open} open, ${c.resolved} resolved`,
      }, h('span', { class: 'flag-bar-label' }, FLAG_WORDS[k]),
      h('span', { class: 'flag-bar-track' },
        h('span', { class: `flag-bar-open ${k}`, style: `width:${(100 * c.open) / most}%` }),
        h('span', { class: 'flag-bar-resolved', style: `width:${(100 * c.resolved) / most}%` })),
      h('span', { class: 'flag-bar-count' }, `${c.open} open · ${c.resolved} resolved`))));
  }

  async function load() {
    const q = query({ limit: PAGE, offset });
    if (flag.value) q.set('flag', flag.value);
    if (openOnly.checked) q.set('open_flags', 'true');
    const asked = ++latest;
    table.setAttribute('aria-busy', 'true');
    let page;
    try { page = await api(`/call-records?${q}`); } catch (err) { status.show(describe(err), 'bad'); return; }
    if (asked !== latest) return;
    table.setAttribute('aria-busy', 'false');
    status.show('');
    render(table, h('table', { class: 'staff-table' },
      h('thead', {}, h('tr', {}, ['Date', 'Window', 'Client', 'Carers: planned and actual', 'Delivered', 'Tasks', 'Flags']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((row) => h('tr', { 'data-testid': 'call-record-row', 'data-visit': row.visit_id },
        h('td', {}, h('a', { href: `#/call-record/${row.visit_id}` }, new Date(`${row.date}T12:00`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' }))),
        h('td', {}, `${row.window_start}–${row.window_end} ${row.call_type}`),
        h('td', {}, h('a', { href: `#/call-record/${row.visit_id}` }, row.client_name)),
        h('td', {}, carerCell(row)),
        h('td', {}, delivered(row)),
        h('td', {}, `${row.tasks_done} done${row.tasks_not_done ? `, ${row.tasks_not_done} not done` : ''}${row.notes ? `, ${row.notes} note${row.notes > 1 ? 's' : ''}` : ''}`),
        h('td', {}, flagBadges(row.flags)))))));
    if (!page.items.length) render(table, h('p', { class: 'muted' }, 'No calls match these filters.'));
    render(pager,
      h('span', {}, `${page.total ? offset + 1 : 0}–${offset + page.items.length} of ${page.total}`),
      h('button', { type: 'button', class: 'staff-secondary', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); load(); } }, 'Earlier page'),
      h('button', { type: 'button', class: 'staff-secondary', disabled: offset + PAGE >= page.total, onclick: () => { offset += PAGE; load(); } }, 'Next page'));
  }

  const form = h('form', { class: 'staff-form row' }, field('From', start), field('To', end), field('Carer', carer),
    field('Client', client), field('Flag', flag), field('Open flags only', openOnly),
    h('button', { type: 'submit' }, 'Show'),
    h('button', { type: 'button', class: 'staff-secondary', onclick: () => downloadCsv(query(), status) }, 'Download CSV'));
  form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; const shown = load(); loadBars(); return shown; });
  render(root, h('h1', {}, 'Call records'), form, bars, status, table, pager);
  try {
    const [carers, clients] = await Promise.all([api('/carers?limit=500'), api('/clients?limit=500')]);
    for (const c of carers.items || carers) carer.append(h('option', { value: c.id }, c.name));
    for (const c of clients.items || clients) client.append(h('option', { value: c.id }, c.name));
  } catch (err) { status.show(describe(err), 'bad'); }
  const shown = load();
  await Promise.all([loadBars(), shown]);
  return null;
}
