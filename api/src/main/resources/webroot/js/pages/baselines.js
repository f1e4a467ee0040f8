// Baselines (6.1.5): an engineer fits a candidate from the stored history for a base period and
// chosen relevant variables, reviews its coefficients, fit statistics and validity gates, and
// approves it as the next version with a recorded reason. Every approved version is listed.

import { get, post, seg } from '../api.js';
import { fmtBound, fmtDate, fmtDateTime, fmtNumber, fmtP, fmtQty, pick, t, tEnum, has } from '../i18n.js';
import { siteMidnight } from '../time.js';
import { announce, badge, clear, clearFormError, emptyState, errorState, field, formError, h, isoDate, loading, num, table } from '../ui.js';

const REASONS = ['initial', 'static_factor_changed', 'boundary_changed', 'process_changed', 'data_corrected', 'other'];
const ID_PATTERN = '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}';

export function render({ main, site, can }) {
  const candidateBox = h('div#baseline-candidate');
  const listBox = h('section#baselines', { 'aria-labelledby': 'approved-h' }, h('h2#approved-h', t('baselines.approvedList')), loading());
  const modelBox = h('section#site-model-baselines', { 'aria-labelledby': 'site-model-h' }, h('h2#site-model-h', t('baselines.siteModelList')), loading());
  // The site's zone: base-period dates are taken at its local midnight, as the job's days are.
  const model = get('/sites/' + seg(site) + '/model');
  let zone = 'UTC';
  main.append(h('div.page-head', h('h1', { tabindex: '-1' }, t('baselines.title')), h('p.muted', t('baselines.subtitle', { site }))));
  let form = null;
  if (can('baseline.fit')) main.append((form = fitForm()), candidateBox);
  main.append(listBox, modelBox);
  model.then(
    (m) => {
      zone = m.timeZone || 'UTC';
      const to = form && form.querySelector('[name="to"]');
      const hint = to && form.querySelector('#' + to.getAttribute('aria-describedby'));
      if (hint) hint.textContent = t('baselines.fit.to.hint', { zone });
      loadSiteModel(m);
    },
    (e) => replaceBody(modelBox, errorState(e, t('baselines.siteModelList')))
  );

  /** The site model's baselines, read-only: what the job evaluates until one is approved here. */
  function loadSiteModel(m) {
    const items = m.baselines || [];
    if (items.length === 0) {
      replaceBody(modelBox, emptyState(t('baselines.siteModel.empty')));
      return;
    }
    replaceBody(
      modelBox,
      h('p.muted.small', t('baselines.siteModelHelp')),
      ...items.map((b) =>
        h(
          'section.card.baseline',
          { dataset: { baseline: b.id, state: 'site-model' }, 'aria-labelledby': 'smb-' + b.id + '-h' },
          h(
            'header',
            h('h3', { id: 'smb-' + b.id + '-h' }, b.id + ' · ' + pick(b.name) + ' · ' + b.target + ' · ' + tEnum('metric', b.metric || b.measure)),
            h('span.badges', badge('baseline-source', t('baselines.fromSiteModel'), 'info'))
          ),
          h(
            'dl.facts',
            fact(t('baselines.granularity'), tEnum('granularity', granularityKey(b.granularity))),
            fact(t('baselines.period'), fmtDate(b.basePeriodStart) + ' – ' + fmtDate(b.basePeriodEnd) + ' (' + zone + ')'),
            b.model ? fact(t('baselines.intercept'), fmtQty(b.model.intercept, b.unit, 3)) : fact(t('baselines.model'), t('baselines.siteModel.noModel')),
            b.model
              ? fact(
                  t('baselines.coefficients'),
                  Object.entries(b.model.coefficients || {})
                    .map(([v, c]) => v + ': ' + fmtNumber(c, 4))
                    .join(', ') || '—'
                )
              : null,
            b.model && b.model.residualStdError != null ? fact(t('baselines.residualStdError'), fmtQty(b.model.residualStdError, b.unit, 3)) : null
          )
        )
      )
    );
  }

  async function loadApproved() {
    let items;
    try {
      items = await get('/sites/' + seg(site) + '/baselines');
    } catch (e) {
      replaceBody(listBox, errorState(e, t('baselines.title')));
      return;
    }
    items = Array.isArray(items) ? items : items.items || [];
    if (items.length === 0) {
      replaceBody(listBox, emptyState(t('baselines.empty')));
      return;
    }
    replaceBody(listBox, ...items.map((v) => modelCard(v.model || {}, { version: v, state: 'approved' })));
  }

  function fitForm() {
    const today = new Date();
    const yearAgo = new Date(today.getFullYear() - 1, today.getMonth(), today.getDate());
    const f = {
      baselineId: field({ name: 'baselineId', label: t('baselines.fit.baselineId'), required: true, value: 'BL-SEU-AIR-ENERGY', attrs: { pattern: ID_PATTERN, maxlength: 64 }, hint: t('baselines.fit.baselineId.hint') }),
      target: field({ name: 'target', label: t('baselines.fit.target'), required: true, value: 'SEU-AIR', attrs: { pattern: ID_PATTERN, maxlength: 64 } }),
      level: field({ name: 'level', label: t('baselines.fit.level'), type: 'select', value: 'seu', options: ['seu', 'meter', 'virtual_meter', 'source', 'site'].map((v) => ({ value: v, label: tEnum('targetLevel', v) })) }),
      metric: field({ name: 'metric', label: t('baselines.fit.metric'), required: true, value: 'electricity', attrs: { pattern: '[a-z][a-z0-9_]{0,63}' }, hint: t('baselines.fit.metric.hint') }),
      unit: field({ name: 'unit', label: t('baselines.fit.unit'), required: true, value: 'kWh', attrs: { maxlength: 32 } }),
      kind: field({ name: 'kind', label: t('baselines.kind'), type: 'select', value: 'regression', options: ['regression', 'intensity', 'absolute'].map((v) => ({ value: v, label: tEnum('baselineKind', v) })) }),
      granularity: field({ name: 'granularity', label: t('baselines.granularity'), type: 'select', value: 'daily', options: ['hourly', 'daily', 'monthly'].map((v) => ({ value: v, label: tEnum('granularity', v) })) }),
      from: field({ name: 'from', label: t('baselines.fit.from'), type: 'date', required: true, value: isoDate(yearAgo) }),
      to: field({ name: 'to', label: t('baselines.fit.to'), type: 'date', required: true, value: isoDate(today), hint: t('baselines.fit.to.hint', { zone }) }),
      variables: field({ name: 'variables', label: t('baselines.fit.variables'), value: 'RV-PROD', attrs: { maxlength: 400 }, hint: t('baselines.fit.variables.hint') }),
      reason: field({ name: 'reason', label: t('baselines.fit.reason'), type: 'textarea', required: true, attrs: { minlength: 3, maxlength: 2000 }, hint: t('baselines.fit.reason.hint') }),
    };
    const intercept = h('input#fit-intercept', { type: 'checkbox', name: 'intercept', checked: true });
    const submit = h('button.primary', { type: 'submit', dataset: { action: 'fit' } }, t('baselines.fit.submit'));
    const form = h(
      'form#fit-form.card',
      {
        novalidate: true,
        'aria-labelledby': 'fit-h',
        onsubmit: async (e) => {
          e.preventDefault();
          clearFormError(form);
          const bad = Object.values(f).find((x) => !x.control.checkValidity());
          if (bad) {
            formError(form, { localized: () => t('form.invalidField', { field: bad.querySelector('label').textContent.replace(/\s*\*$/, '') }), field: bad.control.name });
            return;
          }
          const variables = f.variables.control.value
            .split(/[,，\s]+/)
            .map((s) => s.trim())
            .filter(Boolean)
            .map((s) => {
              const [name, unit] = s.split(':');
              return unit ? { name, unit } : { name };
            });
          zone = await model.then((m) => m.timeZone || 'UTC', () => zone);
          const body = {
            baselineId: f.baselineId.control.value.trim(),
            target: f.target.control.value.trim(),
            level: f.level.control.value,
            metric: f.metric.control.value.trim(),
            unit: f.unit.control.value.trim(),
            kind: f.kind.control.value,
            granularity: f.granularity.control.value,
            intercept: intercept.checked,
            // 00:00 in the site's zone, where the job's days start (Shanghai: 16:00Z the day before).
            from: new Date(siteMidnight(zone, f.from.control.value)).toISOString(),
            to: new Date(siteMidnight(zone, f.to.control.value)).toISOString(),
            variables,
            reason: f.reason.control.value.trim(),
          };
          submit.disabled = true;
          clear(candidateBox).append(loading());
          try {
            const fit = await post('/sites/' + seg(site) + '/baselines/fit', body);
            clear(candidateBox).append(
              modelCard(fit.model, { fit, state: 'candidate', baselineId: body.baselineId })
            );
            candidateBox.querySelector('h2').focus();
          } catch (err) {
            clear(candidateBox);
            formError(form, err);
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('h2#fit-h', t('baselines.fit.title')),
      h('p.muted.small', t('baselines.fit.help')),
      h('div.form-grid', f.baselineId, f.target, f.level, f.metric, f.unit, f.kind, f.granularity, f.from, f.to, f.variables),
      h('div.field.check', intercept, h('label', { for: 'fit-intercept' }, t('baselines.fit.intercept'))),
      f.reason,
      h('div.actions', submit)
    );
    return form;
  }

  /** A model with its statistics; gates and the approve form for a fitted candidate. */
  function modelCard(m, { fit, version, state, baselineId }) {
    const stats = m.statistics || {};
    const gates = fit && fit.gates ? fit.gates.results || [] : [];
    const valid = fit && fit.gates ? fit.gates.valid : null;
    const id = baselineId || m.id || (version && version.baselineId);
    const ver = version ? version.version : m.version;
    const key = (id + '-' + (ver ?? 'c')).replace(/[^A-Za-z0-9_-]/g, '_');
    const card = h(
      'section.card.baseline',
      { dataset: { baseline: id, version: ver ?? '', state }, 'aria-labelledby': 'bl-' + key + '-h' },
      h(
        'header',
        h(version ? 'h3' : 'h2', { id: 'bl-' + key + '-h', tabindex: '-1' }, id + ' · ' + (m.target || '') + ' · ' + tEnum('metric', m.metric) + (version ? ' · ' + t('baselines.version', { v: ver }) : '')),
        h(
          'span.badges',
          badge('baseline-state', tEnum('baselineState', state), state === 'approved' ? 'ok' : 'info'),
          valid === null ? null : badge('gates', valid ? t('baselines.gates.allPass') : t('baselines.gates.someFail'), valid ? 'ok' : 'bad')
        )
      ),
      h(
        'dl.facts',
        fact(t('baselines.kind'), tEnum('baselineKind', String(m.kind || '').toLowerCase())),
        fact(t('baselines.granularity'), tEnum('granularity', String(m.granularity || '').toLowerCase())),
        fact(t('baselines.period'), fmtBound(m.basePeriodStart) + ' – ' + fmtBound(m.basePeriodEnd)),
        fact(t('baselines.intercept'), m.intercept === null || m.intercept === undefined ? '—' : fmtQty(m.intercept, m.unit, 3)),
        fit ? fact(t('baselines.observations'), t('baselines.observations.value', { n: fit.observations, skipped: fit.skippedPeriods })) : null,
        // An approved version carries its approval reason; the fit's own reason is shown for candidates.
        m.reason && !version ? fact(t('baselines.fit.reason'), m.reason) : null,
        version ? fact(t('baselines.reason'), version.reason) : null,
        version ? fact(t('baselines.approvedBy'), version.approvedBy + ' · ' + fmtDateTime(version.approvedAt)) : null
      ),
      (m.terms || []).length
        ? table(
            t('baselines.terms'),
            [t('baselines.variable'), t('baselines.coefficient'), t('baselines.stdError'), t('baselines.tStat'), t('baselines.pValue'), t('baselines.fittedRange')],
            m.terms.map((x) => [
              x.variable + (x.unit ? ' (' + x.unit + ')' : ''),
              num(fmtNumber(x.coefficient, 4) + (m.unit ? '\u00a0' + m.unit + (x.unit ? '/' + x.unit : '') : '')),
              num(fmtNumber(x.standardError, 4)),
              num(fmtNumber(x.tStatistic, 2)),
              num(fmtP(x.pValue)),
              num(fmtNumber(x.fittedMin, 2) + ' – ' + fmtNumber(x.fittedMax, 2) + (x.unit ? '\u00a0' + x.unit : '')),
            ])
          )
        : null,
      table(
        t('baselines.statistics'),
        ['n', 'R²', t('baselines.adjR2'), 'CV(RMSE)', 'NMBE', 'F', t('baselines.fP')],
        [[num(String(stats.n ?? '—')), num(fmtNumber(stats.r2, 4)), num(fmtNumber(stats.adjustedR2, 4)), num(stats.cvRmsePercent == null ? '—' : fmtNumber(stats.cvRmsePercent, 2) + '\u00a0%'), num(stats.nmbePercent == null ? '—' : fmtNumber(stats.nmbePercent, 2) + '\u00a0%'), num(fmtNumber(stats.fStatistic, 2)), num(fmtP(stats.fPValue))]]
      ),
      fit
        ? gates.length
          ? table(
              t('baselines.gates'),
              [t('baselines.gate'), t('baselines.gate.value'), t('baselines.gate.threshold'), t('baselines.gate.result'), t('baselines.gate.source')],
              gates.map((g) => {
                const st = String(g.status || '').toLowerCase();
                return h(
                  'tr',
                  { dataset: { gate: g.gate, result: st } },
                  h('td', has('gateMetric.' + g.metric) ? t('gateMetric.' + g.metric) : g.gate, h('br'), h('small.muted', g.gate)),
                  num(/p_value$/.test(g.metric || '') ? fmtP(g.value) : fmtNumber(g.value, 4)),
                  num((g.comparison || '') + ' ' + fmtNumber(g.threshold, 4)),
                  h('td', badge('gate', tEnum('gateStatus', st), st === 'pass' ? 'ok' : st === 'fail' ? 'bad' : 'info')),
                  h('td.small', g.source || '—', g.verification ? ' (' + g.verification + ')' : '')
                );
              }),
              { class: 'gates' }
            )
          : emptyState(t('baselines.gates.none'))
        : null
    );
    if (fit && can('baseline.approve')) card.append(approveForm(id, fit, valid));
    return card;
  }

  function approveForm(baselineId, fit, valid) {
    const reasonCode = field({ name: 'reasonCode', label: t('baselines.approve.reasonCode'), type: 'select', required: true, options: REASONS.map((r) => ({ value: r, label: t('baselineReason.' + r) })) });
    const reason = field({ name: 'reason', label: t('baselines.approve.reason'), type: 'textarea', required: true, attrs: { maxlength: 1800 }, hint: t('baselines.approve.hint') });
    const submit = h('button.primary', { type: 'submit', dataset: { action: 'approve' } }, t('baselines.approve'));
    const form = h(
      'form.approve',
      {
        onsubmit: async (e) => {
          e.preventDefault();
          clearFormError(form);
          if (reason.control.value.trim().length < 3) {
            formError(form, { localized: () => t('form.required', { field: t('baselines.approve.reason') }), field: 'reason' });
            return;
          }
          submit.disabled = true;
          try {
            // The category is recorded with the text, in both languages, so the record reads the same for everyone.
            const code = reasonCode.control.value;
            await post('/sites/' + seg(site) + '/baselines/' + seg(baselineId) + '/versions', {
              fitId: fit.fitId,
              reason: t('baselineReason.' + code) + ' / ' + code + ': ' + reason.control.value.trim(),
            });
            announce(t('baselines.approved'), 'ok');
            clear(candidateBox);
            await loadApproved();
            const h2 = listBox.querySelector('h2');
            if (h2) h2.focus();
          } catch (err) {
            formError(form, err);
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('fieldset', h('legend', t('baselines.approve.legend')), valid === false ? h('p.notice', { role: 'note' }, t('baselines.approve.gatesFail')) : null, reasonCode, reason, h('div.actions', submit))
    );
    return form;
  }

  loadApproved();
}

/** The site model's hour/day/month as the approved models' hourly/daily/monthly labels. */
function granularityKey(g) {
  return { hour: 'hourly', day: 'daily', month: 'monthly' }[g] || g;
}

function fact(k, v) {
  return h('div', h('dt', k), h('dd', v));
}

function replaceBody(box, ...nodes) {
  const head = box.querySelector('h2');
  clear(box);
  box.append(head, ...nodes.filter(Boolean));
}
