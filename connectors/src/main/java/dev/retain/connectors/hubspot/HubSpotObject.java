package dev.retain.connectors.hubspot;

import dev.retain.model.Entity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The CRM objects Retain reads: their API type, the property that carries the last modification
 * time (contacts keep {@code lastmodifieddate}, companies and deals {@code hs_lastmodifieddate}),
 * the properties to request and the canonical entity they become.
 */
enum HubSpotObject {
  COMPANIES("companies", "hs_lastmodifieddate", Entity.ACCOUNT),
  CONTACTS("contacts", "lastmodifieddate", Entity.CONTACT),
  DEALS("deals", "hs_lastmodifieddate", Entity.SUBSCRIPTION);

  private final String type;
  private final String modifiedProperty;
  private final Entity entity;

  HubSpotObject(String type, String modifiedProperty, Entity entity) {
    this.type = type;
    this.modifiedProperty = modifiedProperty;
    this.entity = entity;
  }

  String type() {
    return type;
  }

  String modifiedProperty() {
    return modifiedProperty;
  }

  Entity entity() {
    return entity;
  }

  List<String> properties(HubSpotSettings settings) {
    List<String> properties = new ArrayList<>();
    switch (this) {
      case COMPANIES -> {
        properties.addAll(List.of("name", "domain", "hubspot_owner_id"));
        properties.add(settings.accountIdProperty());
      }
      case CONTACTS ->
          properties.addAll(
              List.of("firstname", "lastname", "email", "phone", "associatedcompanyid"));
      case DEALS -> {
        properties.addAll(List.of("dealname", "dealstage", "pipeline", "closedate", "createdate"));
        properties.add(settings.arrProperty());
        if (settings.renewalDateProperty() != null) {
          properties.add(settings.renewalDateProperty());
        }
      }
    }
    properties.add(modifiedProperty);
    return List.copyOf(new LinkedHashSet<>(properties));
  }
}
