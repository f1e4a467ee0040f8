package io.carbonwatch.edge.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A durable FIFO of outgoing messages in append-only segment files ({@code <firstId>.seg}).
 *
 * <p>Record layout: {@code int length, int crc32(body), body}; body = {@code short topicLength,
 * topic, short meterLength, meter, long seq, payload} (UTF-8). {@link #commit()} fsyncs the segment
 * being written: a record is durable once the commit after its append returned. On open, every
 * segment is scanned and a torn or corrupt tail (a record whose length or CRC does not match) is
 * cut off, so a crash loses at most the records appended since the last commit.
 *
 * <p>Records are removed only when acknowledged: a segment is deleted once every record in it was
 * acked and it is no longer written to. When the total size exceeds {@code maxBytes}, the oldest
 * segment is dropped whole (drop-oldest); the records lost that way are counted.
 *
 * <p>Thread-safe: pollers append, a committer commits, the publisher reads and acks.
 */
public final class DiskQueue implements AutoCloseable {

  /** Called before a segment's file is deleted (to checkpoint what must outlive it). */
  public interface DeleteHook {
    void beforeDelete(long firstId, long endId);
  }

  private static final int HEADER = 8;
  private static final int MAX_RECORD = 16 * 1024 * 1024;

  private final Path dir;
  private final long segmentBytes;
  private final long maxBytes;
  private final DeleteHook hook;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final Map<String, Long> maxSeqOnOpen = new HashMap<>();
  private Segment writing;
  private FileChannel out;
  private long nextId;
  private long committedEnd;
  private long totalBytes;
  private long dropped;
  private long truncatedOnOpen;
  private final CRC32 crc = new CRC32();

  private static final class Segment {
    final long firstId;
    final Path file;
    long count;
    long bytes;
    final BitSet acked = new BitSet();
    int ackedCount;
    // read position cache: the next record id and its byte offset
    long cursorId;
    long cursorPos;
    FileChannel reader;

    Segment(long firstId, Path file) {
      this.firstId = firstId;
      this.file = file;
      this.cursorId = firstId;
      this.cursorPos = 0;
    }

    long endId() {
      return firstId + count;
    }
  }

  public DiskQueue(Path dir, long segmentBytes, long maxBytes, DeleteHook hook) {
    if (segmentBytes < 1024 || maxBytes < 2 * segmentBytes) {
      throw new IllegalArgumentException(
          "queue: expected segmentBytes >= 1024 and maxBytes >= 2 × segmentBytes");
    }
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.maxBytes = maxBytes;
    this.hook = hook == null ? (a, b) -> {} : hook;
    try {
      Files.createDirectories(dir);
      recover();
    } catch (IOException e) {
      throw new UncheckedIOException("queue " + dir + ": cannot open", e);
    }
  }

  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
    long expectedNext = -1;
    for (Path f : files) {
      String name = f.getFileName().toString();
      long first = Long.parseLong(name.substring(0, name.length() - 4));
      if (expectedNext >= 0 && first < expectedNext) {
        throw new IOException(f + ": overlaps the previous segment (ends at " + expectedNext + ")");
      }
      Segment seg = new Segment(first, f);
      try (FileChannel ch =
          FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        long pos = 0;
        long size = ch.size();
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        while (pos + HEADER <= size) {
          head.clear();
          ch.read(head, pos);
          head.flip();
          int len = head.getInt();
          int sum = head.getInt();
          if (len <= 0 || len > MAX_RECORD || pos + HEADER + len > size) {
            break;
          }
          ByteBuffer body = ByteBuffer.allocate(len);
          ch.read(body, pos + HEADER);
          crc.reset();
          crc.update(body.array(), 0, len);
          if ((int) crc.getValue() != sum) {
            break;
          }
          QueueRecord r = decode(first + seg.count, body.array());
          if (!r.meter().isEmpty()) {
            maxSeqOnOpen.merge(r.meter(), r.seq(), Math::max);
          }
          seg.count++;
          pos += HEADER + len;
        }
        if (pos < size) {
          truncatedOnOpen += size - pos;
          ch.truncate(pos);
          ch.force(true);
        }
        seg.bytes = pos;
      }
      if (seg.count == 0) {
        Files.delete(f);
        continue;
      }
      segments.put(first, seg);
      totalBytes += seg.bytes;
      expectedNext = seg.endId();
    }
    nextId = segments.isEmpty() ? 1 : segments.lastEntry().getValue().endId();
    committedEnd = nextId;
  }

  /** Highest seq per meter found in the queue when it was opened (for resuming sequences). */
  public Map<String, Long> maxSeqOnOpen() {
    return Map.copyOf(maxSeqOnOpen);
  }

  /** Bytes of torn/corrupt tail cut off when opening. */
  public long truncatedOnOpen() {
    return truncatedOnOpen;
  }

  /** Appends a record; durable after the next {@link #commit()}. Returns its id. */
  public synchronized long append(String topic, String meter, long seq, byte[] payload) {
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    byte[] m = meter.getBytes(StandardCharsets.UTF_8);
    int len = 2 + t.length + 2 + m.length + 8 + payload.length;
    ByteBuffer buf = ByteBuffer.allocate(HEADER + len);
    buf.position(HEADER);
    buf.putShort((short) t.length)
        .put(t)
        .putShort((short) m.length)
        .put(m)
        .putLong(seq)
        .put(payload);
    crc.reset();
    crc.update(buf.array(), HEADER, len);
    buf.putInt(0, len).putInt(4, (int) crc.getValue());
    buf.position(0);
    try {
      if (writing == null || writing.bytes >= segmentBytes) {
        roll();
      }
      if (!out.isOpen()) {
        // an interrupted thread closed the channel (InterruptibleChannel); reopen, keep appending
        out = FileChannel.open(writing.file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      }
      while (buf.hasRemaining()) {
        out.write(buf);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("queue " + dir + ": append failed", e);
    }
    writing.count++;
    writing.bytes += HEADER + len;
    totalBytes += HEADER + len;
    long id = nextId++;
    enforceBound();
    return id;
  }

  private void roll() throws IOException {
    if (out != null) {
      out.force(false);
      out.close();
      committedEnd = nextId;
    }
    Path f = dir.resolve(String.format("%020d.seg", nextId));
    out =
        FileChannel.open(
            f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    writing = new Segment(nextId, f);
    segments.put(nextId, writing);
    // make the new file's directory entry durable too
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // some file systems cannot fsync a directory; the data fsync still holds
    }
    deleteFullyAcked();
  }

  private void enforceBound() {
    while (totalBytes > maxBytes && segments.size() > 1) {
      Segment oldest = segments.firstEntry().getValue();
      if (oldest == writing) {
        break;
      }
      dropped += oldest.count - oldest.ackedCount;
      remove(oldest);
    }
  }

  /** Makes every appended record durable (fsync). Returns the end id now committed. */
  public long commit() {
    FileChannel ch;
    long end;
    synchronized (this) {
      ch = out;
      end = nextId;
    }
    if (ch != null) {
      try {
        ch.force(false);
      } catch (java.nio.channels.ClosedChannelException e) {
        // rolled meanwhile: roll() forced it before closing
      } catch (IOException e) {
        throw new UncheckedIOException("queue " + dir + ": fsync failed", e);
      }
    }
    synchronized (this) {
      if (end > committedEnd) {
        committedEnd = end;
      }
      notifyAll();
      return committedEnd;
    }
  }

  /** One past the last committed record. */
  public synchronized long committedEnd() {
    return committedEnd;
  }

  /** The first id still held (acked or not), or {@link #committedEnd()} when empty. */
  public synchronized long firstId() {
    return segments.isEmpty() ? committedEnd : segments.firstKey();
  }

  /**
   * Up to {@code max} committed, unacknowledged records with id in [{@code from}, {@code to}), in
   * order.
   */
  public synchronized List<QueueRecord> read(long from, long to, int max) {
    List<QueueRecord> out = new ArrayList<>();
    long end = Math.min(to, committedEnd);
    var entry = segments.floorEntry(from);
    Segment seg =
        entry != null
            ? entry.getValue()
            : (segments.isEmpty() ? null : segments.firstEntry().getValue());
    long id = Math.max(from, seg == null ? from : seg.firstId);
    try {
      while (seg != null && id < end && out.size() < max) {
        if (id >= seg.endId()) {
          var next = segments.higherEntry(seg.firstId);
          seg = next == null ? null : next.getValue();
          if (seg != null) {
            id = Math.max(id, seg.firstId);
          }
          continue;
        }
        if (seg.acked.get((int) (id - seg.firstId))) {
          id++;
          continue;
        }
        out.add(readAt(seg, id));
        id++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("queue " + dir + ": read failed", e);
    }
    return out;
  }

  private QueueRecord readAt(Segment seg, long id) throws IOException {
    if (seg.reader == null || !seg.reader.isOpen()) {
      seg.reader = FileChannel.open(seg.file, StandardOpenOption.READ);
    }
    if (id < seg.cursorId) {
      seg.cursorId = seg.firstId;
      seg.cursorPos = 0;
    }
    ByteBuffer head = ByteBuffer.allocate(HEADER);
    while (true) {
      head.clear();
      seg.reader.read(head, seg.cursorPos);
      head.flip();
      int len = head.getInt();
      head.getInt();
      if (seg.cursorId == id) {
        ByteBuffer body = ByteBuffer.allocate(len);
        seg.reader.read(body, seg.cursorPos + HEADER);
        seg.cursorId++;
        seg.cursorPos += HEADER + len;
        return decode(id, body.array());
      }
      seg.cursorId++;
      seg.cursorPos += HEADER + len;
    }
  }

  private static QueueRecord decode(long id, byte[] body) {
    ByteBuffer b = ByteBuffer.wrap(body);
    byte[] t = new byte[b.getShort() & 0xFFFF];
    b.get(t);
    byte[] m = new byte[b.getShort() & 0xFFFF];
    b.get(m);
    long seq = b.getLong();
    byte[] payload = new byte[b.remaining()];
    b.get(payload);
    return new QueueRecord(
        id,
        new String(t, StandardCharsets.UTF_8),
        new String(m, StandardCharsets.UTF_8),
        seq,
        payload);
  }

  /** Marks a record delivered; deletes segments whose every record was delivered. */
  public synchronized void ack(long id) {
    var entry = segments.floorEntry(id);
    if (entry == null) {
      return; // already dropped or deleted
    }
    Segment seg = entry.getValue();
    int idx = (int) (id - seg.firstId);
    if (id >= seg.endId() || seg.acked.get(idx)) {
      return;
    }
    seg.acked.set(idx);
    seg.ackedCount++;
    if (seg != writing && seg.ackedCount == seg.count) {
      remove(seg);
    }
    notifyAll();
  }

  private void deleteFullyAcked() {
    for (Segment s : List.copyOf(segments.values())) {
      if (s != writing && s.ackedCount == s.count) {
        remove(s);
      }
    }
  }

  private void remove(Segment seg) {
    hook.beforeDelete(seg.firstId, seg.endId());
    segments.remove(seg.firstId);
    totalBytes -= seg.bytes;
    try {
      if (seg.reader != null) {
        seg.reader.close();
      }
      Files.deleteIfExists(seg.file);
    } catch (IOException e) {
      throw new UncheckedIOException("queue: cannot delete " + seg.file, e);
    }
  }

  /** Records held and not yet acknowledged. */
  public synchronized long depth() {
    long n = 0;
    for (Segment s : segments.values()) {
      n += s.count - s.ackedCount;
    }
    return n;
  }

  public synchronized long bytes() {
    return totalBytes;
  }

  /** Records dropped unacknowledged because the queue was full (drop-oldest). */
  public synchronized long dropped() {
    return dropped;
  }

  /** Waits until something changes (commit, ack) or the timeout passes. */
  public synchronized void awaitChange(long millis) throws InterruptedException {
    wait(millis);
  }

  @Override
  public synchronized void close() {
    try {
      if (out != null && out.isOpen()) {
        out.force(false);
        out.close();
      }
      for (Segment s : segments.values()) {
        if (s.reader != null) {
          s.reader.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("queue " + dir + ": close failed", e);
    }
    out = null;
    writing = null;
  }
}
