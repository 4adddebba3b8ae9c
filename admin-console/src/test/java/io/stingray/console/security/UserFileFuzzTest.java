package io.stingray.console.security;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes as a users file are read, or refused with {@link IllegalArgumentException} naming the
 * line; a file that is read lets every user in it be checked, quickly, without an exception (a
 * malformed hash refused when the file is read, not at the first sign-in). The regression inputs
 * run in every build; {@code mvn -Pfuzz test -pl admin-console} fuzzes.
 */
class UserFileFuzzTest {
  private static final char[] GUESS = "a guess".toCharArray();

  @FuzzTest(maxDuration = "10m")
  void everyFileIsReadOrRefusedAndEveryUserItHoldsCanBeChecked(byte[] bytes) throws IOException {
    Path file = Files.createTempFile("users", ".properties");
    try {
      Files.write(file, bytes);
      UserFile users;
      try {
        users = UserFile.read(file);
      } catch (IllegalArgumentException refused) {
        return;
      } catch (java.io.UncheckedIOException unreadable) { // not UTF-8
        return;
      }
      for (String line : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          users.check(line.substring(0, eq).strip(), GUESS);
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
