package io.stingray.raylet.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In the default filter mode, a class the job's own loader defines (or an application loader above
 * it, below the runtime's: an EAR's) is read back, and the same class defined by the runtime's
 * loader (in a server: one of the adapter's libraries) or by any other loader (the server's own
 * modules, another application) is refused: the default is an allow list.
 */
class ClassOriginTest {
  static final String POJO = "io.stingray.testvalues.Pojo";

  /** An application's loader: defines the test's Pojo itself, the rest from its parent. */
  static ClassLoader appLoader(String name, ClassLoader parent) {
    return new io.stingray.raylet.testing.DefiningLoader(name, parent, POJO::equals);
  }

  static Object roundTrip(ClassLoader job, ClassFilter filter, Object value) {
    ObjectSerializer s = new ObjectSerializer(job, filter, Map.of());
    return s.deserialize(s.serialize(value).bytes());
  }

  @Test
  void theJobsOwnClassIsReadBack() throws Exception {
    ClassLoader app = appLoader("app", ClassOriginTest.class.getClassLoader());
    Object mine = app.loadClass(POJO).getConstructor().newInstance();
    assertThat(mine.getClass().getClassLoader()).isSameAs(app);
    Object back = roundTrip(app, ClassFilter.of(List.of(), false), List.of(mine));
    assertThat(((List<?>) back).get(0).getClass()).isSameAs(mine.getClass());
  }

  @Test
  void aClassOfTheRuntimesLoaderIsRefusedUnlessAllowedByName() {
    // a job whose loader defines nothing itself: Pojo comes from the runtime's loader, as the
    // adapter's libraries do in a server
    ClassLoader app = new URLClassLoader(new URL[0], ClassOriginTest.class.getClassLoader());
    Object theirs = new io.stingray.testvalues.Pojo();
    assertThatThrownBy(() -> roundTrip(app, ClassFilter.of(List.of(), false), List.of(theirs)))
        .hasStackTraceContaining(POJO)
        .hasStackTraceContaining("adapter's own libraries");
    Object back =
        roundTrip(app, ClassFilter.of(List.of("io.stingray.testvalues.*"), false), theirs);
    assertThat(back).isInstanceOf(io.stingray.testvalues.Pojo.class);
    assertThat(roundTrip(app, ClassFilter.of(List.of(), false), List.of("jdk values", 1L)))
        .isEqualTo(List.of("jdk values", 1L));
  }

  @Test
  void aClassOfAnApplicationLoaderAboveTheJobsIsReadBack() throws Exception {
    // an EAR's loader defines Pojo; the WAR's loader below it runs the job
    ClassLoader ear = appLoader("ear", ClassOriginTest.class.getClassLoader());
    ClassLoader war = new URLClassLoader("war", new URL[0], ear);
    Object shared = ear.loadClass(POJO).getConstructor().newInstance();
    Object back = roundTrip(war, ClassFilter.of(List.of(), false), List.of(shared));
    assertThat(((List<?>) back).get(0).getClass()).isSameAs(shared.getClass());
  }

  @Test
  void aClassOfALoaderOutsideTheJobsLineIsRefused() throws Exception {
    // a server module's loader (as an OSGi bundle's in Payara) defines Pojo, and the job's loader
    // hands it out without being its parent: neither the job's nor the adapter's, still not trusted
    ClassLoader module = appLoader("module", ClassOriginTest.class.getClassLoader());
    ClassLoader job =
        new ClassLoader("job", ClassOriginTest.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            return POJO.equals(name) ? module.loadClass(name) : super.loadClass(name, resolve);
          }
        };
    Object theirs = module.loadClass(POJO).getConstructor().newInstance();
    assertThatThrownBy(() -> roundTrip(job, ClassFilter.of(List.of(), false), List.of(theirs)))
        .hasStackTraceContaining(POJO)
        .hasStackTraceContaining("not by the job's own class loader");
    Object back =
        roundTrip(job, ClassFilter.of(List.of("io.stingray.testvalues.Pojo"), false), theirs);
    assertThat(back.getClass()).isSameAs(theirs.getClass());
  }
}
