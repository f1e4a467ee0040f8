package io.carbonwatch.edge.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-meter sequence numbers that survive restarts. The last number given out per meter is
 * recovered as the larger of the checkpoint file and the highest number still in the disk queue;
 * since every reading is appended to the queue before it can be published, and the checkpoint is
 * written before any queue segment is deleted, a number that ever left the agent is never reused.
 */
public final class SequenceStore {
  private final Path file;
  private final Map<String, Long> last = new ConcurrentHashMap<>();

  public SequenceStore(Path file, Map<String, Long> fromQueue) {
    this.file = file;
    try {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          int eq = line.lastIndexOf('=');
          if (eq > 0) {
            last.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).strip()));
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("sequence checkpoint " + file + " is unreadable: " + e, e);
    }
    fromQueue.forEach((m, s) -> last.merge(m, s, Math::max));
  }

  /** The next number for a meter (1 for a new meter). */
  public long next(String meter) {
    return last.merge(meter, 1L, Long::sum);
  }

  public long last(String meter) {
    return last.getOrDefault(meter, 0L);
  }

  /** Writes the checkpoint atomically (temp file, fsync, rename). */
  public synchronized void checkpoint() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(last).forEach((m, s) -> sb.append(m).append('=').append(s).append('\n'));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sequence checkpoint " + file, e);
    }
  }
}
