package io.carbonwatch.edge.queue;

/**
 * One message in the durable queue: where it goes, its payload, and for readings the {@code (meter,
 * seq)} that identifies it (empty meter and seq 0 for other messages).
 *
 * @param id position in the queue, strictly increasing, assigned on append
 */
public record QueueRecord(long id, String topic, String meter, long seq, byte[] payload) {}
