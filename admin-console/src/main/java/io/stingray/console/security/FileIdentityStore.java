package io.stingray.console.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console's Jakarta Security setup: HTTP Basic authentication against the users file named by
 * the system property {@code stingray.console.usersFile} or the environment variable {@code
 * STINGRAY_CONSOLE_USERS_FILE} (see {@link UserFile}); its roles are the groups {@code viewer} and
 * {@code admin}. The file is read again when it changes, so users are added without a restart.
 * Without a file nobody can sign in, and the log says why. Thread-safe.
 */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "Stingray console")
@DeclareRoles({"viewer", "admin"})
public class FileIdentityStore implements IdentityStore {
  private static final Logger LOG = Logger.getLogger(FileIdentityStore.class.getName());
  private static final byte[] PEPPER = new SecureRandom().generateSeed(16);

  private volatile Loaded loaded;
  // name -> digest of a password already checked against this version of the file: PBKDF2 is slow
  // on purpose, and Basic authentication checks every request
  private final Map<String, String> verified = new ConcurrentHashMap<>();
  private final SignInLimiter limiter = new SignInLimiter(System::currentTimeMillis);

  private record Loaded(Path path, long modified, UserFile users, String error) {}

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential up)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Loaded file = current();
    if (file.users() == null) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    String name = up.getCaller();
    if (name == null) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    String digest = digest(name, up.getPassword().getValue());
    boolean cached = digest.equals(verified.get(name));
    // a password verified before (every request of a session signs in again) takes no slot; the
    // name's lock still holds for it
    if (cached ? limiter.locked(name) : !limiter.begin(name)) {
      LOG.warning(
          "console sign-in refused for user '"
              + name
              + "': "
              + SignInLimiter.MAX_FAILURES
              + " failures (or sign-ins being checked) within a minute");
      return CredentialValidationResult.INVALID_RESULT;
    }
    UserFile.User user = null;
    if (cached) {
      user = file.users().named(name);
    } else {
      try {
        user = file.users().check(name, up.getPassword().getValue());
        if (user != null) {
          verified.put(name, digest);
        }
      } finally {
        limiter.end(name, user == null, true); // a password checked now clears the failures
      }
    }
    if (user == null) {
      LOG.info("console sign-in refused for user '" + name + "'");
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(user.name(), user.roles());
  }

  private Loaded current() {
    String configured = System.getProperty("stingray.console.usersFile");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("STINGRAY_CONSOLE_USERS_FILE");
    }
    if (configured == null || configured.isBlank()) {
      return remember(
          new Loaded(
              null,
              0,
              null,
              "no console users are configured: set STINGRAY_CONSOLE_USERS_FILE (or the system"
                  + " property stingray.console.usersFile) to a users file; see the README"));
    }
    Path path = Path.of(configured);
    long modified;
    try {
      modified = Files.getLastModifiedTime(path).toMillis();
    } catch (java.io.IOException e) {
      return remember(new Loaded(path, 0, null, "cannot read the console users file " + path));
    }
    Loaded now = loaded;
    if (now != null && path.equals(now.path()) && modified == now.modified()) {
      return now;
    }
    try {
      UserFile users = UserFile.read(path);
      verified.clear();
      LOG.info("console users: " + users.size() + " from " + path);
      return remember(new Loaded(path, modified, users, null));
    } catch (RuntimeException e) {
      return remember(new Loaded(path, modified, null, e.getMessage()));
    }
  }

  private Loaded remember(Loaded next) {
    Loaded before = loaded;
    loaded = next;
    if (next.error() != null && (before == null || !next.error().equals(before.error()))) {
      LOG.log(Level.SEVERE, "nobody can sign in to the Stingray console: " + next.error());
    }
    return next;
  }

  private static String digest(String name, char[] password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(PEPPER);
      md.update(name.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(new String(password).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
