package io.stingray.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console users file: hashes check, roles are read, mistakes are named with their line. */
class UserFileTest {
  @TempDir Path dir;

  @Test
  void checksPasswordsAgainstStoredHashesAndReadsRoles() throws Exception {
    Path f = dir.resolve("users");
    Files.writeString(
        f,
        "# console users\n\nada = "
            + UserFile.hash("ada-password".toCharArray())
            + ", admin, viewer\nvera = "
            + UserFile.hash("vera-password".toCharArray())
            + ", viewer\n");
    UserFile users = UserFile.read(f);
    assertThat(users.size()).isEqualTo(2);
    assertThat(users.check("ada", "ada-password".toCharArray()).roles())
        .isEqualTo(Set.of("admin", "viewer"));
    assertThat(users.check("vera", "vera-password".toCharArray()).roles())
        .isEqualTo(Set.of("viewer"));
    assertThat(users.check("vera", "ada-password".toCharArray())).isNull();
    assertThat(users.check("nobody", "ada-password".toCharArray())).isNull();
    assertThat(UserFile.hash("x".toCharArray())).isNotEqualTo(UserFile.hash("x".toCharArray()));
  }

  @Test
  void anUnknownNameCostsTheSameKeyDerivationAsAWrongPassword() throws Exception {
    Path f = dir.resolve("users");
    Files.writeString(f, "ada = " + UserFile.hash("ada-password".toCharArray()) + ", admin\n");
    UserFile users = UserFile.read(f);
    long before = UserFile.DERIVATIONS.get();
    assertThat(users.check("ada", "wrong".toCharArray())).isNull();
    long known = UserFile.DERIVATIONS.get() - before;
    before = UserFile.DERIVATIONS.get();
    assertThat(users.check("nobody-by-this-name", "wrong".toCharArray())).isNull();
    long unknown = UserFile.DERIVATIONS.get() - before;
    assertThat(unknown).as("no shortcut tells which names exist").isEqualTo(known).isOne();
  }

  @Test
  void aMalformedLineIsNamedWithItsFileAndLine() throws Exception {
    Path f = dir.resolve("users");
    Files.writeString(f, "# ok\nada = secret, admin\n");
    assertThatThrownBy(() -> UserFile.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("pbkdf2-sha256");
    Files.writeString(f, "ada = " + UserFile.hash("p".toCharArray()) + ", root\n");
    assertThatThrownBy(() -> UserFile.read(f)).hasMessageContaining("unknown role 'root'");
    Files.writeString(f, "ada = " + UserFile.hash("p".toCharArray()) + "\n");
    assertThatThrownBy(() -> UserFile.read(f)).hasMessageContaining("has no role");
    assertThatThrownBy(() -> UserFile.read(dir.resolve("missing")))
        .hasMessageContaining("cannot read the console users file");
  }
}
