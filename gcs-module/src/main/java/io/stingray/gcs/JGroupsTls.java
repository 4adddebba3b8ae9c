package io.stingray.gcs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * JGroups reads TLS material only from key store files, so the PEM files are written, for the
 * moment the channel starts, as two PKCS#12 files with a random password in a directory only this
 * user can read; {@link #close} deletes them once the channel holds its TLS context.
 */
final class JGroupsTls implements AutoCloseable {
  private final Path dir;
  private final Path keys;
  private final Path trust;
  private final String password;

  private JGroupsTls(Path dir, String password) {
    this.dir = dir;
    this.keys = dir.resolve("keys.p12");
    this.trust = dir.resolve("trust.p12");
    this.password = password;
  }

  /**
   * Writes the stores.
   *
   * @throws IllegalArgumentException naming a PEM file that cannot be used
   * @throws GcsException if the temporary files cannot be written
   */
  static JGroupsTls write(GcsConfig.Tls tls) {
    KeyStore pemKeys = PemFiles.keys(tls.certificate(), tls.key());
    KeyStore pemTrust = PemFiles.trust(tls.trust());
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path dir;
    try {
      dir =
          Files.createTempDirectory(
              "stingray-jgroups-tls-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException | UnsupportedOperationException e) {
      throw new GcsException("cannot make a private directory for JGroups' TLS stores", e);
    }
    JGroupsTls files = new JGroupsTls(dir, password);
    try {
      char[] pw = password.toCharArray();
      KeyStore withPassword = KeyStore.getInstance("PKCS12");
      withPassword.load(null, null);
      withPassword.setKeyEntry(
          "node", pemKeys.getKey("node", new char[0]), pw, pemKeys.getCertificateChain("node"));
      store(withPassword, files.keys, pw);
      store(pemTrust, files.trust, pw);
      return files;
    } catch (IOException | GeneralSecurityException e) {
      files.close();
      throw new GcsException("cannot write JGroups' TLS stores: " + e, e);
    }
  }

  private static void store(KeyStore store, Path file, char[] password)
      throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password);
    }
  }

  /** The attributes of JGroups' TCP element that turn TLS on, with client authentication. */
  String attributes() {
    return String.join(
        " ",
        "tls.enabled=\"true\"",
        "tls.client_auth=\"NEED\"",
        "tls.keystore_path=\"" + keys + "\"",
        "tls.keystore_password=\"" + password + "\"",
        "tls.keystore_type=\"PKCS12\"",
        "tls.keystore_alias=\"node\"",
        "tls.truststore_path=\"" + trust + "\"",
        "tls.truststore_password=\"" + password + "\"",
        "tls.truststore_type=\"PKCS12\"");
  }

  @Override
  public void close() {
    for (Path p : new Path[] {keys, trust, dir}) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        p.toFile().deleteOnExit();
      }
    }
  }
}
