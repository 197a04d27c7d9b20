// Phoning in (#/staff/phoning): today's carers, those overdue to end their shift first (their
// last call's planned end plus the agency's margin), with one tap to call them; those who have
// phoned in with their mileage and comment.

import { api, describe, h, notice, render } from './util.js';

const WORDS = { overdue: 'Overdue', not_yet: 'Not yet due', phoned_in: 'Phoned in' };

export async function show(root, { onLeave }) {
  const status = notice();
  const list = h('div', { class: 'table-wrap', 'data-testid': 'phoning-in' });
  async function load() {
    let rows;
    try { rows = await api('/phoning-in'); } catch (err) { status.show(describe(err), 'bad'); return; }
    const overdue = rows.filter((r) => r.status === 'overdue').length;
    render(list, h('p', {}, `${rows.filter((r) => r.status === 'phoned_in').length} of ${rows.length} carers have ended their shift; ${overdue} overdue.`),
      h('table', { class: 'staff-table' },
        h('thead', {}, h('tr', {}, ['Carer', 'Calls', 'Last call ends', 'Due by', 'Status', 'Mileage and comment', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows.map((r) => h('tr', { 'data-testid': 'phoning-row' },
          h('td', {}, r.carer_name), h('td', {}, String(r.calls)), h('td', {}, r.last_call_ends), h('td', {}, r.due_by),
          h('td', {}, h('span', { class: `badge ${r.status === 'overdue' ? 'missed' : r.status === 'phoned_in' ? 'done' : ''}` }, WORDS[r.status])),
          h('td', {}, r.status === 'phoned_in' ? `${r.mileage} miles${r.notes ? ` · ${r.notes}` : ''} (${new Date(r.phoned_in_at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })})` : ''),
          h('td', {}, r.phone && r.status !== 'phoned_in' ? h('a', { class: 'button', href: `tel:${r.phone.replace(/\s/g, '')}` }, `Call ${r.phone}`) : null))))));
  }
  render(root, h('h1', {}, 'Phoning in'), status, list);
  await load();
  const timer = setInterval(load, 60_000);
  if (onLeave) onLeave(() => clearInterval(timer));
  return null;
}
