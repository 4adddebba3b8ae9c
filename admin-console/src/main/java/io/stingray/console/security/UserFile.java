package io.stingray.console.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The console's users: a text file of {@code name = password-hash, role[, role...]} lines (blank
 * lines and {@code #} comments ignored), the hash being {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}
 * (Base64) as {@link #hash} makes it. Roles are {@code viewer} (read-only) and {@code admin} (also
 * the actions). Immutable once read; thread-safe. Depends on the JDK only, so that {@code java
 * UserFile.java NAME ROLE...} runs it as a script (see {@link #main}).
 */
public final class UserFile {
  /** The roles the console knows. */
  public static final Set<String> ROLES = Set.of("viewer", "admin");

  private static final int ITERATIONS = 120_000;
  private final Map<String, User> users;

  /** One user: the stored hash and the roles (groups) it is in. */
  public record User(String name, String hash, Set<String> roles) {}

  private UserFile(Map<String, User> users) {
    this.users = users;
  }

  /**
   * Reads a users file.
   *
   * @throws IllegalArgumentException naming the file and line of a malformed entry or an unknown
   *     role
   * @throws UncheckedIOException if the file cannot be read
   */
  public static UserFile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console users file " + file + ": " + e, e);
    }
    Map<String, User> users = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(where + ": expected 'name = hash, role...'");
      }
      String name = line.substring(0, eq).strip();
      String[] parts = line.substring(eq + 1).split(",", -1); // "a=," too: ["", ""]
      String hash = parts[0].strip();
      String malformed = malformed(hash);
      if (malformed != null) {
        throw new IllegalArgumentException(
            where
                + ": the password must be a pbkdf2-sha256 hash (make one with UserFile): "
                + malformed);
      }
      Set<String> roles = new LinkedHashSet<>();
      for (int p = 1; p < parts.length; p++) {
        String role = parts[p].strip();
        if (role.isEmpty()) {
          continue; // a trailing comma
        }
        if (!ROLES.contains(role)) {
          throw new IllegalArgumentException(
              where + ": unknown role '" + role + "' (roles: viewer, admin)");
        }
        roles.add(role);
      }
      if (roles.isEmpty()) {
        throw new IllegalArgumentException(where + ": user '" + name + "' has no role");
      }
      users.put(name, new User(name, hash, Set.copyOf(roles)));
    }
    return new UserFile(Map.copyOf(users));
  }

  /** The most iterations a hash may ask for: more would make each sign-in a denial of service. */
  static final int MAX_ITERATIONS = 10_000_000;

  /** Why {@code hash} is not a usable {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}, or null. */
  private static String malformed(String hash) {
    String[] p = hash.split(":", -1);
    if (p.length != 4 || !p[0].equals("pbkdf2-sha256")) {
      return "expected pbkdf2-sha256:ITERATIONS:SALT:HASH";
    }
    int iterations;
    try {
      iterations = Integer.parseInt(p[1]);
    } catch (NumberFormatException e) {
      return "the iterations are not a number";
    }
    if (iterations < 1000 || iterations > MAX_ITERATIONS) {
      return "the iterations must be from 1000 to " + MAX_ITERATIONS;
    }
    try {
      if (Base64.getDecoder().decode(p[2]).length < 8) {
        return "the salt must be at least 8 bytes";
      }
      if (Base64.getDecoder().decode(p[3]).length != 32) {
        return "the hash must be 32 bytes";
      }
    } catch (IllegalArgumentException e) {
      return "the salt or hash is not Base64";
    }
    return null;
  }

  /**
   * The user with this name and password, or null if there is none or the password is wrong. An
   * unknown name costs the same key derivation as a known one, so that the time taken does not tell
   * which users exist.
   */
  public User check(String name, char[] password) {
    User u = users.get(name);
    boolean match = matches(password, u != null ? u.hash() : NOBODY);
    return u != null && match ? u : null;
  }

  /** Key derivations since this class loaded (for tests: unknown and known names cost alike). */
  static final java.util.concurrent.atomic.AtomicLong DERIVATIONS =
      new java.util.concurrent.atomic.AtomicLong();

  /** A hash an unknown name's password is checked against (and never accepted for). */
  private static final String NOBODY = hash(new char[] {0});

  /** The user with this name (its password not checked), or null. */
  User named(String name) {
    return users.get(name);
  }

  /** How many users the file holds. */
  public int size() {
    return users.size();
  }

  /** A new salted hash of {@code password}, for a users file. */
  public static String hash(char[] password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return "pbkdf2-sha256:"
        + ITERATIONS
        + ":"
        + b64.encodeToString(salt)
        + ":"
        + b64.encodeToString(derive(password, salt, ITERATIONS));
  }

  static boolean matches(char[] password, String hash) {
    String[] p = hash.split(":");
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] expected = b64.decode(p[3]);
    return MessageDigest.isEqual(
        expected, derive(password, b64.decode(p[2]), Integer.parseInt(p[1])));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    DERIVATIONS.incrementAndGet();
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no PBKDF2WithHmacSHA256: " + e, e);
    } finally {
      spec.clearPassword();
    }
  }

  /**
   * Prints a users-file line: {@code java UserFile.java NAME ROLE...} reads the password from the
   * console (or the first line of standard input) and prints {@code NAME = HASH, ROLE...}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || !ROLES.containsAll(Arrays.asList(args).subList(1, args.length))) {
      System.err.println("usage: UserFile NAME ROLE... (roles: viewer, admin); password on stdin");
      System.exit(2);
    }
    char[] password;
    if (System.console() != null) {
      password = System.console().readPassword("password for %s: ", args[0]);
    } else {
      String line =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
              .readLine();
      password = line == null ? new char[0] : line.toCharArray();
    }
    if (password == null || password.length < 8) {
      System.err.println("the password must have at least 8 characters");
      System.exit(2);
    }
    System.out.println(
        args[0]
            + " = "
            + hash(password)
            + ", "
            + String.join(", ", Arrays.asList(args).subList(1, args.length)));
  }
}
