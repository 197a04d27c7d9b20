// Publishing: the working allocation against the published rota, per carer; publishing
// records a new version and sends each changed carer one notification.

import { api, addDays, dayLabel, describe, h, mondayOf, notice, render, todayIso } from './util.js';

export async function show(root) {
  const status = notice();
  let start = todayIso();
  let span = 'day';
  const diffBox = h('section', { 'data-testid': 'rota-diff', 'aria-live': 'polite' });
  const history = h('section', { 'aria-labelledby': 'pubs-h' });
  const end = () => (span === 'day' ? start : addDays(start, 6));

  const dateIn = h('input', { type: 'date', value: start, 'aria-label': 'First day' });
  const spanIn = h('select', { 'aria-label': 'Period' }, h('option', { value: 'day' }, 'One day'), h('option', { value: 'week' }, 'The week (Mon–Sun)'));
  dateIn.addEventListener('change', () => { start = dateIn.value || start; if (span === 'week') start = mondayOf(start); load(); });
  spanIn.addEventListener('change', () => { span = spanIn.value; if (span === 'week') start = mondayOf(start); dateIn.value = start; load(); });

  async function load() {
    try {
      const [diff, pubs] = await Promise.all([api(`/publications/diff?start=${start}&end=${end()}`), api(`/publications?start=${start}&end=${end()}`)]);
      render(diffBox,
        h('h2', {}, `Changes since the published rota, ${dayLabel(start)}${span === 'week' ? ` – ${dayLabel(end())}` : ''}`),
        diff.published ? null : h('p', { class: 'muted' }, 'Nothing is published for this period yet: every call is new.'),
        diff.carers.length ? h('ul', { class: 'staff-list' }, diff.carers.map((c) => h('li', { 'data-carer-id': c.carer_id },
          h('strong', {}, c.carer_name), ` ${c.summary}`, c.user_id ? '' : h('span', { class: 'muted small' }, ' (no app login: tell them yourself)'),
          h('details', {}, h('summary', {}, 'Details'), c.days.map((d) => h('div', {},
            d.added.map((x) => h('p', {}, `+ ${dayLabel(d.date)} ${x.start} ${x.client_name}`)),
            d.removed.map((x) => h('p', {}, `− ${dayLabel(d.date)} ${x.start} ${x.client_name}`)),
            d.moved.map((x) => h('p', {}, `↻ ${dayLabel(d.date)} ${x.client_name} ${x.was} → ${x.start}`)))))))) : h('p', { class: 'muted' }, 'No carer\'s calls changed.'),
        h('button', { type: 'button', 'data-testid': 'publish', onclick: publish }, 'Publish'));
      render(history, h('h2', { id: 'pubs-h' }, 'Publications'),
        pubs.length ? h('ul', { class: 'staff-list' }, pubs.map((p) => h('li', {},
          `${p.start_date === p.end_date ? dayLabel(p.start_date) : `${dayLabel(p.start_date)} – ${dayLabel(p.end_date)}`}: version ${p.version}, `
          + new Date(p.published_at).toLocaleString('en-GB')))) : h('p', { class: 'muted' }, 'None yet.'));
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  async function publish() {
    try {
      const p = await api('/publications', { method: 'POST', body: { start, end: end() } });
      status.show(`Published version ${p.version}: ${p.changed_carers} carers' calls changed, ${p.notified_users} notified.`);
      load();
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  render(root, h('h1', {}, 'Publish the rota'), h('div', { class: 'staff-toolbar' }, dateIn, spanIn), status, diffBox, history);
  await load();
  return null;
}
