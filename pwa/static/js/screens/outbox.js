// What is waiting to reach the office, and what the office could not accept (with what to do).

import { acknowledge, entries, onChange, replay } from '../outbox.js';
import { h, render, timeLabel } from '../ui.js';
import { rejectionAdvice, rejectionText } from './sync_words.js';

const ADVICE = {
  reassigned: 'This call was given to another carer. Phone the office to say whether you went, so they can put the record right.',
  cancelled: 'This call was cancelled. Phone the office to tell them what you did, so they can put the record right.',
};

export async function show(root, { onLeave }) {
  async function draw() {
    const all = await entries();
    const pending = all.filter((e) => e.status === 'pending');
    const problems = all.filter((e) => e.status === 'conflict' || e.status === 'rejected');
    const synced = all.filter((e) => e.status === 'synced' || e.status === 'acknowledged').reverse().slice(0, 20);
    render(root, h('h1', {}, 'Changes'),
      h('section', { 'aria-labelledby': 'waiting-h' },
        h('h2', { id: 'waiting-h' }, `Waiting to sync (${pending.length})`),
        pending.length ? h('ul', { class: 'list', id: 'pending-list' }, pending.map((e) => h('li', { class: 'card' },
          h('strong', {}, e.label), h('div', { class: 'muted small' }, `Saved at ${timeLabel(e.created_at)}`))))
          : h('p', { class: 'muted' }, 'Nothing waiting: the office has everything.'),
        pending.length ? h('button', { type: 'button', class: 'wide', onclick: () => replay().then(draw) }, 'Send now') : null),
      h('section', { 'aria-labelledby': 'problems-h' },
        h('h2', { id: 'problems-h' }, `Needs your attention (${problems.length})`),
        problems.length ? h('ul', { class: 'list', id: 'problem-list' }, problems.map((e) => h('li', { class: 'card' },
          h('strong', {}, e.label),
          h('p', { class: 'error' }, e.status === 'conflict' ? e.error : rejectionText(e)),
          h('p', {}, e.status === 'conflict' ? (ADVICE[e.extra && e.extra.reason] || 'Phone the office about this record.')
            : rejectionAdvice(e)),
          e.status === 'conflict' && e.extra && e.extra.kept ? h('p', { class: 'muted small' },
            `Your record is kept by the office (reference ${e.client_uuid}).`) : null,
          h('details', {}, h('summary', {}, 'What you recorded'), h('pre', { class: 'small' }, JSON.stringify(e.body, null, 2))),
          h('button', { type: 'button', class: 'secondary wide', onclick: () => acknowledge(e.client_uuid).then(draw) },
            'I have phoned the office'))))
          : h('p', { class: 'muted' }, 'Nothing needs attention.')),
      h('section', { 'aria-labelledby': 'done-h' },
        h('h2', { id: 'done-h' }, 'Recently sent'),
        h('ul', { class: 'list' }, synced.map((e) => h('li', {}, `${e.label} — ${e.status === 'acknowledged' ? 'kept by the office' : 'sent'}`)))));
  }
  await draw();
  onLeave(onChange(() => { if (root.isConnected && location.hash === '#/outbox') draw(); }));
}
