package io.lcledger.node.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;

/**
 * A benchmark's data directory under the system's temporary directory, deleted when the benchmark
 * ends (a sandbox run leaves 2–3 GB; a few dozen runs filled this machine's disk), unless {@code
 * -Dbench.keep=true} keeps it for a look.
 */
final class ScratchDir implements AutoCloseable {
  private final Path path;

  private ScratchDir(Path path) {
    this.path = path;
  }

  static ScratchDir create(String prefix) throws IOException {
    return new ScratchDir(Files.createTempDirectory(prefix));
  }

  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (Boolean.getBoolean("bench.keep")) {
      System.out.println("the benchmark's data is kept in " + path);
    } else {
      FileSystemUtils.deleteRecursively(path);
    }
  }
}
