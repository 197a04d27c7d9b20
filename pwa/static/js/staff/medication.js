// Medication (#/staff/medication[/<client id>]): a client's MAR chart for a month (days across,
// each medicine's doses down, the familiar codes, refusals and gaps in colour) and the
// exceptions of the last weeks for every client (refused, not given, not recorded, PRN over
// its daily maximum), each linking to the call record.

import { addDays, api, describe, field, h, notice, render, todayIso } from './util.js';

const KIND_WORDS = { refused: 'Refused', not_given: 'Not given', not_recorded: 'Not recorded', late: 'Late', prn_over_limit: 'As-needed over limit' };

function marTable(chart) {
  const days = Array.from({ length: chart.days }, (_, i) => i + 1);
  return h('div', { class: 'table-wrap mar-wrap' }, h('table', { class: 'staff-table mar', 'data-testid': 'mar-chart' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Medicine'), h('th', { scope: 'col' }, 'Call'),
      days.map((d) => h('th', { scope: 'col', class: 'mar-day' }, String(d))))),
    h('tbody', {}, chart.rows.map((r) => h('tr', { 'data-medication': r.name },
      h('th', { scope: 'row' }, h('div', {}, r.name), h('div', { class: 'small muted' }, `${r.dose}, ${r.route}, ${r.support === 'administer' ? 'administer' : 'prompt'}`)),
      h('td', {}, r.slot),
      r.cells.map((c, i) => h('td', { class: `mar-cell mar-${c && /\d/.test(c) ? 'prn' : c || 'none'}`, title: r.reasons[String(i + 1)] || '' }, c)))))));
}

export async function show(root, { arg }) {
  const status = notice();
  const client = h('select', { 'data-testid': 'mar-client', 'aria-label': 'Client' });
  const month = h('input', { type: 'month', value: todayIso().slice(0, 7), 'aria-label': 'Month' });
  const chartBox = h('div', {});
  const exceptionsBox = h('div', { 'data-testid': 'dose-exceptions' });

  async function loadChart() {
    if (!client.value) return;
    try {
      const chart = await api(`/clients/${client.value}/mar?month=${month.value}`);
      render(chartBox, h('h2', {}, `MAR chart: ${chart.client_name}, ${new Date(`${chart.month}-01T12:00`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric' })}`),
        chart.rows.length ? marTable(chart) : h('p', { class: 'muted' }, 'No medication on this client\'s list.'),
        h('p', { class: 'small muted' }, Object.entries(chart.legend).map(([k, v]) => `${k} ${v}`).join(' · ')));
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  async function loadExceptions() {
    const end = todayIso();
    try {
      const found = await api(`/medication/exceptions?start=${addDays(end, -27)}&end=${end}`);
      render(exceptionsBox, h('h2', {}, 'Exceptions, last 4 weeks'), found.length ? h('table', { class: 'staff-table' },
        h('thead', {}, h('tr', {}, ['Date', 'Client', 'Medicine', 'Call', 'What', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, found.slice().reverse().map((e) => h('tr', { 'data-testid': 'dose-exception' },
          h('td', {}, e.visit_id ? h('a', { href: `#/call-record/${e.visit_id}` }, new Date(`${e.date}T12:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })) : e.date),
          h('td', {}, h('a', { href: `#/staff/medication/${e.client_id}` }, e.client_name)), h('td', {}, e.medication), h('td', {}, e.call_type),
          h('td', {}, h('span', { class: `badge ${e.kind === 'not_recorded' ? 'missed' : 'late'}` }, KIND_WORDS[e.kind] || e.kind)), h('td', {}, e.detail)))))
        : h('p', { class: 'muted' }, 'No exceptions.'));
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  client.addEventListener('change', () => { location.hash = `#/staff/medication/${client.value}`; });
  month.addEventListener('change', loadChart);
  render(root, h('h1', {}, 'Medication'), h('div', { class: 'staff-toolbar' }, field('Client', client), field('Month', month)),
    status, chartBox, exceptionsBox);
  try {
    const clients = await api('/clients?limit=500');
    for (const c of clients.items || clients) client.append(h('option', { value: c.id, selected: String(c.id) === arg }, c.name));
  } catch (err) { status.show(describe(err), 'bad'); }
  if (!arg && client.options.length) client.value = client.options[0].value;
  await Promise.all([loadChart(), loadExceptions()]);
  return null;
}
