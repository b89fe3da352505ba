package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

// 2015-09-28T02:44:15Z and 2015-09-28T02:50:55Z, as in CallFire's getWebhook example.
const (
	testCreatedMillis = 1443408255000
	testUpdatedMillis = 1443408655000
)

func seedWebhook(ts *mockcallfire.TestServer, name, res string, enabled bool, events ...string) int64 {
	return ts.PutWebhook(mockcallfire.Webhook{
		Name: name, Resource: res, Events: events, Enabled: enabled,
		Callback:  "https://hooks.example.com/" + strings.ToLower(res),
		CreatedAt: testCreatedMillis, UpdatedAt: testUpdatedMillis,
	})
}

func TestAccDataSourceWebhook_byIDAndName(t *testing.T) {
	ts := newTestMock(t)
	id := ts.PutWebhook(mockcallfire.Webhook{
		Name: "API hook", Resource: "TextBroadcast", Events: []string{"Started", "Stopped"},
		Callback: "https://webhook.receiver.xyz/endpoint", Enabled: true, NonStrictSsl: true,
		Fields: "id,name,status", Secret: "never-shown",
		CreatedAt: testCreatedMillis, UpdatedAt: testUpdatedMillis,
	})
	seedWebhook(ts, "other hook", "InboundCall", false, "Finished")
	seedWebhook(ts, "API hook 2", "InboundCall", false, "Finished")

	want := map[string]knownvalue.Check{
		"id":             knownvalue.StringExact(strconv.FormatInt(id, 10)),
		"name":           knownvalue.StringExact("API hook"),
		"resource":       knownvalue.StringExact("TextBroadcast"),
		"events":         stringSet("Started", "Stopped"),
		"callback":       knownvalue.StringExact("https://webhook.receiver.xyz/endpoint"),
		"enabled":        knownvalue.Bool(true),
		"single_use":     knownvalue.Bool(false),
		"non_strict_ssl": knownvalue.Bool(true),
		"fields":         knownvalue.StringExact("id,name,status"),
		"created_at":     knownvalue.StringExact("2015-09-28T02:44:15Z"),
		"updated_at":     knownvalue.StringExact("2015-09-28T02:50:55Z"),
	}
	var checks []statecheck.StateCheck
	for _, addr := range []string{"data.callfire_webhook.by_id", "data.callfire_webhook.by_name"} {
		for attr, check := range want {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), check))
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(ts) + fmt.Sprintf(`
data "callfire_webhook" "by_id" {
  id = "%d"
}

data "callfire_webhook" "by_name" {
  name = "API hook"
}
`, id),
			ConfigStateChecks: checks,
			Check: func(*terraform.State) error {
				for _, r := range ts.Requests() {
					if r.Path == mockcallfire.V2Prefix+"/webhooks" && r.Query.Get("name") != "API hook" {
						return fmt.Errorf("lookup by name sent name=%q", r.Query.Get("name"))
					}
				}
				return nil
			},
		}},
	})
}

func TestAccDataSourceWebhook_lookupErrors(t *testing.T) {
	ts := newTestMock(t)
	first := seedWebhook(ts, "twin", "InboundText", true, "Finished")
	second := seedWebhook(ts, "twin", "OutboundText", true, "Finished")
	seedWebhook(ts, "Twin", "InboundCall", true, "Finished")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerConfig(ts) + `data "callfire_webhook" "x" { name = "nobody" }`,
				ExpectError: regexp.MustCompile(`(?s)CallFire webhook not found.*No CallFire webhook is\s+named\s+"nobody"`),
			},
			{
				Config: providerConfig(ts) + `data "callfire_webhook" "x" { name = "twin" }`,
				ExpectError: regexp.MustCompile(fmt.Sprintf(
					`(?s)Several CallFire webhooks have this name.*2 CallFire webhooks are\s+named\s+"twin"\s+\(ids\s+%d,\s+%d\)`,
					first, second)),
			},
			{
				Config:      providerConfig(ts) + `data "callfire_webhook" "x" { id = "999999003" }`,
				ExpectError: regexp.MustCompile(`(?s)Unable to read CallFire webhook 999999003.*404`),
			},
		},
	})
}

