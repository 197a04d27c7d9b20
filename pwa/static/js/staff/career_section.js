// The carer record's "Role and career" section: the carer's role and since when, what they lack
// for it and for the next role, the qualifications they hold and their role history; a manager
// records a role change from a date (a promotion or a correction) here.

import { api, describe, field, h, notice, render, todayIso } from './util.js';

const REASON = { missing: 'not held', expired: 'expired' };

export function gapText(g) {
  return `${g.name} (${g.reason === 'expired' && g.expired_on ? `expired ${g.expired_on}` : REASON[g.reason] || g.reason})`;
}

/** What a carer lacks, as badges; an empty list reads "nothing missing". */
export function gapList(gaps, testid) {
  if (!gaps.length) return h('p', { class: 'ok', 'data-testid': testid }, 'Holds everything this role asks.');
  return h('ul', { class: 'staff-list compact', 'data-testid': testid }, gaps.map((g) => h('li', {},
    h('span', { class: `badge ${g.reason === 'expired' ? 'expired' : 'missing'}` }, REASON[g.reason] || g.reason),
    ` ${g.name}${g.reason === 'expired' && g.expired_on ? ` on ${g.expired_on}` : ''}`)));
}

function roleLine(c) {
  return c.role_recorded ? `${c.role_name} since ${c.since}` : `${c.role_name} (no role recorded yet; taken as the first role of the career map)`;
}

/** The section element for carer `carerId`; `user` decides whether the role-change form shows. */
export function careerSection(carerId, user) {
  const box = h('section', { class: 'card', 'data-testid': 'career-section', 'aria-live': 'polite' }, h('h2', {}, 'Role and career'), h('p', { class: 'muted' }, 'Loading…'));
  const status = notice();
  const manager = ['manager', 'admin'].includes(user.role);

  function changeForm(roles, c) {
    const role = h('select', { required: true, 'data-testid': 'career-role' }, roles.map((r) => h('option', { value: r.code, selected: r.code === (c.next_roles[0]?.code || c.role) }, r.name)));
    const from = h('input', { type: 'date', required: true, value: todayIso(), 'data-testid': 'career-from' });
    const notes = h('input', { type: 'text', maxlength: 255, placeholder: 'e.g. promoted after appraisal' });
    const form = h('form', { class: 'row' }, field('New role', role), field('From', from), field('Notes', notes),
      h('button', { type: 'submit', 'data-testid': 'career-save' }, 'Record role change'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const next = await api(`/career/carers/${carerId}/roles`, { method: 'POST', body: { role: role.value, effective_from: from.value, notes: notes.value.trim() } });
        draw(roles, next);
        status.show(`Recorded: ${roles.find((r) => r.code === role.value)?.name} from ${from.value}.`);
      } catch (err) { status.show(describe(err), 'bad'); }
    });
    return h('div', {}, h('h3', {}, 'Record a role change'), form);
  }

  function draw(roles, c) {
    const quals = c.held.filter((x) => x.kind === 'qualification');
    render(box, h('h2', {}, 'Role and career'), status,
      h('p', { 'data-testid': 'career-role-now' }, h('strong', {}, roleLine(c))),
      c.history.filter((e) => e.effective_from > todayIso()).map((e) => h('p', { class: 'badge due' }, `Scheduled: ${e.role_name} from ${e.effective_from}`)),
      c.current_gaps.length ? h('div', {}, h('h3', {}, `Lacking for ${c.role_name}`), gapList(c.current_gaps, 'career-current-gaps')) : null,
      h('p', {}, 'Holds: ', quals.length ? quals.map((q) => q.name).join(', ') : 'no qualifications recorded', '.'),
      c.next_roles.map((n) => h('div', { class: 'career-next', 'data-role': n.code },
        h('h3', {}, `Next: ${n.name} `, h('span', { class: `badge ${n.ready ? 'valid' : 'due'}` }, n.ready ? 'ready' : `${n.gaps.length} to go`)),
        gapList(n.gaps, `career-gaps-${n.code}`),
        n.also_asks ? h('p', { class: 'muted small' }, `Also asks: ${n.also_asks}`) : null)),
      c.next_roles.length ? null : h('p', { class: 'muted' }, 'The top of the career map.'),
      c.history.length ? h('details', {}, h('summary', {}, `Role history (${c.history.length})`),
        h('ul', { class: 'staff-list compact' }, c.history.map((e) => h('li', {}, `${e.effective_from}: ${e.role_name}`,
          e.recorded_by ? ` — recorded by ${e.recorded_by}` : '', e.notes ? ` (${e.notes})` : '')))) : null,
      manager ? changeForm(roles, c) : null);
  }

  Promise.all([api('/career/roles'), api(`/career/carers/${carerId}`)])
    .then(([roles, c]) => draw(roles, c))
    .catch((err) => render(box, h('h2', {}, 'Role and career'), h('p', { class: 'flag' }, describe(err))));
  return box;
}
