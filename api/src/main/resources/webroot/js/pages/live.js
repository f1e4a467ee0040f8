// Live SEU dashboard: power and emission rate per SEU from the live stream, today's energy and
// emissions against the baseline-expected value, intensity, CUSUM, data-quality badges and the
// status of edge agents and meters.

import { get, seg } from '../api.js';
import { fmtDate, fmtDateTime, fmtPercent, fmtQty, fmtTime, pick, t, tEnum, unitLabel } from '../i18n.js';
import { calibrationBadge, statusBadge } from './instruments.js';
import { badge, chart, clear, emptyState, errorState, h, loading, num, table } from '../ui.js';
import { startOfSiteDay } from '../time.js';

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
  const statusBox = h('section.card#status-section', { 'aria-labelledby': 'status-h' }, h('h2#status-h', t('live.status.title')), loading());
  const intensityBox = h('section.card#intensity-section', { 'aria-labelledby': 'intensity-h' }, h('h2#intensity-h', t('live.intensity.title')), loading());
  let seuNames = new Map(); // seu id -> {zh-CN, en} from the site model
  main.append(
    h('div.page-head', h('h1', { tabindex: '-1' }, t('live.title')), h('p.muted', t('live.subtitle', { site }))),
    h('section', { 'aria-labelledby': 'seu-h' }, h('h2#seu-h.visually-hidden', t('live.seus')), waiting, grid),
    todayBox,
    intensityBox,
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
    const title = h('h3', { id: 'seu-' + seu });
    const el = h(
      'article.card.seu',
      { dataset: { seu }, 'aria-labelledby': 'seu-' + seu },
      h('header', title, badges),
      h(
        'dl.metrics',
        h('div', h('dt', t('live.power')), h('dd', power)),
        h('div', h('dt', t('live.emissionRate')), h('dd', rate))
      ),
      spark,
      h('p.muted.small', t('live.lastSample'), ' ', time)
    );
    grid.append(el);
    c = { el, power, rate, time, badges, spark, title, chart: null, last: null };
    cards.set(seu, c);
    nameCard(seu);
    requestAnimationFrame(() => {
      c.chart = chart(spark);
      if (c.chart) {
        c.chart.setOption({
          animation: false,
          grid: { left: 40, right: 8, top: 8, bottom: 20 },
          xAxis: { type: 'time', splitNumber: 3, axisLabel: { fontSize: 10, hideOverlap: true, formatter: '{HH}:{mm}:{ss}' } },
          yAxis: { type: 'value', name: unitLabel('kW'), nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10 }, scale: true },
          tooltip: { trigger: 'axis', valueFormatter: (v) => fmtQty(v, 'kW') },
          series: [{ type: 'line', showSymbol: true, symbolSize: 4, name: t('live.power'), data: [] }],
        });
        updateChart(seu);
      }
    });
    return c;
  }

  /** The SEU's name from the site model, with its id; the bare id until the model is known. */
  function nameCard(seu) {
    const c = cards.get(seu);
    if (!c) return;
    const name = seuNames.has(seu) ? pick(seuNames.get(seu)) : '';
    clear(c.title);
    if (name && name !== seu) {
      c.title.append(name, ' ', h('span.muted.small', { dataset: { field: 'seu-id' } }, seu));
    } else {
      c.title.append(seu);
    }
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

  const model = loadModel(site);
  loadToday(site, todayBox, cusumBox, model);
  loadStatus(site, statusBox, model);
  model.then(
    (model) => {
      seuNames = new Map((model.seus || []).map((u) => [u.id, u.name]));
      cards.forEach((c, seu) => nameCard(seu));
      loadIntensity(site, model, intensityBox);
    },
    (e) => replaceBody(intensityBox, errorState(e, t('live.intensity.title')))
  );

  return () => {
    off();
    clearInterval(staleTimer);
    cards.forEach((c) => c.chart && c.chart.cwDispose());
    if (cusumBox.chart) cusumBox.chart.cwDispose();
  };
}

/**
 * Period of a baseline's granularity that contains now, with the history step to use. Days follow
 * the site's time zone (a Shanghai day starts at 16:00Z), as the stream job's daily windows do.
 */
