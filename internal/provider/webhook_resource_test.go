package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

const webhookAddr = "callfire_webhook.test"

// webhookHCL renders a callfire_webhook "test" with the given attribute lines.
func webhookHCL(attrs string) string {
	return "resource \"callfire_webhook\" \"test\" {\n" + attrs + "\n}\n"
}

const requiredWebhookAttrs = `
  name     = "Sms sent"
  resource = "OutboundText"
  events   = ["Finished"]
  callback = "https://callback-service.com/listener"
`

// recordedJSON returns the JSON bodies of the recorded requests with that method whose path
// starts with prefix, decoded into maps so tests can look at exactly which keys were sent.
func recordedJSON(t *testing.T, ts *mockcallfire.TestServer, method, prefix string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range ts.Requests() {
		if r.Method != method || !strings.HasPrefix(r.Path, prefix) {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(r.Body, &m); err != nil {
			t.Fatalf("%s %s: body is not JSON: %v: %q", r.Method, r.Path, err, r.Body)
		}
		out = append(out, m)
	}
	return out
}

// lastJSON is the last recorded body of method on prefix; it fails when there is none.
func lastJSON(t *testing.T, ts *mockcallfire.TestServer, method, prefix string) map[string]any {
	t.Helper()
	bodies := recordedJSON(t, ts, method, prefix)
	if len(bodies) == 0 {
		t.Fatalf("no %s %s request was recorded", method, prefix)
	}
	return bodies[len(bodies)-1]
}

// onlyWebhook returns the single webhook in the mock's store.
func onlyWebhook(t *testing.T, ts *mockcallfire.TestServer) mockcallfire.Webhook {
	t.Helper()
	all := ts.Webhooks()
	if len(all) != 1 {
		t.Fatalf("mock holds %d webhooks, want 1: %+v", len(all), all)
	}
	return all[0]
}

func checkWebhookDestroyed(ts *mockcallfire.TestServer) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(ts.Webhooks()); n != 0 {
			return fmt.Errorf("mock still holds %d webhooks after destroy", n)
		}
		return nil
	}
}

