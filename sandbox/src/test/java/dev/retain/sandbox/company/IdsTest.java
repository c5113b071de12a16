package dev.retain.sandbox.company;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void caseSafeSuffixFollowsSalesforce() {
    assertThat(Ids.caseSafe("0015000000Gv7qJ")).isEqualTo("0015000000Gv7qJAAR");
    assertThat(Ids.caseSafe("001A0000006Vm9r")).isEqualTo("001A0000006Vm9rIAC");
  }

  @Test
  void salesforceIdsHaveTheObjectPrefixAndEighteenCharacters() {
    assertThat(Ids.salesforce(Ids.ACCOUNT, 57_000_000_000L)).hasSize(18).startsWith("0015g0");
    assertThat(Ids.salesforce(Ids.CONTACT, 1)).hasSize(18).startsWith("0035g0");
    assertThat(Ids.salesforce(Ids.SUBSCRIPTION, 1)).hasSize(18).startsWith("a0B5g0");
    assertThat(Ids.salesforce(Ids.CONTACT, 1)).isNotEqualTo(Ids.salesforce(Ids.CONTACT, 2));
  }
}
