package io.carbonwatch.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {
  @TempDir Path dir;

  private static byte[] p(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(QueueRecord r) {
    return new String(r.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void readsBackCommittedRecordsInOrderAfterReopening() {
    try (DiskQueue q = new DiskQueue(dir, 4096, 1 << 20, null)) {
      for (int i = 1; i <= 100; i++) {
        q.append("t/" + i, "M-1", i, p("payload-" + i));
      }
      q.commit();
    }
    try (DiskQueue q = new DiskQueue(dir, 4096, 1 << 20, null)) {
      List<QueueRecord> all = q.read(q.firstId(), Long.MAX_VALUE, 1000);
      assertThat(all).hasSize(100);
      assertThat(all.get(0).topic()).isEqualTo("t/1");
      assertThat(s(all.get(99))).isEqualTo("payload-100");
      assertThat(all).extracting(QueueRecord::seq).isSorted();
      assertThat(q.maxSeqOnOpen()).isEqualTo(Map.of("M-1", 100L));
    }
  }

  @Test
  void uncommittedRecordsAreNotHandedOut() {
    try (DiskQueue q = new DiskQueue(dir, 4096, 1 << 20, null)) {
      q.append("t", "M", 1, p("a"));
      assertThat(q.read(q.firstId(), Long.MAX_VALUE, 10)).isEmpty();
      q.commit();
      assertThat(q.read(q.firstId(), Long.MAX_VALUE, 10)).hasSize(1);
    }
  }

  @Test
  void cutsATornTailAndKeepsEveryCompleteRecord() throws IOException {
    try (DiskQueue q = new DiskQueue(dir, 1 << 20, 8 << 20, null)) {
      for (int i = 1; i <= 10; i++) {
        q.append("t", "M", i, p("x".repeat(50)));
      }
      q.commit();
    }
    Path seg;
    try (Stream<Path> s = Files.list(dir)) {
      seg = s.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    // a crash in the middle of the 11th append: length header written, body half there
    Files.write(
        seg, new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 'h', 'a', 'l', 'f'}, StandardOpenOption.APPEND);
    long sizeBefore = Files.size(seg);
    try (DiskQueue q = new DiskQueue(dir, 1 << 20, 8 << 20, null)) {
      assertThat(q.truncatedOnOpen()).isEqualTo(12);
      assertThat(Files.size(seg)).isEqualTo(sizeBefore - 12);
      assertThat(q.read(q.firstId(), Long.MAX_VALUE, 100)).hasSize(10);
      long id = q.append("t", "M", 11, p("after"));
      q.commit();
      assertThat(q.read(id, Long.MAX_VALUE, 10))
          .extracting(DiskQueueTest::s)
          .containsExactly("after");
    }
  }

  @Test
  void aCorruptedRecordEndsTheSegmentThere() throws IOException {
    try (DiskQueue q = new DiskQueue(dir, 1 << 20, 8 << 20, null)) {
      for (int i = 1; i <= 5; i++) {
        q.append("t", "M", i, p("record-" + i));
      }
      q.commit();
    }
    Path seg;
    try (Stream<Path> s = Files.list(dir)) {
      seg = s.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    byte[] all = Files.readAllBytes(seg);
    all[all.length - 3] ^=
        0x55; // flip bits in the last record's payload: its CRC no longer matches
    Files.write(seg, all);
    try (DiskQueue q = new DiskQueue(dir, 1 << 20, 8 << 20, null)) {
      assertThat(q.read(q.firstId(), Long.MAX_VALUE, 100))
          .extracting(QueueRecord::seq)
          .containsExactly(1L, 2L, 3L, 4L);
    }
  }

  @Test
  void deletesASegmentOnlyWhenEveryRecordInItWasAcked() throws IOException {
    long[] deleted = new long[1];
    try (DiskQueue q =
        new DiskQueue(dir, 4096, 1 << 20, (first, end) -> deleted[0] += end - first)) {
      long firstId = 0;
      for (int i = 1; i <= 200; i++) {
        long id = q.append("t", "M", i, p("y".repeat(100)));
        firstId = i == 1 ? id : firstId;
      }
      q.commit();
      long segments = countSegments();
      assertThat(segments).isGreaterThan(2);
      List<QueueRecord> rs = q.read(firstId, Long.MAX_VALUE, 1000);
      // ack all but the first record: nothing can go yet from the first segment
      for (QueueRecord r : rs.subList(1, rs.size())) {
        q.ack(r.id());
      }
      assertThat(q.depth()).isEqualTo(1);
      assertThat(q.read(firstId, Long.MAX_VALUE, 1000))
          .extracting(QueueRecord::seq)
          .containsExactly(1L);
      assertThat(countSegments()).isLessThan(segments).isGreaterThanOrEqualTo(1);
      q.ack(rs.get(0).id());
      assertThat(q.depth()).isZero();
      assertThat(deleted[0]).isPositive();
    }
  }

  @Test
  void dropsTheOldestSegmentWhenFullAndCountsWhatWasLost() {
    try (DiskQueue q = new DiskQueue(dir, 4096, 16384, null)) {
      for (int i = 1; i <= 500; i++) {
        q.append("t", "M", i, p("z".repeat(100)));
      }
      q.commit();
      assertThat(q.bytes()).isLessThanOrEqualTo(16384 + 4096 + 200);
      assertThat(q.dropped()).isPositive();
      List<QueueRecord> left = q.read(q.firstId(), Long.MAX_VALUE, 1000);
      assertThat(left.size() + q.dropped()).isEqualTo(500);
      // what is left is the newest, still in order
      assertThat(left.get(left.size() - 1).seq()).isEqualTo(500);
      assertThat(left).extracting(QueueRecord::seq).isSorted();
    }
  }

  private long countSegments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(".seg")).count();
    }
  }
}
