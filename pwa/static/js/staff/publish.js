// Publishing: the working allocation against the published rota, per carer; publishing
// records a new version and sends each changed carer one message (in-app inbox, push, e-mail).
// Then, per carer: what happened on each channel, whether they have opened it, and a button to
// record "told by phone" for those the app has not reached.

import { api, addDays, dayLabel, describe, h, mondayOf, notice, render, todayIso } from './util.js';

const PUSH_WORDS = {
  sent: 'Pushed', pending: 'Sending…', no_subscription: 'No push on their phone', failed: 'Push failed', no_login: 'No app login',
};
const EMAIL_WORDS = { sent: 'E-mailed', pending: 'Sending…', no_address: 'No e-mail address', failed: 'E-mail failed' };
const REFRESH_MS = 2000;

/** Who was told of one publication; refreshes itself while sends are pending or carers have not
 * opened it yet, until the screen is left. */
function noticesPanel(publicationId, onLeave) {
  const box = h('div', { 'data-testid': `notices-${publicationId}`, 'aria-live': 'polite' });
  let timer = null;
  let alive = true;
  onLeave(() => { alive = false; clearTimeout(timer); });

  async function load() {
    if (!alive) return;
    let notices;
    try { notices = await api(`/publications/${publicationId}/notices`); } catch (err) { render(box, h('p', { class: 'muted' }, describe(err))); return; }
    const waiting = notices.filter((n) => !n.opened_at && !n.told_by_phone_at);
    render(box,
      notices.length ? h('p', {}, waiting.length ? `${waiting.length} of ${notices.length} carers have not seen their changed rota yet.` : 'Every carer told has seen it.') : h('p', { class: 'muted' }, 'No carer\'s calls changed: nobody needed telling.'),
      notices.length ? h('table', { class: 'staff-table' },
        h('thead', {}, h('tr', {}, ['Carer', 'Change', 'Push', 'E-mail', 'Seen', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, notices.map((n) => h('tr', { 'data-carer-id': n.carer_id },
          h('td', {}, n.carer_name),
          h('td', {}, n.summary),
          h('td', { title: n.push_detail || '' }, PUSH_WORDS[n.push] || n.push),
          h('td', { title: n.email_detail || '' }, n.email ? (EMAIL_WORDS[n.email] || n.email) : 'Not set up'),
          h('td', {}, n.opened_at ? `Opened ${new Date(n.opened_at).toLocaleString('en-GB')}`
            : n.told_by_phone_at ? `Told by phone (${n.told_by_phone_by || 'staff'})` : 'Not yet'),
          h('td', {}, n.notification_id && !n.opened_at && !n.told_by_phone_at
            ? h('button', { type: 'button', class: 'staff-secondary', onclick: () => toldByPhone(n) }, 'Told by phone') : null))))) : null);
    // Quickly while sends are pending, then slowly while some carers have not seen it yet.
    const sending = notices.some((n) => n.push === 'pending' || n.email === 'pending');
    if (alive && (sending || waiting.length)) timer = setTimeout(load, sending ? REFRESH_MS : 10 * REFRESH_MS);
  }

  async function toldByPhone(n) {
    try {
      await api(`/notifications/${n.notification_id}/told-by-phone`, { method: 'POST' });
      clearTimeout(timer);
      await load();
    } catch (err) { render(box, h('p', { class: 'muted' }, describe(err))); }
  }

  load();
  return box;
}

export async function show(root, { onLeave = () => {} } = {}) {
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
        pubs.length ? h('ul', { class: 'staff-list' }, pubs.map((p) => {
          const who = h('details', {}, h('summary', {}, 'Who has been told'));
          who.addEventListener('toggle', () => { if (who.open && who.children.length === 1) who.append(noticesPanel(p.id, onLeave)); });
          return h('li', { 'data-publication-id': p.id },
            `${p.start_date === p.end_date ? dayLabel(p.start_date) : `${dayLabel(p.start_date)} – ${dayLabel(p.end_date)}`}: version ${p.version}, `
            + new Date(p.published_at).toLocaleString('en-GB'), who);
        })) : h('p', { class: 'muted' }, 'None yet.'));
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  async function publish() {
    try {
      const p = await api('/publications', { method: 'POST', body: { start, end: end() } });
      status.show(`Published version ${p.version}: ${p.changed_carers} carer${p.changed_carers === 1 ? '\'s' : 's\''} calls changed. Each has a message in the app; who has been reached is below.`);
      render(told, h('h2', {}, `Who has been told (version ${p.version})`), noticesPanel(p.id, onLeave));
      load();
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  const told = h('section', { 'data-testid': 'told' });
  render(root, h('h1', {}, 'Publish the rota'), h('div', { class: 'staff-toolbar' }, dateIn, spanIn), status, told, diffBox, history);
  await load();
  return null;
}
