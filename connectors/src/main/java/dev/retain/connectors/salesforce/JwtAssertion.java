package dev.retain.connectors.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

/** Builds and signs the JWT bearer assertion (RS256) for {@link SalesforceJwt}. */
final class JwtAssertion {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final String clientId;
  private final SalesforceJwt jwt;
  private final PrivateKey key;
  private final Clock clock;

  JwtAssertion(String clientId, SalesforceJwt jwt, Clock clock) {
    this.clientId = clientId;
    this.jwt = jwt;
    this.key = readKey(jwt.privateKeyFile());
    this.clock = clock;
  }

  /** A fresh signed assertion: {@code base64url(header).base64url(claims).base64url(sig)}. */
  String sign() {
    ObjectNode header = SalesforceJson.MAPPER.createObjectNode().put("alg", "RS256");
    ObjectNode claims =
        SalesforceJson.MAPPER
            .createObjectNode()
            .put("iss", clientId)
            .put("sub", jwt.username())
            .put("aud", jwt.audience().toString())
            .put("exp", clock.instant().plus(jwt.lifetime()).getEpochSecond());
    String signingInput =
        URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("salesforce: signing the JWT assertion failed", e);
    }
  }

  static PrivateKey readKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "salesforce.jwt.privateKeyFile cannot be read: " + file + ": " + e.getMessage(), e);
    }
    boolean pkcs1 = pem.contains("-----BEGIN RSA PRIVATE KEY-----");
    if (!pkcs1 && !pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "salesforce.jwt.privateKeyFile "
              + file
              + " is not an unencrypted PEM RSA private key (expected BEGIN PRIVATE KEY or BEGIN"
              + " RSA PRIVATE KEY)");
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "salesforce.jwt.privateKeyFile " + file + " does not hold a readable RSA private key", e);
    }
  }

  /** PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (rsaEncryption, NULL parameters). */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(octets);
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write((n >> 8) & 0xff);
      out.write(n & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