func TestAccDataSourceWebhook_invalidConfig(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerConfig(ts) + `data "callfire_webhook" "x" {}`,
				ExpectError: regexp.MustCompile(`(?s)Missing Attribute Configuration.*Exactly one of these attributes.*\[id,name\]`),
			},
			{
				Config: providerConfig(ts) + `
data "callfire_webhook" "x" {
  id   = "11646003"
  name = "API hook"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*\[id,name\]`),
			},
			{
				Config:      providerConfig(ts) + `data "callfire_webhook" "x" { id = "hook-1" }`,
				ExpectError: regexp.MustCompile(`(?s)Invalid CallFire id.*positive integer`),
			},
			{
				Config:      providerConfig(ts) + `data "callfire_webhooks" "x" { resource = "Broadcast" }`,
				ExpectError: regexp.MustCompile(`(?s)Unknown webhook resource.*"CallBroadcast".*"TextBroadcast"`),
			},
			{
				Config:      providerConfig(ts) + `data "callfire_webhooks" "x" { event = "finished" }`,
				ExpectError: regexp.MustCompile(`(?s)must be one of.*"Failed".*"Finished".*"ValidationFinished"`),
			},
			{
				Config:      providerConfig(ts) + `data "callfire_webhook_resources" "x" { resource = "SMS" }`,
				ExpectError: regexp.MustCompile(`(?s)Unknown webhook resource.*"OutboundTextDeliveryReport"`),
			},
			{
				Config:      providerConfig(ts) + `data "callfire_subscriptions" "x" { trigger_event = "CALL_FINISHED" }`,
				ExpectError: regexp.MustCompile(`(?s)must be one of.*"INBOUND_CALL_FINISHED".*"CAMPAIGN_FINISHED"`),
			},
			{
				Config:      providerConfig(ts) + `data "callfire_subscription" "x" { id = "-5" }`,
				ExpectError: regexp.MustCompile(`(?s)Invalid CallFire id.*positive integer`),
			},
		},
	})
	assertNoRequests(t, ts)
}

