package io.lcledger.chaincode.embedded;

import com.google.protobuf.ByteString;
import io.lcledger.chaincode.contract.WrittenLcs;
import io.lcledger.chaincode.domain.LetterOfCredit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * One transaction's view of an embedded ledger, as a peer gives chaincode: reads see committed
 * state only (not the transaction's own writes); writes, key-level policies and the event collect
 * until the ledger commits them, or drops them when the transaction fails. Private data is kept in
 * the same store under keys of its own ({@link #privateKey}): an embedded ledger is every bank's
 * peer at once, a member of every collection. Rich queries and chaincode-to-chaincode calls are not
 * used by the LC contract and are refused. Used by the node's sandbox ledger and by the contract
 * tests.
 */
public final class EmbeddedStub implements ChaincodeStub, WrittenLcs {
  public static final String CHANNEL = "lc-channel";
  public static final String CHAINCODE = "lc";

  private final WorldView ledger;
  private final String txId;
  private final byte[] creator;
  private final String mspId;
  private final Instant timestamp;
  private final String function;
  private final List<String> parameters;
  private final Map<String, byte[]> transientData;
  private final Map<String, byte[]> writes = new LinkedHashMap<>();
  private final Map<String, byte[]> validationParameterWrites = new LinkedHashMap<>();
  private Set<String> collections; // null: every collection is defined
  private ChaincodeEvent event;
  private String payload;
  private final Map<String, LetterOfCredit> lcsWritten = new HashMap<>();

  public EmbeddedStub(
      WorldView ledger,
      String txId,
      byte[] creator,
      String mspId,
      Instant timestamp,
      String function,
      List<String> parameters) {
    this(ledger, txId, creator, mspId, timestamp, function, parameters, Map.of());
  }

  public EmbeddedStub(
      WorldView ledger,
      String txId,
      byte[] creator,
      String mspId,
      Instant timestamp,
      String function,
      List<String> parameters,
      Map<String, byte[]> transientData) {
    this.transientData = Map.copyOf(transientData);
    this.ledger = ledger;
    this.txId = txId;
    this.creator = creator;
    this.mspId = mspId;
    this.timestamp = timestamp;
    this.function = function;
    this.parameters = parameters;
  }

  public void payload(String result) {
    this.payload = result;
  }

  /** What the transaction returned. */
  public String payload() {
    return payload;
  }

  /** The write set: key to new value, null for a delete. */
  public Map<String, byte[]> writes() {
    return Collections.unmodifiableMap(writes);
  }

  @Override
  public void wrote(LetterOfCredit lc) {
    lcsWritten.put(lc.lcNumber(), lc);
  }

  /** The LC {@code lcNumber} as this transaction wrote it, if it did. */
  public Optional<LetterOfCredit> lcWritten(String lcNumber) {
    return Optional.ofNullable(lcsWritten.get(lcNumber));
  }

  public Map<String, byte[]> validationParameterWrites() {
    return Collections.unmodifiableMap(validationParameterWrites);
  }

  @Override
  public List<byte[]> getArgs() {
    List<byte[]> args = new ArrayList<>();
    getStringArgs().forEach(a -> args.add(a.getBytes(StandardCharsets.UTF_8)));
    return args;
  }

  @Override
  public List<String> getStringArgs() {
    List<String> args = new ArrayList<>();
    args.add(function);
    args.addAll(parameters);
    return args;
  }

  @Override
  public String getFunction() {
    return function;
  }

  @Override
  public List<String> getParameters() {
    return parameters;
  }

  @Override
  public String getTxId() {
    return txId;
  }

  @Override
  public String getChannelId() {
    return CHANNEL;
  }

  @Override
  public byte[] getState(String key) {
    byte[] value = ledger.state(key);
    return value == null ? new byte[0] : value.clone();
  }

  @Override
  public byte[] getStateValidationParameter(String key) {
    return ledger.policy(key);
  }

  @Override
  public void putState(String key, byte[] value) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    writes.put(key, value.clone());
  }

  @Override
  public void setStateValidationParameter(String key, byte[] value) {
    validationParameterWrites.put(key, value.clone());
  }

  @Override
  public void delState(String key) {
    writes.put(key, null);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
    List<KeyValue> results = new ArrayList<>();
    range(startKey, endKey).forEach((k, v) -> results.add(kv(k, v)));
    return iterator(results);
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
      String startKey, String endKey, int pageSize, String bookmark) {
    String from = bookmark == null || bookmark.isEmpty() ? startKey : bookmark;
    return page(range(from, endKey), pageSize);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
    return iterator(prefixed(compositeKey));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(
      String objectType, String... attributes) {
    return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
    return getStateByPartialCompositeKey(compositeKey.toString());
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
      CompositeKey compositeKey, int pageSize, String bookmark) {
    String prefix = compositeKey.toString();
    String from = bookmark == null || bookmark.isEmpty() ? prefix : bookmark;
    Map<String, byte[]> range = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, byte[]>> it = ledger.stateFrom(from); it.hasNext(); ) {
      Map.Entry<String, byte[]> e = it.next();
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      range.put(e.getKey(), e.getValue());
    }
    return page(range, pageSize);
  }

  /** Committed state from {@code from} (inclusive) to {@code to} (exclusive; empty: the end). */
  private Map<String, byte[]> range(String from, String to) {
    Map<String, byte[]> range = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, byte[]>> it = ledger.stateFrom(from); it.hasNext(); ) {
      Map.Entry<String, byte[]> e = it.next();
      if (!to.isEmpty() && e.getKey().compareTo(to) >= 0) {
        break;
      }
      range.put(e.getKey(), e.getValue());
    }
    return range;
  }

  private List<KeyValue> prefixed(String prefix) {
    List<KeyValue> results = new ArrayList<>();
    for (Iterator<Map.Entry<String, byte[]>> it = ledger.stateFrom(prefix); it.hasNext(); ) {
      Map.Entry<String, byte[]> e = it.next();
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      results.add(kv(e.getKey(), e.getValue()));
    }
    return results;
  }

  private QueryResultsIteratorWithMetadata<KeyValue> page(Map<String, byte[]> range, int pageSize) {
    List<KeyValue> results = new ArrayList<>();
    String next = "";
    for (Map.Entry<String, byte[]> e : range.entrySet()) {
      if (results.size() == pageSize) {
        next = e.getKey();
        break;
      }
      results.add(kv(e.getKey(), e.getValue()));
    }
    QueryResponseMetadata metadata =
        QueryResponseMetadata.newBuilder()
            .setBookmark(next)
            .setFetchedRecordsCount(results.size())
            .build();
    return new QueryResultsIteratorWithMetadata<>() {
      @Override
      public QueryResponseMetadata getMetadata() {
        return metadata;
      }

      @Override
      public void close() {}

      @Override
      public Iterator<KeyValue> iterator() {
        return results.iterator();
      }
    };
  }

  @Override
  public CompositeKey createCompositeKey(String objectType, String... attributes) {
    return new CompositeKey(objectType, attributes);
  }

  @Override
  public CompositeKey splitCompositeKey(String compositeKey) {
    return CompositeKey.parseCompositeKey(compositeKey);
  }

  @Override
  public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
    return iterator(ledger.history(key));
  }

  @Override
  public void setEvent(String name, byte[] payload) {
    event =
        ChaincodeEvent.newBuilder()
            .setEventName(name)
            .setPayload(ByteString.copyFrom(payload))
            .setTxId(txId)
            .setChaincodeId(CHAINCODE)
            .build();
  }

  @Override
  public ChaincodeEvent getEvent() {
    return event;
  }

  @Override
  public Instant getTxTimestamp() {
    return timestamp;
  }

  @Override
  public byte[] getCreator() {
    return creator.clone();
  }

  @Override
  public String getMspId() {
    return mspId;
  }

  @Override
  public Map<String, byte[]> getTransient() {
    return transientData;
  }

  @Override
  public byte[] getBinding() {
    return new byte[0];
  }

  @Override
  public SignedProposal getSignedProposal() {
    throw unsupported();
  }

  @Override
  public Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
    throw unsupported();
  }

  @Override
  public QueryResultsIterator<KeyValue> getQueryResult(String query) {
    throw unsupported();
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
      String query, int pageSize, String bookmark) {
    throw unsupported();
  }

  /**
   * Limits the private data collections this channel defines, as a chaincode definition names them
   * (by default every name is one): the others fail as a peer fails them.
   */
  public EmbeddedStub definingOnly(Set<String> collections) {
    this.collections = Set.copyOf(collections);
    return this;
  }

  private void requireDefined(String collection) {
    if (collections != null && !collections.contains(collection)) {
      throw new IllegalStateException(
          "collection " + collection + " is not defined for chaincode " + CHAINCODE);
    }
  }

  /**
   * Where a collection's key is kept in the embedded store: after every public key (which are
   * printable text or composite keys starting with U+0000), apart from them.
   */
  public static String privateKey(String collection, String key) {
    return PRIVATE + collection + PRIVATE + key;
  }

  private static final String PRIVATE = "\uFFFF";

  @Override
  public byte[] getPrivateData(String collection, String key) {
    requireDefined(collection);
    byte[] value = ledger.state(privateKey(collection, key));
    return value == null ? new byte[0] : value.clone();
  }

  @Override
  public byte[] getPrivateDataHash(String collection, String key) {
    throw unsupported();
  }

  @Override
  public byte[] getPrivateDataValidationParameter(String collection, String key) {
    throw unsupported();
  }

  @Override
  public void putPrivateData(String collection, String key, byte[] value) {
    requireDefined(collection);
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    writes.put(privateKey(collection, key), value.clone());
  }

  @Override
  public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
    throw unsupported();
  }

  @Override
  public void delPrivateData(String collection, String key) {
    requireDefined(collection);
    writes.put(privateKey(collection, key), null);
  }

  @Override
  public void purgePrivateData(String collection, String key) {
    throw unsupported();
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByRange(
      String collection, String startKey, String endKey) {
    throw unsupported();
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String compositeKey) {
    requireDefined(collection);
    String prefix = privateKey(collection, "");
    List<KeyValue> results = new ArrayList<>();
    for (KeyValue kv : prefixed(privateKey(collection, compositeKey))) {
      results.add(kv(kv.getKey().substring(prefix.length()), kv.getValue()));
    }
    return iterator(results);
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, CompositeKey compositeKey) {
    return getPrivateDataByPartialCompositeKey(collection, compositeKey.toString());
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String objectType, String... attributes) {
    return getPrivateDataByPartialCompositeKey(
        collection, new CompositeKey(objectType, attributes));
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
    throw unsupported();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not used by the LC contract");
  }

  private static KeyValue kv(String key, byte[] value) {
    byte[] copy = value.clone();
    return new KeyValue() {
      @Override
      public String getKey() {
        return key;
      }

      @Override
      public byte[] getValue() {
        return copy;
      }

      @Override
      public String getStringValue() {
        return new String(copy, StandardCharsets.UTF_8);
      }
    };
  }

  private static <T> QueryResultsIterator<T> iterator(List<T> items) {
    return new QueryResultsIterator<>() {
      @Override
      public void close() {}

      @Override
      public Iterator<T> iterator() {
        return items.iterator();
      }
    };
  }
}
