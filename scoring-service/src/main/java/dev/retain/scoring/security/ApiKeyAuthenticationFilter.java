package dev.retain.scoring.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request whose {@code X-API-Key} header holds one of the configured keys (compared
 * in constant time). A wrong key is answered 401 at once; a missing one is left to the
 * authorization rules, which answer 401 for every endpoint but health.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  static final String HEADER = "X-API-Key";

  private final List<byte[]> keys;
  private final Collection<? extends GrantedAuthority> authorities;
  private final AuthenticationEntryPoint entryPoint;

  ApiKeyAuthenticationFilter(
      Collection<String> keys,
      Collection<? extends GrantedAuthority> authorities,
      AuthenticationEntryPoint entryPoint) {
    this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    this.authorities = List.copyOf(authorities);
    this.entryPoint = entryPoint;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = request.getHeader(HEADER);
    if (presented == null) {
      chain.doFilter(request, response);
      return;
    }
    if (!valid(presented.strip().getBytes(StandardCharsets.UTF_8))) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(request, response, new InvalidApiKeyException());
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated("api-key", null, authorities));
    SecurityContextHolder.setContext(context);
    chain.doFilter(request, response);
  }

  private boolean valid(byte[] presented) {
    boolean match = false;
    for (byte[] key : keys) {
      match |= MessageDigest.isEqual(key, presented);
    }
    return match;
  }
}
