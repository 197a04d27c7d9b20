// Supervisions, spot checks and appraisals (#/staff/supervision, or /ID for one carer): what is
// overdue, due and booked (filters by status, kind and carer), booking (a spot check on one of
// the carer's coming calls, with its observer), recording, and CSV export of what is shown.

import { api, describe, h, notice, render } from './util.js';
import { downloadCsv, ensureRecordsCss } from './records_kit.js';
import { bookDialog, bookedWords, OUTCOME_WORDS, recordDialog, shortDay, STATUS_WORDS } from './supervision_kit.js';

const STATUSES = [['open', 'Needs doing'], ['overdue', 'Overdue'], ['due', 'Due soon'], ['booked', 'Booked'], ['done', 'Done'], ['upcoming', 'Later'], ['all', 'All']];
const KINDS = [['', 'All kinds'], ['supervision', 'Supervisions'], ['spot_check', 'Spot checks'], ['appraisal', 'Appraisals']];

const options = (pairs, selected) => pairs.map(([v, l]) => h('option', { value: v, selected: String(v) === String(selected) }, l));

export async function show(root, { arg }) {
  ensureRecordsCss();
  const status = notice();
  const statusFilter = h('select', { 'aria-label': 'Show', 'data-testid': 'supervision-status' }, options(STATUSES, 'open'));
  const kindFilter = h('select', { 'aria-label': 'Kind' }, options(KINDS, ''));
  const carerFilter = h('select', { 'aria-label': 'Carer' }, h('option', { value: '' }, 'All carers'));
  const list = h('section', { 'aria-live': 'polite', 'data-testid': 'supervision-list' });
  let items = [];

  const params = () => {
    const p = new URLSearchParams({ status: statusFilter.value });
    if (kindFilter.value) p.set('kind', kindFilter.value);
    if (carerFilter.value) p.set('carer_id', carerFilter.value);
    return p;
  };

  function row(item, index) {
    const done = item.status === 'done';
    return h('tr', { 'data-index': index, 'data-kind': item.kind, 'data-carer-id': item.carer_id },
      h('th', { scope: 'row' }, h('a', { href: `#/staff/carers/${item.carer_id}`, class: 'staff-link' }, item.carer_name)),
      h('td', {}, item.kind_words),
      h('td', {}, h('span', { class: `badge ${item.status}` }, STATUS_WORDS[item.status]),
        item.overdue && item.status !== 'overdue' ? h('span', { class: 'badge overdue' }, 'late') : null),
      h('td', {}, shortDay(item.due_on)),
      h('td', {}, done ? `Held ${shortDay(item.held_on)}` : bookedWords(item) || h('span', { class: 'muted' }, 'Not booked')),
      h('td', {}, item.observer_name || '—'),
      h('td', {}, done ? OUTCOME_WORDS[item.outcome] : ''),
      h('td', { class: 'row-actions' },
        done ? null : h('button', { type: 'button', class: 'staff-secondary', 'data-action': 'book' }, item.booked_on ? 'Rebook…' : 'Book…'),
        h('button', { type: 'button', 'data-action': 'record' }, done ? 'Open record' : 'Record…')));
  }

  async function load() {
    try { items = await api(`/supervisions?${params()}`); } catch (err) { status.show(describe(err), 'bad'); return; }
    render(list, items.length ? h('table', { class: 'staff-table records-table supervision-table' },
      h('thead', {}, h('tr', {}, ['Carer', 'Kind', 'Status', 'Due', 'Booked or held', 'Observer', 'Outcome', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, items.map(row))) : h('p', { class: 'muted' }, 'Nothing to show with these filters.'));
  }

  // One listener for every row's buttons (event delegation).
  list.addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-action]');
    if (!button) return;
    const item = items[Number(button.closest('tr').dataset.index)];
    try {
      const message = await (button.dataset.action === 'book' ? bookDialog(item) : recordDialog(item));
      if (message) { status.show(message); await load(); }
    } catch (err) { status.show(describe(err), 'bad'); }
  });
  for (const el of [statusFilter, kindFilter, carerFilter]) el.addEventListener('change', load);
  const exportCsv = async () => {
    try { await downloadCsv(`/supervisions/export.csv?${params()}`, 'supervisions.csv'); } catch (err) { status.show(describe(err), 'bad'); }
  };

  render(root, h('h1', {}, 'Supervisions, spot checks and appraisals'), status,
    h('div', { class: 'staff-toolbar' }, statusFilter, kindFilter, carerFilter,
      h('button', { type: 'button', class: 'staff-secondary', onclick: exportCsv }, 'Export CSV')),
    h('p', { class: 'muted small' }, 'Each falls due at the agency\'s interval (Settings) after the last one held, the first after the carer\'s start date.'),
    list);
  try {
    const carers = await api('/carers?limit=500&active=true');
    carerFilter.append(...options(carers.items.map((c) => [c.id, c.name]), arg));
  } catch (err) { status.show(describe(err), 'bad'); }
  await load();
  return null;
}
