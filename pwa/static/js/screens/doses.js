// Medication at a call (eMAR): the doses due, one tap each (given or prompted, refused, not
// given with a reason), "as needed" doses with why; a correction is a new record naming the one
// it corrects. Every record goes through the outbox (offline, once per UUID); check-out waits
// until every dose due is answered.

import { field, h } from '../ui.js';

const OUTCOME_WORDS = { given: 'Given', prompted: 'Prompted', refused: 'Refused', not_given: 'Not given', prn_given: 'Given (as needed)' };
const NOT_GIVEN = [['not_available', 'Not available'], ['asleep', 'Client asleep'], ['in_hospital', 'In hospital'],
  ['family_gave', 'Family gave it'], ['other', 'Other']];
const REASON_WORDS = Object.fromEntries(NOT_GIVEN);

/** Each medicine with its latest answer: the server's, or a newer one waiting in the outbox. */
export function dosesState(medication, local) {
  const live = local.filter((e) => e.kind === 'dose' && (e.status === 'pending' || e.status === 'synced'));
  return medication.map((m) => {
    const mine = live.filter((e) => e.body.medication_id === m.medication_id);
    const last = mine[mine.length - 1];
    const answer = last
      ? { outcome: last.body.outcome, reason: last.body.reason || '', uuid: last.client_uuid, waiting: last.status === 'pending' }
      : m.current ? { outcome: m.current.outcome, reason: m.current.reason, uuid: m.current.client_uuid, waiting: false } : null;
    const prnGiven = m.prn_given_today + mine.filter((e) => e.status === 'pending' && e.body.outcome === 'prn_given').length;
    return { ...m, answer, prnGiven };
  });
}

export function unansweredDoses(state) {
  return state.filter((m) => !m.prn && !m.answer).map((m) => m.name);
}

function answerText(a) {
  const reason = a.outcome === 'not_given' ? `: ${REASON_WORDS[a.reason] || a.reason}` : a.reason ? `: ${a.reason}` : '';
  return `${OUTCOME_WORDS[a.outcome] || a.outcome}${reason}${a.waiting ? ' (waiting to sync)' : ''}`;
}

function doseRow(m, save, locked) {
  const correcting = { on: false };
  const buttons = h('div', { class: 'buttons' });
  const reasonBox = h('div', { hidden: true });
  const send = (outcome, reason = '') => save({
    medication_id: m.medication_id, outcome, reason,
    // A second answer corrects the first: the server keeps both, the new one supersedes.
    ...(m.answer && !m.prn ? { supersedes_uuid: m.answer.uuid } : {}),
  }, `${OUTCOME_WORDS[outcome]}: ${m.name}`);
  if (m.prn) {
    const why = h('input', { name: 'why', placeholder: 'Why was it needed?', 'aria-label': `Why was ${m.name} needed?` });
    const over = m.prn_max_per_day && m.prnGiven >= m.prn_max_per_day;
    buttons.append(field(`Why was ${m.name} needed?`, why), h('button', {
      type: 'button', class: 'secondary', disabled: locked,
      onclick: () => { if (why.value.trim()) send('prn_given', why.value.trim()); else why.focus(); },
    }, `Give ${m.name} (as needed)`));
    if (over) buttons.append(h('p', { class: 'alert' }, `Already given ${m.prnGiven} times today (at most ${m.prn_max_per_day}): check with the office first.`));
  } else {
    const reason = h('select', { name: 'reason' }, NOT_GIVEN.map(([v, words]) => h('option', { value: v }, words)));
    reasonBox.append(field(`Why was ${m.name} not given?`, reason),
      h('button', { type: 'button', class: 'wide', onclick: () => send('not_given', reason.value) }, 'Save reason'));
    const main = m.support === 'administer' ? 'given' : 'prompted';
    buttons.append(
      h('button', { type: 'button', class: 'secondary', 'aria-label': `${m.name}: ${OUTCOME_WORDS[main].toLowerCase()}`, onclick: () => send(main) }, OUTCOME_WORDS[main]),
      h('button', { type: 'button', class: 'secondary', 'aria-label': `${m.name}: refused`, onclick: () => send('refused') }, 'Refused'),
      h('button', { type: 'button', class: 'secondary', 'aria-label': `${m.name}: not given`, onclick: () => { reasonBox.hidden = false; reason.focus(); } }, 'Not given'));
  }
  const answered = m.answer && !m.prn;
  buttons.hidden = Boolean(answered) || locked;
  const correct = answered && !locked ? h('button', { type: 'button', class: 'link', onclick: () => {
    correcting.on = !correcting.on; buttons.hidden = !correcting.on;
  } }, 'Correct this') : null;
  return h('li', { class: 'dose', dataset: { medication: m.name } },
    h('div', { class: 'row spread' }, h('strong', {}, `${m.name}, ${m.dose}`),
      answered ? h('span', { class: `badge ${['given', 'prompted'].includes(m.answer.outcome) ? 'done' : 'missed'}` }, answerText(m.answer)) : null),
    h('p', { class: 'muted small' }, `${m.route} · ${m.support === 'administer' ? 'carer gives it' : 'carer prompts'}${m.prn ? ` · as needed, given ${m.prnGiven} today` : ''}`),
    m.notes ? h('p', { class: 'muted small' }, m.notes) : null,
    buttons, reasonBox, correct);
}

export function doseSection(state, save, locked) {
  return h('section', { class: 'card', 'aria-labelledby': 'doses-h' },
    h('h2', { id: 'doses-h' }, 'Medication'),
    h('ul', { class: 'list', id: 'doses' }, state.map((m) => doseRow(m, save, locked))));
}
