// The out-of-hours team beside the weekly on-call supervisor and manager: for each night of
// the week, the planner on the phone and the carers available for urgent calls (managers add
// and remove them), and who is working that night on a sleep-in or a waking night.

import { addDays, api, dayLabel, describe, h, render } from './util.js';

const KIND = { sleep_in: 'sleep-in', waking_night: 'waking night' };

export async function outOfHoursSection(box, week, { manager, staff, carers, status }) {
  const end = addDays(week, 6);
  let team;
  let working;
  try {
    [team, working] = await Promise.all([api(`/out-of-hours?start=${week}&end=${end}`),
      api(`/out-of-hours/nights?start=${week}&end=${end}`)]);
  } catch (err) { status.show(describe(err), 'bad'); return; }
  const reload = () => outOfHoursSection(box, week, { manager, staff, carers, status });
  const planners = staff.filter((s) => s.role === 'planner' || s.role === 'manager');
  const nights = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const row = (day) => {
    const on = team.filter((t) => t.date === day);
    const people = on.map((t) => h('span', { class: 'ooh-person' }, `${t.name} (${t.role})`,
      manager ? h('button', { type: 'button', class: 'staff-link', 'aria-label': `Remove ${t.name} from ${dayLabel(day)}`,
        onclick: async () => { try { await api(`/out-of-hours/${t.id}`, { method: 'DELETE' }); reload(); } catch (err) { status.show(describe(err), 'bad'); } } }, 'remove') : null));
    let add = null;
    if (manager) {
      const pick = h('select', { 'aria-label': `Add to the team on the night of ${dayLabel(day)}` }, h('option', { value: '' }, 'Add…'),
        h('optgroup', { label: 'Planner on the phone' }, planners.map((s) => h('option', { value: `planner:${s.user_id}` }, s.name))),
        h('optgroup', { label: 'Carer for urgent calls' }, carers.map((c) => h('option', { value: `carer:${c.carer_id}` }, c.name))));
      pick.addEventListener('change', async () => {
        if (!pick.value) return;
        const [role, id] = pick.value.split(':');
        try {
          await api('/out-of-hours', { method: 'POST', body: { date: day, role, person_id: Number(id) } });
          reload();
        } catch (err) { status.show(describe(err), 'bad'); }
      });
      add = pick;
    }
    const nightsOn = working.filter((n) => n.date === day).map((n) => h('span', { class: 'ooh-person' },
      `${n.carer_name} (${KIND[n.kind] || n.kind} at ${n.client_name}, ${n.start}–${n.end})`));
    return h('tr', {}, h('th', { scope: 'row' }, dayLabel(day)),
      h('td', {}, people.length ? people : h('span', { class: 'flag' }, 'nobody yet')),
      h('td', { 'data-testid': 'working-nights' }, nightsOn.length ? nightsOn : h('span', { class: 'muted' }, 'none')),
      manager ? h('td', {}, add) : null);
  };
  render(box, h('h2', { id: 'ooh-h' }, 'Out of hours, night by night'),
    h('table', { class: 'staff-table', 'data-testid': 'out-of-hours-week' },
      h('thead', {}, h('tr', {}, ['Night', 'Out-of-hours team', 'Working nights', ...(manager ? [''] : [])].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, nights.map(row))));
}
