// The parts of a double-up and the link to the call before, for one call of the weekly pattern
// (issue 15): shown in words, edited in a panel under the call's row, and the API's refusals
// shown next to the field they name ("calls[2].parts[1].offset_minutes").

import { h } from './util.js';

const ORDINAL = ['first', 'second', 'third'];
const nth = (i) => ORDINAL[i] || `${i + 1}th`;
export const hm = (m) => (m >= 60 ? `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}` : `${m} min`);
const list = (text) => text.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
const numberOrNull = (input) => (input.value === '' ? null : Number(input.value));

/** The call's parts and link in a planner's words ('' when it has neither). */
export function rulesInWords(call) {
  const out = [];
  (call.parts || []).forEach((p, i) => {
    const bits = [];
    if (p.offset_minutes) bits.push(`arrives ${hm(p.offset_minutes)} after the start`);
    if (p.duration_minutes) bits.push(`stays ${hm(p.duration_minutes)}`);
    if (p.required_skills && p.required_skills.length) bits.push(`needs ${p.required_skills.join(', ')}`);
    if (bits.length) out.push(`The ${nth(i)} carer ${bits.join(', ')}.`);
  });
  const link = call.link_to_previous;
  if (link) {
    const least = link.min_gap_minutes || 0;
    const gap = link.max_gap_minutes == null ? (least ? `at least ${hm(least)}` : '') : `${hm(least)} to ${hm(link.max_gap_minutes)}`;
    const carer = link.carer === 'same' ? ', same carer' : link.carer === 'different' ? ', a different carer' : '';
    const before = link.day === 'previous' ? "the client's last call the day before" : 'the call before';
    out.push(gap ? `Starts ${gap} after ${before}${carer}.` : `Linked to ${before}${carer}.`);
  }
  return out.join(' ');
}

/** A labelled control whose errors from the API (by `key`, the field path within the call) show beside it. */
function labelled(label, control, key) {
  control.dataset.key = key;
  control.setAttribute('aria-label', label);
  return h('label', { class: 'rule-field' }, h('span', {}, label), control);
}

function partFields(part, i) {
  const skills = h('input', { type: 'text', value: (part.required_skills || []).join(', '), placeholder: 'e.g. hoist' });
  const minutes = h('input', { type: 'number', min: 5, max: 720, step: 5, value: part.duration_minutes ?? '', placeholder: 'all', class: 'narrow' });
  const offset = h('input', { type: 'number', min: 0, max: 720, step: 5, value: part.offset_minutes || 0, class: 'narrow' });
  const n = i + 1;
  const element = h('fieldset', { class: 'rule-part', 'data-testid': `part-${i}` }, h('legend', {}, `The ${nth(i)} carer`),
    labelled(`Carer ${n} extra skills`, skills, `parts[${i}].required_skills`),
    labelled(`Carer ${n} minutes`, minutes, `parts[${i}].duration_minutes`),
    labelled(`Carer ${n} arrives after (min)`, offset, `parts[${i}].offset_minutes`));
  return {
    element,
    value: () => ({ required_skills: list(skills.value), duration_minutes: numberOrNull(minutes), offset_minutes: Number(offset.value || 0) }),
  };
}

/** The editor of one call's parts and link: `.element` (a row of the pattern table), `.value(carers)`
 * (the parts and link to send), `.showErrors(errors)` ([{key, message}] within this call), `.remove()`. */
