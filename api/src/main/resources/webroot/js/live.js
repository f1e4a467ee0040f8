// One Server-Sent Events stream per shown site (GET /sites/{site}/live): `event: live` carries a
// LiveSample, `event: alert` an alert change. Pages subscribe; the hub keeps the latest sample
// per SEU so a page opened later starts with values instead of blanks.

export class LiveHub {
  constructor() {
    this.site = null;
    this.source = null;
    this.latest = new Map(); // seu -> sample
    this.history = new Map(); // seu -> [sample] (bounded)
    this.subs = { live: new Set(), alert: new Set(), status: new Set() };
    this.state = 'idle';
  }

  connect(site) {
    if (this.site === site && this.source) return;
    this.close();
    this.site = site;
    this.latest.clear();
    this.history.clear();
    if (!site) return;
    const src = new EventSource('/sites/' + encodeURIComponent(site) + '/live');
    this.source = src;
    this.setState('connecting');
    src.onopen = () => this.setState('open');
    src.onerror = () => this.setState(src.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    src.addEventListener('live', (ev) => {
      let s;
      try {
        s = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      if (!s || !s.seu) return;
      this.latest.set(s.seu, s);
      const hist = this.history.get(s.seu) || [];
      hist.push(s);
      if (hist.length > 600) hist.splice(0, hist.length - 600);
      this.history.set(s.seu, hist);
      this.subs.live.forEach((fn) => fn(s));
    });
    src.addEventListener('alert', (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      this.subs.alert.forEach((fn) => fn(msg));
    });
  }

  setState(s) {
    this.state = s;
    this.subs.status.forEach((fn) => fn(s));
  }

  close() {
    if (this.source) this.source.close();
    this.source = null;
    this.site = null;
    this.setState('idle');
  }

  /** Subscribes to 'live', 'alert' or 'status'; returns the unsubscribe function. */
  on(kind, fn) {
    this.subs[kind].add(fn);
    return () => this.subs[kind].delete(fn);
  }
}
