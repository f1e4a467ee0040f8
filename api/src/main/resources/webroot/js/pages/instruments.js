// Instruments and calibration (GB 17167): the ledger with due status, the overdue/failed list,
// one instrument's calibration history and the form a technician uses to log a check.

import { get, post, seg } from '../api.js';
import { fmtDate, fmtDateTime, fmtNumber, pick, t, tEnum, unitLabel } from '../i18n.js';
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
  isoDate,
  loading,
  num,
  table,
} from '../ui.js';

const SOON_DAYS = 30;

/** ok | soon | overdue | unknown | failed, from the next due date and today (local calendar). */
function dueStatus(inst) {
  // A failed instrument is out of use whatever its date says; it needs repair and a new check.
  if (inst.calibration === 'failed') return 'failed';
  if (!inst.nextDue) return 'unknown';
  const today = isoDate(new Date());
  if (inst.nextDue < today) return 'overdue';
  const soon = new Date();
  soon.setDate(soon.getDate() + SOON_DAYS);
  return inst.nextDue <= isoDate(soon) ? 'soon' : 'ok';
}

const STATUS_CLASS = { qualified: 'ok', conditional: 'warn', disabled: 'bad' };
const CAL_CLASS = { ok: 'ok', overdue: 'warn', failed: 'bad' };
const DUE_CLASS = { ok: 'ok', soon: 'info', overdue: 'bad', unknown: 'warn', failed: 'bad' };
const RESULT_CLASS = { pass: 'ok', adjusted: 'info', fail: 'bad' };

export function statusBadge(s) {
  return badge('status', tEnum('instrumentStatus', s), STATUS_CLASS[s] || 'warn');
}

export function calibrationBadge(c) {
  return badge('calibration', tEnum('calibration', c), CAL_CLASS[c] || 'warn');
}

function dueBadge(inst) {
  const d = dueStatus(inst);
  return badge('due', t('due.' + d), DUE_CLASS[d]);
}

export function render(ctx) {
  return ctx.params[0] ? renderDetail(ctx, ctx.params[0]) : renderLedger(ctx);
}

function renderLedger({ main, site }) {
  const dueBox = h('section.card#due-list', { 'aria-labelledby': 'due-h' }, h('h2#due-h', t('instruments.due.title')), loading());
  const ledgerBox = h('section.card#ledger', { 'aria-labelledby': 'ledger-h' }, h('h2#ledger-h', t('instruments.ledger')), loading());
  main.append(h('div.page-head', h('h1', { tabindex: '-1' }, t('instruments.title')), h('p.muted', t('instruments.subtitle', { site }))), dueBox, ledgerBox);

  (async () => {
    try {
      const due = await get('/sites/' + seg(site) + '/reports/calibration-due?withinDays=' + SOON_DAYS);
      const head = dueBox.querySelector('h2');
      clear(dueBox).append(head, h('p.summary', t('instruments.due.summary', { overdue: due.overdue, failed: due.failed, days: due.withinDays })));
      if (due.items.length === 0) dueBox.append(emptyState(t('instruments.due.empty')));
      else dueBox.append(ledgerTable(due.items, 'due-table'));
    } catch (e) {
      const head = dueBox.querySelector('h2');
      clear(dueBox).append(head, errorState(e, t('instruments.due.title')));
    }
  })();
  (async () => {
    try {
      const items = await get('/sites/' + seg(site) + '/instruments');
      const head = ledgerBox.querySelector('h2');
      clear(ledgerBox).append(head);
      if (items.length === 0) ledgerBox.append(emptyState(t('instruments.empty')));
      else ledgerBox.append(ledgerTable(items, 'ledger-table'));
    } catch (e) {
      const head = ledgerBox.querySelector('h2');
      clear(ledgerBox).append(head, errorState(e, t('instruments.ledger')));
    }
  })();
}

function ledgerTable(items, id) {
  return table(
    null,
    [
      t('instruments.id'),
      t('instruments.name'),
      t('instruments.level'),
      t('instruments.energyType'),
      t('instruments.accuracyClass'),
      t('instruments.range'),
      t('instruments.interval'),
      t('instruments.status'),
      t('instruments.calibration'),
      t('instruments.nextDue'),
    ],
    items.map((i) =>
      h(
        'tr',
        { dataset: { instrument: i.id, status: i.status, calibration: i.calibration } },
        h('th', { scope: 'row' }, h('a', { href: '#/instruments/' + encodeURIComponent(i.id) }, i.id)),
        h('td', nameOf(i)),
        h('td', tEnum('level', i.meteringLevel)),
        h('td', tEnum('energy', i.energyType)),
        h('td', i.accuracyClass && i.accuracyClass !== 'none' ? i.accuracyClass : t('instruments.noClass')),
        h('td', rangeText(i.range)),
        num(t('instruments.months', { n: i.calibrationIntervalMonths })),
        h('td', statusBadge(i.status)),
        h('td', calibrationBadge(i.calibration)),
        h('td', fmtDate(i.nextDue), ' ', dueBadge(i))
      )
    ),
    { id }
  );
}

