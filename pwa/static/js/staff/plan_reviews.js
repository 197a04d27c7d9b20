// Plan reviews due (#/staff/planreviews): care plans and risk assessments overdue or due soon, for the
// assessment and review officer (issue 11 point 2; the client reviews and surveys screen took
// over reviews.js and its address, so this list lives here).

import { api, describe, h, notice, render } from './util.js';
import { ensureRecordsCss } from './records_kit.js';

export async function show(root) {
  ensureRecordsCss();
  const status = notice();
  const within = h('select', { 'aria-label': 'Due within' }, [14, 28, 56, 91].map((d) => h('option', { value: d, selected: d === 28 }, `${d} days`)));
  const list = h('section', { 'aria-live': 'polite', 'data-testid': 'reviews-due' });
  async function load() {
    let due;
    try { due = await api(`/care-plans/reviews-due?within_days=${within.value}`); } catch (err) { status.show(describe(err), 'bad'); return; }
    const overdue = due.filter((d) => d.overdue).length;
    render(list, h('p', {}, h('span', { class: 'badge overdue' }, `${overdue} overdue`), ' ', h('span', { class: 'badge due' }, `${due.length - overdue} due soon`)),
      due.length ? h('table', { class: 'staff-table' },
        h('thead', {}, h('tr', {}, ['Due', 'Client', 'What', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, due.map((d) => h('tr', {},
          h('td', {}, h('span', { class: `badge ${d.overdue ? 'overdue' : 'due'}` }, d.overdue ? `${-d.days} days overdue` : d.days === 0 ? 'today' : `in ${d.days} days`), ` ${d.due_on}`),
          h('th', { scope: 'row' }, d.client_name), h('td', {}, d.what),
          h('td', {}, h('a', { href: `#/staff/clients/${d.client_id}/plan`, class: 'staff-link' }, 'Open the plan')))))) : h('p', { class: 'muted' }, 'Nothing due.'));
  }
  within.addEventListener('change', load);
  render(root, h('h1', {}, 'Plan reviews due'), status, h('div', { class: 'staff-toolbar' }, h('label', {}, 'Due within ', within)), list);
  await load();
  return null;
}
