package io.carbonwatch.jobs.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands subscriber identity {@code n} to reader {@code n mod parallelism} (a reader owns {@code
 * sessionsPerReader} identities). Splits come back here when a reader fails and go out again when
 * it re-registers, so the same session (and its unacknowledged messages) is resumed.
 */
final class MqttSplitEnumerator implements SplitEnumerator<MqttSplit, List<MqttSplit>> {
  private final SplitEnumeratorContext<MqttSplit> context;
  private final Map<Integer, MqttSplit> pending = new TreeMap<>();

  MqttSplitEnumerator(
      SplitEnumeratorContext<MqttSplit> context, List<MqttSplit> restored, int sessionsPerReader) {
    this.context = context;
    if (restored == null) {
      for (int i = 0; i < context.currentParallelism() * sessionsPerReader; i++) {
        pending.put(i, new MqttSplit(i));
      }
    } else {
      restored.forEach(s -> pending.put(s.index(), s));
    }
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {}

  @Override
  public void addSplitsBack(List<MqttSplit> splits, int subtaskId) {
    splits.forEach(s -> pending.put(s.index(), s));
    if (context.registeredReaders().containsKey(subtaskId)) {
      addReader(subtaskId);
    }
  }

  @Override
  public void addReader(int subtaskId) {
    // Split i belongs to reader i modulo parallelism; after a rescale a reader may own several.
    int parallelism = context.currentParallelism();
    List<MqttSplit> mine = new ArrayList<>();
    pending
        .values()
        .removeIf(
            s -> {
              if (s.index() % parallelism == subtaskId) {
                mine.add(s);
                return true;
              }
              return false;
            });
    mine.forEach(s -> context.assignSplit(s, subtaskId));
  }

  @Override
  public List<MqttSplit> snapshotState(long checkpointId) {
    return new ArrayList<>(pending.values());
  }

  @Override
  public void close() {}
}
