// The audit trail for managers, in people's words ("Morgan approved Edie's annual leave
// 21–23 Dec"): filter by what changed, who changed it (a picker of names) and when; paged.

import { api, describe, field, h, notice, render } from './util.js';

const PAGE = 50;

export async function show(root) {
  const status = notice();
  const entity = h('select', {}, ['', 'visit', 'leave', 'publication', 'on_call', 'carer', 'client', 'client_default'].map((e) => h('option', { value: e }, e || 'anything')));
  const entityId = h('input', { type: 'text', inputmode: 'numeric', size: 6 });
  const actor = h('select', { 'data-testid': 'audit-actor' }, h('option', { value: '' }, 'anyone'));
  const since = h('input', { type: 'date' });
  const until = h('input', { type: 'date' });
  const table = h('div', { class: 'table-wrap', 'data-testid': 'audit-list' });
  const pager = h('div', { class: 'staff-toolbar' });
  let offset = 0;

  async function load() {
    const q = new URLSearchParams({ limit: PAGE, offset });
    if (entity.value) q.set('entity', entity.value);
    if (entityId.value) q.set('entity_id', entityId.value);
    if (actor.value) q.set('actor_id', actor.value);
    if (since.value) q.set('since', since.value);
    if (until.value) q.set('until', until.value);
    let page;
    try { page = await api(`/audit?${q}`); } catch (err) { status.show(describe(err), 'bad'); return; }
    render(table, h('table', { class: 'staff-table' },
      h('thead', {}, h('tr', {}, ['When', 'What happened', 'Record before → after'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((e) => h('tr', { 'data-testid': 'audit-event' },
        h('td', {}, new Date(e.at).toLocaleString('en-GB')),
        h('td', {}, e.summary),
        h('td', {}, h('details', {}, h('summary', {}, 'Details'), h('pre', {}, JSON.stringify({ before: e.before, after: e.after }, null, 1)))))))));
    render(pager,
      h('span', {}, `${page.total ? offset + 1 : 0}–${offset + page.items.length} of ${page.total}`),
      h('button', { type: 'button', class: 'staff-secondary', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); load(); } }, 'Newer'),
      h('button', { type: 'button', class: 'staff-secondary', disabled: offset + PAGE >= page.total, onclick: () => { offset += PAGE; load(); } }, 'Older'));
  }

  const form = h('form', { class: 'staff-form row' }, field('What', entity), field('Id', entityId), field('Who', actor),
    field('From', since), field('To', until), h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; load(); });
  render(root, h('h1', {}, 'Audit trail'), form, status, table, pager);
  try {
    for (const a of await api('/audit/actors')) actor.append(h('option', { value: a.id }, `${a.name} (${a.role})`));
  } catch (err) { status.show(describe(err), 'bad'); }
  await load();
  return null;
}
