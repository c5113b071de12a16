package dev.retain.scoring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The scoring service: health scores (and later churn risk) for batches of customers. */
@SpringBootApplication
public class ScoringServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ScoringServiceApplication.class, args);
  }
}
