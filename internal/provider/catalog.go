package provider

import (
	"sort"
	"strings"
)

// webhookEvents lists the resources CallFire API v2 webhooks can watch and the events each
// supports, in CallFire's canonical PascalCase (API reference §A.4). The plan-time checks use
// it so that a wrong event never reaches the API; the callfire_webhook_resources data source
// reads the live list from CallFire instead.
var webhookEvents = map[string][]string{
	"CccCampaign":                {"Started", "Stopped", "Finished"},
	"CallBroadcast":              {"Started", "Stopped", "Finished"},
	"TextBroadcast":              {"Started", "Stopped", "Finished"},
	"OutboundCall":               {"Finished"},
	"InboundCall":                {"Finished"},
	"OutboundText":               {"Finished"},
	"InboundText":                {"Finished"},
	"ContactList":                {"ValidationFinished", "ValidationFailed"},
	"MonthlyRenewal":             {"Finished", "Failed"},
	"LowBalance":                 {"Finished", "Failed"},
	"OutboundTextDeliveryReport": {"Received"},
}

// webhookResourceNames returns the resource names, sorted.
func webhookResourceNames() []string {
	names := make([]string, 0, len(webhookEvents))
	for name := range webhookEvents {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// allWebhookEventNames returns every event name any resource supports, sorted.
func allWebhookEventNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, events := range webhookEvents {
		for _, e := range events {
			if !seen[e] {
				seen[e] = true
				names = append(names, e)
			}
		}
	}
	sort.Strings(names)
	return names
}

// canonicalSpelling returns the entry of names equal to s ignoring case, if any.
func canonicalSpelling(s string, names []string) (string, bool) {
	for _, n := range names {
		if strings.EqualFold(n, s) {
			return n, true
		}
	}
	return "", false
}

// subscriptionTriggerEvents are the v1.1 trigger events one can subscribe to (§B.3; the
// enum's UNDEFINED_EVENT is not offered by CallFire's docs).
var subscriptionTriggerEvents = []string{
	"INBOUND_CALL_FINISHED", "INBOUND_TEXT_FINISHED", "OUTBOUND_CALL_FINISHED",
	"OUTBOUND_TEXT_FINISHED", "CAMPAIGN_STARTED", "CAMPAIGN_STOPPED", "CAMPAIGN_FINISHED",
}

// subscriptionFormats are the v1.1 notification formats accepted; LEGACY is deprecated by
// CallFire and refused.
var subscriptionFormats = []string{"XML", "JSON", "SOAP", "EMAIL"}

// quoteList renders names as "A", "B" and "C" for diagnostics.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = `"` + n + `"`
	}
	return strings.Join(q, ", ")
}
