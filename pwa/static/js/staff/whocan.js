// "Who can take this?": for a call short of carers, every working carer ranked by what
// putting the call into their run costs (added travel, lateness, hours, continuity), each with
// the warnings the move would bring, and one tap to assign. The ranking and the warnings come
// from the server (the solver's insertion and checker); assigning is the ordinary move.

import { api, describe, h, openDialog, render } from './util.js';

const hours = (m) => `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')}`;

function costLine(o) {
  const parts = [`starts ${o.start}`, o.added_travel_minutes > 0 ? `+${o.added_travel_minutes} min travel` : 'no extra travel'];
  if (o.late_minutes > 0) parts.push(`${o.late_minutes} min late`);
  parts.push(o.target_minutes != null ? `${hours(o.work_minutes)} of ${hours(o.target_minutes)} planned today` : `${hours(o.work_minutes)} today`);
  if (o.regular) parts.push('a regular carer');
  return parts.join(' · ');
}

function offerItem(o, assign) {
  return h('li', { class: `offer${o.fits ? '' : ' with-warnings'}`, 'data-carer-id': o.carer_id, 'data-testid': 'offer' },
    h('div', { class: 'offer-head' },
      h('strong', {}, o.carer_name),
      h('button', { type: 'button', class: o.fits ? '' : 'staff-secondary', onclick: () => assign(o) },
        o.fits ? `Assign ${o.carer_name} at ${o.start}` : `Assign anyway (${o.warnings.length} warning${o.warnings.length === 1 ? '' : 's'})`)),
    h('p', { class: 'muted small' }, costLine(o)),
    o.warnings.length
      ? h('ul', { class: 'warning-list' }, o.warnings.map((w) => h('li', { 'data-code': w.code }, w.message)))
      : null);
}

/** Open the dialog for one call; `onAssigned(message)` runs after a carer was given it. */
export async function whoCanTakeDialog(visitId, onAssigned) {
  const body = h('div', { 'aria-live': 'polite', 'data-testid': 'who-can-take' }, h('p', {}, 'Ranking the carers…'));
  const close = h('button', { type: 'button', class: 'staff-secondary' }, 'Close');
  const dialog = openDialog('Who can take this?', body, h('div', { class: 'actions' }, close));
  close.addEventListener('click', () => dialog.close());
  let answer;
  try {
    answer = await api(`/calls/${visitId}/who-can-take`);
  } catch (err) {
    render(body, h('p', { class: 'bad', role: 'alert' }, describe(err)));
    return dialog;
  }
  const out = h('p', { role: 'alert' });
  const assign = async (o) => {
    try {
      await api(`/calls/${visitId}/move`, { method: 'POST', body: { version: answer.version, to_carer_id: o.carer_id, start: o.start } });
      dialog.close();
      onAssigned(`${answer.client_name}'s call given to ${o.carer_name} at ${o.start}.`);
    } catch (err) { out.textContent = describe(err); }
  };
  const fit = answer.offers.filter((o) => o.fits);
  const rest = answer.offers.filter((o) => !o.fits);
  render(body,
    h('p', {}, h('strong', {}, `${answer.window_start}–${answer.window_end} ${answer.client_name}`),
      ` · ${answer.duration_minutes} min`,
      answer.carers_required > 1 ? ` · ${answer.carers_on_call.length}/${answer.carers_required} carers${answer.carers_on_call.length ? ` (${answer.carers_on_call.join(', ')})` : ''}` : ''),
    h('p', { class: 'reason' }, answer.reason),
    out,
    fit.length
      ? h('ol', { class: 'staff-list offers', 'aria-label': 'Carers who can take it, cheapest first' }, fit.map((o) => offerItem(o, assign)))
      : h('p', { class: 'muted' }, 'Nobody can take it without breaking a rule.'),
    rest.length
      ? h('details', { open: !fit.length }, h('summary', {}, `${rest.length} more, with warnings`),
        h('ol', { class: 'staff-list offers' }, rest.map((o) => offerItem(o, assign))))
      : null,
    h('p', { class: 'muted small' }, `Ranked by the optimiser's costs in ${Math.round(answer.elapsed_ms)} ms.`));
  return dialog;
}