function currentPeriod(granularity, timeZone) {
  const now = new Date();
  if (granularity === 'hourly') {
    const hour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
    return { from: new Date(hour), to: new Date(hour + 3_600_000), step: 'PT1H', cusumFrom: new Date(hour - 48 * 3_600_000) };
  }
  // Daily and monthly baselines: today, and the last 30 days for CUSUM.
  const day = startOfSiteDay(timeZone || 'UTC', now);
  const next = startOfSiteDay(timeZone || 'UTC', new Date(day + 36 * 3_600_000));
  return { from: new Date(day), to: new Date(next), step: 'P1D', cusumFrom: new Date(day - 30 * 86_400_000) };
}

function historyPath(site, q) {
  return '/sites/' + seg(site) + '/history?' + new URLSearchParams(q);
}

const sumPoints = (res) => {
  const vals = (res.points || []).map((p) => p[1]).filter((v) => v !== null && v !== undefined);
  return vals.length ? vals.reduce((a, b) => a + b, 0) : null;
};

/**
 * Today against the baseline: for every approved baseline (latest version) the actual and the
 * baseline-expected value of the current period, the target's emissions today, and CUSUM, all
 * from the stored history the stream job writes.
 */
async function loadToday(site, box, cusumBox, model) {
  const timeZone = await model.then((m) => m.timeZone, () => 'UTC');
  let versions;
  try {
    versions = await get('/sites/' + seg(site) + '/baselines');
  } catch (e) {
    replaceBody(box, errorState(e, t('live.today.title')));
    replaceBody(cusumBox, errorState(e, t('live.cusum.title')));
    return;
  }
  const latest = new Map();
  for (const v of Array.isArray(versions) ? versions : versions.items || []) {
    const cur = latest.get(v.baselineId);
    if (!cur || v.version > cur.version) latest.set(v.baselineId, v);
  }
  if (latest.size === 0) {
    replaceBody(box, emptyState(t('live.today.noBaseline')));
    replaceBody(cusumBox, emptyState(t('live.cusum.empty')));
    return;
  }
  let rows;
  try {
    rows = await Promise.all(
      [...latest.values()].map(async (v) => {
        const m = v.model || {};
        const p = currentPeriod(String(m.granularity || '').toLowerCase(), timeZone);
        const base = { measurement: 'performance', id: m.target, from: p.from.toISOString(), to: p.to.toISOString(), step: p.step };
        const [actual, expected, cusum, emissions] = await Promise.all([
          get(historyPath(site, { ...base, field: 'actual' })),
          get(historyPath(site, { ...base, field: 'expected' })),
          get(historyPath(site, { ...base, field: 'cusum', from: p.cusumFrom.toISOString() })),
          get(historyPath(site, { measurement: 'emissions', level: 'seu', id: m.target, metric: 'emissions', from: p.from.toISOString(), to: p.to.toISOString(), step: p.step })),
        ]);
        const emissionsKg = sumPoints(emissions);
        return { v, m, actual: sumPoints(actual), expected: sumPoints(expected), cusum: cusum.points || [], emissionsT: emissionsKg === null ? null : emissionsKg / 1000 };
      })
    );
  } catch (e) {
    replaceBody(box, errorState(e, t('live.today.title')));
    replaceBody(cusumBox, errorState(e, t('live.cusum.title')));
    return;
  }
  replaceBody(
    box,
    table(
      null,
      [t('live.today.target'), t('live.today.baseline'), t('live.today.actual'), t('live.today.expected'), t('live.today.deviation'), t('live.today.emissions'), t('live.today.cusum')],
      rows.map((r) => {
        const dev = r.expected ? (100 * (r.actual - r.expected)) / r.expected : null;
        const last = r.cusum.length ? r.cusum[r.cusum.length - 1][1] : null;
        return h(
          'tr',
          { dataset: { target: r.m.target, baseline: r.v.baselineId } },
          h('th', { scope: 'row' }, r.m.target + ' · ' + tEnum('metric', r.m.metric)),
          h('td', r.v.baselineId + ' ' + t('baselines.version', { v: r.v.version })),
          num(fmtQty(r.actual, r.m.unit, 1)),
          num(fmtQty(r.expected, r.m.unit, 1)),
          h(dev > 0 ? 'td.num.over' : 'td.num', { dataset: { field: 'deviation' } }, fmtPercent(dev)),
          num(fmtQty(r.emissionsT, 'tCO2e', 3)),
          num(fmtQty(last, r.m.unit, 1))
        );
      }),
      { id: 'today-table' }
    ),
    h('p.muted.small', t('live.today.help'))
  );
  const withCusum = rows.filter((r) => r.cusum.length > 0);
  if (withCusum.length === 0) {
    replaceBody(cusumBox, emptyState(t('live.cusum.empty')));
    return;
  }
  const el = h('div.chart#cusum-chart', { role: 'img', 'aria-label': t('live.cusum.aria') });
  replaceBody(cusumBox, h('p.muted.small', t('live.cusum.help')), el);
  cusumBox.chart = chart(el);
  if (cusumBox.chart) {
    const units = [...new Set(withCusum.map((r) => r.m.unit))];
    cusumBox.chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 70, right: 16, top: 36, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: units.map(unitLabel).join(' / ') },
      series: withCusum.map((r) => ({
        type: 'line',
        name: r.m.target + ' (' + unitLabel(r.m.unit) + ')',
        showSymbol: r.cusum.length < 40,
        data: r.cusum.map((p) => [p[0], p[1]]),
        tooltip: { valueFormatter: (v) => fmtQty(v, r.m.unit, 1) },
      })),
    });
  }
}

