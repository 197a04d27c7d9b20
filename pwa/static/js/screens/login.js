// Sign in. The tokens land in localStorage (`carerun.auth`, shared with the staff screens).

import { ApiError, login, OfflineError } from '../api.js';
import { errorBox, field, h, render } from '../ui.js';

export function show(root, { onLogin }) {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('div', { 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'wide' }, 'Sign in');
  const form = h('form', { class: 'card', novalidate: true },
    field('Username', username), field('Password', password), message, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!username.value || !password.value) {
      render(message, errorBox('Enter your username and password.'));
      return;
    }
    submit.disabled = true;
    try {
      await login(username.value.trim(), password.value);
      onLogin();
    } catch (err) {
      const text = err instanceof OfflineError ? 'No signal: you need a connection to sign in the first time.'
        : err instanceof ApiError && err.status === 401 ? 'That username and password do not match.'
          : err.message;
      render(message, errorBox(text));
    } finally {
      submit.disabled = false;
    }
  });
  render(root, h('h1', {}, 'Sign in to Carerun'), form);
  username.focus();
}
