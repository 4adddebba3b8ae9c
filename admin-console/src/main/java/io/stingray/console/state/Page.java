package io.stingray.console.state;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Paging ({@code ?limit=&offset=}) and the {@code ?state=} filter of the list endpoints. */
final class Page {
  static final int MAX_LIMIT = 1000;

  private Page() {}

  /**
   * The page of {@code rows} whose state (as {@code stateOf} says) matches {@code state}.
   *
   * @throws IllegalArgumentException for a limit outside 1..1000 or a negative offset
   */
  static <T> List<T> of(
      List<T> rows, int limit, int offset, String state, Function<T, String> stateOf) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    String wanted = state == null || state.isBlank() ? null : state.toUpperCase(Locale.ROOT);
    return rows.stream()
        .filter(r -> wanted == null || wanted.equals(stateOf.apply(r)))
        .skip(offset)
        .limit(limit)
        .toList();
  }
}
