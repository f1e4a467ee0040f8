package io.carbonwatch.api.alerts;

import io.carbonwatch.api.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursor {@code base64url(updatedAt|id)}. */
final class Cursor {
  private Cursor() {}

  static String encode(String updatedAt, String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((updatedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  static String[] decode(String cursor) {
    try {
      String[] p =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
      if (p.length != 2) {
        throw new IllegalArgumentException();
      }
      java.time.OffsetDateTime.parse(p[0]);
      java.util.UUID.fromString(p[1]);
      return p;
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw ApiException.invalid("cursor", "无效的分页游标", "not a cursor returned by this API");
    }
  }
}
