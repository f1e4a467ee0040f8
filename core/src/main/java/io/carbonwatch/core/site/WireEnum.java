package io.carbonwatch.core.site;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum with a stable lower-case spelling in the site model YAML/JSON. */
public interface WireEnum {
  /** The spelling used in YAML and JSON. */
  String wire();

  /** Parses the YAML spelling; empty when unknown. */
  static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.wire().equals(text)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** "a, b, c" — the allowed spellings, for error messages. */
  static <E extends Enum<E> & WireEnum> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(WireEnum::wire)
        .collect(Collectors.joining(", "));
  }
}
