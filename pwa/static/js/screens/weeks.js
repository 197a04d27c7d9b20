// This week and the next 4 weeks: one row per day with the number of calls and the hours, or
// what the day is instead (annual leave, sick, training, a day off, not rostered yet).

import { api, OfflineError } from '../api.js';
import { dayLabel, errorBox, h, render, todayIso } from '../ui.js';

// The server says what each day is (api/domain/rostering/carer_days.py); these are its words.
const DAY_WORDS = {
  annual_leave: 'Annual leave',
  sick: 'Sick',
  training: 'Training',
  day_off: 'Day off',
  not_rostered: 'Not rostered yet',
  no_calls: 'No calls',
  working: '',
};

function mondayOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
  return date.toDateString();
}

export async function show(root) {
  render(root, h('h1', {}, 'My rota: the next 4 weeks'), h('p', { class: 'muted' }, 'Loading…'));
  let days;
  try {
    days = await api('/me/runs');
  } catch (err) {
    render(root, h('h1', {}, 'My rota'), errorBox(err instanceof OfflineError ? 'Offline, and the rota was not saved on the phone yet.' : err.message));
    return;
  }
  const today = todayIso();
  const weeks = new Map();
  for (const day of days) {
    const key = mondayOf(day.date);
    if (!weeks.has(key)) weeks.set(key, []);
    weeks.get(key).push(day);
  }
  render(root, h('h1', {}, 'My rota: the next 4 weeks'),
    days.fromCache ? h('p', { class: 'muted small' }, 'Offline: showing the copy saved on this phone.') : null,
    [...weeks.values()].map((week) => h('section', { 'aria-label': `Week of ${dayLabel(week[0].date)}` },
      h('h2', {}, `Week of ${dayLabel(week[0].date)}`),
      h('ul', { class: 'list' }, week.map((day) => {
        const calls = day.calls;
        const span = calls.length ? `${calls.length} call${calls.length === 1 ? '' : 's'} · ${calls[0].planned_start}–${calls[calls.length - 1].planned_start}` : '';
        const words = DAY_WORDS[day.kind] || '';
        return h('li', {}, h('a', { class: `weekday${day.date === today ? ' today' : ''}`, href: `#/day/${day.date}`, 'data-kind': day.kind || 'working' },
          h('strong', {}, dayLabel(day.date)),
          h('span', {}, [words, span].filter(Boolean).join(' · ') || 'No calls')));
      })))));
}
