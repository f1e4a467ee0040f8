package io.carbonwatch.jobs.functions;

/**
 * The key a meter's readings are partitioned and kept by: a 64-bit hash of {@code site} and {@code
 * meter}, computed from the characters without building a string.
 *
 * <p>Why not the string {@code site/meter}: the key selector runs twice per reading (choosing the
 * receiving subtask, then setting the key there), and the keyed state hashes its key again; with a
 * fresh string each time that was a concatenation and three string hashes per reading. A long
 * hashes in one multiply. Two meters with the same hash (about one chance in 10^7 for a million
 * meters) would share state: {@link MeterState} keeps the site and meter it belongs to, with their
 * {@code String.hashCode}s, and {@link MeterFunction} dead-letters a reading whose names hash
 * differently, so a collision is reported, never mixed. Comparing the 32-bit string hashes rather
 * than the strings saves touching the state's copies of the names on every reading; two meters
 * would have to collide in both the 64-bit key and both 32-bit hashes to go unnoticed.
 *
 * <p>The value is part of the checkpoint format (it decides the key group): changing this function
 * makes old savepoints unreadable.
 */
public final class MeterKeys {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private MeterKeys() {}

  /** FNV-1a over the UTF-16 units of site, a separator and meter, then a 64-bit finaliser. */
  public static long of(String site, String meter) {
    long h = FNV_OFFSET;
    for (int i = 0, n = site.length(); i < n; i++) {
      h = (h ^ site.charAt(i)) * FNV_PRIME;
    }
    h = (h ^ '/') * FNV_PRIME;
    for (int i = 0, n = meter.length(); i < n; i++) {
      h = (h ^ meter.charAt(i)) * FNV_PRIME;
    }
    // murmur3's fmix64: FNV's low bits mix poorly, and Flink picks key groups from the low bits.
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
