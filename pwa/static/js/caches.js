// The service worker's cache names, in one place: sw.js keeps the shell and the saved API reads
// under these names (and deletes any other cache on activate, so bumping a version here clears
// the old one); app.js empties the data cache on sign-out. No DOM here: the service worker
// imports this module.

export const SHELL_CACHE = 'carerun-shell-v1';
export const DATA_CACHE = 'carerun-data-v1';
