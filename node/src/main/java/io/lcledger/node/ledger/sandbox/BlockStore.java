package io.lcledger.node.ledger.sandbox;

import io.lcledger.chaincode.ledger.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox chain on disk: one block per line, appended and forced to disk before a transaction
 * is reported committed, never rewritten. Each block's place in the file is kept, so one block can
 * be read again on its own (verification) while others are appended.
 */
class BlockStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BlockStore.class);

  private static final byte[] NEWLINE = {'\n'};

  private final Path file;
  private final FileChannel channel;
  private final FileChannel reader;
  private long end;

  /** Where a block's line sits in the file: its first byte and its length without the newline. */
  record Position(long offset, int length) {}

  /** A block as read at start, with its position. */
  record Stored(Block block, Position position) {}

  BlockStore(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.getParent());
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    // positional reads are safe beside appends, so verification needs no lock
    this.reader = FileChannel.open(file, StandardOpenOption.READ);
  }

  /**
   * The blocks on disk from byte {@code offset} on (the first numbered {@code firstNumber}), in
   * order, as written (not yet verified), handed to {@code sink} {@code chunk} at a time so that
   * memory does not grow with the chain. A last line without its newline is a block whose append
   * was cut short by a crash; it was never acknowledged (the newline is forced with the block
   * before a step is answered), so it is cut off and logged. Any other line that cannot be read is
   * corruption: this throws, naming the file and the block.
   */
  void recover(long offset, long firstNumber, int chunk, Consumer<List<Stored>> sink)
      throws IOException {
    List<Stored> blocks = new ArrayList<>();
    long number = firstNumber;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long lineStart = offset;
    long position = offset;
    byte[] buffer = new byte[1 << 20];
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      in.position(offset);
      java.io.InputStream stream = java.nio.channels.Channels.newInputStream(in);
      for (int read = stream.read(buffer); read > 0; read = stream.read(buffer)) {
        int from = 0;
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            line.write(buffer, from, i - from);
            byte[] bytes = line.toByteArray();
            if (!isBlank(bytes)) {
              blocks.add(new Stored(parse(bytes, number++), new Position(lineStart, bytes.length)));
              if (blocks.size() == chunk) {
                sink.accept(List.copyOf(blocks));
                blocks.clear();
              }
            }
            line.reset();
            from = i + 1;
            lineStart = position + from;
          }
        }
        line.write(buffer, from, read - from);
        position += read;
      }
    }
    if (!blocks.isEmpty()) {
      sink.accept(List.copyOf(blocks));
    }
    if (line.size() > 0) {
      log.warn(
          "sandbox ledger {}: block {} was cut short by a crash while it was appended and never"
              + " acknowledged; truncating its {} bytes at offset {}",
          file,
          number,
          line.size(),
          lineStart);
      channel.truncate(lineStart);
      channel.force(true);
    }
    end = lineStart;
  }

  private Block parse(byte[] line, long number) {
    try {
      return CanonicalJson.read(new String(line, StandardCharsets.UTF_8), Block.class);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "sandbox ledger " + file + " is corrupt: block " + number + " cannot be read", e);
    }
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Appends a block and forces it to disk; answers where it was written. */
  Position append(Block block) throws IOException {
    byte[] json = CanonicalJson.string(block).getBytes(StandardCharsets.UTF_8);
    // one gathering write of the block and its newline, not a copy of the block to add one
    ByteBuffer[] line = {ByteBuffer.wrap(json), ByteBuffer.wrap(NEWLINE)};
    while (line[1].hasRemaining()) {
      channel.write(line);
    }
    channel.force(false);
    Position position = new Position(end, json.length);
    end += json.length + 1L;
    return position;
  }

  /** The block at {@code position} as it is on disk now, however it was changed since. */
  Block read(Position position) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(position.length());
    long at = position.offset();
    while (buffer.hasRemaining()) {
      if (reader.read(buffer, at + buffer.position()) < 0) {
        throw new IOException("the file ends before the block at offset " + at);
      }
    }
    return CanonicalJson.read(new String(buffer.array(), StandardCharsets.UTF_8), Block.class);
  }

  Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    try (reader) {
      channel.close();
    }
  }
}
