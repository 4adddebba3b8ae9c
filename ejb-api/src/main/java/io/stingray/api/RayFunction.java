package io.stingray.api;

import java.io.Serializable;

/**
 * The common supertype of the generated {@code RayFuncN} and {@code RayFuncVoidN} interfaces.
 *
 * <p>The runtime calls {@link #applyArgs} to run a function with its resolved arguments;
 * applications never implement it directly (a lambda or method reference for a {@code RayFuncN}
 * does).
 */
public interface RayFunction extends Serializable {
  /**
   * Runs the function with positional arguments, already resolved from {@link ObjectRef}s.
   *
   * @return the result, or null for a void function
   * @throws Exception whatever the function throws
   */
  Object applyArgs(Object[] args) throws Exception;

  /** The number of arguments the function takes. */
  int arity();
}
