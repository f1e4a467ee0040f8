// Alert console: live list with severity and filters; per alert the measurements, the lifecycle
// actions the user's role and the alert's state allow (acknowledge → investigate → resolve →
// close, with the fields each step requires) and the full history of events and transitions.

import { get, post, seg } from '../api.js';
import { currentUser } from '../session.js';
import { fmtDateTime, fmtDateTimeZ, fmtPercent, fmtQty, fmtRange, pick, t, tEnum } from '../i18n.js';
import {
  announce,
  badge,
  clear,
  clearFormError,
  emptyState,
  errorState,
  field,
  formError,
  h,
  loading,
  num,
  severityBadge,
  table,
} from '../ui.js';

/** The fields each target state takes (the API says which of them are required now). */
const FIELDS_FOR = {
  acknowledged: ['assignee'],
  investigating: ['note'],
  resolved: ['cause', 'correction', 'correctiveAction'],
  closed: ['effectivenessCheck', 'closure'],
};
const TEXTAREA = new Set(['note', 'cause', 'correction', 'correctiveAction', 'effectivenessCheck', 'closure']);

export function render(ctx) {
  return ctx.params[0] ? renderDetail(ctx, ctx.params[0]) : renderList(ctx);
}

function renderList({ main, site, hub, query, navigate }) {
  const filters = { state: query.get('state') || '', severity: query.get('severity') || '', condition: query.get('condition') || '' };
  const select = (name, values) =>
    field({
      name,
      label: t('alerts.filter.' + name),
      type: 'select',
      value: filters[name],
      options: [{ value: '', label: t('alerts.filter.any') }, ...values.map((v) => ({ value: v, label: tEnum(name === 'condition' ? 'condition' : name, v) }))],
    });
  const fState = select('state', ['open', 'acknowledged', 'investigating', 'resolved', 'closed']);
  const fSev = select('severity', ['critical', 'major', 'minor']);
  const fCond = select('condition', ['active', 'cleared']);
  const filterForm = h(
    'form.filters',
    {
      onsubmit: (e) => {
        e.preventDefault();
        const q = new URLSearchParams();
        for (const f of [fState, fSev, fCond]) if (f.control.value) q.set(f.control.name, f.control.value);
        navigate('#/alerts' + (q.toString() ? '?' + q : ''));
      },
    },
    fState,
    fSev,
    fCond,
    h('div.actions', h('button', { type: 'submit' }, t('alerts.filter.apply')))
  );
  const body = h('div#alert-list', loading());
  main.append(h('div.page-head', h('h1', { tabindex: '-1' }, t('alerts.title')), h('p.muted', t('alerts.subtitle', { site }))), filterForm, body);

  let items = [];
  let next = null;
  let timer = null;

  async function load(append) {
    const q = new URLSearchParams({ limit: '50' });
    Object.entries(filters).forEach(([k, v]) => v && q.set(k, v));
    if (append && next) q.set('cursor', next);
    try {
      const res = await get('/sites/' + seg(site) + '/alerts?' + q);
      items = append ? items.concat(res.items) : res.items;
      next = res.nextCursor;
      draw();
    } catch (e) {
      clear(body).append(errorState(e, t('alerts.title')));
    }
  }

  function draw() {
    clear(body);
    if (items.length === 0) {
      body.append(emptyState(Object.values(filters).some(Boolean) ? t('alerts.emptyFiltered') : t('alerts.empty')));
      return;
    }
    body.append(
      table(
        t('alerts.caption', { count: items.length }),
        [t('alerts.severity'), t('alerts.message'), t('alerts.target'), t('alerts.deviation'), t('alerts.state'), t('alerts.condition'), t('alerts.assignee'), t('alerts.raisedAt')],
        items.map((a) =>
          h(
            'tr',
            { dataset: { alertId: a.alertId, id: a.id, state: a.state } },
            h('td', severityBadge(a.severity)),
            h('td', h('a', { href: '#/alerts/' + encodeURIComponent(a.id) }, pick(a.message) || a.rule)),
            h('td', a.target),
            num(fmtPercent(a.deviationPercent)),
            h('td', badge('state', tEnum('state', a.state), 'state-' + a.state)),
            h('td', badge('condition', tEnum('condition', a.condition), a.condition === 'active' ? 'bad' : 'ok')),
            h('td', a.assignee || '—'),
            h('td', fmtDateTime(a.raisedAt))
          )
        ),
        { id: 'alerts-table' }
      )
    );
    if (next) {
      body.append(h('div.actions', h('button', { type: 'button', onclick: () => load(true) }, t('alerts.more'))));
    }
  }

  const off = hub.on('alert', (msg) => {
    if (msg.change === 'raised' && msg.alert) {
      announce(t('alerts.newAlert', { message: pick(msg.alert.message) }), 'warn');
    }
    clearTimeout(timer);
    timer = setTimeout(() => load(false), 250);
  });
  load(false);
  return () => {
    off();
    clearTimeout(timer);
  };
}

