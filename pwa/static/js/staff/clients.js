// Clients: the list with search and filters (#/staff/clients), a client's record
// (#/staff/clients/ID) and a new client (#/staff/clients/new).

import { api, describe, h, notice, render } from './util.js';
import { downloadCsv, ensureRecordsCss, word } from './records_kit.js';

export async function show(root, ctx) {
  ensureRecordsCss();
  if (ctx.arg) {
    const { showClient } = await import('./client_record.js');
    return showClient(root, ctx);
  }
  return showList(root);
}

const FILTERS = { status: ['', 'active', 'in_hospital', 'ceased'], funder: ['', 'local_authority', 'nhs_chc', 'private', 'other'] };

async function showList(root) {
  const status = notice();
  const q = h('input', { type: 'search', placeholder: 'Name, address or postcode', 'aria-label': 'Search clients', 'data-testid': 'client-search' });
  const selects = Object.fromEntries(Object.entries(FILTERS).map(([name, values]) => [name,
    h('select', { 'aria-label': name === 'status' ? 'Status' : 'Funder', 'data-testid': `client-filter-${name}` },
      values.map((v) => h('option', { value: v }, v ? word(v) : (name === 'status' ? 'Any status' : 'Any funder'))))]));
  const town = h('input', { type: 'text', placeholder: 'Town', 'aria-label': 'Town', size: 10 });
  const list = h('section', { 'aria-live': 'polite', 'data-testid': 'client-list' });
  let timer = null;

  function query() {
    const p = new URLSearchParams({ limit: '200' });
    if (q.value.trim()) p.set('q', q.value.trim());
    if (town.value.trim()) p.set('town', town.value.trim());
    for (const [k, el] of Object.entries(selects)) if (el.value) p.set(k, el.value);
    return p;
  }

  async function load() {
    let page;
    try { page = await api(`/clients?${query()}`); } catch (err) { status.show(describe(err), 'bad'); return; }
    render(list, h('p', { class: 'muted' }, `${page.total} client${page.total === 1 ? '' : 's'}`),
      h('div', { class: 'table-wrap' }, h('table', { class: 'staff-table records-table' },
        h('thead', {}, h('tr', {}, ['Name', 'Address', 'Status', 'Funder', 'Alerts'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, page.items.map((c) => h('tr', { 'data-client-id': c.id },
          h('th', { scope: 'row' }, h('a', { href: `#/staff/clients/${c.id}`, class: 'staff-link' }, c.name),
            c.preferred_name ? h('span', { class: 'muted small' }, ` “${c.preferred_name}”`) : null),
          h('td', {}, [c.address, c.town, c.postcode].filter(Boolean).join(', ')),
          h('td', {}, h('span', { class: `badge ${c.status}` }, word(c.status)),
            c.status !== 'active' && c.status_since ? h('span', { class: 'small muted' }, ` since ${c.status_since}`) : null),
          h('td', {}, word(c.funder)),
          h('td', {}, [c.alerts, c.allergies && `Allergies: ${c.allergies}`].filter(Boolean).join(' · ').slice(0, 80))))))));
  }

  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  town.addEventListener('change', load);
  for (const el of Object.values(selects)) el.addEventListener('change', load);
  const exportCsv = async () => {
    try { await downloadCsv(`/clients/export.csv?${query()}`, 'clients.csv'); } catch (err) { status.show(describe(err), 'bad'); }
  };
  render(root, h('h1', {}, 'Clients'), status,
    h('div', { class: 'staff-toolbar' }, q, selects.status, selects.funder, town,
      h('a', { href: '#/staff/clients/new', class: 'button', role: 'button', 'data-testid': 'new-client' }, 'Add a client'),
      h('button', { type: 'button', class: 'staff-secondary', onclick: exportCsv }, 'Export CSV')),
    list);
  await load();
  return null;
}
