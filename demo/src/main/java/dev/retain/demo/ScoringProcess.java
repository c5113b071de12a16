package dev.retain.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** scoring-service running from its runnable jar as a child process, as in production. */
final class ScoringProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private ScoringProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the service on a free port and waits until it is healthy.
   *
   * @param modelsDir the churn-model registry ({@code retain.models.dir}), kept between runs; null
   *     for a service without one (its model endpoints answer 501)
   */
  static ScoringProcess start(Path jar, Path logFile, String apiKey, Path modelsDir)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "scoring-service jar not found at "
              + jar
              + "; build it with ./mvnw -DskipTests install (or set retain.scoring.jar)");
    }
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1"));
    if (apiKey != null) {
      command.add("--retain.security.api-key=" + apiKey);
    }
    if (modelsDir != null) {
      Files.createDirectories(modelsDir);
      command.add("--retain.models.dir=" + modelsDir);
    }
    Files.createDirectories(logFile.getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    ScoringProcess scoring = new ScoringProcess(process, port, logFile);
    Runtime.getRuntime().addShutdownHook(new Thread(scoring::close));
    scoring.awaitHealthy(Duration.ofSeconds(120));
    return scoring;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void awaitHealthy(Duration timeout) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health =
        HttpRequest.newBuilder(url().resolve("/actuator/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "scoring-service exited with "
                + process.exitValue()
                + "; its log "
                + log
                + " ends with:\n"
                + tail());
      }
      try {
        if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for scoring-service", e);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for scoring-service", e);
      }
    }
    close();
    throw new IllegalStateException(
        "scoring-service did not become healthy within "
            + timeout
            + "; its log "
            + log
            + " ends with:\n"
            + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "<log unreadable: " + e.getMessage() + ">";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
