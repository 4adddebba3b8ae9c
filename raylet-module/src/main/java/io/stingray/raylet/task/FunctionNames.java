package io.stingray.raylet.task;

import io.stingray.api.RayFunction;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Readable names for functions given as lambdas or method references ({@code Scoring.score}), read
 * once per lambda class from its serialized form, for errors and the console.
 */
public final class FunctionNames {
  private static final java.util.Map<Class<?>, String> NAMES =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private FunctionNames() {}

  /** {@code Class.method} of a method reference or lambda, else the class name. */
  public static String of(RayFunction f) {
    if (f instanceof io.stingray.api.spi.BeanActorFactory<?> bean) { // one class for every bean
      return bean.beanClass().getSimpleName() + ".<init>";
    }
    String cached = NAMES.get(f.getClass());
    if (cached != null) {
      return cached;
    }
    String name = compute(f);
    NAMES.put(f.getClass(), name);
    return name;
  }

  private static String compute(RayFunction f) {
    try {
      Method m = f.getClass().getDeclaredMethod("writeReplace");
      m.setAccessible(true);
      SerializedLambda l = (SerializedLambda) m.invoke(f);
      String cls = l.getImplClass();
      String simple = cls.substring(cls.lastIndexOf('/') + 1).replace('$', '.');
      String method = l.getImplMethodName();
      return method.startsWith("lambda$") ? simple + ".<lambda>" : simple + "." + method;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return f.getClass().getName();
    }
  }
}
