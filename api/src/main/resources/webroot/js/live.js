// One Server-Sent Events stream per shown site (GET /sites/{site}/live): `event: live` carries a
// LiveSample, `event: alert` an alert change. Pages subscribe; the hub keeps the latest sample
// per SEU so a page opened later starts with values instead of blanks, and when each SEU's samples
// arrived in this browser (staleness is judged on arrival, not on the sample's event time: a
// simulation or a replay may run ahead of or behind the wall clock).

export class LiveHub {
  constructor() {
    this.site = null;
    this.source = null;
    this.latest = new Map(); // seu -> sample
    this.history = new Map(); // seu -> [sample] (bounded)
    this.arrivals = new Map(); // seu -> [Date.now() of recent arrivals] (bounded)
    this.subs = { live: new Set(), alert: new Set(), status: new Set() };
    this.state = 'idle';
  }

  connect(site) {
    if (this.site === site && this.source) return;
    this.close();
    this.site = site;
    this.latest.clear();
    this.history.clear();
    this.arrivals.clear();
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
      const arr = this.arrivals.get(s.seu) || [];
      arr.push(Date.now());
      if (arr.length > 10) arr.splice(0, arr.length - 10);
      this.arrivals.set(s.seu, arr);
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

  /** When this browser last received a sample of the SEU (ms), or null. */
  lastArrival(seu) {
    const arr = this.arrivals.get(seu);
    return arr && arr.length ? arr[arr.length - 1] : null;
  }

  /**
   * The SEU's usual time between samples (ms): the median gap of its recent arrivals, or null with
   * fewer than two.
   */
  interval(seu) {
    const arr = this.arrivals.get(seu) || [];
    if (arr.length < 2) return null;
    const gaps = arr.slice(1).map((x, i) => x - arr[i]).sort((a, b) => a - b);
    return gaps[Math.floor(gaps.length / 2)];
  }

  /** Subscribes to 'live', 'alert' or 'status'; returns the unsubscribe function. */
  on(kind, fn) {
    this.subs[kind].add(fn);
    return () => this.subs[kind].delete(fn);
  }
}
