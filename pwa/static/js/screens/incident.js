// Report an incident (fall, medication error, safeguarding concern, injury, property, other):
// saved in the outbox first, so it is never lost for want of signal.

import { api } from '../api.js';
import { enqueue, entries } from '../outbox.js';
import { errorBox, field, h, render } from '../ui.js';

const TYPES = [['fall', 'Fall'], ['medication_error', 'Medication error'], ['safeguarding', 'Safeguarding concern'],
  ['injury', 'Injury'], ['property', 'Property (damage or loss)'], ['other', 'Other']];
const SEVERITIES = [['low', 'Low'], ['medium', 'Medium'], ['high', 'High — needs action now']];

function localDateTime(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export async function show(root, { visitId }) {
  const type = h('select', { name: 'type', required: true }, TYPES.map(([v, t]) => h('option', { value: v }, t)));
  const severity = h('fieldset', {}, h('legend', {}, 'How serious is it?'),
    SEVERITIES.map(([v, t], i) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'severity', value: v, checked: i === 0 }), t)));
  const when = h('input', { type: 'datetime-local', name: 'occurred_at', value: localDateTime(new Date()), required: true });
  const what = h('textarea', { name: 'what_happened', required: true, maxlength: 4000 });
  const action = h('textarea', { name: 'action_taken', maxlength: 4000 });
  const message = h('div', { 'aria-live': 'assertive' });
  const form = h('form', { class: 'card', novalidate: true },
    field('Type of incident', type),
    severity,
    field('When did it happen?', when),
    field('What happened?', what, 'Facts only: what you saw and heard.'),
    field('What action did you take?', action, 'For example: called 111, informed the office, first aid.'),
    message,
    h('button', { type: 'submit', class: 'wide' }, 'Save incident report'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!what.value.trim()) { render(message, errorBox('Say what happened.')); what.focus(); return; }
    const occurred = when.value ? new Date(when.value) : new Date();
    if (Number.isNaN(occurred.getTime())) { render(message, errorBox('Enter when it happened.')); return; }
    await enqueue({
      kind: 'incident', path: '/incidents', visitId, label: `Incident report: ${type.selectedOptions[0].textContent}`,
      body: {
        type: type.value, severity: form.querySelector('input[name=severity]:checked').value,
        occurred_at: occurred.toISOString(), what_happened: what.value.trim(), action_taken: action.value.trim(),
        visit_id: visitId,
      },
    });
    form.reset();
    when.value = localDateTime(new Date());
    render(message, h('p', { class: 'ok', role: 'status' },
      navigator.onLine ? 'Incident report saved and sent to the office.' : 'Incident report saved on the phone; it will be sent when you have signal.'));
    await drawMine();
  });

  const mine = h('div', {});
  async function drawMine() {
    const waiting = (await entries()).filter((e) => e.kind === 'incident' && e.status === 'pending');
    let sent = [];
    try { sent = (await api('/incidents?limit=20')).items; } catch { /* offline: the outbox still shows them */ }
    render(mine, h('h2', {}, 'My incident reports'),
      waiting.length || sent.length ? h('ul', { class: 'list' },
        waiting.map((e) => h('li', { class: 'card' }, `${e.label} — waiting to sync`)),
        sent.map((i) => h('li', { class: 'card' }, `${i.type.replace('_', ' ')} (${i.severity}) — ${i.client_name || 'no client'} — ${new Date(i.occurred_at).toLocaleString('en-GB')}`)))
        : h('p', { class: 'muted' }, 'None.'));
  }
  render(root, h('h1', {}, 'Report an incident'),
    visitId ? h('p', {}, h('a', { href: `#/visit/${visitId}` }, '← Back to the call')) : null,
    form, mine);
  await drawMine();
}
