// Baselines (6.1.5): fitted models with coefficients, fit statistics and the validity gates;
// an engineer approves a model with a recorded reason. Every version is listed.

import { get, post, seg } from '../api.js';
import { fmtDateTime, fmtNumber, fmtQty, t, tEnum } from '../i18n.js';
import { announce, badge, clear, clearFormError, emptyState, errorState, field, formError, h, loading, num, table } from '../ui.js';

const REASONS = ['initial', 'static_factor_changed', 'boundary_changed', 'process_changed', 'data_corrected', 'other'];

export function render({ main, site, can }) {
  const body = h('div#baselines', loading());
  main.append(h('div.page-head', h('h1', { tabindex: '-1' }, t('baselines.title')), h('p.muted', t('baselines.subtitle', { site }))), body);

  async function load() {
    let res;
    try {
      res = await get('/sites/' + seg(site) + '/baselines');
    } catch (e) {
      clear(body).append(errorState(e, t('baselines.title')));
      return;
    }
    const items = Array.isArray(res) ? res : res.items || [];
    clear(body);
    if (items.length === 0) {
      body.append(emptyState(t('baselines.empty')));
      return;
    }
    items.forEach((b) => body.append(modelCard(b)));
  }

  function modelCard(b) {
    const m = b.model || b;
    const stats = m.statistics || {};
    const gates = gateList(b);
    const state = b.state || b.status || (b.approvedAt ? 'approved' : 'draft');
    const allPass = gates.length > 0 && gates.every((g) => gateStatus(g) !== 'fail');
    const key = (m.id || b.id) + '-v' + (m.version ?? b.version ?? '');
    const card = h(
      'section.card.baseline',
      { dataset: { baseline: b.id ?? m.id, state }, 'aria-labelledby': 'bl-' + key },
      h(
        'header',
        h('h2', { id: 'bl-' + key }, (m.target || '') + ' · ' + tEnum('metric', m.metric) + ' · ' + t('baselines.version', { v: m.version ?? b.version ?? '?' })),
        h('span.badges', badge('baseline-state', tEnum('baselineState', state), state === 'approved' ? 'ok' : state === 'draft' ? 'info' : 'warn'), ' ', gates.length ? badge('gates', allPass ? t('baselines.gates.allPass') : t('baselines.gates.someFail'), allPass ? 'ok' : 'bad') : null)
      ),
      h(
        'dl.facts',
        fact(t('baselines.kind'), tEnum('baselineKind', String(m.kind || '').toLowerCase())),
        fact(t('baselines.granularity'), tEnum('granularity', String(m.granularity || '').toLowerCase())),
        fact(t('baselines.period'), fmtDateTime(m.basePeriodStart) + ' – ' + fmtDateTime(m.basePeriodEnd)),
        fact(t('baselines.intercept'), m.intercept === null || m.intercept === undefined ? '—' : fmtQty(m.intercept, m.unit, 3)),
        m.reason ? fact(t('baselines.reason'), m.reason) : null,
        b.approvedBy ? fact(t('baselines.approvedBy'), b.approvedBy + ' · ' + fmtDateTime(b.approvedAt)) : null
      ),
      (m.terms || []).length
        ? table(
            t('baselines.terms'),
            [t('baselines.variable'), t('baselines.coefficient'), t('baselines.stdError'), t('baselines.tStat'), t('baselines.pValue'), t('baselines.fittedRange')],
            m.terms.map((x) => [
              x.variable + (x.unit ? ' (' + x.unit + ')' : ''),
              num(fmtNumber(x.coefficient, 4)),
              num(fmtNumber(x.standardError, 4)),
              num(fmtNumber(x.tStatistic, 2)),
              num(fmtNumber(x.pValue, 4)),
              num(fmtNumber(x.fittedMin, 2) + ' – ' + fmtNumber(x.fittedMax, 2)),
            ])
          )
        : null,
      table(
        t('baselines.statistics'),
        ['n', 'R²', t('baselines.adjR2'), 'CV(RMSE)', 'NMBE', 'F', t('baselines.fP')],
        [[num(String(stats.n ?? '—')), num(fmtNumber(stats.r2, 4)), num(fmtNumber(stats.adjustedR2, 4)), num(stats.cvRmsePercent == null ? '—' : fmtNumber(stats.cvRmsePercent, 2) + '\u00a0%'), num(stats.nmbePercent == null ? '—' : fmtNumber(stats.nmbePercent, 2) + '\u00a0%'), num(fmtNumber(stats.fStatistic, 2)), num(fmtNumber(stats.fPValue, 4))]]
      ),
      gates.length
        ? table(
            t('baselines.gates'),
            [t('baselines.gate'), t('baselines.gate.value'), t('baselines.gate.threshold'), t('baselines.gate.result'), t('baselines.gate.source')],
            gates.map((g) => {
              const gate = g.gate || g;
              const st = gateStatus(g);
              return h(
                'tr',
                { dataset: { gate: gate.id, result: st } },
                h('td', gate.id || gate.metric),
                num(fmtNumber(g.value, 4)),
                num((gate.comparison ? tEnum('comparison', gate.comparison) + ' ' : '') + fmtNumber(gate.threshold ?? g.threshold, 4)),
                h('td', badge('gate', tEnum('gateStatus', st), st === 'pass' ? 'ok' : st === 'fail' ? 'bad' : 'info')),
                h('td.small', gate.source || '—')
              );
            })
          )
        : emptyState(t('baselines.gates.none'))
    );
    if (state === 'draft' && can('baseline.approve')) card.append(approveForm(b, allPass));
    return card;
  }

  function approveForm(b, allPass) {
    const reasonCode = field({ name: 'reasonCode', label: t('baselines.approve.reasonCode'), type: 'select', required: true, options: REASONS.map((r) => ({ value: r, label: t('baselineReason.' + r) })) });
    const reason = field({ name: 'reason', label: t('baselines.approve.reason'), type: 'textarea', required: true, attrs: { maxlength: 4000 }, hint: t('baselines.approve.hint') });
    const submit = h('button.primary', { type: 'submit', dataset: { action: 'approve' } }, t('baselines.approve'));
    const form = h(
      'form.approve',
      {
        onsubmit: async (e) => {
          e.preventDefault();
          clearFormError(form);
          if (!reason.control.value.trim()) {
            formError(form, { localized: () => t('form.required', { field: t('baselines.approve.reason') }), field: 'reason' });
            return;
          }
          submit.disabled = true;
          try {
            await post('/sites/' + seg(site) + '/baselines/' + seg(b.id ?? (b.model || b).id) + '/approve', {
              reasonCode: reasonCode.control.value,
              reason: reason.control.value.trim(),
              version: (b.model || b).version ?? b.version,
            });
            announce(t('baselines.approved'), 'ok');
            await load();
          } catch (err) {
            formError(form, err);
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('fieldset', h('legend', t('baselines.approve.legend')), allPass ? null : h('p.notice', { role: 'note' }, t('baselines.approve.gatesFail')), reasonCode, reason, h('div.actions', submit))
    );
    return form;
  }

  load();
}

function fact(k, v) {
  return h('div', h('dt', k), h('dd', v));
}

function gateList(b) {
  const g = b.gates || (b.model && b.model.gates) || [];
  return Array.isArray(g) ? g : g.results || [];
}

function gateStatus(g) {
  return String(g.status || (g.passed === true ? 'pass' : g.passed === false ? 'fail' : 'not_applicable')).toLowerCase();
}