func TestAccWebhook_allAttributes(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{{
			Config: providerConfig(ts) + webhookHCL(`
  name           = "Broadcast lifecycle"
  resource       = "CallBroadcast"
  events         = ["Started", "Finished"]
  callback       = "https://hooks.example.com/callfire"
  enabled        = false
  single_use     = true
  non_strict_ssl = true
  fields         = "id,name,status"
  secret         = "s3cr3t-signing-key"
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^\d+003$`))),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("name"), knownvalue.StringExact("Broadcast lifecycle")),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("resource"), knownvalue.StringExact("CallBroadcast")),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("events"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("Started"), knownvalue.StringExact("Finished"),
				})),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("callback"), knownvalue.StringExact("https://hooks.example.com/callfire")),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("single_use"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("non_strict_ssl"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("fields"), knownvalue.StringExact("id,name,status")),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("secret"), knownvalue.StringExact("s3cr3t-signing-key")),
				statecheck.ExpectSensitiveValue(webhookAddr, tfjsonpath.New("secret")),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(rfc3339)),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(rfc3339)),
			},
			Check: func(*terraform.State) error {
				wh := onlyWebhook(t, ts)
				if wh.Secret != "s3cr3t-signing-key" || !wh.SingleUse || !wh.NonStrictSsl || wh.Enabled ||
					wh.Fields != "id,name,status" || wh.Resource != "CallBroadcast" {
					return fmt.Errorf("mock store does not hold what was configured: %+v", wh)
				}
				post := lastJSON(t, ts, "POST", "/v2/webhooks")
				for _, key := range []string{"name", "resource", "events", "callback", "enabled",
					"singleUse", "nonStrictSsl", "fields", "secret"} {
					if _, ok := post[key]; !ok {
						return fmt.Errorf("create body lacks %q: %v", key, post)
					}
				}
				return nil
			},
		}, {
			// The same configuration again: nothing to do.
			Config: providerConfig(ts) + webhookHCL(`
  name           = "Broadcast lifecycle"
  resource       = "CallBroadcast"
  events         = ["Finished", "Started"]
  callback       = "https://hooks.example.com/callfire"
  enabled        = false
  single_use     = true
  non_strict_ssl = true
  fields         = "id,name,status"
  secret         = "s3cr3t-signing-key"
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

var rfc3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

func TestAccWebhook_requiredOnly(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{{
			Config: providerConfig(ts) + webhookHCL(requiredWebhookAttrs),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("single_use"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("non_strict_ssl"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("fields"), knownvalue.Null()),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("secret"), knownvalue.Null()),
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("secret_wo"), knownvalue.Null()),
			},
			Check: func(*terraform.State) error {
				post := lastJSON(t, ts, "POST", "/v2/webhooks")
				// CallFire's own default for enabled is false, so it must always be sent.
				if post["enabled"] != true || post["singleUse"] != false || post["nonStrictSsl"] != false {
					return fmt.Errorf("create body must carry enabled=true, singleUse=false, nonStrictSsl=false: %v", post)
				}
				if _, ok := post["secret"]; ok {
					return fmt.Errorf("create body carries a secret that was not configured: %v", post)
				}
				if got := onlyWebhook(t, ts); !got.Enabled {
					return fmt.Errorf("webhook is not enabled in CallFire: %+v", got)
				}
				return nil
			},
		}},
	})
}

func TestAccWebhook_updateInPlace(t *testing.T) {
	ts := newTestMock(t)
	base := map[string]string{
		"name":           `"Sms sent"`,
		"resource":       `"TextBroadcast"`,
		"events":         `["Started"]`,
		"callback":       `"https://callback-service.com/listener"`,
		"enabled":        `true`,
		"single_use":     `false`,
		"non_strict_ssl": `false`,
		"fields":         `"id"`,
		"secret":         `"first-secret"`,
	}
	render := func(over map[string]string) string {
		var b strings.Builder
		for _, k := range []string{"name", "resource", "events", "callback", "enabled",
			"single_use", "non_strict_ssl", "fields", "secret"} {
			v := base[k]
			if o, ok := over[k]; ok {
				v = o
			}
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
		return providerConfig(ts) + webhookHCL(b.String())
	}
	changes := []struct{ attr, value, wireKey string }{
		{"name", `"Sms sent v2"`, "name"},
		{"events", `["Started", "Stopped", "Finished"]`, "events"},
		{"callback", `"https://callback-service.com/v2/listener"`, "callback"},
		{"enabled", `false`, "enabled"},
		{"single_use", `true`, "singleUse"},
		{"non_strict_ssl", `true`, "nonStrictSsl"},
		{"fields", `"id,name"`, "fields"},
		{"secret", `"second-secret"`, "secret"},
	}

	var firstID string
	steps := []resource.TestStep{{
		Config: render(nil),
		Check: func(s *terraform.State) error {
			firstID = s.RootModule().Resources[webhookAddr].Primary.ID
			return nil
		},
	}}
	applied := map[string]string{}
	for _, c := range changes {
		applied[c.attr] = c.value
		over := make(map[string]string, len(applied))
		for k, v := range applied {
			over[k] = v
		}
		steps = append(steps, resource.TestStep{
			Config: render(over),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(webhookAddr, tfjsonpath.New("updated_at")),
			}},
			Check: func(s *terraform.State) error {
				if id := s.RootModule().Resources[webhookAddr].Primary.ID; id != firstID {
					return fmt.Errorf("changing %s replaced the webhook (%s → %s)", c.attr, firstID, id)
				}
				put := lastJSON(t, ts, "PUT", "/v2/webhooks/"+firstID)
				// The whole object goes in every PUT.
				for _, key := range []string{"name", "resource", "events", "callback", "enabled",
					"singleUse", "nonStrictSsl", "fields"} {
					if _, ok := put[key]; !ok {
						return fmt.Errorf("PUT after changing %s lacks %q: %v", c.attr, key, put)
					}
				}
				// The HCL literals above are valid JSON too.
				var want any
				if err := json.Unmarshal([]byte(c.value), &want); err != nil {
					return err
				}
				if normalise(put[c.wireKey]) != normalise(want) {
					return fmt.Errorf("PUT sent %s=%v, want %v", c.wireKey, put[c.wireKey], want)
				}
				return nil
			},
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps:                    steps,
	})
}

// normalise renders a decoded JSON value for comparison, lists in sorted order (events are a
// set: their order on the wire carries no meaning).
func normalise(v any) string {
	list, ok := v.([]any)
	if !ok {
		return fmt.Sprint(v)
	}
	items := make([]string, len(list))
	for i, item := range list {
		items[i] = fmt.Sprint(item)
	}
	sort.Strings(items)
	return strings.Join(items, ",")
}

func TestAccWebhook_replaceOnResourceChange(t *testing.T) {
	ts := newTestMock(t)
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{{
			Config: providerConfig(ts) + webhookHCL(requiredWebhookAttrs),
			Check: func(s *terraform.State) error {
				firstID = s.RootModule().Resources[webhookAddr].Primary.ID
				return nil
			},
		}, {
			Config: providerConfig(ts) + webhookHCL(strings.Replace(requiredWebhookAttrs,
				`"OutboundText"`, `"InboundText"`, 1)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			Check: func(s *terraform.State) error {
				wh := onlyWebhook(t, ts)
				if strconv.FormatInt(wh.ID, 10) == firstID || wh.Resource != "InboundText" {
					return fmt.Errorf("webhook was not replaced: first %s, now %+v", firstID, wh)
				}
				return nil
			},
		}},
	})
}

func TestAccWebhook_import(t *testing.T) {
	ts := newTestMock(t)
	config := providerConfig(ts) + webhookHCL(requiredWebhookAttrs+`  fields = "id"
  secret = "kept-only-in-state"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:      webhookAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// CallFire never returns the secret, so an import cannot know it.
				ImportStateVerifyIgnore: []string{"secret"},
			},
			{
				// An import block plans no change when the configuration sets no secret (with
				// one, the plan would show the secret being set in place: it cannot be read).
				ResourceName:    webhookAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				Config:          providerConfig(ts) + webhookHCL(requiredWebhookAttrs+"  fields = \"id\"\n"),
			},
			{
				ResourceName:  webhookAddr,
				ImportState:   true,
				ImportStateId: "not-a-number",
				ExpectError:   regexp.MustCompile(`Invalid CallFire webhook id`),
			},
		},
	})
}

