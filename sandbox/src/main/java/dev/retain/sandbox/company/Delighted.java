package dev.retain.sandbox.company;

import dev.retain.model.SourceRef;
import dev.retain.model.SurveyResponse;
import dev.retain.sandbox.SandboxView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The NPS tool: a survey wave to each customer's contacts about every quarter; some answer, with a
 * score that follows the customer's health plus the person's own lean and noise.
 */
final class Delighted {
  static final double RESPONSE_RATE = 0.3;
  static final double ACCOUNT_PROPERTY_SHARE = 0.4;
  static final double COMMENT_SHARE = 0.35;
  private static final String[][] COMMENTS = {
    {
      "Too many bugs lately.",
      "Support takes days to answer.",
      "We are evaluating alternatives.",
      "Pricing is hard to justify for what we use.",
      "The last outage hurt us badly.",
      "Onboarding new colleagues is painful."
    },
    {
      "Good, but reporting could be better.", "Solid product, a few rough edges.",
      "Does the job.", "Would like more integrations."
    },
    {
      "Love it, our team uses it every day!", "Great support team.",
      "Saves us hours every week.", "Best tool in our stack."
    }
  };

  final List<PersonRec> persons;
  final List<ResponseRec> responses;

  private Delighted(List<PersonRec> persons, List<ResponseRec> responses) {
    this.persons = persons;
    this.responses = responses;
  }

  /** A Delighted person; {@code accountProperty} is the Salesforce id some carry as a property. */
  record PersonRec(String id, Person person, String email, String accountProperty) {
    SourceRef ref() {
      return SourceRef.of(SandboxView.DELIGHTED, id);
    }
  }

  record ResponseRec(
      String id,
      PersonRec person,
      Customer customer,
      int score,
      String comment,
      Instant created,
      Instant updated) {

    SourceRef ref() {
      return SourceRef.of(SandboxView.DELIGHTED, id);
    }

    SurveyResponse render(Instant clock) {
      boolean commented = comment != null && !updated.isAfter(clock);
      return new SurveyResponse(
          ref(),
          person.ref(),
          person.email(),
          person.accountProperty(),
          score,
          commented ? comment : null,
          created,
          commented ? updated : created);
    }
  }

  /** A response before ids are handed out. */
  private record Answer(
      Person person, Customer customer, int score, String comment, Instant at, long commentDelay) {}

  static Delighted build(
      long seed, Population population, Salesforce salesforce, LocalDate start, LocalDate end) {
    List<Answer> answers = new ArrayList<>();
    for (Customer customer : population.customers) {
      answers.addAll(
          answers(
              Rng.of(seed, Rng.Purpose.SURVEYS, customer.index()),
              customer,
              population.peopleByCustomer.get(customer.index()),
              start,
              end));
    }
    answers.sort(Comparator.comparing(Answer::at).thenComparingInt(a -> a.person().index()));
    Ids.Sequence personIds = new Ids.Sequence(Rng.of(seed, Rng.Purpose.IDS, 20), 210_000_000L, 7);
    Ids.Sequence responseIds = new Ids.Sequence(Rng.of(seed, Rng.Purpose.IDS, 21), 50_000_000L, 3);
    Map<Integer, PersonRec> persons = new HashMap<>();
    List<PersonRec> personList = new ArrayList<>();
    List<ResponseRec> responses = new ArrayList<>(answers.size());
    for (Answer a : answers) {
      PersonRec person =
          persons.computeIfAbsent(
              a.person().index(),
              i -> {
                PersonRec p = person(seed, a.person(), personIds.next(), salesforce);
                personList.add(p);
                return p;
              });
      responses.add(
          new ResponseRec(
              Long.toString(responseIds.next()),
              person,
              a.customer(),
              a.score(),
              a.comment(),
              a.at(),
              a.at().plusSeconds(a.commentDelay())));
    }
    return new Delighted(List.copyOf(personList), List.copyOf(responses));
  }

  private static PersonRec person(long seed, Person person, long id, Salesforce salesforce) {
    Rng rng = Rng.of(seed, Rng.Purpose.SURVEYS, person.customer(), person.index());
    Salesforce.ContactRec contact = salesforce.contactOfPerson[person.index()];
    String sent = contact != null ? contact.email() : person.email();
    String email =
        switch (rng.weighted(80, 12, 8)) {
          case 0 -> sent;
          case 1 -> sent.toLowerCase(Locale.ROOT);
          default -> NameFactory.capitalised(sent.toLowerCase(Locale.ROOT));
        };
    String property =
        rng.chance(ACCOUNT_PROPERTY_SHARE) && contact != null ? contact.account().id() : null;
    return new PersonRec(Long.toString(id), person, email, property);
  }

  private static List<Answer> answers(
      Rng rng, Customer customer, List<Person> people, LocalDate start, LocalDate end) {
    List<Answer> out = new ArrayList<>();
    Lifecycle life = customer.life();
    for (LocalDate wave = start.plusDays(rng.nextInt(91));
        !wave.isAfter(end);
        wave = wave.plusDays(rng.between(80, 100))) {
      if (!life.activeOn(wave)) {
        continue;
      }
      double h = customer.health().at(wave);
      for (Person person : people) {
        if (!person.surveyed()
            || person.joined().plusDays(30).isAfter(wave)
            || !rng.chance(RESPONSE_RATE)) {
          continue;
        }
        Instant at =
            Lifecycle.at(wave, 15 * 3600).plusSeconds((long) (rng.exponential(2) * 86_400));
        LocalDate day = LocalDate.ofInstant(at, java.time.ZoneOffset.UTC);
        if (day.isAfter(end) || !life.activeOn(day)) {
          continue;
        }
        double mean = 8.0 + 1.3 * (h - HealthProcess.TYPICAL) + person.npsBias();
        int score = (int) Math.max(0, Math.min(10, Math.round(rng.gaussian(mean, 1.4))));
        String comment = null;
        if (rng.chance(COMMENT_SHARE)) {
          comment = rng.pick(COMMENTS[score >= 9 ? 2 : score >= 7 ? 1 : 0]);
        }
        out.add(new Answer(person, customer, score, comment, at, rng.between(20, 600)));
      }
    }
    return out;
  }
}
