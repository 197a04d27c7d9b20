// The agency's settings for managers: grouped as the registry declares them, each with its
// help text and who changed it last; saving sends only what changed, all or nothing.

import { api, describe, field, h, notice, render } from './util.js';

function control(setting) {
  const { kind, key, value } = setting;
  if (kind === 'bool') return h('input', { type: 'checkbox', name: key, checked: Boolean(value) });
  if (kind === 'int' || kind === 'float') {
    return h('input', { type: 'number', name: key, value: value ?? '', step: kind === 'int' ? '1' : 'any',
      min: setting.minimum ?? null, max: setting.maximum ?? null });
  }
  if (kind === 'json') return h('textarea', { name: key, rows: '4' }, JSON.stringify(value, null, 1));
  if (setting.is_set !== null) {
    return h('input', { type: 'password', name: key, autocomplete: 'new-password',
      placeholder: setting.is_set ? 'set (type to replace)' : 'not set' });
  }
  return h('input', { type: kind === 'time' ? 'time' : kind === 'email' ? 'email' : 'text', name: key, value: value ?? '' });
}

function read(input, setting) {
  if (setting.kind === 'bool') return input.checked;
  if (setting.kind === 'int' || setting.kind === 'float') return input.value === '' ? null : Number(input.value);
  if (setting.kind === 'json') return JSON.parse(input.value);
  return input.value;
}

export async function show(root) {
  const status = notice();
  const form = h('form', { class: 'settings-form', 'data-testid': 'settings-form', novalidate: true });

  async function load() {
    let settings;
    try { settings = await api('/settings'); } catch (err) { status.show(describe(err), 'bad'); return; }
    const groups = new Map();
    for (const s of settings) {
      if (!groups.has(s.group_label)) groups.set(s.group_label, []);
      groups.get(s.group_label).push(s);
    }
    const inputs = [];
    render(form, [...groups].map(([label, rows]) => h('fieldset', { class: 'card' }, h('legend', {}, label),
      rows.map((s) => {
        const input = control(s);
        inputs.push([input, s]);
        const changed = s.changed_by ? `Changed by ${s.changed_by}.` : 'Default.';
        return field(s.label, input, [s.help, changed].filter(Boolean).join(' '));
      }))),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save settings')));
    form.onsubmit = async (event) => {
      event.preventDefault();
      const values = {};
      try {
        for (const [input, s] of inputs) {
          if (s.is_set !== null) { if (input.value) values[s.key] = input.value; continue; }
          const value = read(input, s);
          if (JSON.stringify(value) !== JSON.stringify(s.value)) values[s.key] = value;
        }
      } catch { status.show('A structured setting is not valid JSON.', 'bad'); return; }
      if (!Object.keys(values).length) { status.show('Nothing changed.'); return; }
      try {
        await api('/settings', { method: 'PUT', body: { values } });
        status.show(`Saved ${Object.keys(values).length} setting(s).`);
        await load();
      } catch (err) { status.show(describe(err), 'bad'); }
    };
  }

  render(root, h('h1', {}, 'Agency settings'), status, form);
  await load();
  return null;
}
