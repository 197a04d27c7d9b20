// The call record page (#/call-record/<visit id>): everything recorded at one call for the
// office and the inspector. Planned against actual per carer, the flags (each resolvable with
// a comment), every record in time order, actions kept after a conflict, incidents at the call.

import { api, describe, h, notice, render } from './util.js';
import { clock, FLAG_WORDS } from './call_records.js';
import { spotCheckNote } from './spot_check_note.js';

const KIND_WORDS = { check_in: 'Checked in', check_out: 'Checked out', task: 'Task', note: 'Note' };

function when(iso) {
  return iso ? new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }) : '—';
}

function metres(m) {
  return m === null || m === undefined ? 'no location shared' : m < 1000 ? `${m} m from the address` : `${(m / 1000).toFixed(1)} km from the address`;
}

function what(log) {
  if (log.kind === 'task') return log.done ? `${log.task}: done` : `${log.task}: not done (${log.reason})`;
  if (log.kind === 'note') return `Note: ${log.note}`;
  return `${KIND_WORDS[log.kind]} · ${metres(log.distance_m)}`;
}

function resolveForm(visitId, flag, carerName, status, reload) {
  const comment = h('textarea', { rows: 2, required: true, maxlength: 2000, 'aria-label': `How the ${FLAG_WORDS[flag.flag]} flag was resolved`,
    placeholder: 'e.g. client at day centre, confirmed with daughter', 'data-testid': `resolve-comment-${flag.flag}` });
  const form = h('form', { class: 'resolve-form' }, comment, h('button', { type: 'submit' }, 'Resolve'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api(`/call-records/${visitId}/flags/resolve`, { method: 'POST', body: { flag: flag.flag, carer_id: flag.carer_id, comment: comment.value } });
      status.show(`${FLAG_WORDS[flag.flag]}${carerName ? ` (${carerName})` : ''} resolved.`);
      await reload();
    } catch (err) { status.show(describe(err), 'bad'); }
  });
  return form;
}

export async function show(root, { arg }) {
  const visitId = Number(arg);
  const status = notice();

  async function load() {
    let page;
    try { page = await api(`/call-records/${visitId}`); } catch (err) {
      render(root, h('h1', {}, 'Call record'), h('p', { class: 'staff-notice', dataset: { kind: 'bad' } }, describe(err)),
        h('a', { href: '#/staff/calls' }, 'Back to call records'));
      return;
    }
    const call = page.call;
    const names = Object.fromEntries(call.attendances.map((a) => [a.carer_id, a.carer_name]));
    const date = new Date(`${call.date}T12:00`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    render(root,
      h('p', {}, h('a', { href: '#/staff/calls' }, '← Call records')),
      h('h1', { 'data-testid': 'call-record-title' }, `${call.client_name}, ${call.call_type} call`),
      h('p', {}, `${date} · window ${call.window_start}–${call.window_end} · ${call.planned_minutes} min planned · `,
        h('span', { class: `badge ${call.status}` }, call.status.replace('_', ' ')), h('br'), h('span', { class: 'muted' }, page.address)),
      spotCheckNote(visitId),
      status,
      h('h2', {}, 'Planned and actual'),
      call.attendances.length ? h('table', { class: 'staff-table', 'data-testid': 'planned-actual' },
        h('thead', {}, h('tr', {}, ['Carer', 'Planned start', 'Check-in', 'Check-out', 'Delivered', 'Flags'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, call.attendances.map((a) => h('tr', {},
          h('td', {}, a.carer_name), h('td', {}, a.planned_start),
          h('td', {}, clock(a.checked_in), a.check_in_clock_off ? h('div', { class: 'small muted' }, 'phone clock off') : null,
            h('div', { class: 'small muted' }, metres(a.check_in_distance_m))),
          h('td', {}, clock(a.checked_out), a.check_out_clock_off ? h('div', { class: 'small muted' }, 'phone clock off') : null),
          h('td', {}, a.delivered_minutes === null ? '—' : `${a.delivered_minutes} of ${call.planned_minutes} min`),
          h('td', {}, a.flags.map((f) => h('span', { class: `badge call-flag ${f}` }, FLAG_WORDS[f]))))))) : h('p', { class: 'muted' }, 'Nobody was sent to this call.'),
      h('h2', {}, 'Flags'),
      call.flags.length ? h('ul', { class: 'staff-list flag-list', 'data-testid': 'call-flags' }, call.flags.map((f) => h('li', { 'data-flag': f.flag },
        h('strong', {}, FLAG_WORDS[f.flag]), f.carer_id ? ` · ${names[f.carer_id] || ''}` : '',
        f.resolved
          ? h('p', { class: 'resolved-note' }, `Resolved by ${f.resolved_by} on ${when(f.resolved_at)}: ${f.comment}`)
          : resolveForm(visitId, f, names[f.carer_id], status, load)))) : h('p', { class: 'muted' }, 'No flags: the call went as planned.'),
      h('h2', {}, 'Everything recorded'),
      page.logs.length ? h('table', { class: 'staff-table', 'data-testid': 'call-logs' },
        h('thead', {}, h('tr', {}, ['Phone time', 'Carer', 'What', 'Reached us'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, page.logs.map((log) => h('tr', {},
          h('td', {}, clock(log.device_time)), h('td', {}, log.carer_name), h('td', {}, what(log)),
          h('td', {}, when(log.server_time), log.device_time_off ? h('div', { class: 'small muted' }, 'phone clock off') : null))))) : h('p', { class: 'muted' }, 'Nothing was recorded at this call.'),
      page.conflicts.length ? [h('h2', {}, 'Kept after a conflict'),
        h('p', { class: 'muted small' }, 'These arrived after the call was given to someone else or cancelled; they are kept, not applied.'),
        h('ul', { class: 'staff-list', 'data-testid': 'call-conflicts' }, page.conflicts.map((k) => h('li', {},
          h('strong', {}, KIND_WORDS[k.kind] || k.kind), ` · ${k.explanation} · received ${when(k.received_at)}`,
          k.submitted.note ? h('div', {}, `Note: ${k.submitted.note}`) : null,
          k.submitted.task ? h('div', {}, `Task: ${k.submitted.task}`) : null)))] : null,
      page.incidents.length ? [h('h2', {}, 'Incidents at this call'),
        h('ul', { class: 'staff-list' }, page.incidents.map((i) => h('li', {},
          h('a', { href: `#/staff/incidents/${i.id}` }, `${i.type.replace('_', ' ')} (${i.severity}, ${i.status})`), ` · ${i.what_happened}`)))] : null);
  }

  await load();
  return null;
}
