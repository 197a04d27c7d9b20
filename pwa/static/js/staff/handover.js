// Morning handover and the communications log (#/staff/handover): log a call or message
// received (from whom, about which client, the follow-up and its owner), and work through the
// handover: yesterday's and overnight entries, open follow-ups, incidents and unresolved call
// flags, each marked as actioned once done.

import { api, describe, field, h, notice, render } from './util.js';

const FROM = { family: 'Family', client: 'Client', social_worker: 'Social worker', professional: 'Professional (GP, nurse…)', other: 'Other' };
const CHANNEL = { phone: 'Phone', email: 'E-mail', text: 'Text message', in_person: 'In person', letter: 'Letter' };
const KIND = { communication: 'Received', follow_up: 'Follow-up', incident: 'Incident', flag: 'Call flag' };

function options(map) {
  return Object.entries(map).map(([v, words]) => h('option', { value: v }, words));
}

export async function show(root, { user }) {
  const status = notice();
  const client = h('select', { name: 'client' }, h('option', { value: '' }, 'no particular client'));
  const from = h('select', { name: 'from' }, options(FROM));
  const name = h('input', { type: 'text', name: 'name', maxlength: 128, placeholder: 'e.g. daughter, June' });
  const channel = h('select', { name: 'channel' }, options(CHANNEL));
  const summary = h('textarea', { name: 'summary', rows: 3, required: true, maxlength: 4000 });
  const followUp = h('textarea', { name: 'follow_up', rows: 2, maxlength: 2000 });
  const owner = h('select', { name: 'owner' });
  const form = h('form', { class: 'staff-form', 'data-testid': 'log-call' },
    h('div', { class: 'row' }, field('About', client), field('From', from), field('Name', name), field('How', channel)),
    field('What they said', summary), field('Follow-up (optional)', followUp), field('Owner of the follow-up', owner),
    h('button', { type: 'submit' }, 'Log it'));
  const list = h('div', { 'data-testid': 'handover' });

  async function load() {
    let hand;
    try { hand = await api('/handover'); } catch (err) { status.show(describe(err), 'bad'); return; }
    const open = hand.items.filter((i) => !i.actioned_at).length;
    render(list, h('h2', {}, `Handover: ${open} to action of ${hand.items.length}`),
      hand.items.length ? h('ul', { class: 'staff-list handover-list' }, hand.items.map((i) => h('li', { 'data-testid': 'handover-item', 'data-key': i.key, class: i.actioned_at ? 'actioned' : '' },
        h('div', {}, h('span', { class: `badge ${i.kind === 'incident' || i.kind === 'flag' ? 'late' : 'in_progress'}` }, KIND[i.kind] || i.kind), ' ',
          i.link !== '#/staff/handover' ? h('a', { href: i.link }, i.title) : h('strong', {}, i.title),
          i.when ? h('span', { class: 'muted small' }, ` · ${new Date(i.when).toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit' })}`) : null),
        h('p', {}, i.detail),
        i.actioned_at ? h('p', { class: 'muted small' }, `Actioned by ${i.actioned_by}, ${new Date(i.actioned_at).toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit' })}`)
          : h('button', { type: 'button', class: 'staff-secondary', onclick: async () => {
            try { await api('/handover/actioned', { method: 'POST', body: { key: i.key } }); status.show('Marked as actioned.'); await load(); } catch (err) { status.show(describe(err), 'bad'); }
          } }, 'Mark actioned')))) : h('p', { class: 'muted' }, 'Nothing to hand over.'));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { contact_from: from.value, contact_name: name.value, channel: channel.value, summary: summary.value };
    if (client.value) body.client_id = Number(client.value);
    if (followUp.value.trim()) { body.follow_up = followUp.value; body.owner_id = Number(owner.value); }
    try {
      await api('/communications', { method: 'POST', body });
      status.show('Logged.');
      form.reset();
      await load();
    } catch (err) { status.show(describe(err), 'bad'); }
  });
  render(root, h('h1', {}, 'Handover and communications'), h('h2', {}, 'Log a call or message'), form, status, list);
  try {
    const [clients, owners] = await Promise.all([api('/clients?limit=500'), api('/incidents/action-owners')]);
    for (const c of clients.items || clients) client.append(h('option', { value: c.id }, c.name));
    for (const o of owners) owner.append(h('option', { value: o.id, selected: o.id === user.id }, o.name));
  } catch (err) { status.show(describe(err), 'bad'); }
  await load();
  return null;
}
