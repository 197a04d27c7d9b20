// What the office record screens (clients, carers, their plans and training) share: a form
// built from a list of fields, only the changed values sent with the record's version, CSV
// downloads with the bearer token, and the records stylesheet.

import { h } from './util.js';

export function ensureRecordsCss() {
  const href = '/css/records.css';
  if (!document.querySelector(`link[href="${href}"]`)) document.head.append(h('link', { rel: 'stylesheet', href }));
}

/** A control for one field spec: {name, label, type: text|textarea|date|number|select|checkbox, options, hint, required}. */
function control(spec, value) {
  const attrs = { name: spec.name, 'data-field': spec.name, required: spec.required || null, maxlength: spec.max || null };
  if (spec.type === 'textarea') return h('textarea', { ...attrs, rows: spec.rows || 2 }, value ?? '');
  if (spec.type === 'select') {
    return h('select', attrs, spec.options.map(([v, label]) => h('option', { value: v, selected: String(value ?? '') === String(v) }, label)));
  }
  if (spec.type === 'checkbox') return h('input', { ...attrs, type: 'checkbox', checked: !!value });
  return h('input', { ...attrs, type: spec.type || 'text', value: value ?? '', step: spec.step || null, min: spec.min ?? null, max: spec.maxValue ?? null });
}

function read(spec, el) {
  if (spec.type === 'checkbox') return el.checked;
  if (spec.type === 'number') return el.value === '' ? null : Number(el.value);
  if (spec.type === 'date') return el.value || null;
  return el.value;
}

/** Labelled fields for `specs`, filled from `record`; `.values()` reads them back. */
export function fieldGroup(specs, record = {}) {
  const controls = new Map();
  const items = specs.map((spec) => {
    const el = control(spec, record[spec.name]);
    el.id = `rec-${spec.name}-${Math.random().toString(36).slice(2, 7)}`;
    controls.set(spec.name, [spec, el]);
    return h('div', { class: `field${spec.wide ? ' wide' : ''}` }, h('label', { for: el.id }, spec.label),
      spec.hint ? h('p', { class: 'muted small' }, spec.hint) : null, el);
  });
  const element = h('div', { class: 'record-fields' }, items);
  return {
    element,
    control: (name) => controls.get(name)[1],
    values: () => Object.fromEntries([...controls].map(([name, [spec, el]]) => [name, read(spec, el)])),
  };
}

/** The fields of `values` that differ from `record` (so a save sends only what this person changed). */
export function changed(record, values) {
  const out = {};
  for (const [k, v] of Object.entries(values)) {
    if (JSON.stringify(record[k] ?? null) !== JSON.stringify(v ?? null)) out[k] = v;
  }
  return out;
}

/** Save a CSV the API serves (it needs the bearer token, so fetch it and hand over a blob). */
export async function downloadCsv(path, filename) {
  const { getAuth } = await import('/js/api.js');
  const auth = await getAuth();
  const r = await fetch(path, { headers: { Authorization: `Bearer ${auth.access_token}` } });
  if (!r.ok) throw new Error(`CSV export failed (${r.status})`);
  const a = h('a', { href: URL.createObjectURL(await r.blob()), download: filename });
  document.body.append(a); a.click(); a.remove();
}

export const WORDS = {
  active: 'Active', in_hospital: 'In hospital', ceased: 'Ceased',
  local_authority: 'Council', nhs_chc: 'NHS (CHC)', private: 'Private', other: 'Other',
  next_of_kin: 'Next of kin', family: 'Family', social_worker: 'Social worker', gp: 'GP',
  preferred: 'Preferred', excluded: 'Excluded', any: 'No preference', female: 'Female carers', male: 'Male carers',
};
export const word = (v) => WORDS[v] || v;
