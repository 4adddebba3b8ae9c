package io.stingray.example;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The task of the word count: counts the words of one document. */
public final class WordCount {
  private WordCount() {}

  /** Lower-cased words (letters and digits) of a document with their counts. */
  public static HashMap<String, Long> count(String document) {
    HashMap<String, Long> counts = new HashMap<>();
    for (String w : document.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    return counts;
  }

  /** Adds one document's counts into a total. */
  static void merge(Map<String, Long> total, Map<String, Long> part) {
    part.forEach((w, n) -> total.merge(w, n, Long::sum));
  }
}
