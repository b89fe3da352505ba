package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

// providerWith is the test provider block with one attribute line replaced or added, e.g.
// providerWith(ts, `max_retries = 21`).
func providerWith(ts *mockcallfire.TestServer, line string) string {
	key := strings.TrimSpace(strings.SplitN(line, "=", 2)[0])
	block := providerConfig(ts)
	re := regexp.MustCompile(`(?m)^(\s*)` + regexp.QuoteMeta(key) + `\s*=.*$`)
	if re.MatchString(block) {
		return re.ReplaceAllString(block, "${1}"+strings.ReplaceAll(line, "$", "$$"))
	}
	head := "provider \"callfire\" {\n"
	return strings.Replace(block, head, head+"  "+line+"\n", 1)
}

// TestAccBadInput_rejectedAtPlan feeds invalid configurations of the provider block, both
// resources and every data source to terraform plan. Each must fail at plan time with an
// error that names the attribute and says what is allowed, and CallFire must never be
// called: a value CallFire would refuse is caught before any request carries it.
func TestAccBadInput_rejectedAtPlan(t *testing.T) {
	webhookWith := func(extra string) string { return webhookHCL(requiredWebhookAttrs + extra) }
	// webhookSwap replaces one value of the required attributes.
	webhookSwap := func(from, to string) string {
		return webhookHCL(strings.Replace(requiredWebhookAttrs, from, to, 1))
	}
	const goodCallback = `"https://callback-service.com/listener"`
	subscription := func(lines string) string {
		return "resource \"callfire_subscription\" \"test\" {\n" + lines + "\n}\n"
	}
	subscriptionWith := func(extra string) string {
		return subscription(`
  endpoint      = "https://callback-service.com/listener"
  trigger_event = "OUTBOUND_TEXT_FINISHED"
` + extra)
	}
	data := func(typ, body string) string {
		return fmt.Sprintf("data %q \"test\" {\n%s\n}\n", typ, body)
	}
	const allowedTriggers = `"INBOUND_CALL_FINISHED"`

	cases := []struct {
		name string
		// provider replaces one line of the provider block; config is what follows it.
		provider string
		config   string
		want     *regexp.Regexp
	}{
		// Provider block. A resource is planned so that terraform configures the provider.
		{"v2_base_url not http", `v2_base_url = "ftp://api.callfire.com/v2"`, webhookWith(""),
			errorLike("v2_base_url", `is not an absolute http(s) URL`,
				`"https://api.callfire.com/v2"`)},
		{"v2_base_url plain http", `v2_base_url = "http://api.callfire.com/v2"`, webhookWith(""),
			errorLike("Insecure CallFire base URL", "v2_base_url", "Use https://")},
		{"v2_base_url with credentials", `v2_base_url = "https://u:p@api.callfire.com/v2"`,
			webhookWith(""),
			errorLike("v2_base_url", "username or password",
				"set the provider's username and password")},
		{"v2_base_url with query", `v2_base_url = "https://api.callfire.com/v2?debug=1"`,
			webhookWith(""),
			errorLike("v2_base_url", "query or fragment")},
		{"v1_base_url relative", `v1_base_url = "api.callfire.com/api/1.1/rest"`, webhookWith(""),
			errorLike("v1_base_url", `is not an absolute http(s) URL`)},
		{"v1_base_url http to LAN host", `v1_base_url = "http://10.0.0.5/api/1.1/rest"`,
			webhookWith(""),
			errorLike("Insecure CallFire base URL", "v1_base_url", "loopback")},
		{"max_retries too high", `max_retries = 21`, webhookWith(""),
			errorLike("max_retries", "between 0 and 20, got: 21")},
		{"max_retries negative", `max_retries = -1`, webhookWith(""),
			errorLike("max_retries", "between 0 and 20, got: -1")},
		{"request_timeout without unit", `request_timeout = "30"`, webhookWith(""),
			errorLike("request_timeout", `"30" is not a positive duration`, `"30s"`)},
		{"request_timeout zero", `request_timeout = "0s"`, webhookWith(""),
			errorLike("request_timeout", "not a positive duration")},
		{"request_timeout negative", `request_timeout = "-1m"`, webhookWith(""),
			errorLike("request_timeout", "not a positive duration")},

		// callfire_webhook.
		{"webhook empty name", "", webhookSwap(`"Sms sent"`, `""`),
			errorLike("name", "length must be at least 1")},
		{"webhook unknown resource", "", webhookSwap(`"OutboundText"`, `"Fax"`),
			errorLike("resource", `"Fax" is not a CallFire webhook resource`, `"CallBroadcast"`)},
		{"webhook resource wrong case", "", webhookSwap(`"OutboundText"`, `"outbound_text"`),
			errorLike("resource", "not a CallFire webhook resource", `"OutboundText"`)},
		{"webhook no events", "", webhookSwap(`["Finished"]`, `[]`),
			errorLike("events", "at least 1")},
		{"webhook event of another resource", "", webhookSwap(`["Finished"]`, `["Started"]`),
			errorLike("events", `"Started" is not an event of OutboundText`, `"Finished"`)},
		{"webhook event wrong case", "", webhookSwap(`["Finished"]`, `["finished"]`),
			errorLike("events", `"finished" as "Finished"`)},
		{"webhook relative callback", "", webhookSwap(goodCallback, `"/listener"`),
			errorLike("callback", "not an absolute http:// or https:// URL")},
		{"webhook callback without host", "", webhookSwap(goodCallback, `"https://"`),
			errorLike("callback", "not an absolute http:// or https:// URL")},
		{"webhook mailto callback", "", webhookSwap(goodCallback, `"mailto:ops@example.com"`),
			errorLike("callback", "not an absolute http:// or https:// URL")},
		{"webhook callback with credentials", "",
			webhookSwap(goodCallback, `"https://u:p@hooks.example.com/"`),
			errorLike("callback", "username or password", "webhook secret")},
		{"webhook empty fields", "", webhookWith(`  fields = ""`),
			errorLike("fields", "length must be at least 1")},
		{"webhook empty secret", "", webhookWith(`  secret = ""`),
			errorLike("secret", "length must be at least 1")},
		{"webhook empty secret_wo", "", webhookWith(`  secret_wo = ""`),
			errorLike("secret_wo", "length must be at least 1")},
		{"webhook secret and secret_wo", "",
			webhookWith("  secret = \"a-secret\"\n  secret_wo = \"b-secret\""),
			errorLike("secret_wo", "Set either secret", "or secret_wo")},
		{"webhook version without secret_wo", "", webhookWith(`  secret_wo_version = 1`),
			errorLike("secret_wo_version", `"secret_wo" must be specified`)},

		// callfire_subscription.
		{"subscription unknown trigger", "", subscription(`
  endpoint      = "https://callback-service.com/listener"
  trigger_event = "CALL_FINISHED"`),
			errorLike("trigger_event", "must be one of", allowedTriggers, `got: "CALL_FINISHED"`)},
		{"subscription undefined trigger", "", subscription(`
  endpoint      = "https://callback-service.com/listener"
  trigger_event = "UNDEFINED_EVENT"`),
			errorLike("trigger_event", "must be one of", allowedTriggers)},
		{"subscription LEGACY format", "", subscriptionWith(`  notification_format = "LEGACY"`),
			errorLike("notification_format", "deprecated the LEGACY", `"JSON"`)},
		{"subscription format wrong case", "", subscriptionWith(`  notification_format = "json"`),
			errorLike("notification_format", "must be one of", `"JSON"`)},
		{"subscription e-mail endpoint for JSON", "", subscription(`
  endpoint            = "ops@example.com"
  notification_format = "JSON"
  trigger_event       = "OUTBOUND_TEXT_FINISHED"`),
			errorLike("endpoint", "not an absolute http:// or https://",
				`notification_format = "EMAIL"`)},
		{"subscription URL endpoint for EMAIL", "", subscription(`
  endpoint            = "https://callback-service.com/listener"
  notification_format = "EMAIL"
  trigger_event       = "OUTBOUND_TEXT_FINISHED"`),
			errorLike("endpoint", "is not an e-mail address", `"ops@example.com"`)},
		{"subscription ftp endpoint", "", subscription(`
  endpoint      = "ftp://files.example.com/drop"
  trigger_event = "OUTBOUND_TEXT_FINISHED"`),
			errorLike("endpoint", "not an absolute http:// or https://")},
		{"subscription empty filter", "", subscriptionWith(`  filter = {}`),
			errorLike("filter", "sets none of broadcast_id, batch_id, from_number or to_number")},
		{"subscription broadcast_id zero", "", subscriptionWith(`  filter = { broadcast_id = 0 }`),
			errorLike("broadcast_id", "at least 1, got: 0")},
		{"subscription batch_id negative", "", subscriptionWith(`  filter = { batch_id = -5 }`),
			errorLike("batch_id", "at least 1, got: -5")},
		{"subscription from_number ten digits", "",
			subscriptionWith(`  filter = { from_number = "2135551100" }`),
			errorLike("filter.from_number", `"2135551100" is not a number`, "11 digits",
				"short code")},
		{"subscription from_number punctuation", "",
			subscriptionWith(`  filter = { from_number = "+1 213 555 1100" }`),
			errorLike("filter.from_number", "no punctuation")},
		{"subscription to_number double space", "",
			subscriptionWith(`  filter = { to_number = "12135551100  12135551101" }`),
			errorLike("filter.to_number", "single spaces")},
		{"subscription to_number empty keyword", "",
			subscriptionWith(`  filter = { to_number = "67076:" }`),
			errorLike("filter.to_number", "shortcode:KEYWORD")},

		// Data sources.
		{"data webhook id and name", "", data("callfire_webhook", `  id = "11646003"
  name = "Sms sent"`),
			errorLike("Exactly one of these attributes must be configured: [id,name]")},
		{"data webhook neither id nor name", "", data("callfire_webhook", ""),
			errorLike("Exactly one of these attributes must be configured: [id,name]")},
		{"data webhook id not a number", "", data("callfire_webhook", `  id = "wh-1"`),
			errorLike("id", `"wh-1" is not a CallFire id`, `decimal numbers such as "11646003"`)},
		{"data webhook id zero", "", data("callfire_webhook", `  id = "0"`),
			errorLike("id", `"0" is not a CallFire id (a positive integer)`)},
		{"data webhook empty name", "", data("callfire_webhook", `  name = ""`),
			errorLike("name", "length must be at least 1")},
		{"data webhooks unknown event", "", data("callfire_webhooks", `  event = "Start"`),
			errorLike("event", "must be one of", `"Started"`, `got: "Start"`)},
		{"data webhooks unknown resource", "", data("callfire_webhooks", `  resource = "Fax"`),
			errorLike("resource", `"Fax" is not a CallFire webhook resource`)},
		{"data webhooks empty callback", "", data("callfire_webhooks", `  callback = ""`),
			errorLike("callback", "length must be at least 1")},
		{"data webhook_resources wrong spelling", "",
			data("callfire_webhook_resources", `  resource = "text_broadcast"`),
			errorLike("resource", "not a CallFire webhook resource", `"TextBroadcast"`)},
		{"data subscription negative id", "", data("callfire_subscription", `  id = "-3"`),
			errorLike("id", `"-3" is not a CallFire id`)},
		{"data subscriptions unknown trigger", "",
			data("callfire_subscriptions", `  trigger_event = "ALL"`),
			errorLike("trigger_event", "must be one of", allowedTriggers, `got: "ALL"`)},
	}
	if len(cases) < 30 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ts := newTestMock(t)
			provider := providerConfig(ts)
			if c.provider != "" {
				provider = providerWith(ts, c.provider)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      provider + c.config,
					PlanOnly:    true,
					ExpectError: c.want,
				}},
			})
			assertNoRequests(t, ts)
		})
	}
}
