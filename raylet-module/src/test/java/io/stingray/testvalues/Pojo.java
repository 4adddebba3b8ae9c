package io.stingray.testvalues;

/**
 * A plain value class of no Stingray runtime package, for the serialization filter's origin tests.
 */
public class Pojo {
  public int value = 7;
}
