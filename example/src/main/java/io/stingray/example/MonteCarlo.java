package io.stingray.example;

import java.util.SplittableRandom;

/** The task of the pi estimate: throw darts at the unit square, count those in the circle. */
public final class MonteCarlo {
  private MonteCarlo() {}

  /** How many of {@code samples} random points fall inside the quarter circle. */
  public static long hits(long samples, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long in = 0;
    for (long i = 0; i < samples; i++) {
      double x = r.nextDouble();
      double y = r.nextDouble();
      if (x * x + y * y <= 1.0) {
        in++;
      }
    }
    return in;
  }
}