function renderDetail({ main, site, hub, can }, id) {
  const back = h('p', h('a', { href: '#/alerts' }, '← ', t('alerts.back')));
  const body = h('div#alert-detail', loading());
  main.append(back, body);
  let current = null;

  async function load() {
    try {
      current = await get('/sites/' + seg(site) + '/alerts/' + seg(id));
      draw(current);
    } catch (e) {
      clear(body).append(h('h1', { tabindex: '-1' }, t('alerts.detail')), errorState(e, t('alerts.detail')));
    }
  }

  function draw(a) {
    // A live refresh (another user's action, the deviation clearing) must not lose what is typed.
    const focused = document.activeElement && body.contains(document.activeElement) ? document.activeElement.name : null;
    const typed = new Map();
    body.querySelectorAll('form.transition').forEach((f) =>
      f.querySelectorAll('input, textarea').forEach((c) => typed.set(f.dataset.to + '/' + c.name, c.value))
    );
    clear(body);
    const dl = (pairs) => h('dl.facts', pairs.filter(Boolean).map(([k, v]) => h('div', h('dt', k), h('dd', v))));
    body.append(
      h('h1', { tabindex: '-1' }, pick(a.message) || a.alertId),
      h('p.badges', severityBadge(a.severity), ' ', badge('state', tEnum('state', a.state), 'state-' + a.state), ' ', badge('condition', tEnum('condition', a.condition), a.condition === 'active' ? 'bad' : 'ok')),
      h(
        'section.card',
        { 'aria-labelledby': 'measure-h' },
        h('h2#measure-h', t('alerts.measurement')),
        dl([
          [t('alerts.target'), a.target + ' (' + tEnum('targetKind', a.targetKind) + ')'],
          [t('alerts.rule'), a.rule],
          [t('alerts.metric'), tEnum('metric', a.metric)],
          [t('alerts.expected'), fmtQty(a.expected, a.unit, 1)],
          [t('alerts.actual'), fmtQty(a.actual, a.unit, 1)],
          [t('alerts.deviation'), fmtQty(a.deviation, a.unit, 1) + ' (' + fmtPercent(a.deviationPercent) + ')'],
          [t('alerts.consecutive'), String(a.consecutiveWindows ?? '—')],
          [t('alerts.window'), fmtRange(a.windowStart, a.windowEnd)],
          [t('alerts.raisedAt'), fmtDateTimeZ(a.raisedAt)],
          a.clearedAt ? [t('alerts.clearedAt'), fmtDateTimeZ(a.clearedAt)] : null,
          [t('alerts.alertId'), h('code', a.alertId)],
        ])
      ),
      h(
        'section.card',
        { 'aria-labelledby': 'record-h' },
        h('h2#record-h', t('alerts.record')),
        dl([
          [t('alerts.assignee'), a.assignee || '—'],
          [t('field.cause'), a.cause || '—'],
          [t('field.correction'), a.correction || '—'],
          [t('field.correctiveAction'), a.correctiveAction || '—'],
          [t('field.effectivenessCheck'), a.effectivenessCheck || '—'],
          [t('field.closure'), a.closure || '—'],
        ])
      )
    );
    const allowed = a.allowedTransitions || [];
    if (can('alert.transition') && allowed.length > 0) {
      body.append(
        h(
          'section.card#alert-actions',
          { 'aria-labelledby': 'actions-h' },
          h('h2#actions-h', t('alerts.actions')),
          allowed.map((tr) => transitionForm(a, tr))
        )
      );
    } else if (a.state === 'closed') {
      body.append(h('p.muted', t('alerts.closedNote')));
    }
    body.append(history(a));
    body.querySelectorAll('form.transition').forEach((f) =>
      f.querySelectorAll('input, textarea').forEach((c) => {
        const v = typed.get(f.dataset.to + '/' + c.name);
        if (v !== undefined) c.value = v;
      })
    );
    if (focused) {
      const el = body.querySelector('[name="' + CSS.escape(focused) + '"]');
      if (el) el.focus();
    }
  }

  function transitionForm(a, tr) {
    const to = tr.to;
    const required = new Set(tr.requires || []);
    const fields = (FIELDS_FOR[to] || []).map((name) =>
      field({
        name,
        label: t('field.' + name),
        type: TEXTAREA.has(name) ? 'textarea' : 'text',
        required: required.has(name),
        value: name === 'assignee' ? a.assignee || currentUser()?.username || '' : '',
        attrs: { maxlength: name === 'assignee' ? 64 : 4000 },
        hint: t('field.' + name + '.hint'),
      })
    );
    const blockedClose = to === 'closed' && a.condition === 'active';
    // Back from resolved to investigating reopens the investigation (the correction did not work).
    const reopen = to === 'investigating' && a.state === 'resolved';
    const label = reopen ? t('transition.reopen') : t('transition.' + to);
    const legend = reopen ? t('transition.reopen.legend') : t('transition.' + to + '.legend');
    const submit = h('button.primary', { type: 'submit', dataset: { transition: to } }, label);
    const form = h(
      'form.transition',
      {
        dataset: { to },
        onsubmit: async (e) => {
          e.preventDefault();
          clearFormError(form);
          const missing = fields.find((f) => f.control.required && !f.control.value.trim());
          if (missing) {
            formError(form, { localized: () => t('form.required', { field: t('field.' + missing.control.name) }), field: missing.control.name });
            return;
          }
          const payload = { to };
          fields.forEach((f) => {
            const v = f.control.value.trim();
            if (v) payload[f.control.name] = v;
          });
          submit.disabled = true;
          try {
            current = await post('/sites/' + seg(site) + '/alerts/' + seg(a.id) + '/transitions', payload);
            announce(t('alerts.moved', { state: tEnum('state', to) }), 'ok');
            await load();
            const h1 = body.querySelector('h1');
            if (h1) h1.focus();
          } catch (err) {
            formError(form, err);
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('fieldset', h('legend', legend), blockedClose ? h('p.notice', { role: 'note' }, t('alerts.closeBlocked')) : null, fields, h('div.actions', submit))
    );
    return form;
  }

  function history(a) {
    const events = a.events || [];
    const trans = a.transitions || [];
    return h(
      'section.card#alert-history',
      { 'aria-labelledby': 'history-h' },
      h('h2#history-h', t('alerts.history')),
      h('h3', t('alerts.history.events')),
      events.length === 0
        ? emptyState(t('alerts.history.noEvents'))
        : table(null, ['#', t('alerts.history.event'), t('alerts.history.time'), t('alerts.history.received')], events.map((e) => [String(e.eventSeq), tEnum('event', e.event), fmtDateTime(e.time), fmtDateTime(e.receivedAt)])),
      h('h3', t('alerts.history.transitions')),
      trans.length === 0
        ? emptyState(t('alerts.history.noTransitions'))
        : table(
            null,
            [t('alerts.history.change'), t('alerts.history.actor'), t('alerts.history.at'), t('alerts.history.fields')],
            trans.map((x) => [
              tEnum('state', x.from) + ' → ' + tEnum('state', x.to),
              x.actor,
              fmtDateTime(x.at),
              h('dl.inline', Object.entries(x.fields || {}).map(([k, v]) => [h('dt', t('field.' + k)), h('dd', v)])),
            ]),
            { id: 'transitions-table' }
          )
    );
  }

  let timer = null;
  const off = hub.on('alert', (msg) => {
    if (msg.alert && msg.alert.id === id) {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    }
  });
  load();
  return () => {
    off();
    clearTimeout(timer);
  };
}