export function rulesEditor(call, columns, onChange) {
  let parts = [];
  const partsBox = h('div', { class: 'rule-parts' });
  const showParts = (carers) => {
    const was = parts.map((p) => p.value());
    const start = call.parts && call.parts.length ? call.parts : [];
    parts = Array.from({ length: carers }, (_, i) => partFields(was[i] || start[i] || {}, i));
    partsBox.replaceChildren(...(carers > 1
      ? [h('p', { class: 'muted small' }, 'Leave these empty when both carers do the same; minutes empty: the whole call.'), ...parts.map((p) => p.element)]
      : [h('p', { class: 'muted small' }, 'Parts are for a double-up (two or more carers).')]));
  };
  const link = call.link_to_previous || {};
  const to = h('select', {}, [['', 'Not linked'], ['same', 'The call before, that day'], ['previous', "The client's last call the day before"]]
    .map(([v, label]) => h('option', { value: v, selected: (call.link_to_previous ? link.day || 'same' : '') === v }, label)));
  const least = h('input', { type: 'number', min: 0, max: 2880, step: 5, value: link.min_gap_minutes || 0, class: 'narrow' });
  const most = h('input', { type: 'number', min: 0, max: 2880, step: 5, value: link.max_gap_minutes ?? '', placeholder: 'none', class: 'narrow' });
  const carer = h('select', {}, [['any', 'Any carer'], ['same', 'The same carer'], ['different', 'A different carer']]
    .map(([v, label]) => h('option', { value: v, selected: (link.carer || 'any') === v }, label)));
  const linkFields = h('div', { class: 'rule-link-fields' },
    labelled('Gap at least (min)', least, 'link_to_previous.min_gap_minutes'),
    labelled('Gap at most (min)', most, 'link_to_previous.max_gap_minutes'),
    labelled('Carer of the linked calls', carer, 'link_to_previous.carer'));
  const linkBox = h('fieldset', { class: 'rule-link', 'data-testid': 'link' }, h('legend', {}, 'Linked to another call'),
    labelled('Linked to', to, 'link_to_previous.day'), linkFields);
  const syncLink = () => { linkFields.hidden = !to.value; };
  to.addEventListener('change', syncLink);

  const value = () => {
    const ps = parts.map((p) => p.value());
    const plain = ps.every((p) => !p.required_skills.length && p.duration_minutes == null && !p.offset_minutes);
    return {
      parts: ps.length > 1 && !plain ? ps : [],
      link_to_previous: to.value ? { min_gap_minutes: Number(least.value || 0), max_gap_minutes: numberOrNull(most),
        carer: carer.value, day: to.value } : null,
    };
  };
  const words = h('span', { 'data-testid': 'call-rules' });
  const summary = h('summary', {}, 'Carers’ parts and link: ', words);
  const sayWords = () => { words.textContent = rulesInWords(value()) || 'none'; };
  const details = h('details', { class: 'pattern-rules', 'data-testid': 'rules-editor' }, summary, partsBox, linkBox);
  const element = h('tr', { class: 'pattern-rules-row' }, h('td', { colspan: columns }, details));
  element.addEventListener('input', () => { sayWords(); onChange(); });
  element.addEventListener('change', () => { sayWords(); onChange(); });
  showParts(call.carers_required || 1);
  syncLink();
  sayWords();

  function showErrors(errors) {
    element.querySelectorAll('.field-error').forEach((e) => e.remove());
    element.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    let shown = 0;
    for (const { key, message } of errors) {
      // the control the key names, else the nearest one above it ("parts[1]" -> the part's box)
      let path = key;
      let target = null;
      while (path && !target) {
        target = element.querySelector(`[data-key="${CSS.escape(path)}"]`);
        if (!target) path = path.includes('.') || path.includes('[') ? path.replace(/(\.[^.[\]]+|\[\d+\])$/, '') : '';
      }
      if (!target && key.startsWith('parts')) target = partsBox.querySelector('input');
      if (!target && key.startsWith('link_to_previous')) target = to;
      if (!target) continue;
      target.setAttribute('aria-invalid', 'true');
      target.closest('label').after(h('p', { class: 'field-error', role: 'alert', 'data-testid': 'field-error' }, message));
      shown += 1;
    }
    if (shown) details.open = true;
    return shown;
  }
  return { element, value, showErrors, showParts, remove: () => element.remove() };
}
