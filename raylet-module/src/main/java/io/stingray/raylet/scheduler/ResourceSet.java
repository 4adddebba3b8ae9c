package io.stingray.raylet.scheduler;

import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable demand or amount of named resources ("CPU", "GPU", "memory", custom names).
 * Quantities are non-negative; zero entries are dropped. Equal sets have equal entries.
 */
public final class ResourceSet {
  /** Nothing. */
  public static final ResourceSet EMPTY = new ResourceSet(new String[0], new double[0]);

  /** The default demand of a task: one CPU. */
  public static final ResourceSet ONE_CPU = of(Map.of("CPU", 1.0));

  private static final double EPSILON = 1e-9;
  private final String[] names;
  private final double[] amounts;
  private final int hash;

  private ResourceSet(String[] names, double[] amounts) {
    this.names = names;
    this.amounts = amounts;
    int h = 1;
    for (int i = 0; i < names.length; i++) {
      h = 31 * h + names[i].hashCode();
      h = 31 * h + Double.hashCode(amounts[i]);
    }
    this.hash = h;
  }

  /**
   * A set from a map.
   *
   * @throws IllegalArgumentException for a blank name or a negative or non-finite quantity
   */
  public static ResourceSet of(Map<String, Double> resources) {
    TreeMap<String, Double> sorted = new TreeMap<>();
    for (Map.Entry<String, Double> e : resources.entrySet()) {
      checkEntry(e.getKey(), e.getValue());
      if (e.getValue() > EPSILON) {
        sorted.put(e.getKey(), e.getValue());
      }
    }
    String[] n = sorted.keySet().toArray(new String[0]);
    double[] a = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      a[i] = sorted.get(n[i]);
    }
    return new ResourceSet(n, a);
  }

  /**
   * Checks one resource entry.
   *
   * @throws IllegalArgumentException for a blank name or a negative or non-finite quantity
   */
  public static void checkEntry(String name, Double quantity) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a resource name must not be blank");
    }
    if (quantity == null || quantity < 0 || quantity.isNaN() || quantity.isInfinite()) {
      throw new IllegalArgumentException(
          "resource '" + name + "' needs a finite quantity >= 0, got " + quantity);
    }
  }

  /** Whether the available amounts cover this demand. */
  public boolean fitsIn(Map<String, Double> available) {
    for (int i = 0; i < names.length; i++) {
      Double have = available.get(names[i]);
      if (have == null || have + EPSILON < amounts[i]) {
        return false;
      }
    }
    return true;
  }

  /** Subtracts this demand from {@code pool} (may go negative). */
  public void takeFrom(Map<String, Double> pool) {
    for (int i = 0; i < names.length; i++) {
      pool.merge(names[i], -amounts[i], Double::sum);
    }
  }

  /** Adds this amount back to {@code pool}. */
  public void giveBack(Map<String, Double> pool) {
    for (int i = 0; i < names.length; i++) {
      pool.merge(names[i], amounts[i], Double::sum);
    }
  }

  /** Whether any resource name satisfies the predicate. */
  public boolean anyName(java.util.function.Predicate<String> p) {
    for (String n : names) {
      if (p.test(n)) {
        return true;
      }
    }
    return false;
  }

  /** Whether there is no demand. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The set as a sorted map. */
  public Map<String, Double> toMap() {
    TreeMap<String, Double> m = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], amounts[i]);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceSet r
        && r.hash == hash
        && java.util.Arrays.equals(r.names, names)
        && java.util.Arrays.equals(r.amounts, amounts);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
