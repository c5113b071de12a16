package dev.retain.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.scoring.model.ChurnScore.Driver;
import java.util.HashMap;
import java.util.Map;

/**
 * The check that an explanation is faithful in direction: moving a customer's top driver towards
 * the typical customer (the reference of the contributions) must move the churn probability the way
 * the driver's sign says. For models trained on {@link ChurnModelTest#generate}.
 */
final class TopDriverMoves {

  private TopDriverMoves() {}

  /** Checks the first 200 rows; returns how many had a top driver it could move. */
  static int check(ChurnModel model, Table table) {
    int checked = 0;
    for (int r = 0; r < 200; r++) {
      Map<String, String> customer = table.row(r);
      ChurnScore score = model.score(customer);
      Driver top = score.drivers().get(0);
      Map<String, Object> moved = new HashMap<>(customer);
      switch (top.name()) {
        case "tenure" -> moved.put("tenure", 35.5);
        case "tickets" -> moved.put("tickets", 3.5);
        case "plan" -> {
          if (customer.get("plan").equals("pro")) {
            continue;
          }
          moved.put("plan", "pro");
        }
        default -> {
          continue;
        }
      }
      double after = model.probability(moved);
      if (top.contribution() > 0) {
        assertThat(after).as("customer %d, driver %s", r, top).isLessThan(score.probability());
      } else {
        assertThat(after).as("customer %d, driver %s", r, top).isGreaterThan(score.probability());
      }
      checked++;
    }
    return checked;
  }
}
