// Incidents (#/staff/incidents, #/staff/incidents/<id>): the list by status, and each incident's
// record worked from report to closure: category, severity, people involved, immediate action,
// investigation, outcome, recommendations, who was told and when, actions with owner and due date.

import { api, describe, field, h, notice, render } from './util.js';

export const TYPE_WORDS = {
  fall: 'Fall', medication_error: 'Medication error', safeguarding: 'Safeguarding concern', injury: 'Injury',
  property: 'Property', behaviour: 'Behaviour', near_miss: 'Near miss', other: 'Other',
};
const STATUS_WORDS = { open: 'Open', investigating: 'Investigating', closed: 'Closed' };
const TOLD = [['safeguarding_team_told_at', 'Local authority safeguarding team told'],
  ['cqc_notified_at', 'CQC notified'], ['family_told_at', 'Family told']];

function when(iso) {
  return iso ? new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }) : '';
}

function localInput(iso) {
  // <input type=datetime-local> wants the local wall time without a zone.
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function select(values, current, label) {
  return h('select', { 'aria-label': label }, Object.entries(values).map(([v, words]) => h('option', { value: v, selected: v === current }, words)));
}

async function showList(root) {
  const status = notice();
  const filter = select({ '': 'every status', ...STATUS_WORDS }, '', 'Status');
  const list = h('div', { class: 'table-wrap', 'data-testid': 'incident-list' });
  async function load() {
    const q = new URLSearchParams({ limit: 200 });
    if (filter.value) q.set('status', filter.value);
    let page;
    try { page = await api(`/incidents?${q}`); } catch (err) { status.show(describe(err), 'bad'); return; }
    render(list, page.items.length ? h('table', { class: 'staff-table' },
      h('thead', {}, h('tr', {}, ['Occurred', 'Client', 'Category', 'Severity', 'Status', 'What happened'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((i) => h('tr', { 'data-testid': 'incident-row' },
        h('td', {}, h('a', { href: `#/staff/incidents/${i.id}` }, when(i.occurred_at))),
        h('td', {}, i.client_name || '—'), h('td', {}, TYPE_WORDS[i.type] || i.type),
        h('td', {}, h('span', { class: `badge severity-${i.severity}` }, i.severity)),
        h('td', {}, h('span', { class: `badge incident-${i.status}` }, STATUS_WORDS[i.status] || i.status)),
        h('td', {}, i.what_happened.length > 90 ? `${i.what_happened.slice(0, 90)}…` : i.what_happened)))))
      : h('p', { class: 'muted' }, 'No incidents.'));
  }
  filter.addEventListener('change', load);
  render(root, h('h1', {}, 'Incidents'), h('div', { class: 'staff-toolbar' }, field('Show', filter)), status, list);
  await load();
}

async function showRecord(root, id, user) {
  const status = notice();
  let owners = [];
  try { owners = await api('/incidents/action-owners'); } catch { /* the action form says so */ }

  async function load() {
    let rec;
    try { rec = await api(`/incidents/${id}`); } catch (err) {
      render(root, h('p', {}, h('a', { href: '#/staff/incidents' }, '← Incidents')), h('p', { class: 'staff-notice', dataset: { kind: 'bad' } }, describe(err)));
      return;
    }
    const closed = rec.status === 'closed';
    const text = (name, label, rows = 3) => field(label, h('textarea', { name, rows, disabled: closed }, rec[name]));
    const form = h('form', { class: 'staff-form incident-form', 'data-testid': 'incident-form' },
      h('div', { class: 'row' },
        field('Category', Object.assign(select(TYPE_WORDS, rec.type, 'Category'), { name: 'type', disabled: closed })),
        field('Severity', Object.assign(select({ low: 'Low', medium: 'Medium', high: 'High' }, rec.severity, 'Severity'), { name: 'severity', disabled: closed })),
        field('Status', Object.assign(select(STATUS_WORDS, rec.status, 'Status'), { name: 'status' }))),
      text('people_involved', 'People involved', 2), text('action_taken', 'Immediate action'),
      text('investigation_notes', 'Investigation notes'), text('outcome', 'Outcome'), text('recommendations', 'Recommendations'),
      h('fieldset', {}, h('legend', {}, 'Who was told, and when'), TOLD.map(([name, label]) =>
        field(label, h('input', { type: 'datetime-local', name, value: localInput(rec[name]), disabled: closed })))),
      h('button', { type: 'submit' }, 'Save'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = { version: rec.version };
      for (const el of form.elements) {
        if (!el.name || el.disabled) continue;
        if (el.type === 'datetime-local') body[el.name] = el.value ? new Date(el.value).toISOString() : null;
        else body[el.name] = el.value;
      }
      try { await api(`/incidents/${id}`, { method: 'PATCH', body }); status.show('Saved.'); await load(); } catch (err) { status.show(describe(err), 'bad'); }
    });

    const desc = h('input', { type: 'text', name: 'description', required: true, maxlength: 2000 });
    const owner = h('select', { name: 'owner' }, owners.map((o) => h('option', { value: o.id, selected: o.id === user.id }, o.name)));
    const due = h('input', { type: 'date', name: 'due', required: true });
    const addAction = h('form', { class: 'staff-form row', 'data-testid': 'action-form' }, field('Action', desc), field('Owner', owner), field('Due', due),
      h('button', { type: 'submit' }, 'Add action'));
    addAction.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api(`/incidents/${id}/actions`, { method: 'POST', body: { description: desc.value, owner_id: Number(owner.value), due_on: due.value } });
        status.show('Action added.'); await load();
      } catch (err) { status.show(describe(err), 'bad'); }
    });
    const done = async (action) => {
      try { await api(`/incidents/${id}/actions/${action.id}/done`, { method: 'POST' }); status.show('Action done.'); await load(); } catch (err) { status.show(describe(err), 'bad'); }
    };

    render(root,
      h('p', {}, h('a', { href: '#/staff/incidents' }, '← Incidents')),
      h('h1', { 'data-testid': 'incident-title' }, `${TYPE_WORDS[rec.type] || rec.type}${rec.client_name ? `: ${rec.client_name}` : ''}`),
      h('p', {}, h('span', { class: `badge incident-${rec.status}`, 'data-testid': 'incident-status' }, STATUS_WORDS[rec.status]), ' ',
        h('span', { class: `badge severity-${rec.severity}` }, `${rec.severity} severity`),
        ` · occurred ${when(rec.occurred_at)} · reported by ${rec.reported_by || 'the office'} on ${when(rec.created_at)}`,
        rec.visit_id ? [' · ', h('a', { href: `#/call-record/${rec.visit_id}` }, 'the call record')] : null,
        rec.closed_at ? ` · closed ${when(rec.closed_at)}` : null),
      h('h2', {}, 'What happened'), h('p', { class: 'incident-report' }, rec.what_happened),
      status,
      h('h2', {}, 'Actions'),
      rec.actions.length ? h('ul', { class: 'staff-list', 'data-testid': 'incident-actions' }, rec.actions.map((a) => h('li', {},
        h('strong', {}, a.description), ` · ${a.owner_name} · due ${new Date(`${a.due_on}T12:00`).toLocaleDateString('en-GB')}`,
        a.done_at ? h('span', { class: 'badge done' }, ` done ${when(a.done_at)}`)
          : [a.overdue ? h('span', { class: 'badge missed' }, 'overdue') : null,
            h('button', { type: 'button', class: 'staff-secondary', onclick: () => done(a) }, 'Mark done')]))) : h('p', { class: 'muted' }, 'No actions yet.'),
      closed ? null : addAction,
      h('h2', {}, 'Record'), form);
  }
  await load();
}

export async function show(root, { arg, user }) {
  if (/^\d+$/.test(arg || '')) return showRecord(root, Number(arg), user);
  return showList(root);
}
