package io.stingray.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * PEM files of mutual TLS between nodes turned into in-memory key stores: this node's key with its
 * certificate chain, and the trusted authorities. Shared by the GCS (JGroups TLS) and the raylet
 * (gRPC and the object port), so both read the same three files the same way. Stateless.
 */
public final class PemFiles {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PemFiles() {}

  /**
   * This node's key and chain, under the alias {@code node}, with an empty key password.
   *
   * @throws IllegalArgumentException naming the file that cannot be read or used, and why
   */
  public static KeyStore keys(Path certificate, Path key) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "node",
          privateKey(key),
          new char[0],
          certificates(certificate).toArray(Certificate[]::new));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot pair the key " + key + " with the certificate " + certificate + ": " + e, e);
    }
  }

  /**
   * The authorities whose certificates are trusted.
   *
   * @throws IllegalArgumentException naming the file that cannot be read, and why
   */
  public static KeyStore trust(Path trust) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      List<Certificate> authorities = certificates(trust);
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("authority-" + i, authorities.get(i));
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the trust file " + trust + ": " + e, e);
    }
  }

  private static List<Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<Certificate> list =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (list.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate in " + file);
      }
      return list;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the key " + file + ": " + e.getMessage(), e);
    }
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "the key "
              + file
              + " is not a PEM PKCS#8 key ("
              + BEGIN
              + "); convert it with openssl pkcs8 -topk8 -nocrypt");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisOne) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("the key " + file + " is not an EC, RSA or Ed25519 key");
  }
}
