package io.lcledger.node.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.Money;
import java.io.IOException;
import org.springframework.boot.jackson.JsonComponent;

/** Money crosses the API as a decimal string with two places, never a float. */
@JsonComponent
class MoneyJson {
  static final class Serializer extends JsonSerializer<Money> {
    @Override
    public void serialize(Money value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  static final class Deserializer extends JsonDeserializer<Money> {
    @Override
    public Money deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      // a JSON number is refused, not read as text: money is never a float on the wire
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        throw new LcException(
            ErrorCode.INVALID_AMOUNT, "amounts are decimal strings such as \"1000.00\"");
      }
      return Money.parse(parser.getText());
    }
  }
}
