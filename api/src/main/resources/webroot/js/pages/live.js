// Live SEU dashboard: power and emission rate per SEU from the live stream, today's energy and
// emissions against the baseline-expected value, intensity, CUSUM, data-quality badges and the
// status of edge agents and meters.

import { get, seg } from '../api.js';
import { fmtDate, fmtDateTime, fmtDateTimeZ, fmtHourMinute, fmtPercent, fmtQty, fmtRange, fmtTime, pick, t, tEnum, unitLabel, zoneSuffix } from '../i18n.js';
import { calibrationBadge, statusBadge } from './instruments.js';
import { badge, chart, clear, emptyState, errorState, h, loading, num, table } from '../ui.js';
import { startOfSiteDay } from '../time.js';

/**
 * A SEU is stale when this browser has received no sample of it for this long, or for three of its
 * usual intervals between samples if that is longer. Judged on arrival time, never on the sample's
 * event time: the demo's simulation runs faster than the wall clock, a replay slower.
 */
const STALE_AFTER_MS = 60_000;
const STALE_INTERVALS = 3;
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
  let powerless = new Set(); // SEUs whose meters have no active-power channel
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
        h('div', { dataset: { metric: 'power' } }, h('dt', t('live.power')), h('dd', power)),
        h('div', h('dt', t('live.emissionRate')), h('dd', rate))
      ),
      spark,
      h('p.muted.small', t('live.lastSample'), ' ', time)
    );
    grid.append(el);
    c = { el, power, rate, time, badges, spark, title, chart: null, last: null };
    cards.set(seu, c);
    nameCard(seu);
    powerRow(seu);
    requestAnimationFrame(() => {
      c.chart = chart(spark);
      if (c.chart) {
        c.chart.setOption({
          animation: false,
          grid: { left: 40, right: 8, top: 8, bottom: 20 },
          xAxis: { type: 'time', splitNumber: 3, axisLabel: { fontSize: 10, hideOverlap: true, formatter: '{HH}:{mm}:{ss}' } },
          yAxis: { type: 'value', name: unitLabel(sparkUnit(seu)), nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10 }, scale: true },
          tooltip: { trigger: 'axis', valueFormatter: (v) => fmtQty(v, sparkUnit(seu)) },
          series: [{ type: 'line', showSymbol: true, symbolSize: 4, name: powerless.has(seu) ? t('live.emissionRate') : t('live.power'), data: [] }],
        });
        updateChart(seu);
      }
    });
    return c;
  }

  /** An SEU without an electrical power channel (a gas boiler) shows no power and charts its emission rate. */
  const sparkUnit = (seu) => (powerless.has(seu) ? 'kgCO2e/h' : 'kW');
  function powerRow(seu) {
    const c = cards.get(seu);
    if (!c) return;
    const none = powerless.has(seu);
    c.el.querySelector('[data-metric="power"]').hidden = none;
    c.el.dataset.power = none ? 'none' : 'metered';
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
    const none = powerless.has(seu);
    c.chart.setOption({
      xAxis: { min: last - WINDOW_MS, max: last },
      yAxis: { name: unitLabel(sparkUnit(seu)) },
      series: [{ name: none ? t('live.emissionRate') : t('live.power'), data: hist.map((s) => [s.time, none ? s.emissionRateKgCo2ePerH : s.powerKw]) }],
    });
  }

  function qualityBadges(c) {
    clear(c.badges);
    const s = c.last;
    if (!s) return;
    const arrived = hub.lastArrival(c.el.dataset.seu);
    const every = hub.interval(c.el.dataset.seu);
    const limit = Math.max(STALE_AFTER_MS, every === null ? 0 : STALE_INTERVALS * every);
    const stale = arrived !== null && Date.now() - arrived > limit;
    c.el.dataset.stale = String(stale);
    if (stale) {
      const b = badge('stale', t('quality.stale'), 'warn');
      b.setAttribute('title', t('quality.staleHelp', { seconds: Math.round(limit / 1000) }));
      c.badges.append(b);
    }
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
    // The sample's own (event) time, in the site's zone; staleness goes by arrival instead.
    c.time.textContent = fmtTime(s.time) + zoneSuffix();
    c.time.setAttribute('title', fmtDateTimeZ(s.time));
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
      powerless = powerlessSeus(model);
      cards.forEach((c, seu) => {
        nameCard(seu);
        powerRow(seu);
        updateChart(seu);
      });
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

/** SEUs none of whose meters has an active-power channel: their cards show no power. */
function powerlessSeus(model) {
  const meters = new Map((model.meters || []).map((m) => [m.id, m]));
  const out = new Set();
  for (const u of model.seus || []) {
    const known = (u.meters || []).map((id) => meters.get(id)).filter(Boolean);
    if (known.length && !known.some((m) => (m.channels || []).some((c) => c.quantity === 'active_power'))) out.add(u.id);
  }
  return out;
}

function historyPath(site, q) {
  return '/sites/' + seg(site) + '/history?' + new URLSearchParams(q);
}

const sumPoints = (res) => {
  const vals = (res.points || []).map((p) => p[1]).filter((v) => v !== null && v !== undefined);
  return vals.length ? vals.reduce((a, b) => a + b, 0) : null;
};

const HOUR_MS = 3_600_000;

/** The site's current local day: [from, to) as Dates. */
function siteToday(timeZone) {
  const day = startOfSiteDay(timeZone || 'UTC', new Date());
  const next = startOfSiteDay(timeZone || 'UTC', new Date(day + 36 * HOUR_MS));
  return { from: new Date(day), to: new Date(next) };
}

/**
 * Today so far: the job writes a `1d` window only once the site's day has closed, so the open day
 * is the sum of its closed `1h` windows. Each query's points are cut at the last hour all of them
 * have (so a ratio compares the same hours); returns the sums and the end of that hour, or nulls
 * when no hour of today has closed with data.
 */
async function todaySoFar(site, timeZone, queries) {
  const day = siteToday(timeZone);
  const span = { from: day.from.toISOString(), to: day.to.toISOString(), step: 'PT1H' };
  const results = await Promise.all(queries.map((q) => get(historyPath(site, { ...q, ...span }))));
  const ends = results.map((r) => {
    const pts = (r.points || []).filter((p) => p[1] !== null && p[1] !== undefined);
    return pts.length ? new Date(pts[pts.length - 1][0]).getTime() + HOUR_MS : null;
  });
  if (ends.some((e) => e === null)) return { sums: results.map(() => null), until: null };
  const until = Math.min(...ends);
  const sums = results.map((r) => sumPoints({ points: (r.points || []).filter((p) => new Date(p[0]).getTime() < until) }));
  return { sums, until: new Date(until).toISOString() };
}

/** "to 11:00 (Asia/Shanghai)" under a so-far value; empty when nothing has closed yet. */
function soFarNote(until) {
  return h('small.muted.so-far', { dataset: { until: until || '' } }, until ? t('live.soFar.until', { time: fmtHourMinute(until) + zoneSuffix() }) : t('live.soFar.none'));
}

/** The baseline's granularity in one spelling: hourly, daily or monthly. */
function granularityOf(g) {
  const s = String(g || '').toLowerCase();
  return s.startsWith('hour') ? 'hourly' : s.startsWith('month') ? 'monthly' : 'daily';
}

/**
 * The baselines the stream job evaluates: the latest approved version of each, and the site model's
 * baselines with a pre-fitted model that have no approved version yet (the job uses those until
 * one is approved). Each as {id, version, source, target, metric, unit, granularity, name}.
 */
export function evaluatedBaselines(versions, model) {
  const latest = new Map();
  for (const v of versions) {
    const cur = latest.get(v.baselineId);
    if (!cur || v.version > cur.version) latest.set(v.baselineId, v);
  }
  const out = [...latest.values()].map((v) => {
    const m = v.model || {};
    return { id: v.baselineId, version: v.version, source: 'approved', target: m.target, metric: m.metric, unit: m.unit, granularity: granularityOf(m.granularity) };
  });
  for (const b of (model && model.baselines) || []) {
    if (!b.model || latest.has(b.id)) continue;
    out.push({ id: b.id, version: null, source: 'site-model', target: b.target, metric: b.metric, unit: b.unit, granularity: granularityOf(b.granularity), name: b.name });
  }
  return out;
}

/**
 * Today against the baseline, for every baseline the job evaluates (approved or from the site
 * model): the last closed period of its granularity with actual, baseline-expected and deviation
 * (the job judges a period once it has closed), the target's energy or emissions today so far from
 * the closed hours, its tCO2e today so far, and CUSUM — all from the stored history.
 */
async function loadToday(site, box, cusumBox, modelP) {
  const model = await modelP.catch(() => null);
  const timeZone = (model && model.timeZone) || 'UTC';
  let versions;
  try {
    versions = await get('/sites/' + seg(site) + '/baselines');
  } catch (e) {
    replaceBody(box, errorState(e, t('live.today.title')));
    replaceBody(cusumBox, errorState(e, t('live.cusum.title')));
    return;
  }
  const baselines = evaluatedBaselines(Array.isArray(versions) ? versions : versions.items || [], model);
  if (baselines.length === 0) {
    replaceBody(box, emptyState(t('live.today.noBaseline')));
    replaceBody(cusumBox, emptyState(t('live.cusum.empty')));
    return;
  }
  const now = Date.now();
  const day = siteToday(timeZone);
  let rows;
  try {
    rows = await Promise.all(
      baselines.map(async (b) => {
        const level = model && b.target === model.site ? 'site' : 'seu';
        // Monthly windows (1mo) are not served by the history API: their rows show "—".
        const span =
          b.granularity === 'hourly'
            ? { step: 'PT1H', from: new Date(now - 48 * HOUR_MS), to: new Date(now + HOUR_MS) }
            : b.granularity === 'daily'
              ? { step: 'P1D', from: new Date(day.from.getTime() - 30 * 24 * HOUR_MS), to: day.to }
              : null;
        const perf = (field) =>
          span
            ? get(historyPath(site, { measurement: 'performance', id: b.target, baseline: b.id, field, from: span.from.toISOString(), to: span.to.toISOString(), step: span.step }))
            : Promise.resolve({ points: [] });
        const emissionsQ = { measurement: 'emissions', level, id: b.target, metric: 'emissions' };
        const targetQ = b.metric === 'emissions' ? emissionsQ : { measurement: 'activity', level, id: b.target, metric: b.metric };
        const [actual, expected, cusum, sofar] = await Promise.all([
          perf('actual'),
          perf('expected'),
          perf('cusum'),
          b.metric ? todaySoFar(site, timeZone, [targetQ, emissionsQ]) : Promise.resolve({ sums: [null, null], until: null }),
        ]);
        // The last closed period the job has judged: the newest point with both values.
        const exp = new Map((expected.points || []).map((p) => [p[0], p[1]]));
        const closed = (actual.points || []).filter((p) => p[1] !== null && exp.get(p[0]) !== null && exp.get(p[0]) !== undefined);
        const last = closed.length ? closed[closed.length - 1] : null;
        const todayTarget = sofar.sums[0] === null ? null : b.metric === 'emissions' ? sofar.sums[0] / 1000 : sofar.sums[0];
        return {
          b,
          periodStart: last ? last[0] : null,
          periodEnd: last ? new Date(new Date(last[0]).getTime() + (b.granularity === 'hourly' ? HOUR_MS : 0)).toISOString() : null,
          actual: last ? last[1] : null,
          expected: last ? exp.get(last[0]) : null,
          cusum: cusum.points || [],
          today: todayTarget,
          emissionsT: sofar.sums[1] === null ? null : sofar.sums[1] / 1000,
          until: sofar.until,
        };
      })
    );
  } catch (e) {
    replaceBody(box, errorState(e, t('live.today.title')));
    replaceBody(cusumBox, errorState(e, t('live.cusum.title')));
    return;
  }
  const periodLabel = (r) => {
    if (!r.periodStart) return '—';
    return r.b.granularity === 'hourly' ? fmtRange(r.periodStart, r.periodEnd) : fmtDate(dayOf(r.periodStart, timeZone));
  };
  replaceBody(
    box,
    table(
      null,
      [t('live.today.target'), t('live.today.baseline'), t('live.today.period'), t('live.today.actual'), t('live.today.expected'), t('live.today.deviation'), t('live.today.soFar'), t('live.today.emissions'), t('live.today.cusum')],
      rows.map((r) => {
        const dev = r.expected ? (100 * (r.actual - r.expected)) / r.expected : null;
        const last = r.cusum.length ? r.cusum[r.cusum.length - 1][1] : null;
        const unit = r.b.unit;
        return h(
          'tr',
          { dataset: { target: r.b.target, baseline: r.b.id, source: r.b.source } },
          h('th', { scope: 'row' }, r.b.target + ' · ' + tEnum('metric', r.b.metric)),
          h(
            'td',
            r.b.id + (r.b.version ? ' ' + t('baselines.version', { v: r.b.version }) : ''),
            r.b.source === 'site-model' ? [' ', badge('baseline-source', t('baselines.fromSiteModel'), 'info')] : null
          ),
          h('td', { dataset: { field: 'period' } }, periodLabel(r)),
          num(fmtQty(r.actual, unit, 1)),
          num(fmtQty(r.expected, unit, 1)),
          h(dev > 0 ? 'td.num.over' : 'td.num', { dataset: { field: 'deviation' } }, fmtPercent(dev)),
          h('td.num', { dataset: { field: 'so-far' } }, fmtQty(r.today, unit, 1), h('br'), soFarNote(r.until)),
          h('td.num', { dataset: { field: 'emissions' } }, fmtQty(r.emissionsT, 'tCO2e', 3)),
          num(fmtQty(last, unit, 1))
        );
      }),
      { id: 'today-table' }
    ),
    h('p.muted.small', t('live.today.help', { zone: timeZone }))
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
    const units = [...new Set(withCusum.map((r) => r.b.unit))];
    cusumBox.chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 70, right: 16, top: 36, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: units.map(unitLabel).join(' / ') },
      series: withCusum.map((r) => ({
        type: 'line',
        name: r.b.target + ' · ' + r.b.id + ' (' + unitLabel(r.b.unit) + ')',
        showSymbol: r.cusum.length < 40,
        data: r.cusum.map((p) => [p[0], p[1]]),
        tooltip: { valueFormatter: (v) => fmtQty(v, r.b.unit, 1) },
      })),
    });
  }
}

