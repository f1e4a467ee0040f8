// Carbon inventory (碳清单, 6.1.2) for a period: totals (gross, removals, offsets, net), every source
// and sink with its activity data, factor and lineage, and tables and charts by gas, scope and SEU;
// the same report downloads as CSV.

import { get, seg } from '../api.js';
import { fmtDate, fmtNumber, fmtQty, pick, t, tEnum, unitLabel } from '../i18n.js';
import { siteMidnight } from '../time.js';
import { chart, clear, emptyState, errorState, field, h, isoDate, loading, num, table } from '../ui.js';

function periods() {
  const now = new Date();
  const y = now.getFullYear();
  const m = now.getMonth();
  return {
    thisMonth: [new Date(y, m, 1), now],
    lastMonth: [new Date(y, m - 1, 1), new Date(y, m, 0)],
    thisYear: [new Date(y, 0, 1), now],
    lastYear: [new Date(y - 1, 0, 1), new Date(y - 1, 11, 31)],
  };
}

/** The day after a yyyy-mm-dd date (the report's end is exclusive; the picker's is inclusive). */
function nextDay(date) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The report's period runs from local midnight to local midnight of the site's time zone. */
export function inventoryPath(site, from, to, format, timeZone) {
  const tz = timeZone || 'UTC';
  const at = (date) => new Date(siteMidnight(tz, date)).toISOString();
  const q = new URLSearchParams({ from: at(from), to: at(nextDay(to)) });
  if (format) q.set('format', format);
  return '/sites/' + seg(site) + '/reports/inventory?' + q;
}

export function render({ main, site, query, navigate }) {
  const def = periods().thisMonth;
  const from = query.get('from') || isoDate(def[0]);
  const to = query.get('to') || isoDate(def[1]);
  const fFrom = field({ name: 'from', label: t('inv.from'), type: 'date', required: true, value: from });
  const fTo = field({ name: 'to', label: t('inv.to'), type: 'date', required: true, value: to });
  const go = (a, b) => navigate('#/inventory?' + new URLSearchParams({ from: a, to: b }));
  const form = h(
    'form.filters#period-form',
    {
      onsubmit: (e) => {
        e.preventDefault();
        if (!fFrom.control.value || !fTo.control.value || fFrom.control.value > fTo.control.value) {
          fTo.control.setCustomValidity(t('inv.badPeriod'));
          fTo.control.reportValidity();
          fTo.control.setCustomValidity('');
          return;
        }
        go(fFrom.control.value, fTo.control.value);
      },
    },
    fFrom,
    fTo,
    h('div.actions', h('button.primary', { type: 'submit' }, t('inv.show'))),
    h(
      'div.presets',
      { role: 'group', 'aria-label': t('inv.presets') },
      Object.entries(periods()).map(([k, [a, b]]) => h('button', { type: 'button', dataset: { preset: k }, onclick: () => go(isoDate(a), isoDate(b)) }, t('inv.preset.' + k)))
    )
  );
  const csv = h(
    'a.button#csv-download',
    { href: inventoryPath(site, from, to, 'csv'), download: 'carbon-inventory-' + site + '-' + from + '-' + to + '.csv' },
    t('inv.csv')
  );
  const body = h('div#inventory', loading());
  main.append(
    h('div.page-head', h('h1', { tabindex: '-1' }, t('inv.title')), h('p.muted', t('inv.subtitle', { site, from: fmtDate(from), to: fmtDate(to) }))),
    form,
    h('p.actions', csv),
    body
  );
  const charts = [];

  (async () => {
    let rep;
    try {
      const timeZone = await get('/sites/' + seg(site) + '/model').then((m) => m.timeZone, () => 'UTC');
      csv.href = inventoryPath(site, from, to, 'csv', timeZone);
      rep = await get(inventoryPath(site, from, to, null, timeZone));
    } catch (e) {
      clear(body).append(errorState(e, t('inv.title')));
      return;
    }
    clear(body);
    const totals = rep.totals || {};
    const kpi = (key, v) => h('div', { dataset: { total: key } }, h('dt', t('inv.total.' + key)), h('dd', fmtQty(v, 'tCO2e', 3)));
    body.append(
      h(
        'section.card#inventory-totals',
        { 'aria-labelledby': 'tot-h' },
        h('h2#tot-h', t('inv.totals')),
        h('dl.kpis', kpi('gross', totals.grossTco2e), kpi('removals', totals.removalsTco2e), kpi('offsets', totals.offsetsTco2e), kpi('net', totals.netTco2e)),
        rep.note ? h('p.muted.small', pick(rep.note)) : null
      )
    );
    const sources = rep.sources || [];
    if (sources.length === 0 && (rep.removals || []).length === 0 && (rep.offsets || []).length === 0) {
      body.append(emptyState(t('inv.empty')));
      return;
    }
    const groups = [
      ['byScope', totals.byScope, (k) => tEnum('scope', k)],
      ['byGas', totals.byGas, (k) => tEnum('gas', k)],
      ['bySeu', totals.bySeu, (k) => k],
    ];
    const chartRow = h('div.grid.charts');
    body.append(chartRow);
    body.append(...[sourceSection('sources', sources), sourceSection('removals', rep.removals || []), sourceSection('offsets', rep.offsets || [])].filter(Boolean));
    for (const [key, values, label] of groups) {
      const entries = Object.entries(values || {}).filter(([, v]) => v !== 0);
      if (entries.length === 0) continue;
      body.append(
        h(
          'section.card',
          { id: 'inv-' + key, 'aria-labelledby': 'inv-h-' + key },
          h('h2', { id: 'inv-h-' + key }, t('inv.' + key)),
          table(
            null,
            [t('inv.col.' + key), t('inv.col.co2eT'), t('inv.col.share')],
            entries.map(([k, v]) => h('tr', { dataset: { row: k } }, h('th', { scope: 'row' }, label(k)), num(fmtQty(v, 'tCO2e', 3)), num(totals.grossTco2e ? fmtNumber((100 * v) / totals.grossTco2e, 1) + '\u00a0%' : '—')))
          ),
          // SEU totals come from the job's SEU series and may overlap: they need not sum to the total.
          key === 'bySeu' ? h('p.muted.small#inv-byseu-note', t('inv.bySeu.note')) : null
        )
      );
      const el = h('div.chart', { role: 'img', 'aria-label': t('inv.chart', { group: t('inv.' + key) }) });
      chartRow.append(h('figure.card', h('figcaption', t('inv.' + key)), el));
      const data = entries.map(([k, v]) => ({ name: label(k), value: v }));
      requestAnimationFrame(() => {
        const c = chart(el);
        if (!c) return;
        charts.push(c);
        c.setOption(
          key === 'byScope'
            ? { tooltip: { valueFormatter: (v) => fmtQty(v, 'tCO2e', 3) }, legend: { bottom: 0 }, series: [{ type: 'pie', radius: ['30%', '60%'], center: ['50%', '45%'], data, label: { formatter: '{d}%' } }] }
            : {
                tooltip: { trigger: 'axis', valueFormatter: (v) => fmtQty(v, 'tCO2e', 3) },
                grid: { left: 70, right: 16, top: 30, bottom: 50 },
                xAxis: { type: 'category', data: data.map((d) => d.name), axisLabel: { interval: 0, rotate: data.length > 4 ? 30 : 0 } },
                yAxis: { type: 'value', name: unitLabel('tCO2e') },
                series: [{ type: 'bar', data: data.map((d) => d.value) }],
              }
        );
      });
    }
  })();

  return () => charts.forEach((c) => c.cwDispose());
}

