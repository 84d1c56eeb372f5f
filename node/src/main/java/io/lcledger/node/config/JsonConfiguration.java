package io.lcledger.node.config;

import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.lcledger.chaincode.domain.Money;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Money leaves the node as a decimal string with two places, never a float. */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {
  @Bean
  Jackson2ObjectMapperBuilderCustomizer moneyAsDecimalString() {
    return builder -> builder.serializerByType(Money.class, ToStringSerializer.instance);
  }
}
