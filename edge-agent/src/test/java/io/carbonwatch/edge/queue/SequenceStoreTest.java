package io.carbonwatch.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceStoreTest {
  @TempDir Path dir;

  @Test
  void resumesFromTheHigherOfCheckpointAndQueue() {
    SequenceStore s = new SequenceStore(dir.resolve("seq"), Map.of());
    assertThat(s.next("A")).isEqualTo(1);
    assertThat(s.next("A")).isEqualTo(2);
    assertThat(s.next("B")).isEqualTo(1);
    s.checkpoint();
    SequenceStore again = new SequenceStore(dir.resolve("seq"), Map.of("A", 7L));
    assertThat(again.next("A")).isEqualTo(8);
    assertThat(again.next("B")).isEqualTo(2);
    assertThat(again.next("C")).isEqualTo(1);
  }
}
