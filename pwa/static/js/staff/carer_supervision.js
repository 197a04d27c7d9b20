// The carer page's section on supervisions, spot checks and appraisals: the next of each kind
// (book or record it here) and the ones held, with a link to the full list for this carer.

import { api, describe, h, render } from './util.js';
import { bookDialog, bookedWords, day, OUTCOME_WORDS, recordDialog, STATUS_WORDS } from './supervision_kit.js';

export function supervisionSection(carer) {
  const section = h('section', { class: 'card', 'data-testid': 'carer-supervision' }, h('h2', {}, 'Supervisions, spot checks and appraisals'));
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  section.append(body);

  async function act(item, dialog) {
    const message = await dialog(item);
    if (message) await load(message);
  }

  async function load(message = '') {
    let open; let held;
    try {
      [open, held] = await Promise.all([api(`/supervisions?carer_id=${carer.id}&status=all`).then((all) => all.filter((i) => !i.held_on)),
        api(`/supervisions?carer_id=${carer.id}&status=done`)]);
    } catch (err) { render(body, h('p', { class: 'staff-notice', dataset: { kind: 'bad' } }, describe(err))); return; }
    render(body, message ? h('p', { class: 'staff-notice', role: 'status' }, message) : null,
      h('ul', { class: 'staff-list compact' }, open.map((i) => h('li', { 'data-kind': i.kind },
        h('span', { class: `badge ${i.status}` }, STATUS_WORDS[i.status]), ` ${i.kind_words}: due ${day(i.due_on)}`,
        i.booked_on ? ` · booked ${bookedWords(i)}${i.observer_name ? ` with ${i.observer_name}` : ''}` : '', ' ',
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => act(i, bookDialog) }, i.booked_on ? 'Rebook…' : 'Book…'), ' ',
        h('button', { type: 'button', onclick: () => act(i, recordDialog) }, 'Record…')))),
      h('h3', {}, 'Held'),
      held.length ? h('ul', { class: 'staff-list compact' }, held.slice(0, 6).map((i) => h('li', {},
        `${day(i.held_on)} · ${i.kind_words} with ${i.observer_name || 'no observer named'} · ${OUTCOME_WORDS[i.outcome]}`,
        i.actions ? h('span', { class: 'muted' }, ` · actions: ${i.actions}`) : null))) : h('p', { class: 'muted' }, 'None recorded yet.'),
      h('a', { href: `#/staff/supervision/${carer.id}`, class: 'staff-link' }, `All of ${carer.name}'s on the Supervision list`));
  }
  load();
  return section;
}
