package io.lcledger.node.ledger.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lcledger.node.ledger.Ledger.Check;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A transaction's block, read from the peer's own ledger ({@code qscc GetBlockByTxID}), and what
 * can be recomputed of it: the transaction is in the block, valid, and the block's data hash and
 * header hash are those of its content.
 */
final class FabricBlocks {
  private final String channel;

  FabricBlocks(String channel) {
    this.channel = channel;
  }

  /** A block's number and header hash. */
  record Located(long number, String hash) {}

  Optional<Located> blockOf(Contract qscc, String txId) {
    return block(qscc, txId).map(b -> new Located(b.getHeader().getNumber(), hex(headerHash(b))));
  }

  /** Where a transaction ended up: its block and the validation code the peers gave it. */
  record Outcome(long blockNumber, TxValidationCode code) {}

  /** The transaction's outcome, if this peer's ledger holds it. */
  Optional<Outcome> outcomeOf(Contract qscc, String txId) {
    return block(qscc, txId)
        .map(
            b -> {
              int index = indexOf(b, txId);
              return new Outcome(b.getHeader().getNumber(), index < 0 ? null : codeAt(b, index));
            });
  }

  private static TxValidationCode codeAt(Block block, int index) {
    ByteString filter =
        block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
    return index < filter.size() ? TxValidationCode.forNumber(filter.byteAt(index)) : null;
  }

  Check check(Contract qscc, String txId) {
    String name = "transaction " + txId + " in its block";
    Optional<Block> found = block(qscc, txId);
    if (found.isEmpty()) {
      return new Check(name, false, "no block holds it on this peer");
    }
    Block block = found.get();
    long number = block.getHeader().getNumber();
    int index = indexOf(block, txId);
    if (index < 0) {
      return new Check(name, false, "block " + number + " does not hold it");
    }
    TxValidationCode code = codeAt(block, index);
    if (code != TxValidationCode.VALID) {
      return new Check(name, false, "block " + number + " marks it " + code);
    }
    if (!block.getHeader().getDataHash().equals(ByteString.copyFrom(dataHash(block)))) {
      return new Check(name, false, "block " + number + " does not match its data hash");
    }
    return new Check(
        name, true, "VALID in block " + number + " (header hash " + hex(headerHash(block)) + ")");
  }

  private Optional<Block> block(Contract qscc, String txId) {
    try {
      return Optional.of(
          Block.parseFrom(qscc.evaluateTransaction("GetBlockByTxID", channel, txId)));
    } catch (GatewayException e) {
      return Optional.empty(); // not found (or not readable by this identity)
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the peer answered a block that does not parse", e);
    }
  }

  private static int indexOf(Block block, String txId) {
    for (int i = 0; i < block.getData().getDataCount(); i++) {
      try {
        Envelope envelope = Envelope.parseFrom(block.getData().getData(i));
        Payload payload = Payload.parseFrom(envelope.getPayload());
        ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (header.getTxId().equals(txId)) {
          return i;
        }
      } catch (InvalidProtocolBufferException notATransaction) {
        // a block entry that is not an envelope holds no transaction id
      }
    }
    return -1;
  }

  /** SHA-256 over the block's entries, end to end, as the orderer computed it. */
  static byte[] dataHash(Block block) {
    MessageDigest sha256 = sha256();
    block.getData().getDataList().forEach(d -> sha256.update(d.toByteArray()));
    return sha256.digest();
  }

  /** SHA-256 over the header's ASN.1 encoding (number, previous hash, data hash). */
  static byte[] headerHash(Block block) {
    BlockHeader h = block.getHeader();
    try {
      byte[] der =
          new DERSequence(
                  new ASN1Encodable[] {
                    new ASN1Integer(new BigInteger(Long.toUnsignedString(h.getNumber()))),
                    new DEROctetString(h.getPreviousHash().toByteArray()),
                    new DEROctetString(h.getDataHash().toByteArray())
                  })
              .getEncoded();
      return sha256().digest(der);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a block header", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
