package io.lcledger.node.lc.web;

import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.lc.StepGate;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Authorises an LC step before its body is read: an interceptor runs after the handler is chosen
 * and before its arguments (the JSON body, its validation) are resolved. A caller that may not take
 * the step gets the ledger's own refusal (404 for a non-party, 403 for a party without the role),
 * whatever its body holds.
 */
@Configuration
class StepAuthorisation implements WebMvcConfigurer, HandlerInterceptor {
  private final StepGate gate;

  StepAuthorisation(StepGate gate) {
    this.gate = gate;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/v1/lcs", "/api/v1/lcs/**");
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    TakesStep steps = method.getMethodAnnotation(TakesStep.class);
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (steps == null || auth == null || !(auth.getPrincipal() instanceof CallerPrincipal caller)) {
      return true; // a read, or a caller the security chain has already answered
    }
    @SuppressWarnings("unchecked")
    Map<String, String> path =
        (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    String lcNumber = path == null ? null : path.get("lc");
    gate.authorise(caller, lcNumber, List.of(steps.value()));
    return true;
  }
}
