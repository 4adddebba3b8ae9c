package io.stingray.raylet.serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which classes a job's objects may contain: every class named in serialized bytes is checked here
 * before it is loaded, so a class outside the list is refused, never instantiated.
 *
 * <p>Patterns: {@code com.acme.Order} (one class), {@code com.acme.*} (a package), {@code
 * com.acme.**} (a package and its subpackages). JDK classes are allowed only from a fixed list of
 * value types and collections. Classes outside the JDK are allowed when they match a pattern; in
 * the default (non-strict) mode they are also allowed when they are the job's own: such a class
 * (outside a list of packages known to hold deserialization gadgets) is loaded, not initialized, to
 * see which loader defines it, and allowed only if that is the job's loader, or an application
 * loader above it and below Stingray's runtime (an EAR's, above its WAR's). Refused: the runtime's
 * loader (in a server, the resource adapter's, with Guava, Kryo, Infinispan, gRPC and the rest),
 * the server's own modules, other applications. In plain Java the runtime and the job share one
 * loader, so there every class on the class path is the job's. Immutable and thread-safe.
 */
public final class ClassFilter {
  private static final Set<String> JDK_CLASSES =
      Set.of(
          "java.lang.Object",
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Character",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Void",
          "java.lang.Number",
          "java.lang.Enum",
          "java.lang.Record",
          "java.lang.StackTraceElement",
          // task functions: a lambda is rebuilt only by its own class's $deserializeLambda$
          "java.lang.invoke.SerializedLambda",
          // the causes of failures that travel between nodes
          "java.lang.Throwable",
          "java.lang.Exception",
          "java.lang.RuntimeException",
          "java.lang.Error",
          "java.lang.IllegalArgumentException",
          "java.lang.IllegalStateException",
          "java.lang.NullPointerException",
          "java.lang.ArithmeticException",
          "java.lang.ClassCastException",
          "java.lang.IndexOutOfBoundsException",
          "java.lang.ArrayIndexOutOfBoundsException",
          "java.lang.UnsupportedOperationException",
          "java.lang.NumberFormatException",
          "java.lang.InterruptedException",
          "java.io.IOException",
          "java.io.UncheckedIOException",
          "java.net.URI",
          "java.util.regex.Pattern");
  private static final List<String> JDK_PATTERNS =
      List.of(
          "java.util.*",
          "java.util.concurrent.*",
          "java.util.concurrent.atomic.*",
          "java.time.**",
          "java.math.*",
          "io.stingray.api.**");
  private static final List<String> JDK_PREFIXES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.", "org.ietf.");
  private static final List<String> GADGET_PREFIXES =
      List.of(
          "org.apache.commons.collections.",
          "org.apache.commons.collections4.",
          "org.apache.commons.beanutils.",
          "org.apache.xalan.",
          "org.apache.xbean.",
          "org.springframework.",
          "org.codehaus.groovy.",
          "groovy.",
          "bsh.",
          "clojure.",
          "org.python.",
          "org.mozilla.javascript.",
          "com.mchange.",
          "net.sf.json.",
          "com.rometools.",
          "org.hibernate.",
          "org.jboss.interceptor.");

  private final List<String> patterns;
  private final boolean strict;

  private ClassFilter(List<String> patterns, boolean strict) {
    this.patterns = List.copyOf(patterns);
    this.strict = strict;
  }

  /**
   * The filter for a job.
   *
   * @param allowed extra patterns for the job's own classes
   * @param strict if true, only the JDK list and {@code allowed}; if false, also every non-JDK
   *     class outside the known gadget packages
   * @throws IllegalArgumentException for a malformed pattern
   */
  public static ClassFilter of(List<String> allowed, boolean strict) {
    List<String> all = new ArrayList<>(JDK_PATTERNS);
    for (String p : allowed) {
      if (p == null || p.isBlank() || p.contains("***") || p.indexOf('*') >= 0 && !isWildcard(p)) {
        throw new IllegalArgumentException(
            "class pattern '" + p + "' must be a class name, pkg.* or pkg.**");
      }
      all.add(p.trim());
    }
    return new ClassFilter(all, strict);
  }

  private static boolean isWildcard(String p) {
    return (p.endsWith(".*") || p.endsWith(".**")) && p.indexOf('*') == p.lastIndexOf('.') + 1;
  }

  /** Whether a class of this binary name (as in {@link Class#getName()}) may be loaded. */
  public boolean allows(String className) {
    String name = className;
    while (name.startsWith("[")) {
      name = name.substring(1);
    }
    if (name.length() == 1) {
      return true; // a primitive array
    }
    if (name.startsWith("L") && name.endsWith(";")) {
      name = name.substring(1, name.length() - 1);
    }
    if (JDK_CLASSES.contains(name) || matchesPattern(name)) {
      return true;
    }
    if (strict || startsWithAny(name, JDK_PREFIXES)) {
      return false;
    }
    return !startsWithAny(name, GADGET_PREFIXES);
  }

  private boolean matchesPattern(String name) {
    int lastDot = name.lastIndexOf('.');
    String pkg = lastDot < 0 ? "" : name.substring(0, lastDot);
    for (String p : patterns) {
      if (p.endsWith(".**")) {
        String base = p.substring(0, p.length() - 3);
        if (pkg.equals(base) || pkg.startsWith(base + ".")) {
          return true;
        }
      } else if (p.endsWith(".*")) {
        if (pkg.equals(p.substring(0, p.length() - 2))) {
          return true;
        }
      } else if (p.equals(name) || name.startsWith(p + "$")) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWithAny(String name, List<String> prefixes) {
    for (String p : prefixes) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** A class loader that refuses, before loading, every class this filter does not allow. */
  ClassLoader guard(ClassLoader jobLoader) {
    return new GuardedLoader(jobLoader, this);
  }

  /** The loader of Stingray's runtime and, in a server, of the adapter's libraries. */
  private static final ClassLoader RUNTIME_LOADER = ClassFilter.class.getClassLoader();

  /**
   * Why a class this filter allowed by name must still be refused for where it comes from, or null:
   * in the default mode, a class the runtime's loader defines (one of the adapter's libraries), not
   * the job's loader, nor a Stingray class.
   */
  String refusedOrigin(Class<?> c, ClassLoader jobLoader) {
    String name = c.getName();
    if (strict
        || JDK_CLASSES.contains(name)
        || matchesPattern(name)
        || name.startsWith("io.stingray.raylet.")
        || name.startsWith("io.stingray.gcs.")
        || c.isPrimitive()
        || c.isArray()) {
      return null; // allowed by name, not by default
    }
    ClassLoader defining = c.getClassLoader();
    for (ClassLoader l = defining; l != null; l = l.getParent()) {
      if (l == jobLoader) {
        return null; // the job's own loader (or one of its children) defines it
      }
    }
    if (defining != null && defining == RUNTIME_LOADER) {
      return "it is one of the Stingray adapter's own libraries, not the job's";
    }
    if (defining != null && applicationLoaderAbove(jobLoader, defining)) {
      return null;
    }
    return "it is defined by "
        + (defining == null ? "the JDK's boot loader" : "class loader " + defining)
        + ", not by the job's own class loader";
  }

  /**
   * Whether {@code defining} is an application loader above the job's (an EAR's, above its WAR's):
   * on the job loader's parent chain, and neither the runtime's loader, one of its ancestors (the
   * server's), nor the JDK's system or platform loader.
   */
  private static boolean applicationLoaderAbove(ClassLoader jobLoader, ClassLoader defining) {
    if (defining == ClassLoader.getSystemClassLoader()
        || defining == ClassLoader.getPlatformClassLoader()) {
      return false;
    }
    for (ClassLoader l = RUNTIME_LOADER; l != null; l = l.getParent()) {
      if (l == defining) {
        return false; // the runtime's or the server's
      }
    }
    for (ClassLoader l = jobLoader.getParent(); l != null; l = l.getParent()) {
      if (l == defining) {
        return true;
      }
    }
    return false;
  }

  /** Thrown (as the cause of a serialization error) when bytes name a refused class. */
  public static final class RefusedClassException extends ClassNotFoundException {
    private static final long serialVersionUID = 1L;

    RefusedClassException(String className) {
      this(className, "it is not allowed by the job's serialization filter");
    }

    RefusedClassException(String className, String why) {
      super(
          "class "
              + className
              + " is refused: "
              + why
              + "; add it to the job's allowed classes if it is trusted");
    }
  }

  /** Delegates to the job's loader only for allowed names. */
  private static final class GuardedLoader extends ClassLoader {
    private final ClassFilter filter;
    private final ClassLoader jobLoader;

    GuardedLoader(ClassLoader parent, ClassFilter filter) {
      super("stingray-filter", parent);
      this.filter = filter;
      this.jobLoader = parent;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!filter.allows(name)) {
        throw new RefusedClassException(name);
      }
      Class<?> c = super.loadClass(name, false); // loaded, not initialized: no static code runs
      String refused = filter.refusedOrigin(c, jobLoader);
      if (refused != null) {
        throw new RefusedClassException(name, refused);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }
}
