// Live SEU dashboard: power and emission rate per SEU from the live stream, today's energy and
// emissions against the baseline-expected value, intensity, CUSUM, data-quality badges and the
// status of edge agents and meters.

import { get, seg } from '../api.js';
import { fmtDateTime, fmtPercent, fmtQty, fmtTime, t, tEnum, unitLabel } from '../i18n.js';
import { badge, chart, clear, emptyState, errorState, h, loading, num, table } from '../ui.js';

/** A SEU whose last sample is older than this is shown as stale. */
const STALE_AFTER_MS = 60_000;
/** The sparkline shows this much history. */
const WINDOW_MS = 10 * 60_000;
const UNCALIBRATED = new Set(['calibration_overdue', 'calibration_failed']);

export function render({ main, site, hub }) {
  const cards = new Map(); // seu -> {el, power, rate, time, badges, chart}
  const grid = h('div.grid.seu-grid', { id: 'seu-grid', 'aria-live': 'off' });
  const waiting = emptyState(t('live.waiting'));
  const todayBox = h('section.card', { 'aria-labelledby': 'today-h' }, h('h2#today-h', t('live.today.title')), loading());
  const cusumBox = h('section.card', { 'aria-labelledby': 'cusum-h' }, h('h2#cusum-h', t('live.cusum.title')), loading());
  const statusBox = h('section.card', { 'aria-labelledby': 'status-h' }, h('h2#status-h', t('live.status.title')), loading());
  main.append(
    h('div.page-head', h('h1', { tabindex: '-1' }, t('live.title')), h('p.muted', t('live.subtitle', { site }))),
    h('section', { 'aria-labelledby': 'seu-h' }, h('h2#seu-h.visually-hidden', t('live.seus')), waiting, grid),
    todayBox,
    cusumBox,
    statusBox
  );

  function card(seu) {
    let c = cards.get(seu);
    if (c) return c;
    waiting.remove();
    const power = h('span.value', { dataset: { field: 'power' } }, '—');
    const rate = h('span.value', { dataset: { field: 'rate' } }, '—');
    const time = h('span.time', '—');
    const badges = h('span.badges');
    const spark = h('div.spark', { 'aria-hidden': 'true' });
    const el = h(
      'article.card.seu',
      { dataset: { seu }, 'aria-labelledby': 'seu-' + seu },
      h('header', h('h3', { id: 'seu-' + seu }, seu), badges),
      h(
        'dl.metrics',
        h('div', h('dt', t('live.power')), h('dd', power)),
        h('div', h('dt', t('live.emissionRate')), h('dd', rate))
      ),
      spark,
      h('p.muted.small', t('live.lastSample'), ' ', time)
    );
    grid.append(el);
    c = { el, power, rate, time, badges, spark, chart: null, last: null };
    cards.set(seu, c);
    requestAnimationFrame(() => {
      c.chart = chart(spark);
      if (c.chart) {
        c.chart.setOption({
          animation: false,
          grid: { left: 40, right: 8, top: 8, bottom: 20 },
          xAxis: { type: 'time', splitNumber: 3, axisLabel: { fontSize: 10, hideOverlap: true, formatter: '{HH}:{mm}:{ss}' } },
          yAxis: { type: 'value', name: unitLabel('kW'), nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10 }, scale: true },
          tooltip: { trigger: 'axis', valueFormatter: (v) => fmtQty(v, 'kW') },
          series: [{ type: 'line', showSymbol: false, name: t('live.power'), data: [] }],
        });
        updateChart(seu);
      }
    });
    return c;
  }

  function updateChart(seu) {
    const c = cards.get(seu);
    if (!c || !c.chart) return;
    const hist = hub.history.get(seu) || [];
    // A fixed trailing window, so one sample or a burst of samples still reads as time.
    const last = hist.length ? new Date(hist[hist.length - 1].time).getTime() : Date.now();
    c.chart.setOption({
      xAxis: { min: last - WINDOW_MS, max: last },
      series: [{ data: hist.map((s) => [s.time, s.powerKw]) }],
    });
  }

  function qualityBadges(c) {
    clear(c.badges);
    const s = c.last;
    if (!s) return;
    const stale = Date.now() - new Date(s.time).getTime() > STALE_AFTER_MS;
    c.el.dataset.stale = String(stale);
    if (stale) c.badges.append(badge('stale', t('quality.stale'), 'warn'));
    if (s.quality === 'estimated') c.badges.append(badge('estimated', t('quality.estimated'), 'info'));
    if (UNCALIBRATED.has(s.quality)) c.badges.append(badge('uncalibrated', t('quality.uncalibrated'), 'bad'));
    if (s.quality && s.quality !== 'good' && s.quality !== 'estimated' && !UNCALIBRATED.has(s.quality)) {
      c.badges.append(badge('quality', tEnum('quality', s.quality), 'warn'));
    }
    if (!stale && (s.quality === 'good' || !s.quality)) c.badges.append(badge('good', t('quality.good'), 'ok'));
  }

  function show(s) {
    const c = card(s.seu);
    c.last = s;
    c.power.textContent = fmtQty(s.powerKw, 'kW', 1);
    c.rate.textContent = fmtQty(s.emissionRateKgCo2ePerH, 'kgCO2e/h', 1);
    c.time.textContent = fmtTime(s.time);
    c.time.setAttribute('title', fmtDateTime(s.time));
    c.el.dataset.sampleTime = s.time;
    qualityBadges(c);
    updateChart(s.seu);
  }

  for (const s of hub.latest.values()) show(s);
  const off = hub.on('live', show);
  const staleTimer = setInterval(() => cards.forEach(qualityBadges), 5000);

  loadToday(site, todayBox, cusumBox, card);
  loadStatus(site, statusBox);

  return () => {
    off();
    clearInterval(staleTimer);
    cards.forEach((c) => c.chart && c.chart.cwDispose());
    if (cusumBox.chart) cusumBox.chart.cwDispose();
  };
}

