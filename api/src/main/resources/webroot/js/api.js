// Thin client for the CarbonWatch API. The browser authenticates with the HttpOnly session
// cookie (cw_session); state-changing requests carry the session's CSRF token in the
// X-CSRF-Token header, as the API requires. The token comes from /auth/login and /auth/me.

import { pick, t } from './i18n.js';

let csrfToken = null;
let onUnauthenticated = () => {};

export function setCsrfToken(token) {
  csrfToken = token;
}

export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

/** An API refusal: HTTP status, stable code, bilingual message and the offending field. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.code) || 'http.' + status);
    this.status = status;
    this.code = (body && body.code) || 'http.' + status;
    this.field = body && body.field;
    this.apiMessage = body && body.message;
  }

  /** The route is not served by this API version (a list endpoint answered 404/405). */
  get notAvailable() {
    return this.status === 404 || this.status === 405;
  }

  localized() {
    if (this.status === 0) return t('error.network');
    const m = pick(this.apiMessage);
    return m || t('error.http', { status: this.status });
  }
}

export async function request(method, path, body, { raw = false, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { code: 'network' });
  }
  if (!res.ok) {
    let b = null;
    try {
      b = await res.json();
    } catch (e) {
      b = null;
    }
    const err = new ApiError(res.status, b);
    if (res.status === 401 && !quiet401) onUnauthenticated(err);
    throw err;
  }
  if (raw) return res;
  if (res.status === 204) return null;
  const ct = res.headers.get('Content-Type') || '';
  return ct.includes('json') ? res.json() : res.text();
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body ?? {}, opts);
export const patch = (path, body, opts) => request('PATCH', path, body ?? {}, opts);

/** Path segment escaping for ids that come from data (alert ids, instrument ids). */
export const seg = (s) => encodeURIComponent(s);
