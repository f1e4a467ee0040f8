// Application shell: language, session, site choice, navigation and the hash router.

import { get, setUnauthenticatedHandler } from './api.js';
import { LANGS, currentLang, initI18n, onLangChange, pick, setLang, setTimeZone, t } from './i18n.js';
import { LiveHub } from './live.js';
import { can, currentUser, forget, hasAllSites, loadMe, loadPermissions, logout } from './session.js';
import { announce, clear, errorState, h } from './ui.js';
import * as loginPage from './pages/login.js';
import * as livePage from './pages/live.js';
import * as alertsPage from './pages/alerts.js';
import * as instrumentsPage from './pages/instruments.js';
import * as baselinesPage from './pages/baselines.js';
import * as inventoryPage from './pages/inventory.js';

const SITE_KEY = 'cw.site';

const PAGES = [
  { id: 'live', module: livePage, label: 'nav.live' },
  { id: 'alerts', module: alertsPage, label: 'nav.alerts' },
  { id: 'instruments', module: instrumentsPage, label: 'nav.instruments' },
  { id: 'baselines', module: baselinesPage, label: 'nav.baselines' },
  { id: 'inventory', module: inventoryPage, label: 'nav.inventory' },
];

const hub = new LiveHub();
let cleanup = null;
let knownSites = [];
let site = null;
let firstRender = true;

const main = document.getElementById('main');
const top = document.getElementById('top');

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] || '', params: parts.slice(1), query: new URLSearchParams(query || '') };
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function chooseSite(sites) {
  const ids = sites.map((s) => s.id);
  const saved = localStorage.getItem(SITE_KEY);
  if (saved && (ids.includes(saved) || (hasAllSites() && ids.length === 0))) return saved;
  return ids[0] || saved || null;
}

/**
 * The sites the user may open, with names, from GET /sites (already filtered by the API); the
 * user's own site ids stay even when the site model lacks them, so nothing they could open before
 * disappears. Without the list an all-sites user types a site id.
 */
async function discoverSites() {
  const me = currentUser();
  const explicit = me.sites.filter((s) => s !== '*');
  let listed = [];
  try {
    const res = await get('/sites');
    listed = (Array.isArray(res) ? res : res.items || []).map((s) => (typeof s === 'string' ? { id: s } : s));
  } catch (e) {
    listed = [];
  }
  const ids = new Set(listed.map((s) => s.id));
  return [...listed, ...explicit.filter((id) => !ids.has(id)).map((id) => ({ id }))];
}

/** "Name (id)" in the current language, or the id when the site has no name. */
function siteLabel(s) {
  const name = s.name ? pick(s.name) : '';
  return name && name !== s.id ? name + ' (' + s.id + ')' : s.id;
}

function setSite(next) {
  site = next || null;
  if (site) localStorage.setItem(SITE_KEY, site);
  // Times on every page are shown in the site's zone (from GET /sites), named where they appear.
  const known = knownSites.find((s) => s.id === site);
  setTimeZone(known && known.timeZone);
  hub.connect(site);
}

