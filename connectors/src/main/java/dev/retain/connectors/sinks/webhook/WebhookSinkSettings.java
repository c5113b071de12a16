package dev.retain.connectors.sinks.webhook;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;

/**
 * Where the generic webhook sink posts, and the shared secret it signs with.
 *
 * @param url the receiver's endpoint (https in production)
 * @param secret the HMAC-SHA256 key shared with the receiver, at least 16 characters; never printed
 */
public record WebhookSinkSettings(URI url, String secret, HttpSettings http) {
  public WebhookSinkSettings {
    requireNonNull(url, "webhook.url is required");
    if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
      throw new IllegalArgumentException(
          "webhook.url must be an absolute http(s) URL, got: " + url);
    }
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("webhook.secret must be at least 16 characters");
    }
    requireNonNull(http, "webhook.http is required");
  }

  @Override
  public String toString() {
    return "WebhookSinkSettings[url=" + url + ", secret=****, http=" + http + "]";
  }
}
