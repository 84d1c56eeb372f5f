package io.lcledger.node.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Small files replaced whole and durably: a reader sees the old content or the new, never a part,
 * and the new content is on disk before the call returns (a node killed right after keeps it).
 */
public final class DurableFiles {
  private DurableFiles() {}

  /**
   * Writes {@code content} over an existing file, in place, and syncs its data: no new name, so no
   * directory to sync. Not atomic: a crash during the write may leave a part of it (or a longer
   * earlier content's tail, which the truncate removes once it runs), so the content must show
   * whether it is whole. Throws {@link java.nio.file.NoSuchFileException} if there is no file.
   */
  public static void overwrite(Path file, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      writeAll(channel, content);
      channel.truncate(content.length);
      channel.force(false);
    }
  }

  public static void replace(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        writeAll(channel, content);
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    // the rename itself is durable once the directory is
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException notSupported) {
      // some file systems cannot sync a directory; the rename is then as durable as they make it
    }
  }

  private static void writeAll(FileChannel channel, byte[] content) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
