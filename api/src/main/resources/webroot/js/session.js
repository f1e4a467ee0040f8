// The signed-in user (from GET /auth/me) and what they may do. Buttons for actions the API
// would refuse are not rendered at all; permissions.json mirrors the contract's x-roles.

import { get, post, setCsrfToken } from './api.js';

let me = null;
let permissions = {};

export async function loadPermissions() {
  const res = await fetch('/js/permissions.json', { credentials: 'same-origin' });
  if (!res.ok) throw new Error('permissions.json: HTTP ' + res.status);
  permissions = await res.json();
}

/** Loads the current user; resolves to null when nobody is signed in. */
export async function loadMe() {
  try {
    me = await get('/auth/me', { quiet401: true });
    setCsrfToken(me.csrfToken);
  } catch (e) {
    if (e.status === 401) {
      me = null;
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
  return me;
}

export async function login(username, password) {
  me = await post('/auth/login', { username, password }, { quiet401: true });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function logout() {
  try {
    await post('/auth/logout', {});
  } finally {
    me = null;
    setCsrfToken(null);
  }
}

export function currentUser() {
  return me;
}

export function forget() {
  me = null;
  setCsrfToken(null);
}

/** True when the user holds a role the action allows and (if given) may access the site. */
export function can(action, site) {
  if (!me) return false;
  const p = permissions[action];
  // Unknown or not-yet-offered operations get no button at all.
  if (!p || p.pending) return false;
  const roleOk = me.roles.some((r) => p.roles.includes(r));
  const siteOk = !site || me.sites.includes('*') || me.sites.includes(site);
  return roleOk && siteOk;
}

export function hasAllSites() {
  return !!me && me.sites.includes('*');
}
