package dev.retain.scoring.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.scoring.security.SecurityProperties.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call the service, by {@code retain.security.mode}. Health (with liveness and readiness)
 * is open; every other endpoint needs an API key or a JWT bearer token. In {@code jwt} mode,
 * replacing the scorecard and the model lifecycle need the admin scope; an API key allows
 * everything. Failures are RFC 7807 problems: 401 without valid credentials, 403 without the scope.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

  private static final String P = SecurityProperties.PREFIX + ".";

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http, SecurityProperties properties, ObjectMapper objectMapper)
      throws Exception {
    http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    SecurityProperties.Mode mode = properties.mode();
    if (mode == null) {
      throw new InvalidSecuritySettingsException(P + "mode", "must be api-key, jwt or none");
    }
    switch (mode) {
      case NONE -> {
        if (!properties.allowNone()) {
          throw new InvalidSecuritySettingsException(
              P + "mode",
              "none turns authentication off, for local development only; set "
                  + P
                  + "allow-none=true to confirm, or use api-key or jwt");
        }
        http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
      }
      case API_KEY -> {
        Set<String> keys = properties.keys();
        if (keys.isEmpty()) {
          throw new InvalidSecuritySettingsException(
              P + "api-keys",
              "is required in api-key mode (a comma-separated list of keys; or "
                  + P
                  + "api-key for one)");
        }
        ProblemResponses problems =
            new ProblemResponses(
                objectMapper,
                "ApiKey",
                "an API key in the " + ApiKeyAuthenticationFilter.HEADER + " header");
        http.exceptionHandling(
                e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
            .addFilterBefore(
                new ApiKeyAuthenticationFilter(
                    keys, List.of(new SimpleGrantedAuthority(ADMIN_AUTHORITY)), problems),
                AuthorizationFilter.class)
            .authorizeHttpRequests(a -> rules(a, ADMIN_AUTHORITY));
      }
      case JWT -> {
        Jwt jwt = properties.jwt();
        JwtDecoder decoder = decoder(jwt);
        String admin = "SCOPE_" + jwt.adminScope();
        ProblemResponses problems =
            new ProblemResponses(objectMapper, "Bearer", "an OAuth2 bearer token");
        http.exceptionHandling(
                e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
            .oauth2ResourceServer(
                o ->
                    o.jwt(j -> j.decoder(decoder))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
            .authorizeHttpRequests(a -> rules(a, admin));
      }
    }
    return http.build();
  }

  /**
   * Requests the firewall rejects: a method the service does not serve (such as TRACE) is 405, any
   * other rejection (a path with encoded control characters, ...) 400, both as problems.
   */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ObjectMapper objectMapper) {
    Set<String> served = Set.of("GET", "HEAD", "POST", "PUT", "OPTIONS");
    return (request, response, rejected) -> {
      boolean method = !served.contains(request.getMethod());
      HttpStatus status = method ? HttpStatus.METHOD_NOT_ALLOWED : HttpStatus.BAD_REQUEST;
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              status,
              method
                  ? "The method " + request.getMethod() + " is not served"
                  : "The request was rejected: " + rejected.getMessage());
      if (method) {
        response.setHeader(HttpHeaders.ALLOW, "GET, HEAD, POST, PUT, OPTIONS");
      }
      response.setStatus(status.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      objectMapper.writeValue(response.getOutputStream(), problem);
    };
  }

  /** What an API key is granted: everything. */
  static final String ADMIN_AUTHORITY = "SCOPE_retain.admin";

  private static void rules(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a,
      String admin) {
    a.requestMatchers("/actuator/health", "/actuator/health/**", "/error")
        .permitAll()
        .requestMatchers(HttpMethod.PUT, "/v1/scorecards/current")
        .hasAuthority(admin)
        .requestMatchers(HttpMethod.POST, "/v1/models", "/v1/models/**")
        .hasAuthority(admin)
        .anyRequest()
        .authenticated();
  }

  private static JwtDecoder decoder(Jwt jwt) {
    NimbusJwtDecoder decoder;
    if (jwt.publicKeyLocation() != null) {
      decoder = NimbusJwtDecoder.withPublicKey(publicKey(jwt)).build();
    } else if (jwt.jwkSetUri() != null) {
      decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri().toString()).build();
    } else if (jwt.issuerUri() != null) {
      decoder = NimbusJwtDecoder.withIssuerLocation(jwt.issuerUri().toString()).build();
    } else {
      throw new InvalidSecuritySettingsException(
          P + "jwt.issuer-uri",
          "jwt mode needs where the signing keys come from: "
              + P
              + "jwt.issuer-uri, "
              + P
              + "jwt.jwk-set-uri or "
              + P
              + "jwt.public-key-location");
    }
    List<OAuth2TokenValidator<org.springframework.security.oauth2.jwt.Jwt>> validators =
        new ArrayList<>();
    validators.add(
        jwt.issuerUri() == null
            ? JwtValidators.createDefault()
            : JwtValidators.createDefaultWithIssuer(jwt.issuerUri().toString()));
    if (jwt.audience() != null && !jwt.audience().isBlank()) {
      String audience = jwt.audience().strip();
      validators.add(
          token ->
              token.getAudience() != null && token.getAudience().contains(audience)
                  ? OAuth2TokenValidatorResult.success()
                  : OAuth2TokenValidatorResult.failure(
                      new OAuth2Error(
                          "invalid_token", "The token is not meant for " + audience, null)));
    }
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    return decoder;
  }

  private static RSAPublicKey publicKey(Jwt jwt) {
    String key = P + "jwt.public-key-location";
    if (!jwt.publicKeyLocation().exists()) {
      throw new InvalidSecuritySettingsException(
          key, "no such resource " + jwt.publicKeyLocation().getDescription());
    }
    try (InputStream in = jwt.publicKeyLocation().getInputStream()) {
      return RsaKeyConverters.x509().convert(in);
    } catch (IOException | RuntimeException e) {
      throw new InvalidSecuritySettingsException(
          key, "not an RSA public key in X.509 PEM: " + e.getMessage(), e);
    }
  }
}
