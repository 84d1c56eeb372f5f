package io.lcledger.node.ledger.sandbox;

import io.lcledger.chaincode.ledger.CanonicalJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox chain on disk: one block per line, appended and forced to disk before a transaction
 * is reported committed, never rewritten.
 */
final class BlockStore implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;

  BlockStore(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.getParent());
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Every block on disk, in order, as written (not yet verified). */
  List<Block> readAll() throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        blocks.add(CanonicalJson.read(line, Block.class));
      }
    }
    return blocks;
  }

  void append(Block block) throws IOException {
    byte[] line = (CanonicalJson.string(block) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
  }

  Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
