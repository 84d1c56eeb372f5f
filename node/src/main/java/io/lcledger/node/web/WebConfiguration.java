package io.lcledger.node.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.config.NodeProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Web filters that run after authentication. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {
  @Bean
  FilterRegistrationBean<IdempotencyFilter> idempotency(
      NodeProperties properties, ObjectMapper json, Problems problems) {
    FilterRegistrationBean<IdempotencyFilter> registration =
        new FilterRegistrationBean<>(new IdempotencyFilter(properties, json, problems));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(0); // after Spring Security (-100): the caller is known
    return registration;
  }
}
