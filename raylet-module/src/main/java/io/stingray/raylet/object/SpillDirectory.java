package io.stingray.raylet.object;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The directory objects spill to, made private before use: spilled objects are read back and
 * deserialized later, so another local user who could read or rewrite them could read data or plant
 * bytes. A missing directory is made with mode 0700; an existing one must be a directory of this
 * process's user that no one else may enter (on POSIX file systems; elsewhere nothing is checked).
 */
final class SpillDirectory {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private SpillDirectory() {}

  /**
   * Makes or checks {@code dir}.
   *
   * @throws IllegalArgumentException naming the directory and what is wrong with it
   */
  static void prepare(Path dir) {
    try {
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try {
          if (posix) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
          } else {
            Files.createDirectory(dir);
          }
        } catch (FileAlreadyExistsException madeMeanwhile) {
          // another node of this user made it: checked below like any existing one
        }
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw bad(dir, "is not a directory (a link is not followed)");
      }
      if (!posix) {
        return;
      }
      PosixFileAttributes a =
          Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
      Long owner = uid(dir);
      Long me = myUid();
      if (owner != null && me != null && !owner.equals(me)) {
        throw bad(dir, "belongs to " + a.owner().getName() + ", not to this node's user");
      }
      if (!OWNER_ONLY.containsAll(a.permissions())) {
        throw bad(
            dir,
            "is open to other users ("
                + PosixFilePermissions.toString(a.permissions())
                + "): make it rwx------ (chmod 700)");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot prepare the spill directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Long uid(Path p) {
    try {
      return Integer.toUnsignedLong(
          (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null; // no unix view: the owner is not checked
    }
  }

  /**
   * This process's uid: the owner of {@code /proc/self} (Linux; right also for a uid with no passwd
   * entry, as in containers that run with an arbitrary uid), else null and the owner is not
   * checked.
   */
  private static Long myUid() {
    Path self = Path.of("/proc/self"); // a link to /proc/PID, which this process owns
    try {
      return Files.isDirectory(self)
          ? Integer.toUnsignedLong((Integer) Files.getAttribute(self, "unix:uid"))
          : null;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  private static IllegalArgumentException bad(Path dir, String what) {
    return new IllegalArgumentException(
        "the spill directory "
            + dir
            + " "
            + what
            + "; spilled objects are read back and deserialized, so it must be this user's"
            + " alone (choose another with spillDirectory, or none to disable spilling)");
  }
}