async function loadToday(site, box, cusumBox, card) {
  let res;
  try {
    res = await get('/sites/' + seg(site) + '/performance/today');
  } catch (e) {
    replaceBody(box, errorState(e, t('live.today.title')));
    replaceBody(cusumBox, errorState(e, t('live.cusum.title')));
    return;
  }
  const seus = res.seus || [];
  if (seus.length === 0) {
    replaceBody(box, emptyState(t('live.today.empty')));
    replaceBody(cusumBox, emptyState(t('live.cusum.empty')));
    return;
  }
  seus.forEach((s) => card(s.seu));
  const rows = seus.map((s) => {
    const dev = s.expectedEnergyKwh ? (100 * (s.energyKwh - s.expectedEnergyKwh)) / s.expectedEnergyKwh : null;
    return h(
      'tr',
      { dataset: { seu: s.seu } },
      h('th', { scope: 'row' }, s.name ? s.seu + ' · ' + s.name : s.seu),
      num(fmtQty(s.energyKwh, 'kWh', 0)),
      num(fmtQty(s.expectedEnergyKwh, 'kWh', 0)),
      h(dev > 0 ? 'td.num.over' : 'td.num', fmtPercent(dev)),
      num(fmtQty(s.emissionsT, 'tCO2e', 3)),
      num(fmtQty(s.expectedEmissionsT, 'tCO2e', 3)),
      num(s.intensity ? fmtQty(s.intensity.value, s.intensity.unit, 3) : '—')
    );
  });
  replaceBody(
    box,
    table(
      null,
      [
        t('live.seu'),
        t('live.today.energy'),
        t('live.today.expectedEnergy'),
        t('live.today.deviation'),
        t('live.today.emissions'),
        t('live.today.expectedEmissions'),
        t('live.today.intensity'),
      ],
      rows
    ),
    res.asOf ? h('p.muted.small', t('live.asOf', { time: fmtDateTime(res.asOf) })) : null
  );
  const withCusum = seus.filter((s) => Array.isArray(s.cusum) && s.cusum.length > 0);
  if (withCusum.length === 0) {
    replaceBody(cusumBox, emptyState(t('live.cusum.empty')));
    return;
  }
  const el = h('div.chart', { role: 'img', 'aria-label': t('live.cusum.aria') });
  replaceBody(cusumBox, h('p.muted.small', t('live.cusum.help')), el);
  cusumBox.chart = chart(el);
  if (cusumBox.chart) {
    cusumBox.chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: (v) => fmtQty(v, 'kWh', 1) },
      legend: {},
      grid: { left: 60, right: 16, top: 36, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: unitLabel('kWh') },
      series: withCusum.map((s) => ({
        type: 'line',
        name: s.seu,
        showSymbol: false,
        data: s.cusum.map((p) => [p.time, p.value]),
      })),
    });
  }
}

async function loadStatus(site, box) {
  let res;
  try {
    res = await get('/sites/' + seg(site) + '/status');
  } catch (e) {
    replaceBody(box, errorState(e, t('live.status.title')));
    return;
  }
  const agents = res.agents || [];
  const meters = res.meters || [];
  const parts = [];
  parts.push(h('h3', t('live.status.agents')));
  parts.push(
    agents.length === 0
      ? emptyState(t('live.status.noAgents'))
      : table(
          null,
          [t('live.status.agent'), t('live.status.state'), t('live.status.version'), t('live.status.since'), t('live.status.alarms')],
          agents.map((a) => [
            a.agent,
            badge('agent-state', tEnum('agentState', a.state), a.state === 'online' ? 'ok' : 'bad'),
            a.version || '—',
            fmtDateTime(a.time),
            (a.alarms || []).join(', ') || '—',
          ])
        )
  );
  parts.push(h('h3', t('live.status.meters')));
  parts.push(
    meters.length === 0
      ? emptyState(t('live.status.noMeters'))
      : table(
          null,
          [t('live.status.meter'), t('live.status.quality'), t('live.status.lastReading'), t('instruments.calibration')],
          meters.map((m) => [
            m.meter || m.id,
            badge('quality', tEnum('quality', m.quality), m.quality === 'good' ? 'ok' : 'warn'),
            fmtDateTime(m.lastReadingAt || m.time),
            m.calibration ? badge('calibration', tEnum('calibration', m.calibration), m.calibration === 'ok' ? 'ok' : 'bad') : '—',
          ])
        )
  );
  replaceBody(box, ...parts);
}

/** Keeps a section's heading and replaces the rest. */
function replaceBody(box, ...nodes) {
  const head = box.querySelector('h2');
  clear(box);
  box.append(head, ...nodes.filter(Boolean));
}

