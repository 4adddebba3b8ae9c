package io.stingray.api.spi;

import io.stingray.api.RayFunction;
import java.util.Objects;

/**
 * A function and its arguments as given by the caller, before any {@link io.stingray.api.ObjectRef}
 * is resolved; built by the generated overloads and handed to the runtime. For actor calls argument
 * 0 is reserved (null) for the actor instance.
 *
 * @param function the function; never null
 * @param args the arguments, values or ObjectRefs; never null
 * @param returnsVoid whether the function returns nothing
 */
public record Invocation(RayFunction function, Object[] args, boolean returnsVoid) {
  public Invocation {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(args, "args");
  }
}
