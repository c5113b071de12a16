/**
 * Helpers the HubSpot, Jira Service Management, Freshdesk and ServiceNow sources share: settings
 * validation that names the bad key, streaming parse of a JSON page, plain-words check messages. No
 * connector state lives here.
 */
package dev.retain.connectors.support;
