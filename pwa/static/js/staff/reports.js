// Reports: the manager's dashboard (#/staff/reports) and each report
// (#/staff/reports/<name>?from=&to=&carer_id=&client_id=&town=&funder=): date range and
// filters (kept in the address, so a report can be linked and reloaded), headline figures,
// charts, the tables beneath and a CSV of each table.

import { api, describe, h, notice, render } from './util.js';
import { getAuth } from '/js/api.js';
import { chartBox } from './charts.js';

const MANAGER = ['manager', 'admin'];
export const REPORTS = [
  // [name, title, who may open it]
  ['punctuality', 'Punctuality & missed calls', null],
  ['hours', 'Hours', null],
  ['continuity', 'Continuity', null],
  ['travel', 'Travel & mileage', null],
  ['contract', 'Contract & downtime', null],
  ['pay', 'Pay & minimum wage', MANAGER],
  ['payroll', 'Timesheets, payroll & invoices', MANAGER],
  ['capacity', 'Capacity & new packages', null],
];
const FILTERS = ['from', 'to', 'carer_id', 'client_id', 'town', 'funder'];
const FUNDERS = [['', 'Any funder'], ['local_authority', 'Local authority'], ['nhs_chc', 'NHS continuing healthcare'],
  ['private', 'Private'], ['other', 'Other']];

let people = null; // carers and clients for the filters, read once per visit to the area

async function loadPeople() {
  if (!people) {
    const [carers, clients] = await Promise.all([api('/carers?limit=500'), api('/clients?limit=500')]);
    people = { carers: carers.items, clients: clients.items };
  }
  return people;
}

function formatValue(f) {
  if (f.value === null || f.value === undefined) return '–';
  if (f.unit === '£') return `£${Number(f.value).toFixed(2)}`;
  if (f.unit === '%') return `${f.value}%`;
  if (f.unit === 'h' || f.unit === 'mi') return `${f.value} ${f.unit}`;
  return String(f.value);
}

function figureCard(f) {
  const state = f.good === true ? 'ok' : f.good === false ? 'bad' : 'plain';
  const inner = [h('span', { class: 'report-figure-value' }, formatValue(f)),
    h('span', { class: 'report-figure-label' }, f.label),
    f.note ? h('span', { class: 'report-figure-note' }, f.note) : null];
  return f.link
    ? h('a', { class: `report-figure ${state}`, href: f.link, 'data-figure': f.key }, inner)
    : h('div', { class: `report-figure ${state}`, 'data-figure': f.key }, inner);
}

function cell(value) {
  if (value === true) return 'Yes';
  if (value === false) return '';
  return value === null || value === undefined ? '' : String(value);
}

const PAGE_ROWS = 200; // rows added to the page at a time: a year's timesheet is 20,000 lines

function rowView(table, r) {
  return h('tr', { 'data-flag': r.below_minimum ? 'bad' : null }, table.columns.map((c) => h('td', {}, cell(r[c.key]))));
}

function tableView(table, csv) {
  const rows = table.rows;
  const head = h('div', { class: 'report-table-head' }, h('h2', {}, table.title),
    h('button', { type: 'button', class: 'staff-secondary', 'data-csv': table.key, onclick: () => csv(table.key) },
      'Download CSV'));
  if (!rows.length) return h('section', { class: 'report-table', 'data-table': table.key }, head,
    h('p', { class: 'muted' }, 'Nothing in this range.'));
  // The first rows only, and more on asking: tens of thousands of rows in the page made the tablet
  // wait seconds. The CSV always has them all.
  const body = h('tbody', {});
  const count = h('p', { class: 'muted small report-table-count', 'data-row-count': String(rows.length) });
  const more = h('button', { type: 'button', class: 'staff-secondary', 'data-more': table.key });
  const showMore = () => {
    const shown = body.childElementCount;
    body.append(...rows.slice(shown, shown + PAGE_ROWS).map((r) => rowView(table, r)));
    const now = body.childElementCount;
    count.textContent = now < rows.length
      ? `Showing ${now.toLocaleString('en-GB')} of ${rows.length.toLocaleString('en-GB')} rows`
      : `${rows.length.toLocaleString('en-GB')} ${rows.length === 1 ? 'row' : 'rows'}`;
    more.textContent = `Show ${Math.min(PAGE_ROWS, rows.length - now)} more`;
    more.hidden = now >= rows.length;
  };
  more.addEventListener('click', showMore);
  showMore();
  return h('section', { class: 'report-table', 'data-table': table.key }, head, count,
    h('div', { class: 'report-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, table.columns.map((c) => h('th', { scope: 'col' }, c.label)))), body)),
    more);
}

async function downloadCsv(name, query, table, status) {
  // The API needs the bearer token: fetch the CSV and hand the browser a blob to save.
  const auth = await getAuth();
  const params = new URLSearchParams(query);
  params.set('table', table);
  const r = await fetch(`/reports/${name}/csv?${params}`, { headers: { Authorization: `Bearer ${auth.access_token}` } });
  if (!r.ok) { status.show(`CSV export failed (${r.status})`, 'bad'); return; }
  const disposition = r.headers.get('Content-Disposition') || '';
  const file = (disposition.match(/filename="([^"]+)"/) || [])[1] || `${name}-${table}.csv`;
  const a = h('a', { href: URL.createObjectURL(await r.blob()), download: file });
  document.body.append(a);
  a.click();
  a.remove();
  status.show(`Downloaded ${file}.`);
}

function select(label, name, options, value) {
  const control = h('select', { name, 'aria-label': label },
    options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value || '') }, text)));
  return h('label', { class: 'report-filter' }, h('span', {}, label), control);
}

