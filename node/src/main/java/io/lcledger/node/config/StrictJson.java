package io.lcledger.node.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.Limits;
import java.io.IOException;
import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/**
 * The node reads requests as strictly as the ledger does: trailing content after the JSON, a
 * fraction for an integer, a number or boolean for a text, and a decimal beyond {@link Limits} are
 * refused rather than silently converted. Decimals are checked as text before a {@link BigDecimal}
 * is built, so {@code "1e1000000"} never becomes a million digits.
 */
@Component
public class StrictJson extends SimpleModule {
  private static final long serialVersionUID = 1L;

  public StrictJson() {
    super("lc-strict-json");
    addDeserializer(BigDecimal.class, new Decimals());
  }

  @Override
  public void setupModule(SetupContext context) {
    super.setupModule(context);
    if (context.getOwner() instanceof ObjectMapper mapper) {
      mapper
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
      mapper
          .coercionConfigFor(LogicalType.Textual)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
      mapper
          .coercionConfigFor(LogicalType.Boolean)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }
  }

  /** Rates and percents: plain decimals of bounded length, as a string or a JSON number. */
  static final class Decimals extends JsonDeserializer<BigDecimal> {
    @Override
    public BigDecimal deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (!p.currentToken().isScalarValue()) {
        throw new LcException(ErrorCode.INVALID_REQUEST, p.currentName() + " is not a decimal");
      }
      return Limits.decimal(p.getText(), String.valueOf(p.currentName()));
    }
  }
}
