// Calendar arithmetic in a site's IANA time zone with Intl only (no library): the stream job
// stores days and months at the site's local midnight, so pages must ask for the same periods.

/** Milliseconds the zone's wall clock is ahead of UTC at that instant. */
export function zoneOffsetMs(timeZone, at) {
  const parts = {};
  new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at).forEach((x) => { parts[x.type] = x.value; });
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant (ms) of local midnight starting the yyyy-mm-dd date in the zone. */
export function siteMidnight(timeZone, isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  const guess = wall - zoneOffsetMs(timeZone, new Date(wall));
  // Re-read the offset at the guess itself: it differs on a daylight-saving change day.
  return wall - zoneOffsetMs(timeZone, new Date(guess));
}

/** Start (ms) of the zone's local day containing `at`. */
export function startOfSiteDay(timeZone, at) {
  const wall = new Date(at.getTime() + zoneOffsetMs(timeZone, at));
  return siteMidnight(timeZone, wall.toISOString().slice(0, 10));
}
