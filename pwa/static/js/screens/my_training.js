// The carer's own records on the More screen: their role and what they still need for the next
// one, their qualifications, and their training and skills with expiry (expired and due within
// 30 days stand out). Read through /me/ (the service worker keeps the last copy for no signal).

import { api, OfflineError } from '../api.js';
import { h, render, todayIso } from '../ui.js';

const STATUS = { expired: 'Expired', due: 'Renew soon', valid: 'In date' };
const BADGE = { expired: 'missed', due: 'waiting', valid: 'done' };
// Training dates span years: always with the year ("24 Nov 2025").
const dayLabel = (iso) => new Date(`${iso}T12:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

function recordItem(r) {
  const when = r.expires_on ? `${r.status === 'expired' ? 'expired' : 'expires'} ${dayLabel(r.expires_on)}` : 'does not expire';
  return h('li', { class: `card record ${r.status}`, 'data-course': r.course, 'data-status': r.status },
    h('strong', {}, r.name), ' ', h('span', { class: `badge ${BADGE[r.status] || ''}` }, STATUS[r.status] || r.status),
    h('div', { class: 'muted small' }, r.obtained_on ? `Done ${dayLabel(r.obtained_on)}, ${when}` : when));
}

function gapWords(g) {
  return g.reason === 'expired' ? `${g.name}: renew (expired ${dayLabel(g.expired_on)})` : `${g.name}: not yet held`;
}

function careerCard(c) {
  return h('section', { class: 'card', 'data-testid': 'my-career' },
    h('h2', {}, 'My role'),
    h('p', {}, h('strong', {}, c.role_name), c.since ? ` since ${dayLabel(c.since)}` : ''),
    c.history.filter((e) => e.effective_from > todayIso()).map((e) => h('p', { class: 'ok' }, `${e.role_name} from ${dayLabel(e.effective_from)}`)),
    c.current_gaps.length ? h('div', { class: 'alert' }, `For your role you still need: ${c.current_gaps.map(gapWords).join('; ')}.`) : null,
    c.next_roles.map((n) => h('div', { 'data-next-role': n.code },
      h('h3', {}, `Next: ${n.name}`),
      n.ready ? h('p', { class: 'ok' }, 'You hold everything this role asks for. Talk to your manager.')
        : h('ul', { class: 'list' }, n.gaps.map((g) => h('li', {}, gapWords(g)))))));
}

/** Fill `root` with the carer's role and records; offline it shows the copy saved on the phone. */
export async function showMyRecords(root) {
  let records; let career;
  try {
    [records, career] = await Promise.all([api('/me/training'), api('/me/career')]);
  } catch (err) {
    render(root, h('p', { class: 'muted' }, err instanceof OfflineError
      ? 'Offline: your training shows here once the phone has had signal with the More screen open.' : err.message));
    return;
  }
  const order = { expired: 0, due: 1, valid: 2 };
  const quals = records.filter((r) => r.kind === 'qualification');
  const training = records.filter((r) => r.kind !== 'qualification').sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name));
  const attention = training.filter((r) => r.status !== 'valid').length;
  render(root,
    records.fromCache || career.fromCache ? h('p', { class: 'muted small' }, 'Offline: showing the copy saved on this phone.') : null,
    careerCard(career),
    h('h2', {}, 'My training'),
    attention ? h('p', { class: 'alert', 'data-testid': 'training-attention' }, `${attention} to renew: expired or due within 30 days.`) : null,
    training.length ? h('ul', { class: 'list', 'data-testid': 'my-training' }, training.map(recordItem)) : h('p', { class: 'muted' }, 'No training recorded yet.'),
    h('h2', {}, 'My qualifications'),
    quals.length ? h('ul', { class: 'list', 'data-testid': 'my-qualifications' }, quals.map(recordItem)) : h('p', { class: 'muted' }, 'No qualifications recorded yet.'));
}