/** The site-local date (yyyy-mm-dd) of an instant. */
function dayOf(iso, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

function loadModel(site) {
  return get('/sites/' + seg(site) + '/model');
}

/**
 * Intensity today so far (the site's local day) of every intensity parameter: the target's
 * emissions or energy over the relevant variable, each summed over the closed hours of today (the
 * job's `1d` window exists only once the day has closed), cut at the last hour both have. "—" when
 * no hour has closed with data, the variable is 0, or the units cannot be matched from the site
 * model.
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
  let rows;
  try {
    rows = await Promise.all(
      params.map(async (pp) => {
        const nq = numeratorQuery(pp, model);
        if (!nq) return { pp, value: null, until: null, unmatched: true };
        const { sums, until } = await todaySoFar(site, model.timeZone, [
          { ...nq.query, id: pp.numerator },
          { measurement: 'variables', level: 'variable', id: pp.denominator },
        ]);
        const [a, b] = sums;
        return { pp, value: a === null || !b ? null : (a * nq.scale) / b, until };
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
          h(
            'td.num',
            h('span', { dataset: { field: 'intensity' } }, fmtQty(r.value, r.pp.unit, 3)),
            h('br'),
            r.unmatched ? h('small.muted', t('live.intensity.unmatched')) : soFarNote(r.until)
          )
        )
      ),
      { id: 'intensity-table' }
    ),
    h('p.muted.small', t('live.intensity.help'))
  );
}


/** Which history series is the numerator, and the factor to the parameter's unit; null if unknown. */
function numeratorQuery(pp, model) {
  const [unitTop, unitBottom] = String(pp.unit || '').split('/');
  // The denominator is summed in its variable's own unit: another unit would scale the ratio.
  const variable = (model.relevantVariables || []).find((v) => v.id === pp.denominator);
  if (!variable || variable.unit !== unitBottom) return null;
  const level = pp.numerator === model.site ? 'site' : 'seu';
  if (pp.measure === 'emissions') {
    // The job stores emissions in kgCO2e.
    const scale = unitTop === 'gCO2e' ? 1000 : unitTop === 'kgCO2e' ? 1 : unitTop === 'tCO2e' ? 0.001 : null;
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

