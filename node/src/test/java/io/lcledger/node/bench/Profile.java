package io.lcledger.node.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A Java Flight Recording of one measured phase of a benchmark, warm-up left out: with {@code
 * -Dbench.jfr=DIR}, the phase {@code name} is recorded with the JDK's {@code profile} settings into
 * {@code DIR/name.jfr} ({@code jfr print --events jdk.ExecutionSample} reads it). Without the
 * property nothing is recorded.
 */
final class Profile implements AutoCloseable {
  private final Recording recording;
  private final Path file;

  private Profile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  static Profile start(String name) throws IOException, ParseException {
    String dir = System.getProperty("bench.jfr");
    if (dir == null || dir.isBlank()) {
      return new Profile(null, null);
    }
    Path file = Files.createDirectories(Path.of(dir)).resolve(name + ".jfr");
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.setName(name);
    recording.start();
    return new Profile(recording, file);
  }

  @Override
  public void close() throws IOException {
    if (recording != null) {
      recording.stop();
      recording.dump(file);
      recording.close();
    }
  }
}
