package dev.retain.connectors.support;

import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import java.net.URI;

/** Turns a failed check into a message an operator can act on. */
public final class CheckMessages {
  private CheckMessages() {}

  /**
   * @param system the system token, e.g. {@code hubspot}
   * @param vendor the product name people know, e.g. {@code HubSpot}
   * @param baseUrl the configured URL, named when the host is not reachable
   * @param credential what the credentials are, e.g. "the private-app token"
   * @param permissionHint what permission or scope is probably missing
   */
  public static CheckResult failed(
      String system,
      String vendor,
      URI baseUrl,
      String credential,
      String permissionHint,
      ConnectorException e) {
    String detail = e.getMessage();
    String message =
        switch (e.code()) {
          case AUTHENTICATION_FAILED ->
              "credentials rejected: " + vendor + " did not accept " + credential + ": " + detail;
          case PERMISSION_DENIED ->
              "authenticated, but a scope or permission is missing ("
                  + permissionHint
                  + "): "
                  + detail;
          case UNREACHABLE ->
              "host not reachable (DNS, firewall, proxy or TLS; check baseUrl "
                  + baseUrl
                  + "): "
                  + detail;
          case RATE_LIMITED -> "rate limited by " + vendor + "; try again later: " + detail;
          case UNAVAILABLE -> vendor + " is unavailable: " + detail;
          case MALFORMED_RESPONSE ->
              "the server at "
                  + baseUrl
                  + " does not answer like "
                  + vendor
                  + " (wrong URL?): "
                  + detail;
          case REQUEST_REJECTED -> vendor + " rejected the request: " + detail;
        };
    if (e.code() == ConnectorErrorCode.UNREACHABLE && detail.contains("TLS handshake failed")) {
      // the host answered, but TLS failed: say so first
      message =
          "TLS handshake with "
              + baseUrl
              + " failed (certificate not trusted, or protocol mismatch): "
              + detail;
    }
    return CheckResult.failed(system, message);
  }
}
