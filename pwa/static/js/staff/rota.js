// The weekly staff rota: who is on call (managers name them), every carer's week, a carer's
// next four weeks, the CSV export and each carer's calendar feed link.

import { outOfHoursSection } from './out_of_hours.js';
import { api, addDays, dayLabel, describe, field, h, mondayOf, notice, render, todayIso } from './util.js';

const hours = (m) => `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}`;

export async function show(root, { user }) {
  const status = notice();
  let week = mondayOf(todayIso());
  const manager = ['manager', 'admin'].includes(user.role);
  const onCall = h('section', { class: 'card', 'aria-labelledby': 'oncall-h' });
  const nights = h('section', { class: 'card', 'aria-labelledby': 'ooh-h' });
  const grid = h('section', { 'aria-labelledby': 'week-h' });
  const four = h('section', { class: 'card', 'aria-live': 'polite' });
  const weekIn = h('input', { type: 'date', value: week, 'aria-label': 'Week starting' });
  weekIn.addEventListener('change', () => { if (weekIn.value) { week = mondayOf(weekIn.value); weekIn.value = week; load(); } });
  let staff = [];
  if (manager) { try { staff = await api('/on-call/candidates'); } catch { staff = []; } }

  async function load() {
    let rota;
    try { rota = await api(`/rota/week?week_start=${week}`); } catch (err) { status.show(describe(err), 'bad'); return; }
    const named = (role) => rota.on_call.find((o) => o.role === role);
    const roleRow = (role) => {
      const who = named(role);
      const parts = [h('strong', {}, role === 'supervisor' ? 'On-call supervisor: ' : 'On-call manager: '),
        who ? `${who.name}${who.phone ? `, ${who.phone}` : ''}` : h('span', { class: 'flag' }, 'nobody named')];
      if (manager) {
        const pick = h('select', { 'aria-label': `On-call ${role}` }, h('option', { value: '' }, 'Choose…'),
          staff.filter((s) => role === 'supervisor' || s.role !== 'planner').map((s) => h('option', { value: s.user_id }, `${s.name} (${s.role})`)));
        const phone = h('input', { type: 'tel', maxlength: 32, placeholder: 'phone', 'aria-label': `${role} phone` });
        parts.push(pick, phone, h('button', { type: 'button', onclick: async () => {
          if (!pick.value) return;
          try {
            await api('/on-call', { method: 'POST', body: { week_start: week, role, user_id: Number(pick.value), phone: phone.value } });
            status.show(`On-call ${role} saved.`); load();
          } catch (err) { status.show(describe(err), 'bad'); }
        } }, 'Save'));
        if (who) parts.push(h('button', { type: 'button', class: 'staff-secondary', onclick: async () => {
          try { await api(`/on-call/${who.id}`, { method: 'DELETE' }); load(); } catch (err) { status.show(describe(err), 'bad'); }
        } }, 'Remove'));
      }
      return h('p', { class: 'row' }, parts);
    };
    render(onCall, h('h2', { id: 'oncall-h' }, `On call, week of ${dayLabel(week)}`), roleRow('supervisor'), roleRow('manager'));
    outOfHoursSection(nights, week, { manager, staff, carers: rota.carers, status });
    const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
    render(grid, h('h2', { id: 'week-h' }, 'Carers this week'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'staff-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Carer'), days.map((d) => h('th', { scope: 'col' }, dayLabel(d))), h('th', { scope: 'col' }, 'Total / contract'))),
        h('tbody', {}, rota.carers.map((c) => h('tr', {},
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'staff-link', onclick: () => fourWeeks(c.carer_id) }, c.name)),
          c.days.map((d) => h('td', { class: d.leave ? 'off' : '' }, d.leave ? d.leave : d.calls.length ? `${d.calls.length} · ${hours(d.minutes)}` : '–')),
          h('td', {}, `${hours(c.days.reduce((a, d) => a + d.minutes, 0))} / ${hours(c.contracted_minutes)}`)))))),
      h('p', {}, h('a', { href: '#', class: 'staff-link', onclick: (e) => { e.preventDefault(); downloadCsv(); } }, 'Download this week as CSV')));
  }

  async function downloadCsv() {
    // The API needs the bearer token, so fetch it and hand the browser a blob to save.
    const { getAuth } = await import('/js/api.js');
    const auth = await getAuth();
    const r = await fetch(`/rota/export.csv?start=${week}&end=${addDays(week, 6)}`, { headers: { Authorization: `Bearer ${auth.access_token}` } });
    if (!r.ok) { status.show(`CSV export failed (${r.status})`, 'bad'); return; }
    const a = h('a', { href: URL.createObjectURL(await r.blob()), download: `rota-${week}.csv` });
    document.body.append(a); a.click(); a.remove();
  }

  // The feed's private URL is stored hashed, so it is shown once, when made; making a new one
  // stops the old one (a lost phone, a carer who left).
  function calendarLink(carerId, link) {
    const out = h('input', { type: 'text', readonly: true, value: '', 'aria-label': 'Calendar feed URL', hidden: true });
    const make = h('button', { type: 'button', class: 'staff-secondary' }, link.exists ? 'Make a new calendar link (the old one stops working)' : 'Make a calendar link');
    make.addEventListener('click', async () => {
      try {
        const made = await api(`/rota/carers/${carerId}/calendar-link`, { method: 'POST' });
        out.value = made.url; out.hidden = false; out.select();
        make.textContent = 'Make a new calendar link (the old one stops working)';
      } catch (err) { status.show(describe(err), 'bad'); }
    });
    return h('div', {}, h('p', { class: 'small' }, 'Calendar feed: subscribe in a calendar app; keep the link private. It is shown once.'), make, out);
  }

  async function fourWeeks(carerId) {
    try {
      const [rota, link] = await Promise.all([api(`/rota/carers/${carerId}?start=${week}&weeks=4`), api(`/rota/carers/${carerId}/calendar-link`)]);
      render(four, h('h2', {}, `${rota.name}: four weeks from ${dayLabel(rota.start)}`),
        calendarLink(carerId, link),
        h('div', { class: 'four-weeks' }, rota.days.map((d) => h('div', { class: `day-cell${d.leave ? ' off' : ''}` },
          h('strong', {}, dayLabel(d.date)),
          d.leave ? h('span', {}, d.leave) : d.calls.map((c) => h('span', { class: 'small' }, `${c.start} ${c.client_name}`))))));
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  render(root, h('h1', {}, 'Weekly staff rota'), h('div', { class: 'staff-toolbar' }, field('Week starting (Monday)', weekIn)), status, onCall, nights, grid, four);
  await load();
  return null;
}