async function filterForm(name, query, status) {
  let list = { carers: [], clients: [] };
  try { list = await loadPeople(); } catch (err) { status.show(describe(err), 'bad'); }
  const towns = [...new Set(list.clients.map((c) => c.town).filter(Boolean))].sort();
  const form = h('form', { class: 'report-filters', 'aria-label': 'Date range and filters' },
    h('label', { class: 'report-filter' }, h('span', {}, 'From'), h('input', { type: 'date', name: 'from', value: query.get('from') || '' })),
    h('label', { class: 'report-filter' }, h('span', {}, 'To'), h('input', { type: 'date', name: 'to', value: query.get('to') || '' })),
    select('Carer', 'carer_id', [['', 'All carers'], ...list.carers.map((c) => [c.id, c.name])], query.get('carer_id')),
    select('Client', 'client_id', [['', 'All clients'], ...list.clients.map((c) => [c.id, c.name])], query.get('client_id')),
    select('Area', 'town', [['', 'All areas'], ...towns.map((t) => [t, t])], query.get('town')),
    select('Funder', 'funder', FUNDERS, query.get('funder')),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of FILTERS) {
      const value = form.elements[key].value;
      if (value) next.set(key, value);
    }
    location.hash = `#/staff/reports/${name}?${next}`;
  });
  return form;
}

function reportNav(user, current) {
  return h('nav', { class: 'report-nav', 'aria-label': 'Reports' },
    h('a', { href: '#/staff/reports', 'aria-current': current === '' ? 'page' : null }, 'Dashboard'),
    REPORTS.filter(([, , roles]) => !roles || roles.includes(user.role)).map(([key, title]) =>
      h('a', { href: `#/staff/reports/${key}`, 'aria-current': current === key ? 'page' : null }, title)));
}

async function showReport(root, user, name, query, onLeave) {
  const status = notice();
  const body = h('div', { class: 'report-body', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Working out the figures…'));
  render(root, reportNav(user, name), h('h1', {}, (REPORTS.find(([k]) => k === name) || [, name])[1]),
    await filterForm(name, query, status), status, body);
  let report;
  try {
    report = await api(`/reports/${name}?${query}`);
  } catch (err) {
    body.removeAttribute('aria-busy');
    render(body, h('p', { class: 'muted' }, describe(err)));
    return;
  }
  const form = root.querySelector('form.report-filters');
  if (form) { form.elements.from.value = report.date_from; form.elements.to.value = report.date_to; }
  const charts = report.charts.map(chartBox);
  onLeave(() => charts.forEach((c) => c.destroy()));
  const csv = (table) => downloadCsv(name, query, table, status);
  let extra = null;
  if (name === 'capacity') {
    const { packageForm } = await import('./capacity.js');
    const towns = [...new Set((people ? people.clients : []).map((c) => c.town).filter(Boolean))].sort();
    extra = packageForm(towns);
  }
  render(body, extra,
    h('p', { class: 'muted small' }, `${report.date_from} to ${report.date_to}`),
    h('div', { class: 'report-figures' }, report.figures.map(figureCard)),
    report.notes.map((n) => h('p', { class: 'muted small' }, n)),
    h('div', { class: 'report-charts' }, charts.map((c) => c.element)),
    report.tables.map((t) => tableView(t, csv)));
  body.removeAttribute('aria-busy');
}

async function showDashboard(root, user, onLeave) {
  const body = h('div', { class: 'report-body', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Working out this week…'));
  render(root, reportNav(user, ''), h('h1', {}, 'This week'), body);
  let report;
  try { report = await api('/reports/dashboard'); } catch (err) { render(body, h('p', { class: 'muted' }, describe(err))); return; }
  const charts = report.charts.map(chartBox);
  onLeave(() => charts.forEach((c) => c.destroy()));
  render(body,
    h('p', { class: 'muted small' }, `Monday ${report.date_from} to today. Tap a figure for its report.`),
    h('div', { class: 'report-figures', 'data-testid': 'dashboard' }, report.figures.map(figureCard)),
    h('div', { class: 'report-charts' }, charts.map((c) => c.element)));
  body.removeAttribute('aria-busy');
}

export async function show(root, { user, arg, onLeave }) {
  const [name, search] = (arg || '').split('?');
  people = null;
  if (!name) return showDashboard(root, user, onLeave);
  const known = REPORTS.find(([k, , roles]) => k === name && (!roles || roles.includes(user.role)));
  if (!known) { location.replace('#/staff/reports'); return; }
  return showReport(root, user, name, new URLSearchParams(search || ''), onLeave);
}
