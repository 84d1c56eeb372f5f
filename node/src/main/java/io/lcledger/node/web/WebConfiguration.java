package io.lcledger.node.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.config.DurableCommits;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.web.problem.Problems;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Web filters: the body size limit first, idempotency once the caller is known. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {
  @Bean
  FilterRegistrationBean<RequestBodyLimit> requestSizeLimit(
      NodeProperties properties, Problems problems) {
    FilterRegistrationBean<RequestBodyLimit> registration =
        new FilterRegistrationBean<>(
            new RequestBodyLimit(properties.maxRequestSize().toBytes(), problems));
    registration.addUrlPatterns("/*");
    registration.setOrder(-200); // before anything reads the body
    return registration;
  }

  @Bean
  FilterRegistrationBean<IdempotencyFilter> idempotency(
      NodeProperties properties,
      ObjectMapper json,
      Problems problems,
      JdbcClient db,
      DurableCommits durable)
      throws IOException {
    FilterRegistrationBean<IdempotencyFilter> registration =
        new FilterRegistrationBean<>(
            new IdempotencyFilter(properties, json, problems, db, durable));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(0); // after Spring Security (-100): the caller is known
    return registration;
  }
}
