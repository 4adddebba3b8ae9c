package io.stingray.ear;

import io.stingray.ear.cdionly.CdiOnlyResource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The test application with only CDI and JAX-RS ({@code io.stingray.ear.cdionly}) as a WAR: its
 * classes, an empty beans.xml, the API jar, and the one manifest line WildFly needs to see the
 * standalone RAR (Payara ignores it).
 */
final class CdiOnlyWar {
  private CdiOnlyWar() {}

  /** Writes {@code target/cdi-only.war} and returns its absolute path. */
  static Path build() throws IOException {
    Path out = Path.of("target", "cdi-only.war");
    Path classes = Path.of("target", "test-classes");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(new Attributes.Name("Dependencies"), "deployment.stingray-resource-adapter.rar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out), manifest)) {
      String pkg = CdiOnlyResource.class.getPackageName().replace('.', '/');
      try (java.util.stream.Stream<Path> files = Files.list(classes.resolve(pkg))) {
        for (Path f : files.sorted().toList()) { // every class of the application's package
          add(jar, "WEB-INF/classes/" + pkg + "/" + f.getFileName(), Files.readAllBytes(f));
        }
      }
      add(jar, "WEB-INF/beans.xml", new byte[0]);
      add(
          jar,
          "WEB-INF/lib/stingray-ejb-api.jar",
          Files.readAllBytes(Path.of(System.getProperty("stingray.api.jar"))));
    }
    return out.toAbsolutePath();
  }

  private static void add(JarOutputStream jar, String name, byte[] bytes) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    OutputStream o = jar;
    o.write(bytes);
    jar.closeEntry();
  }
}
