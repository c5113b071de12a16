package dev.retain.identity;

import dev.retain.identity.Settings.BlockingRule;
import dev.retain.identity.Settings.Field;
import java.util.List;

/** Settings for FEBRL person records, as in identity/examples/febrl3.yaml. */
final class Febrl {
  private Febrl() {}

  static Settings settings() {
    List<Field> fields =
        List.of(
            new Field("given_name", FieldType.NAME),
            new Field("surname", FieldType.NAME),
            new Field("street_number", FieldType.EXACT),
            new Field("address_1", FieldType.TEXT),
            new Field("address_2", FieldType.TEXT),
            new Field("suburb", FieldType.CITY),
            new Field("postcode", FieldType.POSTCODE),
            new Field("state", FieldType.EXACT),
            new Field("date_of_birth", FieldType.DATE),
            new Field("soc_sec_id", FieldType.ID));
    return Settings.of(
            fields,
            fields.stream().map(Field::name).toList(),
            List.of(),
            List.of(
                BlockingRule.of("soc_sec_id"),
                BlockingRule.of("date_of_birth"),
                BlockingRule.of("given_name", "surname"),
                BlockingRule.of("surname", "postcode"),
                BlockingRule.of("given_name", "suburb")))
        .withLimits(20, 500);
  }
}
