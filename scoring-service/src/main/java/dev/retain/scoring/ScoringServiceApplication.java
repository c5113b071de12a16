package dev.retain.scoring;

import dev.retain.scoring.model.ChurnCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;

/** The scoring service: health scores and churn risk for batches of customers. */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class ScoringServiceApplication {

  public static void main(String[] args) {
    if (ChurnCli.handles(args)) {
      // offline churn-model commands (train / evaluate): no web server
      System.exit(ChurnCli.run(args, System.out, System.err));
    }
    SpringApplication.run(ScoringServiceApplication.class, args);
  }
}