/** Sources (or removals, offsets): activity data, factor and lineage, scope, SEUs, tCO2e. */
function sourceSection(kind, rows) {
  if (rows.length === 0 && kind !== 'sources') return null;
  return h(
    'section.card',
    { id: 'inv-' + kind, 'aria-labelledby': 'inv-h-' + kind },
    h('h2', { id: 'inv-h-' + kind }, t('inv.' + kind)),
    rows.length === 0
      ? emptyState(t('inv.noSources'))
      : table(
          null,
          [t('inv.col.source'), t('inv.col.type'), t('inv.col.scope'), t('inv.col.seus'), t('inv.col.activity'), t('inv.col.factor'), t('inv.col.co2eT')],
          rows.map((r) =>
            h(
              'tr',
              { dataset: { source: r.id } },
              h('th', { scope: 'row' }, r.id, r.name ? h('br') : null, r.name ? h('small', pick(r.name)) : null),
              h('td', tEnum('sourceType', r.type)),
              h('td', r.scope === null || r.scope === undefined ? '—' : tEnum('scope', 'scope' + r.scope)),
              h('td', (r.seus || []).join(', ') || '—'),
              num(r.activity === undefined ? '—' : fmtQty(r.activity, r.activityUnit, 3) + (r.activityQuantity ? ' · ' + tEnum('energy', r.activityQuantity) : '')),
              h('td.small', r.lineage ? r.lineage.factorId + (r.lineage.gwpSet ? ' · ' + r.lineage.gwpSet : '') : r.factor || r.gas || '—'),
              num(fmtQty(r.tco2e, 'tCO2e', 3))
            )
          ),
          { id: 'inv-table-' + kind }
        )
  );
}
