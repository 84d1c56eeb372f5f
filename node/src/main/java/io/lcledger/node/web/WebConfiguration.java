package io.lcledger.node.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.config.NodeProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/** Web filters: the body size limit first, idempotency once the caller is known. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> requestSizeLimit(
      NodeProperties properties, Problems problems) {
    long limit = properties.maxRequestSize().toBytes();
    OncePerRequestFilter filter =
        new OncePerRequestFilter() {
          @Override
          protected void doFilterInternal(
              HttpServletRequest request, HttpServletResponse response, FilterChain chain)
              throws ServletException, IOException {
            boolean multipart =
                request.getContentType() != null
                    && request.getContentType().startsWith("multipart/");
            if (!multipart && request.getContentLengthLong() > limit) {
              problems.write(
                  response,
                  HttpStatus.PAYLOAD_TOO_LARGE,
                  "PAYLOAD_TOO_LARGE",
                  "request bodies are limited to " + limit + " bytes");
              return;
            }
            chain.doFilter(request, response);
          }
        };
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns("/api/*");
    registration.setOrder(-200); // before anything reads the body
    return registration;
  }

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
