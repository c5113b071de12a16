package dev.retain.routes.act;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What risk tickets say ({@code retain.tickets.*}).
 *
 * @param dashboardUrlTemplate link to the customer's dashboard; {@code {customerId}} is replaced
 * @param maxReasons how many reasons a ticket lists
 */
@Validated
@ConfigurationProperties("retain.tickets")
public record TicketSettings(
    String dashboardUrlTemplate, @DefaultValue("3") @Min(1) @Max(10) int maxReasons) {}
