package dev.retain.routes;

import dev.retain.connectors.spi.CheckResult;
import dev.retain.routes.sources.ConnectionCheck;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The routes app: Camel routes that pull from the configured sources, unify customers, compute
 * features, score them through scoring-service, publish the mart and act on risk.
 *
 * <p>{@code java -jar retain-routes.jar} runs the app (syncs on the configured schedule); {@code
 * java -jar retain-routes.jar check} tests every connection and exits non-zero if one fails.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RoutesApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("check")) {
      System.exit(check(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(RoutesApplication.class, args);
  }

  static int check(String[] args) {
    SpringApplication app = new SpringApplication(RoutesApplication.class);
    app.setDefaultProperties(java.util.Map.of("retain.sync.scheduled", "false"));
    try (ConfigurableApplicationContext context = app.run(args)) {
      List<CheckResult> results = context.getBean(ConnectionCheck.class).checkAll();
      boolean ok = true;
      for (CheckResult r : results) {
        System.out.printf("%-12s %s  %s%n", r.system(), r.ok() ? "OK    " : "FAILED", r.message());
        ok &= r.ok();
      }
      return ok ? 0 : 1;
    }
  }
}
