// Carbon inventory (碳清单, 6.1.2) for a period: totals, and tables and charts by source, gas,
// scope and SEU, with CSV download of the same report.

import { get, seg } from '../api.js';
import { fmtDate, fmtNumber, fmtQty, has, t, tEnum, unitLabel } from '../i18n.js';
import { chart, clear, emptyState, errorState, field, h, isoDate, loading, num, table } from '../ui.js';

const GROUPS = ['bySource', 'byGas', 'byScope', 'bySeu'];
/** Which field names the group's rows by (first column), and the enum group for its label. */
const GROUP_KEY = { bySource: ['source', null], byGas: ['gas', 'gas'], byScope: ['scope', 'scope'], bySeu: ['seu', null] };

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

export function inventoryPath(site, from, to, format) {
  const q = new URLSearchParams({ from, to });
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
      rep = await get(inventoryPath(site, from, to));
    } catch (e) {
      clear(body).append(errorState(e, t('inv.title')));
      return;
    }
    clear(body);
    const totals = rep.totals || {};
    const hasData = GROUPS.some((g) => Array.isArray(rep[g]) && rep[g].length > 0);
    body.append(
      h(
        'section.card#inventory-totals',
        { 'aria-labelledby': 'tot-h' },
        h('h2#tot-h', t('inv.totals')),
        h(
          'dl.kpis',
          Object.entries(totals).map(([k, v]) => h('div', { dataset: { total: k } }, h('dt', has('inv.total.' + k) ? t('inv.total.' + k) : k), h('dd', typeof v === 'object' && v ? fmtQty(v.value, v.unit, 3) : fmtQty(v, 'tCO2e', 3))))
        )
      )
    );
    if (!hasData) {
      body.append(emptyState(t('inv.empty')));
      return;
    }
    const chartRow = h('div.grid.charts');
    body.append(chartRow);
    for (const g of GROUPS) {
      const rows = rep[g];
      if (!Array.isArray(rows) || rows.length === 0) continue;
      body.append(h('section.card', { id: 'inv-' + g, 'aria-labelledby': 'inv-h-' + g }, h('h2', { id: 'inv-h-' + g }, t('inv.' + g)), genericTable(g, rows)));
      if (g !== 'bySource') {
        const el = h('div.chart', { role: 'img', 'aria-label': t('inv.chart', { group: t('inv.' + g) }) });
        chartRow.append(h('figure.card', h('figcaption', t('inv.' + g)), el));
        requestAnimationFrame(() => {
          const c = chart(el);
          if (!c) return;
          charts.push(c);
          const [key, en] = GROUP_KEY[g];
          const data = rows.map((r) => ({ name: en ? tEnum(en, r[key]) : String(r[key]), value: co2e(r) }));
          c.setOption(
            g === 'byScope'
              ? { tooltip: { valueFormatter: (v) => fmtQty(v, 'tCO2e', 3) }, series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}: {d}%' } }] }
              : {
                  tooltip: { trigger: 'axis', valueFormatter: (v) => fmtQty(v, 'tCO2e', 3) },
                  grid: { left: 70, right: 16, top: 30, bottom: 40 },
                  xAxis: { type: 'category', data: data.map((d) => d.name), axisLabel: { interval: 0, rotate: data.length > 5 ? 30 : 0 } },
                  yAxis: { type: 'value', name: unitLabel('tCO2e') },
                  series: [{ type: 'bar', data: data.map((d) => d.value) }],
                }
          );
        });
      }
    }
    if (rep.lineage || rep.sources) {
      body.append(h('p.muted.small', t('inv.lineageNote')));
    }
  })();

  return () => charts.forEach((c) => c.cwDispose());
}

function co2e(r) {
  const v = r.co2eT ?? r.tCO2e ?? r.co2e ?? r.emissionsT;
  return typeof v === 'object' && v ? v.value : v;
}

/** Columns present in the rows, in a stable order; numbers formatted; {value, unit} as quantities. */
function genericTable(group, rows) {
  const [key, en] = GROUP_KEY[group];
  const cols = [key];
  rows.forEach((r) =>
    Object.entries(r).forEach(([k, v]) => {
      if (cols.includes(k)) return;
      if (v === null || typeof v !== 'object' || 'value' in v) cols.push(k);
    })
  );
  return table(
    null,
    cols.map((c) => (has('inv.col.' + c) ? t('inv.col.' + c) : c)),
    rows.map((r) =>
      h(
        'tr',
        { dataset: { row: String(r[key]) } },
        cols.map((c, i) => {
          const v = r[c];
          if (i === 0) return h('th', { scope: 'row' }, en ? tEnum(en, v) : String(v ?? '—'));
          if (v && typeof v === 'object') return num(fmtQty(v.value, v.unit, 3));
          if (typeof v === 'number') return num(unitForColumn(c) ? fmtQty(v, unitForColumn(c), 3) : fmtNumber(v, 3));
          if (en === null && c === 'gas') return h('td', tEnum('gas', v));
          if (c === 'scope') return h('td', tEnum('scope', v));
          return h('td', v === null || v === undefined ? '—' : String(v));
        })
      )
    )
  );
}

/** Unit implied by a column name (units live in names, e.g. co2eT → tCO2e, activityKwh → kWh). */
function unitForColumn(c) {
  if (/co2eT$|CO2e$|emissionsT$/i.test(c)) return 'tCO2e';
  if (/MassT$|massT$/.test(c)) return 't';
  if (/Kwh$/i.test(c)) return 'kWh';
  if (/Gj$/i.test(c)) return 'GJ';
  if (/Tce$/i.test(c)) return 'tce';
  if (/Percent$/i.test(c)) return '%';
  return null;
}