func TestAccWebhook_deletedOutsideTerraform(t *testing.T) {
	ts := newTestMock(t)
	config := providerConfig(ts) + webhookHCL(requiredWebhookAttrs)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if !ts.DeleteWebhook(onlyWebhook(t, ts).ID) {
						t.Fatal("could not delete the webhook in the mock")
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionCreate),
				}},
				Check: func(*terraform.State) error {
					onlyWebhook(t, ts)
					return nil
				},
			},
		},
	})
}

func TestAccWebhook_editedOutsideTerraform(t *testing.T) {
	ts := newTestMock(t)
	config := providerConfig(ts) + webhookHCL(requiredWebhookAttrs)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					ts.EditWebhook(onlyWebhook(t, ts).ID, func(w *mockcallfire.Webhook) {
						w.Name = "renamed in the CallFire UI"
						w.Enabled = false
						w.Callback = "https://elsewhere.example.com/"
					})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("name"), knownvalue.StringExact("Sms sent")),
				}},
				Check: func(*terraform.State) error {
					wh := onlyWebhook(t, ts)
					if wh.Name != "Sms sent" || !wh.Enabled || wh.Callback != "https://callback-service.com/listener" {
						return fmt.Errorf("apply did not put the webhook back: %+v", wh)
					}
					return nil
				},
			},
		},
	})
}

func TestAccWebhook_secret(t *testing.T) {
	ts := newTestMock(t)
	withSecret := func(s string) string {
		return providerConfig(ts) + webhookHCL(requiredWebhookAttrs+"  secret = \""+s+"\"\n")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: withSecret("alpha-secret"),
				Check: func(*terraform.State) error {
					if got := lastJSON(t, ts, "POST", "/v2/webhooks")["secret"]; got != "alpha-secret" {
						return fmt.Errorf("create sent secret %v", got)
					}
					return nil
				},
			},
			{
				// A refresh reads a webhook without secret; state keeps the configured one.
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr(webhookAddr, "secret", "alpha-secret"),
			},
			{
				Config:           withSecret("alpha-secret"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: withSecret("beta-secret"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if got := lastJSON(t, ts, "PUT", "/v2/webhooks/")["secret"]; got != "beta-secret" {
						return fmt.Errorf("update sent secret %v", got)
					}
					if wh := onlyWebhook(t, ts); wh.Secret != "beta-secret" {
						return fmt.Errorf("mock holds secret %q", wh.Secret)
					}
					return nil
				},
			},
			{
				// Removing the secret stops CallFire from signing.
				Config: providerConfig(ts) + webhookHCL(requiredWebhookAttrs),
				Check: func(*terraform.State) error {
					if wh := onlyWebhook(t, ts); wh.Secret != "" {
						return fmt.Errorf("secret still set in CallFire after removing it: %q", wh.Secret)
					}
					return nil
				},
			},
		},
	})
}

