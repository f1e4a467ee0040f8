package io.carbonwatch.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route group answers; the gateway writes it to the HTTP response. Crosses the event bus by
 * reference ({@link LocalCodec}). The JSON is encoded by the group, on the group's context.
 *
 * @param status HTTP status
 * @param headers response headers (one value each; {@code Set-Cookie} carries one encoded cookie)
 * @param body the response body, null for none
 * @param stream non-null for a streaming reply: the gateway keeps the response open, writes {@code
 *     body} first and then every frame published on {@link Stream#frames()}
 */
public record ApiReply(int status, Map<String, String> headers, Buffer body, Stream stream) {
  private static final Map<String, String> JSON =
      Map.of("Content-Type", "application/json; charset=utf-8");

  public ApiReply {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status: expected 100..599, got " + status);
    }
    headers = Map.copyOf(headers);
  }

  /**
   * A stream of text frames published on the event bus at {@code frames}; when the client goes away
   * the gateway sends the {@code frames} address to {@code closed} so the group can forget it.
   */
  public record Stream(String frames, String closed) {
    public Stream {
      Objects.requireNonNull(frames, "frames");
      Objects.requireNonNull(closed, "closed");
    }
  }

  /** 200 with {@code value} as JSON, or 204 when it is null. */
  public static ApiReply ok(Object value) {
    return json(200, value);
  }

  /** 201 with {@code value} as JSON. */
  public static ApiReply created(Object value) {
    return json(201, value);
  }

  public static ApiReply json(int status, Object value) {
    if (value == null) {
      return new ApiReply(204, Map.of(), null, null);
    }
    return new ApiReply(status, JSON, Json.encodeToBuffer(value), null);
  }

  /** 200 with JSON that is already encoded. */
  public static ApiReply encoded(Buffer json) {
    return new ApiReply(200, JSON, json, null);
  }

  public static ApiReply text(String contentType, String text) {
    return new ApiReply(200, Map.of("Content-Type", contentType), Buffer.buffer(text), null);
  }

  public static ApiReply stream(Map<String, String> headers, String first, Stream stream) {
    return new ApiReply(200, headers, Buffer.buffer(first), Objects.requireNonNull(stream));
  }

  public ApiReply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiReply(status, h, body, stream);
  }
}
