package io.lcledger.node.identity;

import io.lcledger.node.web.problem.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two doors. Machine clients call {@code /api} with {@code Authorization: Bearer <token>}, no
 * session; auditors are read-only there. People use the portal and the auditor pages with a form
 * login and a session. Health, the OpenAPI document and Swagger UI are open.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
  /**
   * Every response: scripts, styles and everything else only from the node itself (no inline code,
   * so an injected tag does nothing), never framed, forms only to the node.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** Where a signed-in person is sent when the page is not for their role. */
  public static final String FORBIDDEN_PAGE = "/forbidden";

  static boolean isPage(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/portal")
        || path.startsWith("/audit")
        || path.equals("/login")
        || path.equals("/logout")
        || path.equals(FORBIDDEN_PAGE);
  }

  private static void headers(HttpSecurity http) throws Exception {
    http.headers(
        headers ->
            headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(
                    referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)));
  }

  /**
   * No Micrometer observation around each of Spring Security's filters, its authentication and its
   * authorisation: nothing reads them (the requests' own timings, {@code http.server.requests}, are
   * kept), and wrapping every filter of every request cost the request threads about 5% of their
   * CPU under load.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  /** The client portal and the auditor pages: form login, a session, CSRF protection. */
  @Bean
  @Order(1)
  SecurityFilterChain pages(HttpSecurity http, PortalAccounts accounts) throws Exception {
    http.securityMatcher(SecurityConfiguration::isPage)
        .userDetailsService(accounts)
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/login", FORBIDDEN_PAGE)
                    .permitAll()
                    .requestMatchers("/portal/**", "/portal")
                    .hasRole("CLIENT")
                    .requestMatchers("/audit/**", "/audit")
                    .hasRole("AUDITOR")
                    .anyRequest()
                    .authenticated())
        .formLogin(
            form ->
                form.loginPage("/login")
                    .successHandler(
                        (request, response, auth) ->
                            response.sendRedirect(
                                request.getContextPath()
                                    + (auth.getAuthorities().stream()
                                            .anyMatch(a -> a.getAuthority().equals("ROLE_AUDITOR"))
                                        ? "/audit"
                                        : "/portal"))))
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
        .exceptionHandling(e -> e.accessDeniedHandler(forbiddenPage()));
    headers(http);
    return http.build();
  }

  /** Everything else, the API above all: bearer tokens, no session. */
  @Bean
  @Order(2)
  SecurityFilterChain api(HttpSecurity http, TokenRegistry tokens, Problems problems)
      throws Exception {
    http.securityMatcher(request -> !isPage(request))
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            auth ->
                auth
                    // the rest of a request already let through (an event stream's async turns)
                    .dispatcherTypeMatchers(DispatcherType.ASYNC)
                    .permitAll()
                    .requestMatchers(
                        "/actuator/health/**",
                        "/actuator/prometheus",
                        "/v3/api-docs/**",
                        "/swagger-ui/**",
                        "/swagger-ui.html",
                        "/",
                        "/index.html",
                        "/css/**",
                        "/js/**",
                        "/favicon.ico",
                        "/error",
                        // other nodes: each request is signed, and checked by its controller
                        "/peer/v1/**")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .authenticated()
                    .requestMatchers("/api/**")
                    .hasRole("BRANCH")
                    .anyRequest()
                    .authenticated())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) ->
                            problems.write(
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "UNAUTHENTICATED",
                                "a valid bearer token is required"))
                    .accessDeniedHandler(
                        (request, response, ex) ->
                            problems.write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "NOT_AUTHORIZED",
                                "auditors are read-only")));
    headers(http);
    return http.build();
  }

  /** A page, in the person's language, rather than the API's problem+json. */
  private static AccessDeniedHandler forbiddenPage() {
    AccessDeniedHandlerImpl handler = new AccessDeniedHandlerImpl();
    handler.setErrorPage(FORBIDDEN_PAGE);
    return handler;
  }

  /** Resolves the bearer token to the caller; an unknown token leaves the request anonymous. */
  static final class BearerTokenFilter extends OncePerRequestFilter {
    private final TokenRegistry tokens;

    BearerTokenFilter(TokenRegistry tokens) {
      this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String header = request.getHeader("Authorization");
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        tokens
            .find(header.substring(7).strip())
            .ifPresent(
                caller ->
                    SecurityContextHolder.getContext()
                        .setAuthentication(
                            new UsernamePasswordAuthenticationToken(
                                caller,
                                null,
                                List.of(
                                    new SimpleGrantedAuthority(
                                        caller.auditor() ? "ROLE_AUDITOR" : "ROLE_BRANCH")))));
      }
      chain.doFilter(request, response);
    }
  }
}