function rangeText(r) {
  if (!r || (r.min === null && r.max === null)) return '—';
  return fmtNumber(r.min, 3) + ' – ' + fmtNumber(r.max, 3) + '\u00a0' + unitLabel(r.unit);
}

function renderDetail({ main, site, can }, id) {
  const body = h('div#instrument-detail', loading());
  main.append(h('p', h('a', { href: '#/instruments' }, '← ', t('instruments.back'))), body);

  async function load(focusHeading) {
    let inst;
    try {
      inst = await get('/sites/' + seg(site) + '/instruments/' + seg(id));
    } catch (e) {
      clear(body).append(h('h1', { tabindex: '-1' }, id), errorState(e, t('instruments.detail')));
      return;
    }
    clear(body);
    const facts = [
      [t('instruments.name'), nameOf(inst)],
      [t('instruments.level'), tEnum('level', inst.meteringLevel)],
      [t('instruments.energyType'), tEnum('energy', inst.energyType)],
      [t('instruments.accuracyClass'), inst.accuracyClass && inst.accuracyClass !== 'none' ? inst.accuracyClass : t('instruments.noClass')],
      [t('instruments.range'), rangeText(inst.range)],
      [t('instruments.serial'), inst.serial || '—'],
      [t('instruments.location'), inst.location || '—'],
      [t('instruments.interval'), t('instruments.months', { n: inst.calibrationIntervalMonths })],
      [t('instruments.lastCalibrated'), fmtDate(inst.lastCalibrated)],
      [t('instruments.nextDue'), h('span', fmtDate(inst.nextDue), ' ', dueBadge(inst))],
    ];
    body.append(
      h('h1', { tabindex: '-1' }, inst.id, nameOf(inst) !== '—' ? ' · ' + nameOf(inst) : ''),
      h('p.badges#instrument-badges', statusBadge(inst.status), ' ', calibrationBadge(inst.calibration)),
      h('section.card', { 'aria-labelledby': 'inst-h' }, h('h2#inst-h', t('instruments.detail')), h('dl.facts', facts.map(([k, v]) => h('div', h('dt', k), h('dd', v)))))
    );
    if (can('calibration.log')) body.append(checkForm(inst));
    body.append(historySection(inst.checks || []));
    if (focusHeading) body.querySelector('h1').focus();
  }

  function checkForm(inst) {
    const noClass = !inst.accuracyClass || inst.accuracyClass === 'none';
    const checkedOn = field({ name: 'checkedOn', label: t('cal.checkedOn'), type: 'date', required: true, value: isoDate(new Date()), attrs: { max: isoDate(new Date()) } });
    const ref = field({ name: 'referenceStandard', label: t('cal.referenceStandard'), required: true, attrs: { maxlength: 200 }, hint: t('cal.referenceStandard.hint') });
    const cert = field({ name: 'certificateNo', label: t('cal.certificateNo'), required: true, attrs: { maxlength: 100 } });
    const mpe = noClass
      ? field({ name: 'mpePercent', label: t('cal.mpePercent'), type: 'number', required: true, attrs: { step: 'any', min: 0.001, max: 100 }, hint: t('cal.mpe.noClass') })
      : h('p.muted', t('cal.mpe.fromClass', { cls: inst.accuracyClass }));
    const nextDue = field({ name: 'nextDue', label: t('cal.nextDue'), type: 'date', hint: t('cal.nextDue.hint', { months: inst.calibrationIntervalMonths }) });
    const notes = field({ name: 'notes', label: t('cal.notes'), type: 'textarea', attrs: { maxlength: 4000 } });
    const attachName = field({ name: 'attachmentName', label: t('cal.attachment.name'), attrs: { maxlength: 200 } });
    const attachRef = field({ name: 'attachmentRef', label: t('cal.attachment.ref'), attrs: { maxlength: 500, placeholder: 'doc:…' }, hint: t('cal.attachment.hint') });

    const pointsBody = h('tbody');
    let pointSeq = 0;
    function addPoint(point = '') {
      const n = ++pointSeq;
      const idp = 'tp-' + n;
      const row = h(
        'tr.test-point',
        h('td', h('label.visually-hidden', { for: idp + '-point' }, t('cal.point') + ' ' + n), h('input', { id: idp + '-point', name: 'point', required: true, maxlength: 100, value: point, size: 10 })),
        h('td', h('label.visually-hidden', { for: idp + '-found' }, t('cal.asFound') + ' ' + n), h('input', { id: idp + '-found', name: 'asFoundErrorPercent', type: 'number', step: 'any', required: true, min: -1000, max: 1000, size: 6 })),
        h('td', h('label.visually-hidden', { for: idp + '-left' }, t('cal.asLeft') + ' ' + n), h('input', { id: idp + '-left', name: 'asLeftErrorPercent', type: 'number', step: 'any', min: -1000, max: 1000, size: 6 })),
        h(
          'td',
          h(
            'button.small',
            {
              type: 'button',
              'aria-label': t('cal.removePoint', { n }),
              onclick: () => {
                if (pointsBody.children.length > 1) row.remove();
              },
            },
            '×'
          )
        )
      );
      pointsBody.append(row);
      return row;
    }
    ['10 %', '50 %', '100 %'].forEach((p) => addPoint(p));
    const submit = h('button.primary#log-check', { type: 'submit' }, t('cal.submit'));
    const form = h(
      'form#calibration-form.card',
      {
        novalidate: true,
        'aria-labelledby': 'cal-h',
        onsubmit: async (e) => {
          e.preventDefault();
          clearFormError(form);
          const invalid = [...form.querySelectorAll('input,textarea')].find((c) => !c.checkValidity());
          if (invalid) {
            const label = form.querySelector('label[for="' + invalid.id + '"]');
            formError(form, { localized: () => t('form.invalidField', { field: label ? label.textContent.replace(/\s*\*$/, '') : invalid.name }) });
            invalid.setAttribute('aria-invalid', 'true');
            invalid.focus();
            return;
          }
          const body = {
            checkedOn: checkedOn.control.value,
            referenceStandard: ref.control.value.trim(),
            certificateNo: cert.control.value.trim(),
            testPoints: [...pointsBody.querySelectorAll('tr')].map((r) => {
              const p = { point: r.querySelector('[name=point]').value.trim(), asFoundErrorPercent: Number(r.querySelector('[name=asFoundErrorPercent]').value) };
              const left = r.querySelector('[name=asLeftErrorPercent]').value;
              if (left !== '') p.asLeftErrorPercent = Number(left);
              return p;
            }),
          };
          if (noClass) body.mpePercent = Number(mpe.control.value);
          if (nextDue.control.value) body.nextDue = nextDue.control.value;
          if (notes.control.value.trim()) body.notes = notes.control.value.trim();
          if (attachRef.control.value.trim()) body.attachments = [{ name: attachName.control.value.trim() || attachRef.control.value.trim(), ref: attachRef.control.value.trim() }];
          submit.disabled = true;
          try {
            const res = await post('/sites/' + seg(site) + '/instruments/' + seg(inst.id) + '/calibrations', body);
            announce(t('cal.saved', { result: tEnum('result', res.check.result), status: tEnum('instrumentStatus', res.instrument.status) }), res.check.result === 'fail' ? 'warn' : 'ok');
            await load(true);
          } catch (err) {
            formError(form, err);
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('h2#cal-h', t('cal.title')),
      h('div.form-grid', checkedOn, ref, cert, mpe, nextDue),
      h(
        'fieldset',
        h('legend', t('cal.points')),
        h('p.muted.small', t('cal.points.help')),
        h('table.points', h('thead', h('tr', h('th', { scope: 'col' }, t('cal.point')), h('th', { scope: 'col' }, t('cal.asFound')), h('th', { scope: 'col' }, t('cal.asLeft')), h('th', h('span.visually-hidden', t('cal.remove'))))), pointsBody),
        h(
          'button.small#add-point',
          {
            type: 'button',
            onclick: () => {
              if (pointsBody.children.length < 50) addPoint().querySelector('input').focus();
            },
          },
          t('cal.addPoint')
        )
      ),
      h('div.form-grid', attachName, attachRef),
      notes,
      h('div.actions', submit)
    );
    return form;
  }

  function historySection(checks) {
    return h(
      'section.card#calibration-history',
      { 'aria-labelledby': 'hist-h' },
      h('h2#hist-h', t('cal.history')),
      checks.length === 0
        ? emptyState(t('cal.history.empty'))
        : table(
            null,
            [t('cal.checkedOn'), t('cal.result'), t('cal.mpe'), t('cal.points'), t('cal.referenceStandard'), t('cal.certificateNo'), t('cal.technician'), t('cal.nextDue'), t('cal.recordedAt')],
            checks.map((c) =>
              h(
                'tr',
                { dataset: { check: c.id, result: c.result } },
                h('td', fmtDate(c.checkedOn)),
                h('td', badge('result', tEnum('result', c.result), RESULT_CLASS[c.result])),
                num('±' + fmtNumber(c.mpePercent, 3) + '\u00a0%'),
                h(
                  'td',
                  h(
                    'ul.plain',
                    (c.testPoints || []).map((p) =>
                      h('li', p.point + ': ' + t('cal.foundLeft', { found: fmtNumber(p.asFoundErrorPercent, 3), left: fmtNumber(p.asLeftErrorPercent, 3) }), p.withinMpe === false ? h('span.bad-text', ' ✗') : ' ✓')
                    )
                  )
                ),
                h('td', c.referenceStandard),
                h('td', c.certificateNo),
                h('td', c.technician),
                h('td', fmtDate(c.nextDue)),
                h('td', fmtDateTime(c.recordedAt))
              )
            ),
            { id: 'history-table' }
          )
    );
  }

  load(false);
}

/** The instrument's name in the chosen language (both come from the site model); the ledger's otherwise. */
function nameOf(i) {
  return (i.names && pick(i.names)) || i.name || '—';
}
