package dev.retain.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.identity.normalise.FreeMail;
import dev.retain.identity.normalise.Normalise;
import org.junit.jupiter.api.Test;

class NormaliseAndCompareTest {

  @Test
  void emails() {
    assertThat(Normalise.email(" Jane.Doe+billing@ACME.com ")).isEqualTo("jane.doe@acme.com");
    assertThat(Normalise.email("j.o.e@googlemail.com")).isEqualTo("joe@gmail.com");
    assertThat(Normalise.email("not an address")).isNull();
    assertThat(Normalise.isRoleMailbox("billing@acme.com")).isTrue();
    assertThat(Normalise.isRoleMailbox("jane@acme.com")).isFalse();
  }

  @Test
  void domainsThroughThePublicSuffixList() {
    assertThat(Normalise.domain("https://www.shop.Acme.co.uk/about?x=1")).isEqualTo("acme.co.uk");
    assertThat(Normalise.domain("acme.com.au")).isEqualTo("acme.com.au");
    assertThat(Normalise.domain("eu.acme.com:8443")).isEqualTo("acme.com");
    assertThat(Normalise.emailDomain("jo@mail.acme.co.uk")).isEqualTo("acme.co.uk");
    assertThat(Normalise.domain("localhost")).isNull();
    assertThat(FreeMail.isFreeMail(Normalise.emailDomain("x@GMAIL.com"))).isTrue();
    assertThat(FreeMail.isFreeMail("acme.com")).isFalse();
  }

  @Test
  void phonesWithLibphonenumber() {
    assertThat(Normalise.phone("(415) 555-0123", "US")).isEqualTo("+14155550123");
    assertThat(Normalise.phone("+44 20 7946 0958", "US")).isEqualTo("+442079460958");
    assertThat(Normalise.phone("020 7946 0958", "GB")).isEqualTo("+442079460958");
    assertThat(Normalise.phone("n/a", "US")).isNull();
  }

  @Test
  void companyNamesLoseLegalFormsPunctuationAndAccents() {
    assertThat(Normalise.companyName("ACME, Inc.")).isEqualTo("acme");
    assertThat(Normalise.companyName("Acme S.A.")).isEqualTo("acme");
    assertThat(Normalise.companyName("Müller & Söhne GmbH")).isEqualTo("muller sohne");
    assertThat(Normalise.companyName("Nordlys AS")).isEqualTo("nordlys");
    assertThat(Normalise.companyName("Kowalski sp. z o.o.")).isEqualTo("kowalski");
    assertThat(Normalise.companyName("The Limited")).isEqualTo("the limited");
  }

  @Test
  void datesAndPostcodes() {
    assertThat(Normalise.date("1956-04-09")).isEqualTo("19560409");
    assertThat(Normalise.date("9/4/1956")).isEqualTo("19560409");
    assertThat(Normalise.postcode("sw1a 1aa")).isEqualTo("SW1A1AA");
  }

  @Test
  void comparisonLevels() {
    assertThat(FieldType.NAME.compare("jonathan", "jonathan")).isEqualTo(3);
    assertThat(FieldType.NAME.compare("jonathan", "jonathon")).isEqualTo(2);
    assertThat(FieldType.NAME.compare("smith john", "john smith")).isEqualTo(1);
    assertThat(FieldType.NAME.compare("alice", "bob")).isZero();
    assertThat(FieldType.NAME.compare(null, "bob")).isEqualTo(-1);
    assertThat(FieldType.COMPANY.compare("acme robotics", "acme")).isEqualTo(1);
    assertThat(FieldType.POSTCODE.compare("2119", "2118")).isEqualTo(1);
    assertThat(FieldType.POSTCODE.compare("2119", "3000")).isZero();
    assertThat(FieldType.DATE.compare("19560409", "19560904")).isEqualTo(1);
    assertThat(FieldType.DATE.compare("19560409", "19560419")).isEqualTo(1);
    assertThat(FieldType.DATE.compare("19560409", "19811231")).isZero();
    assertThat(FieldType.ID.compare("1804974", "1804947")).isZero();
    assertThat(FieldType.ID.compare("1804974", "1804975")).isEqualTo(1);
    assertThat(FieldType.EMAIL.compare("jo@a.com", "jo@b.com")).isEqualTo(1);
    assertThat(FieldType.PHONE.compare("+14155550123", "4155550123")).isEqualTo(1);
    assertThat(FieldType.CITY.compare("granville", "granvile")).isEqualTo(1);
  }
}
