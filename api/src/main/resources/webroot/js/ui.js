// Small DOM helpers: element builder, states (loading, empty, error, not available), badges,
// forms with labels, and a polite live region for announcements.

import { t, tEnum } from './i18n.js';

/** h('button.primary', {onclick, type: 'button'}, 'text', child…) */
export function h(tag, attrs, ...children) {
  const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/i.exec(tag);
  const el = document.createElement(m ? m[1] : tag);
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1));
      else el.id = part.slice(1);
    }
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function loading() {
  return h('p.state.loading', { role: 'status' }, t('state.loading'));
}

export function emptyState(text) {
  return h('p.state.empty', { role: 'status' }, text);
}

/** Error box for a failed call; a 404 on a list means this API version lacks the feature. */
export function errorState(err, what) {
  if (err && err.notAvailable) {
    return h(
      'div.state.unavailable',
      { role: 'status', dataset: { state: 'unavailable' } },
      h('strong', t('state.unavailable.title')),
      ' ',
      t('state.unavailable.body', { what })
    );
  }
  return h(
    'div.state.error',
    { role: 'alert', dataset: { state: 'error' } },
    h('strong', t('state.error.title')),
    ' ',
    err && err.localized ? err.localized() : String(err)
  );
}

export function badge(kind, text, extraClass) {
  return h('span.badge' + (extraClass ? '.' + extraClass : ''), { dataset: { badge: kind } }, text);
}

export function severityBadge(sev) {
  return badge('severity', tEnum('severity', sev), 'sev-' + sev);
}

/** Polite announcements for screen readers (new alert, saved, …) and visible toasts. */
export function announce(text, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const el = h('div.toast.toast-' + kind, text);
  region.append(el);
  // Keep at most three on screen so they never hide the page.
  while (region.children.length > 3) region.firstChild.remove();
  setTimeout(() => el.remove(), 4000);
}

let fieldSeq = 0;

/**
 * A labelled form field. type: text, textarea, select, date, number, password, datetime-local.
 * Returns the wrapper; the control is wrapper.control.
 */
export function field({ name, label, type = 'text', required = false, value, options, hint, attrs }) {
  const id = 'f-' + name + '-' + ++fieldSeq;
  let control;
  if (type === 'textarea') {
    control = h('textarea', { id, name, rows: 3, required, ...attrs });
    if (value) control.value = value;
  } else if (type === 'select') {
    control = h(
      'select',
      { id, name, required, ...attrs },
      (options || []).map((o) => h('option', { value: o.value, selected: o.value === value }, o.label))
    );
  } else {
    control = h('input', { id, name, type, required, ...attrs });
    if (value !== undefined && value !== null) control.value = value;
  }
  const hintEl = hint ? h('small.hint', { id: id + '-hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const wrap = h(
    'div.field',
    h('label', { for: id }, label, required ? h('span.req', { 'aria-hidden': 'true' }, ' *') : null),
    control,
    hintEl
  );
  wrap.control = control;
  return wrap;
}

/** Shows a server refusal next to the form, highlighting the field it names. */
export function formError(form, err) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  let box = form.querySelector('.form-error');
  if (!box) {
    box = h('div.form-error', { role: 'alert' });
    form.prepend(box);
  }
  box.textContent = err && err.localized ? err.localized() : String(err);
  if (err && err.field) {
    const el = form.querySelector('[name="' + CSS.escape(err.field) + '"]');
    if (el) {
      el.setAttribute('aria-invalid', 'true');
      el.focus();
      return;
    }
  }
  box.setAttribute('tabindex', '-1');
  box.focus();
}

export function clearFormError(form) {
  const box = form.querySelector('.form-error');
  if (box) box.remove();
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

/** A table with a caption; rows are arrays of cells (Node or text). */
export function table(caption, headers, rows, attrs) {
  return h(
    'div.table-wrap',
    h(
      'table',
      attrs || {},
      caption ? h('caption', caption) : null,
      h('thead', h('tr', headers.map((x) => h('th', { scope: 'col' }, x)))),
      h(
        'tbody',
        rows.map((r) =>
          r instanceof Node ? r : h('tr', r.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : h('td', c))))
        )
      )
    )
  );
}

/** Numeric cell, right-aligned. */
export function num(text) {
  return h('td.num', text);
}

/** ECharts instance bound to an element, resized with the window and disposed on cleanup. */
export function chart(el) {
  if (!window.echarts) return null;
  const c = window.echarts.init(el, null, { renderer: 'canvas' });
  const ro = new ResizeObserver(() => c.resize());
  ro.observe(el);
  c.cwDispose = () => {
    ro.disconnect();
    c.dispose();
  };
  return c;
}

/** ISO date (yyyy-mm-dd) of a Date in local time. */
export function isoDate(d) {
  const p = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}
