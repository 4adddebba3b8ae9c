package io.stingray.raylet.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spilled objects are deserialized later: their directory must be this user's alone. */
class SpillDirectoryTest {
  @TempDir Path tmp;

  static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void aMissingDirectoryIsMadePrivate() throws Exception {
    Assumptions.assumeTrue(posix(tmp), "a POSIX file system");
    Path dir = tmp.resolve("a/b/spill");
    new ObjectStore(1 << 20, 0.8, dir).close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
  }

  @Test
  void aDirectoryOthersCanEnterIsRefusedWithWhatToDo() throws Exception {
    Assumptions.assumeTrue(posix(tmp), "a POSIX file system");
    Path dir = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> new ObjectStore(1 << 20, 0.8, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("open to other users")
        .hasMessageContaining("chmod 700");
  }

  @Test
  void aFileOrALinkIsNotASpillDirectory() throws Exception {
    Path file = Files.createFile(tmp.resolve("file"));
    assertThatThrownBy(() -> new ObjectStore(1 << 20, 0.8, file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a directory");
    Path target = Files.createDirectory(tmp.resolve("target"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
    assertThatThrownBy(() -> new ObjectStore(1 << 20, 0.8, link))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void anotherUsersDirectoryIsRefused() throws Exception {
    Assumptions.assumeTrue(posix(tmp), "a POSIX file system");
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "root, to give a directory away");
    Path dir = Files.createDirectory(tmp.resolve("theirs"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(dir, "unix:uid", 65534); // nobody
    assertThatThrownBy(() -> new ObjectStore(1 << 20, 0.8, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("belongs to");
  }
}
