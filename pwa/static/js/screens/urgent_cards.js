// Urgent calls on the carer's run: offers to answer (accept or decline, through the offline
// outbox like every other action) and the urgent calls they took, at the top of the run with
// what happened, access details for this call only, directions, and a way to ask for a second
// carer.

import { api } from '../api.js';
import { enqueue, entries } from '../outbox.js';
import { h, mapsLink } from '../ui.js';

async function answered() {
  const mine = await entries();
  return new Map(mine.filter((e) => e.kind === 'urgent_answer' && e.status !== 'synced').map((e) => [e.path, e]));
}

function offerCard(offer, waiting, redraw) {
  const path = (verb) => `/me/urgent/${offer.offer_id}/${verb}`;
  const answer = async (verb) => {
    const body = verb === 'decline' ? { reason: prompt('Why can you not go? (optional)') || '' } : {};
    await enqueue({ kind: 'urgent_answer', path: path(verb), body,
      label: `${verb === 'accept' ? 'Accepted' : 'Declined'} urgent call — ${offer.address}` });
    redraw();
  };
  const pending = waiting.get(path('accept')) || waiting.get(path('decline'));
  return h('article', { class: 'card urgent', 'data-testid': 'urgent-offer', role: 'alert' },
    h('h2', {}, `Urgent: can you go? ${offer.need}`),
    h('p', { class: 'who' }, `${offer.address}, ${offer.town}`),
    h('p', {}, offer.what_happened),
    h('p', { class: 'muted small' }, `About ${offer.eta_minutes} min from you.`),
    pending
      ? h('p', { class: 'ok' }, pending.path.endsWith('accept') ? 'You said you will go (waiting to sync).' : 'You said you cannot go (waiting to sync).')
      : h('div', { class: 'row' },
        h('button', { type: 'button', onclick: () => answer('accept') }, 'Accept – I will go'),
        h('button', { type: 'button', class: 'secondary', onclick: () => answer('decline') }, 'Decline')));
}

function callCard(call) {
  const askSecond = async () => {
    const reason = prompt('Why do you need a second carer?');
    if (!reason) return;
    await enqueue({ kind: 'urgent_second', path: `/me/urgent-calls/${call.visit_id}/second-carer`, body: { reason },
      label: `Second carer asked for — ${call.person_name}` });
  };
  return h('article', { class: 'card urgent', 'data-testid': 'urgent-call', dataset: { visitId: call.visit_id } },
    h('h2', {}, `URGENT: ${call.need}`),
    h('a', { class: 'call', href: `#/visit/${call.visit_id}` }, h('div', { class: 'who' }, call.person_name),
      h('div', {}, `${call.address}, ${call.town}`)),
    h('p', {}, call.what_happened),
    call.access_details ? h('p', {}, `Access: ${call.access_details}`) : null,
    call.key_safe_code ? h('p', {}, `Key safe code: ${call.key_safe_code}`) : null,
    h('div', { class: 'row' }, mapsLink(call.lat, call.lon, 'Directions'),
      h('a', { class: 'button', href: `#/visit/${call.visit_id}` }, 'Open call to check in'),
      h('button', { type: 'button', class: 'secondary', onclick: askSecond }, 'Ask for a second carer')));
}

/** The urgent part of today's run (null when there is nothing urgent or it is not cached). */
export async function urgentSection(redraw) {
  let mine;
  try { mine = await api('/me/urgent'); } catch { return null; }
  if (!mine.offers.length && !mine.calls.length) return null;
  const waiting = await answered();
  return h('section', { class: 'urgent-section', 'aria-label': 'Urgent calls' },
    mine.calls.map(callCard), mine.offers.map((o) => offerCard(o, waiting, redraw)));
}