function loadModel(site) {
  return get('/sites/' + seg(site) + '/model');
}

/**
 * Today's intensity (the site's local day) of every intensity parameter: the target's emissions or energy over
 * the relevant variable, both summed from the stored history. A ratio whose units cannot be
 * matched from the site model is shown as "—" rather than guessed.
 */
async function loadIntensity(site, model, box) {
  const params = (model.parameters || []).filter((p) => p.kind === 'intensity' && p.denominator);
  if (params.length === 0) {
    replaceBody(box, emptyState(t('live.intensity.empty')));
    return;
  }
  const names = new Map();
  [...(model.seus || []), ...(model.relevantVariables || []), ...(model.meters || [])].forEach((x) => names.set(x.id, x.name));
  names.set(model.site, model.name);
  const label = (id) => (names.has(id) ? pick(names.get(id)) : id);
  const p = currentPeriod('daily', model.timeZone);
  const span = { from: p.from.toISOString(), to: p.to.toISOString(), step: p.step };
  let rows;
  try {
    rows = await Promise.all(
      params.map(async (pp) => {
        const nq = numeratorQuery(pp, model);
        if (!nq) return { pp, value: null };
        const [top, bottom] = await Promise.all([
          get(historyPath(site, { ...nq.query, id: pp.numerator, ...span })),
          get(historyPath(site, { measurement: 'variables', level: 'variable', id: pp.denominator, ...span })),
        ]);
        const a = sumPoints(top);
        const b = sumPoints(bottom);
        return { pp, value: a === null || !b ? null : (a * nq.scale) / b };
      })
    );
  } catch (e) {
    replaceBody(box, errorState(e, t('live.intensity.title')));
    return;
  }
  replaceBody(
    box,
    table(
      null,
      [t('live.intensity.parameter'), t('live.intensity.ratio'), t('live.intensity.today')],
      rows.map((r) =>
        h(
          'tr',
          { dataset: { parameter: r.pp.id } },
          h('th', { scope: 'row' }, pick(r.pp.name)),
          h('td', label(r.pp.numerator) + ' / ' + label(r.pp.denominator)),
          h('td.num', { dataset: { field: 'intensity' } }, fmtQty(r.value, r.pp.unit, 3))
        )
      ),
      { id: 'intensity-table' }
    ),
    h('p.muted.small', t('live.intensity.help'))
  );
}

