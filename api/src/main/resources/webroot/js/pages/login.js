import { t } from '../i18n.js';
import { login } from '../session.js';
import { clearFormError, field, formError, h } from '../ui.js';

export function render({ main, onLoggedIn }) {
  const user = field({ name: 'username', label: t('login.username'), required: true, attrs: { autocomplete: 'username', maxlength: 64 } });
  const pass = field({
    name: 'password',
    label: t('login.password'),
    type: 'password',
    required: true,
    attrs: { autocomplete: 'current-password', maxlength: 256 },
  });
  const submit = h('button.primary', { type: 'submit' }, t('login.submit'));
  const form = h(
    'form#login-form.card.login',
    {
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        clearFormError(form);
        if (!user.control.value.trim() || !pass.control.value) {
          formError(form, t('login.missing'));
          (user.control.value.trim() ? pass.control : user.control).focus();
          return;
        }
        submit.disabled = true;
        try {
          await login(user.control.value.trim(), pass.control.value);
          await onLoggedIn();
        } catch (err) {
          if (err.status === 401) formError(form, t('login.wrong'));
          else if (err.status === 429) formError(form, t('login.rateLimited'));
          else formError(form, err);
          pass.control.value = '';
          pass.control.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', { tabindex: '-1' }, t('login.title')),
    h('p.muted', t('login.intro')),
    user,
    pass,
    h('div.actions', submit)
  );
  main.append(form);
  user.control.focus();
}
