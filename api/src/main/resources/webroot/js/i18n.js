// Language, dictionary and locale formatting. Every user-facing string comes from
// /i18n/messages.json; numbers and dates go through Intl for the chosen locale.

const STORAGE_KEY = 'cw.lang';
export const LANGS = ['zh-CN', 'en'];

let dict = { 'zh-CN': {}, en: {} };
let lang = 'zh-CN';
const listeners = new Set();

export async function initI18n() {
  const res = await fetch('/i18n/messages.json', { credentials: 'same-origin' });
  if (!res.ok) throw new Error('messages.json: HTTP ' + res.status);
  dict = await res.json();
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGS.includes(saved)) {
    lang = saved;
  } else {
    lang = (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  }
  document.documentElement.lang = lang;
}

export function currentLang() {
  return lang;
}

export function setLang(next) {
  if (!LANGS.includes(next) || next === lang) return;
  lang = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  listeners.forEach((fn) => fn(next));
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Translates a key; {name} placeholders are filled from params. A missing key shows itself. */
export function t(key, params) {
  let s = dict[lang]?.[key] ?? dict.en?.[key];
  if (s === undefined) {
    console.warn('i18n: missing key', key);
    s = key;
  }
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])));
  }
  return s;
}

/** True when the dictionary has the key (for optional enum labels such as quality codes). */
export function has(key) {
  return dict[lang]?.[key] !== undefined;
}

/** Label of an enum value, e.g. tEnum('state', 'open'); unknown values show as they are. */
export function tEnum(group, value) {
  if (value === null || value === undefined) return '—';
  const key = group + '.' + value;
  return has(key) ? t(key) : String(value);
}

/** A message object from the API ({"zh-CN": …, "en": …}) in the current language. */
export function pick(message) {
  if (!message) return '';
  if (typeof message === 'string') return message;
  return message[lang] ?? message.en ?? message['zh-CN'] ?? '';
}

const nfCache = new Map();
function nf(min, max) {
  const k = lang + min + '/' + max;
  if (!nfCache.has(k)) {
    nfCache.set(
      k,
      new Intl.NumberFormat(lang, { minimumFractionDigits: min, maximumFractionDigits: max })
    );
  }
  return nfCache.get(k);
}

export function fmtNumber(v, maxDigits = 1, minDigits = 0) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return '—';
  return nf(Math.min(minDigits, maxDigits), maxDigits).format(Number(v));
}

/** A value with its unit, always: "1,234.5 kW". The unit symbol comes from the dictionary. */
export function fmtQty(v, unit, maxDigits = 1) {
  return fmtNumber(v, maxDigits) + '\u00a0' + unitLabel(unit);
}

export function unitLabel(unit) {
  if (!unit) return '';
  const key = 'unit.' + unit;
  return has(key) ? t(key) : unit;
}

export function fmtPercent(v, digits = 1) {
  if (v === null || v === undefined) return '—';
  const s = fmtNumber(v, digits, digits);
  return (v > 0 ? '+' : '') + s + '\u00a0%';
}

// Times are shown in the open site's time zone (its model's timeZone), not the browser's: an
// alert window at 11:00–12:00 in Shanghai reads so from anywhere. Without a known zone the
// browser's is used.
let zone = null;

/** Sets the zone times are shown in (an IANA name from the site model), or null for the browser's. */
export function setTimeZone(tz) {
  try {
    zone = tz ? new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone : null;
  } catch (e) {
    zone = null;
  }
}

/** The IANA name times are shown in. */
export function timeZone() {
  return zone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** " (Asia/Shanghai)": the zone, named after a shown time. */
export function zoneSuffix() {
  return '\u00a0(' + timeZone() + ')';
}

function inZone(opts) {
  return zone ? { ...opts, timeZone: zone } : opts;
}

export function fmtDateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(lang, inZone({ dateStyle: 'medium', timeStyle: 'medium' })).format(d);
}

/** Date and time with the zone named: "24 Nov 2026, 11:00:00 (Asia/Shanghai)". */
export function fmtDateTimeZ(iso) {
  const s = fmtDateTime(iso);
  return s === '—' ? s : s + zoneSuffix();
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(lang, inZone({ timeStyle: 'medium' })).format(d);
}

/** Hours and minutes in the shown zone: "11:00". */
export function fmtHourMinute(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(lang, inZone({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).format(d);
}

/**
 * A period with the zone named: "11:00–12:00 (Asia/Shanghai)" within one day, otherwise both ends
 * with their dates.
 */
export function fmtRange(fromIso, toIso) {
  if (!fromIso || !toIso) return fmtDateTime(fromIso) + ' – ' + fmtDateTime(toIso);
  const a = new Date(fromIso);
  const b = new Date(toIso);
  const day = (d) => new Intl.DateTimeFormat('en-CA', inZone({ year: 'numeric', month: '2-digit', day: '2-digit' })).format(d);
  if (day(a) === day(new Date(b.getTime() - 1))) {
    const date = new Intl.DateTimeFormat(lang, inZone({ dateStyle: 'medium' })).format(a);
    const from = fmtHourMinute(fromIso);
    const to = fmtHourMinute(toIso);
    // A whole local day (a daily window): the date alone, not "00:00–00:00".
    if (from === '00:00' && to === '00:00') return date + zoneSuffix();
    return date + ' ' + from + '–' + (to === '00:00' ? '24:00' : to) + zoneSuffix();
  }
  return fmtDateTime(fromIso) + ' – ' + fmtDateTime(toIso) + zoneSuffix();
}

/** A calendar date (yyyy-mm-dd from the API, no time zone shift). */
export function fmtDate(isoDate) {
  if (!isoDate) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return String(isoDate);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** A p-value: tiny values as "< 0.0001" rather than a rounded zero. */
export function fmtP(v) {
  if (v === null || v === undefined) return '—';
  return v < 0.0001 ? '< ' + fmtNumber(0.0001, 4) : fmtNumber(v, 4);
}

/** An instant that bounds a period: midnight UTC shows as a date, anything else with the time. */
export function fmtBound(iso) {
  if (typeof iso === 'string' && /T00:00(:00(\.0+)?)?Z$/.test(iso)) return fmtDate(iso.slice(0, 10));
  return fmtDateTime(iso);
}
