// Leave approvals for managers: each request with who else is off then and which calls
// would need cover; approving releases those calls for cover.

import { api, dayLabel, describe, h, notice, render } from './util.js';

const range = (l) => (l.start_date === l.end_date ? dayLabel(l.start_date) : `${dayLabel(l.start_date)} – ${dayLabel(l.end_date)}`);

export async function show(root) {
  const status = notice();
  const pending = h('section', { 'aria-labelledby': 'pending-h' });
  const detail = h('section', { class: 'card', 'aria-live': 'polite', 'data-testid': 'leave-impact' }, h('p', { class: 'muted' }, 'Choose a request to see its impact.'));
  const decided = h('section', { 'aria-labelledby': 'decided-h' });

  async function load() {
    try {
      const [requested, all] = await Promise.all([api('/leave?status=requested'), api('/leave')]);
      render(pending, h('h2', { id: 'pending-h' }, `Waiting for a decision (${requested.length})`),
        requested.length ? h('ul', { class: 'staff-list', 'data-testid': 'leave-requests' }, requested.map((l) => h('li', { 'data-leave-id': l.id },
          h('strong', {}, l.carer_name), ` ${l.kind} · ${range(l)}`, l.reason ? ` · “${l.reason}”` : '',
          l.over_limit ? h('span', { class: 'flag', title: 'More carers would be off at once than the agency allows' },
            `Over the limit: ${l.others_off_peak} others already off`) : null,
          h('button', { type: 'button', onclick: () => review(l.id) }, 'Review')))) : h('p', { class: 'muted' }, 'No requests waiting.'));
      const done = all.filter((l) => l.status !== 'requested').slice(-20).reverse();
      render(decided, h('h2', { id: 'decided-h' }, 'Recently decided'),
        h('ul', { class: 'staff-list' }, done.map((l) => h('li', {}, h('strong', {}, l.carer_name), ` ${l.kind} · ${range(l)} · `,
          h('span', { class: `badge ${l.status}` }, l.status)))));
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  async function review(id) {
    let impact;
    try { impact = await api(`/leave/${id}/impact`); } catch (err) { status.show(describe(err), 'bad'); return; }
    const l = impact.leave;
    const decide = async (action) => {
      try {
        const out = await api(`/leave/${id}/${action}`, { method: 'POST', body: { version: l.version } });
        status.show(action === 'approve'
          ? `Approved: ${out.released_call_ids.length} calls released for cover.` : 'Declined.');
        render(detail, h('p', { class: 'muted' }, 'Choose a request to see its impact.'));
        load();
      } catch (err) { status.show(describe(err), 'bad'); }
    };
    render(detail,
      h('h2', {}, `${l.carer_name}: ${l.kind} leave, ${range(l)}`),
      h('p', { class: 'muted', 'data-testid': 'leave-contract' }, `Contracted ${Math.round(impact.contracted_minutes / 6) / 10} h a week then.`),
      l.over_limit ? h('p', { class: 'flag' }, `Flagged: with this leave, ${l.others_off_peak + 1} carers would be off on one day; the agency allows ${impact.max_concurrent_leave}.`) : null,
      h('h3', {}, `Also off then (${impact.others_off.length})`),
      impact.others_off.length ? h('ul', {}, impact.others_off.map((o) => h('li', {}, `${o.carer_name}: ${o.kind}, ${range(o)}`))) : h('p', { class: 'muted' }, 'Nobody else.'),
      h('h3', {}, `Calls that would need cover (${impact.calls_needing_cover.length + impact.projected_calls.length})`),
      impact.calls_needing_cover.length ? h('ul', { 'data-testid': 'calls-needing-cover' }, impact.calls_needing_cover.map((c) => h('li', {}, `${dayLabel(c.date)} ${c.planned_start} ${c.client_name} (${c.town})`))) : null,
      impact.projected_calls.length ? h('div', { 'data-testid': 'projected-calls' },
        h('p', { class: 'muted small' }, 'Not on the rota yet: the calls this carer would have from the clients\' weekly patterns and the master rota.'),
        h('ul', {}, impact.projected_calls.map((c) => h('li', {}, `${dayLabel(c.date)} ${c.start} ${c.client_name} (${c.town})${c.carers_required > 1 ? ', double-up' : ''}`)))) : null,
      impact.calls_needing_cover.length + impact.projected_calls.length ? null : h('p', { class: 'muted' }, 'None.'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => decide('approve') }, 'Approve'),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => decide('decline') }, 'Decline')));
  }

  render(root, h('h1', {}, 'Leave requests'), status, h('div', { class: 'two-col' }, h('div', {}, pending, decided), detail));
  await load();
  return null;
}
