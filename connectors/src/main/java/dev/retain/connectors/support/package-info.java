/**
 * Helpers the HubSpot, Jira Service Management, Freshdesk and ServiceNow sources and the ticketing
 * sinks share: settings validation that names the bad key, streaming parse of a JSON page,
 * plain-words check messages, JSON requests and idempotent creates for the sinks. No connector
 * state lives here.
 */
package dev.retain.connectors.support;
