package io.lcledger.chaincode.ledger;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.Limits;
import io.lcledger.chaincode.domain.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON mapping of the ledger. Every endorsing peer must write identical bytes, so output is
 * canonical: object keys sorted, no whitespace, no nulls, money and rates as decimal strings (never
 * floats), dates as ISO {@code yyyy-MM-dd}, instants as ISO-8601 UTC. Input is strict: unknown
 * fields, trailing content, numbers for money or text, fractions for integers and decimals beyond
 * {@link Limits} are refused, never silently converted.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(decimals())
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .withCoercionConfig(
              LogicalType.Boolean,
              c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          // records are read and written through their components only, never through helpers
          .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
          .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
          .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private CanonicalJson() {}

  /** Canonical bytes (UTF-8) of {@code value}. */
  public static byte[] bytes(Object value) {
    return string(value).getBytes(StandardCharsets.UTF_8);
  }

  public static String string(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads a request; anything malformed is {@link ErrorCode#INVALID_REQUEST}. */
  public static <T> T read(String json, Class<T> type) {
    try {
      if (json == null || json.isBlank()) {
        throw new LcException(ErrorCode.INVALID_REQUEST, "a JSON body is required");
      }
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw asLcException(e);
    }
  }

  public static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw asLcException(e);
    }
  }

  /** Reads what the ledger itself wrote. */
  public static <T> T read(byte[] json, Class<T> type) {
    return read(new String(json, StandardCharsets.UTF_8), type);
  }

  /** Reads JSON as a tree, without the domain types. */
  public static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw asLcException(e);
    }
  }

  private static LcException asLcException(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LcException lc) {
        return lc;
      }
    }
    String message =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return new LcException(ErrorCode.INVALID_REQUEST, "malformed request: " + message);
  }

  private static SimpleModule decimals() {
    SimpleModule module = new SimpleModule("lc-decimals");
    module.addSerializer(
        Money.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Money value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(value.toString());
          }
        });
    module.addDeserializer(
        Money.class,
        new JsonDeserializer<>() {
          @Override
          public Money deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
              throw new LcException(
                  ErrorCode.INVALID_AMOUNT, "amounts are decimal strings such as \"1000.00\"");
            }
            return Money.parse(p.getText());
          }
        });
    module.addSerializer(
        BigDecimal.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(value.toPlainString());
          }
        });
    module.addDeserializer(
        BigDecimal.class,
        new JsonDeserializer<>() {
          @Override
          public BigDecimal deserialize(JsonParser p, DeserializationContext ctx)
              throws IOException {
            if (!p.currentToken().isScalarValue()) {
              throw new LcException(ErrorCode.INVALID_REQUEST, "not a decimal");
            }
            return Limits.decimal(p.getText(), String.valueOf(p.currentName()));
          }
        });
    return module;
  }
}
