package dev.retain.scoring.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator main (not a test): POST /v1/scores with one customer at a fixed rate over
 * loopback, bounded in count, and prints the latency percentiles (measured from the scheduled send
 * time, so queueing in the generator counts against the service) and the errors.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   dev.retain.scoring.bench.HttpLoad URL API_KEY [rate/s] [seconds]
 * </pre>
 */
public final class HttpLoad {

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0].replaceAll("/$", "") + "/v1/scores");
    String key = args[1];
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String[] bodies = new String[1000];
    Random random = new Random(11);
    int i = 0;
    for (Map<String, Double> f : ScoringBenchmark.customers(bodies.length, random)) {
      StringBuilder sb =
          new StringBuilder("{\"customers\":[{\"customerId\":\"c-" + i + "\",\"features\":{");
      f.forEach((k, v) -> sb.append('"').append(k).append("\":").append(v).append(','));
      sb.setLength(sb.length() - 1);
      bodies[i++] = sb.append("}}]}").toString();
    }
    // warm-up: 5 s at the same rate, not measured
    run(http, uri, key, bodies, rate, 5);
    long[] latencies = run(http, uri, key, bodies, rate, seconds);
    Arrays.sort(latencies);
    System.out.printf(
        "%d requests at %d/s over %d s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d%n",
        latencies.length,
        rate,
        seconds,
        latencies[latencies.length / 2] / 1e6,
        latencies[(int) (latencies.length * 0.9)] / 1e6,
        latencies[(int) (latencies.length * 0.99)] / 1e6,
        latencies[latencies.length - 1] / 1e6,
        errors.get());
  }

  private static final AtomicInteger errors = new AtomicInteger();

  private static long[] run(
      HttpClient http, URI uri, String key, String[] bodies, int rate, int seconds)
      throws Exception {
    int count = rate * seconds;
    long[] latencies = new long[count];
    CompletableFuture<?>[] pending = new CompletableFuture<?>[count];
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int n = 0; n < count; n++) {
      long scheduled = start + n * interval;
      long wait;
      while ((wait = scheduled - System.nanoTime()) > 0) {
        if (wait > 200_000) {
          Thread.sleep(0, 100_000);
        } else {
          Thread.onSpinWait();
        }
      }
      int slot = n;
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .header("X-API-Key", key)
              .POST(HttpRequest.BodyPublishers.ofString(bodies[n % bodies.length]))
              .build();
      pending[n] =
          http.sendAsync(request, BodyHandlers.ofString())
              .whenComplete(
                  (response, failure) -> {
                    latencies[slot] = System.nanoTime() - scheduled;
                    if (failure != null || response.statusCode() != 200) {
                      errors.incrementAndGet();
                    }
                  });
    }
    CompletableFuture.allOf(pending).join();
    return latencies;
  }
}