/** Which history series is the numerator, and the factor to the parameter's unit; null if unknown. */
function numeratorQuery(pp, model) {
  const unitTop = String(pp.unit || '').split('/')[0];
  const level = pp.numerator === model.site ? 'site' : 'seu';
  if (pp.measure === 'emissions') {
    // The job stores emissions in kgCO2e.
    const scale = unitTop === 'kgCO2e' ? 1 : unitTop === 'tCO2e' ? 0.001 : null;
    return scale === null ? null : { query: { measurement: 'emissions', level, metric: 'emissions' }, scale };
  }
  const seu = (model.seus || []).find((u) => u.id === pp.numerator);
  if (!seu) return null;
  const meters = (model.meters || []).filter((m) => seu.meters.includes(m.id));
  const types = [...new Set(meters.map((m) => m.energyType))];
  if (types.length !== 1) return null;
  // Activity is stored in the unit of the meters' counter channels.
  const units = new Set(meters.flatMap((m) => m.channels.filter((c) => c.kind === 'counter').map((c) => c.unit)));
  if (units.size !== 1 || !units.has(unitTop)) return null;
  return { query: { measurement: 'activity', level: 'seu', metric: types[0] }, scale: 1 };
}

async function loadStatus(site, box, model) {
  // Meter names in the chosen language come from the site model; the ledger keeps one name.
  const meterNames = await model.then(
    (m) => new Map((m.meters || []).map((x) => [x.id, x.name])),
    () => new Map()
  );
  let res = null;
  let statusError = null;
  try {
    res = await get('/sites/' + seg(site) + '/status');
  } catch (e) {
    statusError = e;
  }
  if (statusError && !statusError.notAvailable) {
    replaceBody(box, errorState(statusError, t('live.status.title')));
    return;
  }
  const parts = [h('h3', t('live.status.agents'))];
  if (statusError) {
    parts.push(errorState(statusError, t('live.status.agents')));
  } else {
    const agents = res.agents || [];
    parts.push(
      agents.length === 0
        ? emptyState(t('live.status.noAgents'))
        : table(
            null,
            [t('live.status.agent'), t('live.status.state'), t('live.status.version'), t('live.status.since'), t('live.status.alarms')],
            agents.map((a) =>
              h(
                'tr',
                { dataset: { agent: a.agent, state: a.state } },
                h('th', { scope: 'row' }, a.agent),
                h('td', badge('agent-state', tEnum('agentState', a.state), a.state === 'online' ? 'ok' : 'bad')),
                h('td', a.version || '—'),
                h('td', fmtDateTime(a.time)),
                h('td', (a.alarms || []).join(', ') || '—')
              )
            ),
            { id: 'agent-status' }
          )
    );
  }
  parts.push(h('h3', t('live.status.meters')));
  if (res && Array.isArray(res.meters)) {
    parts.push(
      res.meters.length === 0
        ? emptyState(t('live.status.noMeters'))
        : table(
            null,
            [t('live.status.meter'), t('live.status.quality'), t('live.status.lastReading'), t('instruments.calibration')],
            res.meters.map((m) => [
              m.meter || m.id,
              badge('quality', tEnum('quality', m.quality), m.quality === 'good' ? 'ok' : 'warn'),
              fmtDateTime(m.lastReadingAt || m.time),
              m.calibration ? calibrationBadge(m.calibration) : '—',
            ])
          )
    );
  } else {
    // Without a status endpoint the meters' standing comes from the instrument ledger.
    try {
      const meters = await get('/sites/' + seg(site) + '/instruments');
      parts.push(
        meters.length === 0
          ? emptyState(t('live.status.noMeters'))
          : table(
              null,
              [t('live.status.meter'), t('instruments.name'), t('instruments.status'), t('instruments.calibration'), t('instruments.nextDue')],
              meters.map((m) =>
                h(
                  'tr',
                  { dataset: { meter: m.id, calibration: m.calibration } },
                  h('th', { scope: 'row' }, h('a', { href: '#/instruments/' + encodeURIComponent(m.id) }, m.id)),
                  h('td', meterNames.has(m.id) ? pick(meterNames.get(m.id)) : m.name || '—'),
                  h('td', statusBadge(m.status)),
                  h('td', calibrationBadge(m.calibration)),
                  h('td', fmtDate(m.nextDue))
                )
              ),
              { id: 'meter-status' }
            )
      );
    } catch (e) {
      parts.push(errorState(e, t('live.status.meters')));
    }
  }
  replaceBody(box, ...parts);
}

/** Keeps a section's heading and replaces the rest. */
function replaceBody(box, ...nodes) {
  const head = box.querySelector('h2');
  clear(box);
  box.append(head, ...nodes.filter(Boolean));
}