func TestAccDataSourceWebhooks_filters(t *testing.T) {
	ts := newTestMock(t)
	seedWebhook(ts, "calls", "CallBroadcast", true, "Started", "Finished")
	seedWebhook(ts, "texts", "TextBroadcast", true, "Finished")
	seedWebhook(ts, "paused", "TextBroadcast", false, "Stopped")
	seedWebhook(ts, "lists", "ContactList", true, "ValidationFailed")

	names := func(ns ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, len(ns))
		for i, n := range ns {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"name": knownvalue.StringExact(n),
			})
		}
		return knownvalue.ListExact(checks)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(ts) + `
data "callfire_webhooks" "all" {}

data "callfire_webhooks" "text_broadcasts" {
  resource = "TextBroadcast"
}

data "callfire_webhooks" "finished" {
  event = "Finished"
}

data "callfire_webhooks" "disabled" {
  enabled = false
}

data "callfire_webhooks" "enabled_texts" {
  resource = "TextBroadcast"
  enabled  = true
}

data "callfire_webhooks" "by_name" {
  name = "lists"
}

data "callfire_webhooks" "by_callback" {
  callback = "https://hooks.example.com/callbroadcast"
}

data "callfire_webhooks" "none" {
  name = "nothing has this name"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectState("data.callfire_webhooks.all", "webhooks", names("calls", "texts", "paused", "lists")),
				expectState("data.callfire_webhooks.text_broadcasts", "webhooks", names("texts", "paused")),
				expectState("data.callfire_webhooks.finished", "webhooks", names("calls", "texts")),
				expectState("data.callfire_webhooks.disabled", "webhooks", names("paused")),
				expectState("data.callfire_webhooks.enabled_texts", "webhooks", names("texts")),
				expectState("data.callfire_webhooks.by_name", "webhooks", names("lists")),
				expectState("data.callfire_webhooks.by_callback", "webhooks", names("calls")),
				expectState("data.callfire_webhooks.none", "webhooks", knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.callfire_webhooks.all",
					tfjsonpath.New("webhooks").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":             knownvalue.StringRegexp(regexp.MustCompile(`^[1-9][0-9]*$`)),
						"name":           knownvalue.StringExact("calls"),
						"resource":       knownvalue.StringExact("CallBroadcast"),
						"events":         stringSet("Started", "Finished"),
						"callback":       knownvalue.StringExact("https://hooks.example.com/callbroadcast"),
						"enabled":        knownvalue.Bool(true),
						"single_use":     knownvalue.Bool(false),
						"non_strict_ssl": knownvalue.Bool(false),
						"fields":         knownvalue.Null(),
						"created_at":     knownvalue.StringExact("2015-09-28T02:44:15Z"),
						"updated_at":     knownvalue.StringExact("2015-09-28T02:50:55Z"),
					})),
			},
		}},
	})
}

// checkPagedOnce checks that every listing read the pages at wantOffsets in order, each once.
// A listing starts at offset 0; Terraform reads a data source several times per step.
func checkPagedOnce(ts *mockcallfire.TestServer, path, offsetParam string, wantOffsets ...int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var listings [][]int
		for _, r := range ts.Requests() {
			if r.Method != http.MethodGet || r.Path != path {
				continue
			}
			off, err := strconv.Atoi(r.Query.Get(offsetParam))
			if err != nil {
				return fmt.Errorf("request %s?%s has no %s", r.Path, r.Query.Encode(), offsetParam)
			}
			if off == 0 {
				listings = append(listings, nil)
			}
			if len(listings) == 0 {
				return fmt.Errorf("first listing request started at %s=%d", offsetParam, off)
			}
			listings[len(listings)-1] = append(listings[len(listings)-1], off)
		}
		if len(listings) == 0 {
			return fmt.Errorf("no GET %s reached the mock", path)
		}
		for _, got := range listings {
			if fmt.Sprint(got) != fmt.Sprint(wantOffsets) {
				return fmt.Errorf("a listing read %s %v, want %v", offsetParam, got, wantOffsets)
			}
		}
		return nil
	}
}

func TestAccDataSourceWebhooks_paging(t *testing.T) {
	ts := newTestMock(t)
	for i := range 230 {
		seedWebhook(ts, fmt.Sprintf("hook-%03d", i), "OutboundText", i%2 == 0, "Finished")
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(ts) + `data "callfire_webhooks" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectState("data.callfire_webhooks.all", "webhooks", knownvalue.ListSizeExact(230)),
				statecheck.ExpectKnownValue("data.callfire_webhooks.all",
					tfjsonpath.New("webhooks").AtSliceIndex(229).AtMapKey("name"),
					knownvalue.StringExact("hook-229")),
			},
			Check: checkPagedOnce(ts, mockcallfire.V2Prefix+"/webhooks", "offset", 0, 100, 200),
		}},
	})
}