function renderHeader(active) {
  clear(top);
  top.hidden = false;
  const me = currentUser();
  const langButtons = h(
    'div.lang',
    { role: 'group', 'aria-label': t('lang.label') },
    LANGS.map((l) =>
      h(
        'button',
        {
          type: 'button',
          lang: l,
          dataset: { lang: l },
          'aria-pressed': String(currentLang() === l),
          onclick: () => setLang(l),
        },
        t('lang.' + l)
      )
    )
  );
  const brand = h('a.brand', { href: '#/live' }, h('span.logo', { 'aria-hidden': 'true' }, 'CW'), ' ', t('app.name'));
  if (!me) {
    top.append(h('div.bar', brand, h('div.spacer'), langButtons));
    return;
  }
  const nav = h(
    'nav',
    { 'aria-label': t('nav.label') },
    h(
      'ul',
      PAGES.map((p) =>
        h(
          'li',
          h('a', { href: '#/' + p.id, 'aria-current': active === p.id ? 'page' : null, dataset: { nav: p.id } }, t(p.label))
        )
      )
    )
  );
  let sitePicker;
  if (hasAllSites() && knownSites.length === 0) {
    // Without a site list (GET /sites failed or the model has none) an all-sites user types an id.
    const input = h('input#site-input', {
      name: 'site',
      value: site || '',
      pattern: '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}',
      size: 9,
      required: true,
    });
    sitePicker = h(
      'form.site',
      {
        onsubmit: (e) => {
          e.preventDefault();
          if (input.checkValidity() && input.value !== site) {
            setSite(input.value.trim());
            route();
          }
        },
      },
      h('label', { for: 'site-input' }, t('site.label')),
      input,
      h('button', { type: 'submit' }, t('site.open'))
    );
  } else {
    const sel = h(
      'select#site-select',
      {
        name: 'site',
        onchange: () => {
          setSite(sel.value);
          route();
        },
      },
      knownSites.map((s) => h('option', { value: s.id, selected: s.id === site }, siteLabel(s)))
    );
    sitePicker = h('div.site', h('label', { for: 'site-select' }, t('site.label')), sel);
  }
  const conn = h('span.conn', { dataset: { conn: hub.state }, title: t('conn.' + hub.state) }, t('conn.' + hub.state));
  const user = h(
    'div.user',
    h('span.who', { dataset: { user: me.username } }, me.username, ' · ', me.roles.map((r) => t('role.' + r)).join(', ')),
    h(
      'button#logout',
      {
        type: 'button',
        onclick: async () => {
          try {
            await logout();
          } catch (e) {
            // The session is gone either way.
          }
          hub.close();
          navigate('#/login');
        },
      },
      t('auth.logout')
    )
  );
  top.append(h('div.bar', brand, nav, h('div.spacer'), sitePicker, conn, langButtons, user));
}

hub.on('status', (s) => {
  const el = top.querySelector('.conn');
  if (el) {
    el.dataset.conn = s;
    el.textContent = t('conn.' + s);
    el.title = t('conn.' + s);
  }
});

async function route() {
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.error(e);
    }
    cleanup = null;
  }
  const { page, params, query } = parseHash();
  const me = currentUser();
  if (!me || page === 'login') {
    if (me && page === 'login') {
      navigate('#/live');
      return;
    }
    document.title = t('login.title') + ' · ' + t('app.name');
    renderHeader(null);
    clear(main);
    cleanup = loginPage.render({
      main,
      next: query.get('next'),
      onLoggedIn: async () => {
        await afterLogin();
        const next = query.get('next');
        navigate(next && next.startsWith('#/') ? next : '#/live');
      },
    });
    focusMain();
    return;
  }
  const def = PAGES.find((p) => p.id === page);
  if (!def) {
    navigate('#/live');
    return;
  }
  renderHeader(def.id);
  clear(main);
  document.title = t(def.label) + ' · ' + t('app.name');
  if (!site) {
    main.append(h('h1', { tabindex: '-1' }, t(def.label)), h('p.state.empty', t('site.none')));
    focusMain();
    return;
  }
  try {
    cleanup =
      def.module.render({
        main,
        site,
        params,
        query,
        hub,
        me,
        can: (action) => can(action, site),
        navigate,
      }) || null;
  } catch (e) {
    console.error(e);
    main.append(errorState(e));
  }
  focusMain();
}

function focusMain() {
  if (firstRender) {
    firstRender = false;
    return;
  }
  const h1 = main.querySelector('h1');
  (h1 || main).focus({ preventScroll: false });
}

async function afterLogin() {
  knownSites = await discoverSites();
  setSite(chooseSite(knownSites));
}

async function start() {
  try {
    await initI18n();
    await loadPermissions();
  } catch (e) {
    clear(main).append(h('div.state.error', { role: 'alert' }, 'CarbonWatch UI failed to load: ' + e.message));
    return;
  }
  document.getElementById('skip-link').textContent = t('a11y.skip');
  document.getElementById('skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
  setUnauthenticatedHandler(() => {
    if (!currentUser()) return;
    forget();
    hub.close();
    announce(t('auth.expired'), 'warn');
    navigate('#/login?next=' + encodeURIComponent(location.hash || '#/live'));
  });
  onLangChange(() => {
    document.getElementById('skip-link').textContent = t('a11y.skip');
    route();
  });
  try {
    const me = await loadMe();
    if (me) await afterLogin();
  } catch (e) {
    clear(main).append(errorState(e));
    return;
  }
  window.addEventListener('hashchange', route);
  if (!location.hash) {
    history.replaceState(null, '', currentUser() ? '#/live' : '#/login');
  }
  route();
}

start();
