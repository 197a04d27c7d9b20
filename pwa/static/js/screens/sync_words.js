// Plain words for records the office could not take as they were (the outbox's "rejected"),
// and for times the office will look at again. Shared by the call screen and the outbox screen.

const NOT_YOURS = ['this call is not on your run', 'this client is not on your run'];

/** The reason without the API's "Validation failed: field:" prefix, and the field it names. */
export function rejection(entry) {
  const text = entry.error || '';
  const match = /^Validation failed: ([a-z_]+): (.*)$/s.exec(text);
  return match ? { field: match[1], reason: match[2] } : { field: null, reason: text };
}

/** What happened, in words a carer reads at a glance. */
export function rejectionText(entry) {
  const { field, reason } = rejection(entry);
  if (NOT_YOURS.includes(reason)) return 'This call is not on your run, so the office did not keep this record.';
  if (field === 'device_time') return `The time on your phone does not fit this call: ${reason}.`;
  return reason || 'The office could not accept this record.';
}

/** What to do about it. */
export function rejectionAdvice(entry) {
  const { field, reason } = rejection(entry);
  if (NOT_YOURS.includes(reason)) return 'If you were there, phone the office so they can put the record right.';
  if (field === 'device_time') {
    return "Check the date and time in your phone's settings, then phone the office with the times you were at the call.";
  }
  return 'The office could not accept this as it was. Phone the office with the details below.';
}

/** A warning when a call's check-in to check-out was much shorter or longer than planned
 *  (the office reviews those; the same shares as the server's defaults, 25% and 300%). */
export function lengthWarning(checkedInAt, checkedOutAt, plannedMinutes) {
  if (!checkedInAt || !checkedOutAt || !plannedMinutes) return null;
  const minutes = Math.round((new Date(checkedOutAt) - new Date(checkedInAt)) / 60000);
  if (minutes < plannedMinutes * 0.25) {
    return `This call took ${minutes} min of the ${plannedMinutes} planned: the office will check it. Add a note saying why.`;
  }
  if (minutes > plannedMinutes * 3) {
    return `This call took ${minutes} min, much longer than the ${plannedMinutes} planned: the office will check it. Add a note saying why.`;
  }
  return null;
}