func TestAccDataSourceWebhookResources_basic(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(ts) + `
data "callfire_webhook_resources" "all" {}

data "callfire_webhook_resources" "contact_list" {
  resource = "ContactList"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.callfire_webhook_resources.all",
					tfjsonpath.New("resources"), knownvalue.ListSizeExact(11)),
				statecheck.ExpectKnownValue("data.callfire_webhook_resources.contact_list",
					tfjsonpath.New("resources"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"resource": knownvalue.StringExact("ContactList"),
							"supported_events": knownvalue.SetExact([]knownvalue.Check{
								knownvalue.StringExact("ValidationFinished"),
								knownvalue.StringExact("ValidationFailed"),
							}),
						}),
					})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckTypeSetElemNestedAttrs("data.callfire_webhook_resources.all",
					"resources.*", map[string]string{
						"resource":           "OutboundTextDeliveryReport",
						"supported_events.#": "1",
						"supported_events.0": "Received",
					}),
				resource.TestCheckTypeSetElemNestedAttrs("data.callfire_webhook_resources.all",
					"resources.*", map[string]string{
						"resource":           "CallBroadcast",
						"supported_events.#": "3",
					}),
				func(*terraform.State) error {
					for _, r := range ts.Requests() {
						if r.Path == mockcallfire.V2Prefix+"/webhooks/resources/ContactList" {
							return nil
						}
					}
					return fmt.Errorf("no GET /webhooks/resources/ContactList reached the mock")
				},
			),
		}},
	})
}

func TestAccDataSourceSubscription_basic(t *testing.T) {
	ts := newTestMock(t)
	broadcast, batch := int64(567040003), int64(567041003)
	filtered := ts.PutSubscription(mockcallfire.Subscription{
		Endpoint: "http://endpoint.com/receiver", NotificationFormat: "JSON",
		TriggerEvent: "INBOUND_TEXT_FINISHED", NonStrictSsl: true,
		BroadcastID: &broadcast, BatchID: &batch, FromNumber: "12135551100",
		ToNumber: "67076:KEYWORD",
	})
	plain := ts.PutSubscription(mockcallfire.Subscription{
		Endpoint: "ops@example.com", NotificationFormat: "EMAIL", Enabled: true,
		TriggerEvent: "CAMPAIGN_FINISHED",
	})

	const (
		filteredAddr = "data.callfire_subscription.filtered"
		plainAddr    = "data.callfire_subscription.plain"
	)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(ts) + fmt.Sprintf(`
data "callfire_subscription" "filtered" {
  id = "%d"
}

data "callfire_subscription" "plain" {
  id = "%d"
}
`, filtered, plain),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState(filteredAddr, "filter", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"broadcast_id": knownvalue.Int64Exact(broadcast),
						"batch_id":     knownvalue.Int64Exact(batch),
						"from_number":  knownvalue.StringExact("12135551100"),
						"to_number":    knownvalue.StringExact("67076:KEYWORD"),
					})),
					expectState(filteredAddr, "endpoint", knownvalue.StringExact("http://endpoint.com/receiver")),
					expectState(filteredAddr, "enabled", knownvalue.Bool(false)),
					expectState(filteredAddr, "non_strict_ssl", knownvalue.Bool(true)),
					expectState(filteredAddr, "notification_format", knownvalue.StringExact("JSON")),
					expectState(filteredAddr, "trigger_event", knownvalue.StringExact("INBOUND_TEXT_FINISHED")),
					expectState(plainAddr, "filter", knownvalue.Null()),
					expectState(plainAddr, "notification_format", knownvalue.StringExact("EMAIL")),
					expectState(plainAddr, "enabled", knownvalue.Bool(true)),
				},
			},
			{
				Config:      providerConfig(ts) + `data "callfire_subscription" "gone" { id = "999999003" }`,
				ExpectError: regexp.MustCompile(`(?s)Unable to read CallFire subscription 999999003.*404`),
			},
		},
	})
}

func TestAccDataSourceSubscriptions_filterAndPaging(t *testing.T) {
	ts := newTestMock(t)
	for i := range 1105 {
		event := "OUTBOUND_TEXT_FINISHED"
		if i%5 == 0 {
			event = "CAMPAIGN_STARTED"
		}
		ts.PutSubscription(mockcallfire.Subscription{
			Endpoint:     fmt.Sprintf("https://hooks.example.com/%d", i),
			TriggerEvent: event, NotificationFormat: "JSON", Enabled: true,
		})
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Alone in its configuration: Terraform reads data sources concurrently, and
				// another listing would interleave its pages with this one's.
				Config: providerConfig(ts) + `data "callfire_subscriptions" "all" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.callfire_subscriptions.all",
						tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(1105)),
					statecheck.ExpectKnownValue("data.callfire_subscriptions.all",
						tfjsonpath.New("subscriptions").AtSliceIndex(1104).AtMapKey("endpoint"),
						knownvalue.StringExact("https://hooks.example.com/1104")),
				},
				Check: checkPagedOnce(ts, mockcallfire.V1Prefix+"/subscription.json", "FirstResult",
					0, 1000),
			},
			{
				Config: providerConfig(ts) + `
data "callfire_subscriptions" "campaign_started" {
  trigger_event = "CAMPAIGN_STARTED"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.callfire_subscriptions.campaign_started",
						tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(221)),
					statecheck.ExpectKnownValue("data.callfire_subscriptions.campaign_started",
						tfjsonpath.New("subscriptions").AtSliceIndex(1), knownvalue.ObjectPartial(
							map[string]knownvalue.Check{
								"endpoint":      knownvalue.StringExact("https://hooks.example.com/5"),
								"trigger_event": knownvalue.StringExact("CAMPAIGN_STARTED"),
								"filter":        knownvalue.Null(),
							})),
				},
			},
		},
	})
}