func TestAccWebhook_secretWriteOnly(t *testing.T) {
	ts := newTestMock(t)
	config := func(secret string, version int, name string) string {
		return providerConfig(ts) + fmt.Sprintf(`
resource "callfire_webhook" "test" {
  name              = %q
  resource          = "InboundText"
  events            = ["Finished"]
  callback          = "https://callback-service.com/listener"
  secret_wo         = %q
  secret_wo_version = %d
}
`, name, secret, version)
	}
	secretAbsent := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("secret_wo"), knownvalue.Null()),
		statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("secret"), knownvalue.Null()),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:            config("wo-one", 1, "Inbound"),
				ConfigStateChecks: secretAbsent,
				Check: func(s *terraform.State) error {
					if got := lastJSON(t, ts, "POST", "/v2/webhooks")["secret"]; got != "wo-one" {
						return fmt.Errorf("create sent secret %v", got)
					}
					if wh := onlyWebhook(t, ts); wh.Secret != "wo-one" {
						return fmt.Errorf("mock holds secret %q", wh.Secret)
					}
					return stateHasNo(s, "wo-one")
				},
			},
			{
				// Another attribute changes, the version does not: the secret is not sent.
				Config:            config("wo-one", 1, "Inbound texts"),
				ConfigStateChecks: secretAbsent,
				Check: func(*terraform.State) error {
					if _, sent := lastJSON(t, ts, "PUT", "/v2/webhooks/")["secret"]; sent {
						return fmt.Errorf("update re-sent the write-only secret without a version change")
					}
					if wh := onlyWebhook(t, ts); wh.Secret != "wo-one" {
						return fmt.Errorf("mock lost the secret: %q", wh.Secret)
					}
					return nil
				},
			},
			{
				Config: config("wo-two", 2, "Inbound texts"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: secretAbsent,
				Check: func(s *terraform.State) error {
					if got := lastJSON(t, ts, "PUT", "/v2/webhooks/")["secret"]; got != "wo-two" {
						return fmt.Errorf("version change sent secret %v", got)
					}
					return stateHasNo(s, "wo-two")
				},
			},
		},
	})
}

// stateHasNo fails when value occurs anywhere in the flattened state.
func stateHasNo(s *terraform.State, value string) error {
	for addr, rs := range s.RootModule().Resources {
		for k, v := range rs.Primary.Attributes {
			if strings.Contains(v, value) {
				return fmt.Errorf("state of %s holds the write-only secret in %s", addr, k)
			}
		}
	}
	return nil
}

func TestAccWebhook_planTimeRejection(t *testing.T) {
	cases := []struct {
		name  string
		attrs string
		want  string
	}{
		{"unknown resource", `
  name = "x"
  resource = "Fax"
  events = ["Finished"]
  callback = "https://a.example.com/"`, `"Fax" is not a CallFire webhook resource.*"CallBroadcast"`},
		{"resource wrong case", `
  name = "x"
  resource = "outboundtext"
  events = ["Finished"]
  callback = "https://a.example.com/"`, `spells the resource "outboundtext" as\s+"OutboundText"`},
		{"unsupported event", `
  name = "x"
  resource = "OutboundText"
  events = ["Started"]
  callback = "https://a.example.com/"`, `"Started" is not an event of OutboundText.*"Finished"`},
		{"event wrong case", `
  name = "x"
  resource = "ContactList"
  events = ["validationfinished"]
  callback = "https://a.example.com/"`, `"validationfinished" as\s+"ValidationFinished"`},
		{"no events", `
  name = "x"
  resource = "OutboundText"
  events = []
  callback = "https://a.example.com/"`, `events.*at least 1`},
		{"relative callback", `
  name = "x"
  resource = "OutboundText"
  events = ["Finished"]
  callback = "/listener"`, `not an absolute http:// or https://`},
		{"non-HTTP callback", `
  name = "x"
  resource = "OutboundText"
  events = ["Finished"]
  callback = "ftp://files.example.com/"`, `not an absolute http:// or https://`},
		{"empty name", `
  name = ""
  resource = "OutboundText"
  events = ["Finished"]
  callback = "https://a.example.com/"`, `name.*at least 1`},
		{"secret and secret_wo", requiredWebhookAttrs + `
  secret = "a"
  secret_wo = "b"`, `Set either secret.*or secret_wo`},
		{"blank name", `
  name = "   "
  resource = "OutboundText"
  events = ["Finished"]
  callback = "https://a.example.com/"`, `name.*non-blank character`},
		{"version without secret_wo", requiredWebhookAttrs + `
  secret_wo_version = 1`, `secret_wo_version[\s\S]*secret_wo`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ts := newTestMock(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerConfig(ts) + webhookHCL(c.attrs),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
			assertNoRequests(t, ts)
		})
	}
}

// An http:// callback is allowed (with the plan-time warning tested in
// https_warning_test.go): the warning must not stop the apply.
func TestAccWebhook_httpCallbackApplies(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{{
			Config: providerConfig(ts) + webhookHCL(strings.Replace(requiredWebhookAttrs,
				"https://callback-service.com/listener", "http://callback-service.com/listener", 1)),
			Check: func(*terraform.State) error {
				if got := onlyWebhook(t, ts).Callback; got != "http://callback-service.com/listener" {
					return fmt.Errorf("mock holds callback %q", got)
				}
				return nil
			},
		}},
	})
}
