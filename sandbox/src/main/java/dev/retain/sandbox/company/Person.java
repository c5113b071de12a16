package dev.retain.sandbox.company;

import java.time.LocalDate;

/**
 * A real person at a customer, or a shared mailbox that several customers' back offices use.
 *
 * @param index unique across the company, in generation order
 * @param email the address the person really uses; free-mail for some
 * @param emailStyle the customer's local-part convention, to derive aliases
 * @param joined when the person starts showing up in the systems
 * @param inCrm whether sales ever entered the person into Salesforce
 * @param supportWeight how often the person files tickets relative to colleagues (0 = never)
 * @param surveyed whether the person gets NPS surveys
 * @param npsBias the person's own lean on the 0-10 scale
 * @param shared whether the address is a mailbox shared with other customers
 */
record Person(
    int index,
    int customer,
    String first,
    String last,
    String email,
    int emailStyle,
    LocalDate joined,
    boolean inCrm,
    double supportWeight,
    boolean surveyed,
    double npsBias,
    boolean shared) {

  String fullName() {
    return first + " " + last;
  }

  boolean freeMail() {
    String domain = email.substring(email.indexOf('@') + 1);
    for (String free : NameFactory.FREE_MAIL) {
      if (free.equals(domain)) {
        return true;
      }
    }
    return false;
  }
}
