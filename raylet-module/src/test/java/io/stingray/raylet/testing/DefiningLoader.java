package io.stingray.raylet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * An application's class loader for tests: defines the classes {@code defines} names itself, from
 * the class files its parent can read, and leaves the rest to its parent. So a test class becomes
 * "the application's" (its loader is this one), as it would be in a server's WAR.
 */
public final class DefiningLoader extends ClassLoader {
  private final Predicate<String> defines;

  public DefiningLoader(String name, ClassLoader parent, Predicate<String> defines) {
    super(name, parent);
    this.defines = defines;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!defines.test(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] bytes = in.readAllBytes();
          c = defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
      return c;
    }
  }
}
