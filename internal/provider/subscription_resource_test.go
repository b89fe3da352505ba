package provider

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

// testSubscriptionAddr (subAddr for short) is the resource every test configuration declares.
const (
	testSubscriptionAddr = "callfire_subscription.test"
	subAddr              = testSubscriptionAddr
)

// The example of CallFire's create-subscription documentation.
const testSeedSubscriptionHCL = `
resource "callfire_subscription" "test" {
  endpoint            = "https://callback-service.com/listener"
  notification_format = "JSON"
  trigger_event       = "OUTBOUND_TEXT_FINISHED"
}
`

var subscriptionFilterFormKeys = []string{"BroadcastId", "BatchId", "FromNumber", "ToNumber"}

// subscriptionWrites returns the POSTs or PUTs the mock received for subscriptions.
func subscriptionWrites(ts *mockcallfire.TestServer, method string) []mockcallfire.Request {
	var out []mockcallfire.Request
	for _, r := range ts.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, mockcallfire.V1Prefix+"/subscription") {
			out = append(out, r)
		}
	}
	return out
}

// nonEmptyForm drops the parameters sent empty, which CallFire treats as not set.
func nonEmptyForm(form url.Values) map[string]string {
	out := map[string]string{}
	for k, v := range form {
		if len(v) > 0 && v[0] != "" {
			out[k] = v[0]
		}
	}
	return out
}

// checkLastForm compares the non-empty parameters of the last method request with want;
// "RequestId" in want only asks that one is present.
func checkLastForm(ts *mockcallfire.TestServer, method, wantPath string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := subscriptionWrites(ts, method)
		if len(reqs) == 0 {
			return fmt.Errorf("mock received no %s of a subscription", method)
		}
		last := reqs[len(reqs)-1]
		if !regexp.MustCompile(wantPath).MatchString(last.Path) {
			return fmt.Errorf("%s went to %q, want a path matching %s", method, last.Path, wantPath)
		}
		got := nonEmptyForm(last.Form)
		if _, ok := want["RequestId"]; ok {
			if got["RequestId"] == "" {
				return fmt.Errorf("%s carried no RequestId: %v", method, got)
			}
			got["RequestId"] = want["RequestId"]
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("%s form:\n got %v\nwant %v", method, got, want)
		}
		return nil
	}
}

func checkWriteCount(ts *mockcallfire.TestServer, method string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(subscriptionWrites(ts, method)); got != want {
			return fmt.Errorf("mock received %d %s requests for subscriptions, want %d",
				got, method, want)
		}
		return nil
	}
}

// checkStoredSubscription runs check on the only subscription the mock holds.
func checkStoredSubscription(ts *mockcallfire.TestServer, check func(mockcallfire.Subscription) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		subs := ts.Subscriptions()
		if len(subs) != 1 {
			return fmt.Errorf("mock holds %d subscriptions, want 1: %+v", len(subs), subs)
		}
		return check(subs[0])
	}
}

func testAccCheckSubscriptionsDestroyed(ts *mockcallfire.TestServer) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if subs := ts.Subscriptions(); len(subs) != 0 {
			return fmt.Errorf("%d subscriptions remain in the mock after destroy: %+v",
				len(subs), subs)
		}
		return nil
	}
}

func TestAccSubscription_basic(t *testing.T) {
	ts := newTestMock(t)
	cfg := providerConfig(ts) + testSeedSubscriptionHCL

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckSubscriptionsDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectCreate,
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState(subAddr, "id", knownvalue.StringRegexp(regexp.MustCompile(`^[1-9][0-9]*$`))),
					expectState(subAddr, "endpoint", knownvalue.StringExact("https://callback-service.com/listener")),
					expectState(subAddr, "notification_format", knownvalue.StringExact("JSON")),
					expectState(subAddr, "trigger_event", knownvalue.StringExact("OUTBOUND_TEXT_FINISHED")),
					expectState(subAddr, "enabled", knownvalue.Bool(true)),
					expectState(subAddr, "non_strict_ssl", knownvalue.Bool(false)),
					expectState(subAddr, "filter", knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkWriteCount(ts, http.MethodPost, 1),
					checkLastForm(ts, http.MethodPost, `^/api/1\.1/rest/subscription\.json$`,
						map[string]string{
							"Enabled":            "true",
							"NonStrictSsl":       "false",
							"Endpoint":           "https://callback-service.com/listener",
							"NotificationFormat": "JSON",
							"TriggerEvent":       "OUTBOUND_TEXT_FINISHED",
							"RequestId":          "",
						}),
					checkStoredSubscription(ts, func(s mockcallfire.Subscription) error {
						if s.BroadcastID != nil || s.BatchID != nil || s.FromNumber != "" || s.ToNumber != "" {
							return fmt.Errorf("stored subscription has a filter: %+v", s)
						}
						return nil
					}),
				),
			},
			{
				// Nothing changed: CallFire's answer must plan as no change and nothing is written.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkWriteCount(ts, http.MethodPost, 1),
					checkWriteCount(ts, http.MethodPut, 0),
				),
			},
			{
				ResourceName:      testSubscriptionAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config:          cfg,
				ResourceName:    testSubscriptionAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				// The framework fails this step unless the import plans as a no-op.
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(testSubscriptionAddr, tfjsonpath.New("trigger_event"),
							knownvalue.StringExact("OUTBOUND_TEXT_FINISHED")),
						plancheck.ExpectKnownValue(testSubscriptionAddr, tfjsonpath.New("filter"),
							knownvalue.Null()),
					},
				},
			},
			{
				ResourceName:  testSubscriptionAddr,
				ImportState:   true,
				ImportStateId: "sub-609951003",
				ExpectError:   regexp.MustCompile(`(?s)Invalid CallFire subscription id.*positive\s+decimal`),
			},
		},
	})
}

// subscriptionHCL renders a callfire_subscription with the given attribute lines.
func subscriptionHCL(lines ...string) string {
	return "resource \"callfire_subscription\" \"test\" {\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func TestAccSubscription_updateEachAttribute(t *testing.T) {
	ts := newTestMock(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())

	type version struct {
		name  string
		lines []string
		form  map[string]string
	}
	base := map[string]string{
		"Enabled": "true", "NonStrictSsl": "false",
		"Endpoint":           "https://callback-service.com/listener",
		"NotificationFormat": "XML", "TriggerEvent": "INBOUND_CALL_FINISHED",
	}
	with := func(changes map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range changes {
			out[k] = v
		}
		return out
	}
	versions := []version{
		{"endpoint", []string{
			`endpoint = "https://hooks.example.com/callfire"`,
			`trigger_event = "INBOUND_CALL_FINISHED"`,
		}, with(map[string]string{"Endpoint": "https://hooks.example.com/callfire"})},
		{"trigger_event", []string{
			`endpoint = "https://hooks.example.com/callfire"`,
			`trigger_event = "CAMPAIGN_FINISHED"`,
		}, with(map[string]string{
			"Endpoint": "https://hooks.example.com/callfire", "TriggerEvent": "CAMPAIGN_FINISHED",
		})},
		{"notification_format", []string{
			`endpoint = "https://hooks.example.com/callfire"`,
			`trigger_event = "CAMPAIGN_FINISHED"`,
			`notification_format = "SOAP"`,
		}, with(map[string]string{
			"Endpoint": "https://hooks.example.com/callfire", "TriggerEvent": "CAMPAIGN_FINISHED",
			"NotificationFormat": "SOAP",
		})},
		{"enabled", []string{
			`endpoint = "https://hooks.example.com/callfire"`,
			`trigger_event = "CAMPAIGN_FINISHED"`,
			`notification_format = "SOAP"`,
			`enabled = false`,
		}, with(map[string]string{
			"Endpoint": "https://hooks.example.com/callfire", "TriggerEvent": "CAMPAIGN_FINISHED",
			"NotificationFormat": "SOAP", "Enabled": "false",
		})},
		{"non_strict_ssl and an http endpoint", []string{
			`endpoint = "http://hooks.example.com/callfire"`,
			`trigger_event = "CAMPAIGN_FINISHED"`,
			`notification_format = "SOAP"`,
			`enabled = false`,
			`non_strict_ssl = true`,
		}, with(map[string]string{
			"Endpoint": "http://hooks.example.com/callfire", "TriggerEvent": "CAMPAIGN_FINISHED",
			"NotificationFormat": "SOAP", "Enabled": "false", "NonStrictSsl": "true",
		})},
		{"filter", []string{
			`endpoint = "http://hooks.example.com/callfire"`,
			`trigger_event = "CAMPAIGN_FINISHED"`,
			`notification_format = "SOAP"`,
			`enabled = false`,
			`non_strict_ssl = true`,
			`filter = { broadcast_id = 567040003 }`,
		}, with(map[string]string{
			"Endpoint": "http://hooks.example.com/callfire", "TriggerEvent": "CAMPAIGN_FINISHED",
			"NotificationFormat": "SOAP", "Enabled": "false", "NonStrictSsl": "true",
			"BroadcastId": "567040003",
		})},
		{"email", []string{
			`endpoint = "ops@example.com"`,
			`trigger_event = "CAMPAIGN_FINISHED"`,
			`notification_format = "EMAIL"`,
		}, with(map[string]string{
			"Endpoint": "ops@example.com", "TriggerEvent": "CAMPAIGN_FINISHED",
			"NotificationFormat": "EMAIL",
		})},
	}

	// Without notification_format the subscription gets CallFire's default, XML.
	steps := []resource.TestStep{{
		Config: providerConfig(ts) + subscriptionHCL(
			`endpoint = "https://callback-service.com/listener"`,
			`trigger_event = "INBOUND_CALL_FINISHED"`),
		ConfigStateChecks: []statecheck.StateCheck{
			sameID.AddStateValue(testSubscriptionAddr, tfjsonpath.New("id")),
			expectState(subAddr, "notification_format", knownvalue.StringExact("XML")),
		},
		Check: checkLastForm(ts, http.MethodPost, `subscription\.json$`,
			with(map[string]string{"RequestId": ""})),
	}}
	for i, v := range versions {
		steps = append(steps, resource.TestStep{
			Config: providerConfig(ts) + subscriptionHCL(v.lines...),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					expectUpdate,
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(testSubscriptionAddr, tfjsonpath.New("id")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkWriteCount(ts, http.MethodPut, i+1),
				checkWriteCount(ts, http.MethodPost, 1),
				checkLastForm(ts, http.MethodPut, `^/api/1\.1/rest/subscription/[0-9]+\.json$`, v.form),
			),
		})
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckSubscriptionsDestroyed(ts),
		Steps:                    steps,
	})
}

func TestAccSubscription_filter(t *testing.T) {
	ts := newTestMock(t)
	withFilter := providerConfig(ts) + `
resource "callfire_subscription" "test" {
  endpoint      = "https://callback-service.com/listener"
  trigger_event = "INBOUND_TEXT_FINISHED"

  filter = {
    broadcast_id = 567040003
    batch_id     = 567041003
    from_number  = "12135551100"
    to_number    = "67076:KEYWORD"
  }
}
`
	withoutFilter := providerConfig(ts) + `
resource "callfire_subscription" "test" {
  endpoint      = "https://callback-service.com/listener"
  trigger_event = "INBOUND_TEXT_FINISHED"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckSubscriptionsDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: withFilter,
				ConfigStateChecks: []statecheck.StateCheck{
					expectState(subAddr, "filter", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"broadcast_id": knownvalue.Int64Exact(567040003),
						"batch_id":     knownvalue.Int64Exact(567041003),
						"from_number":  knownvalue.StringExact("12135551100"),
						"to_number":    knownvalue.StringExact("67076:KEYWORD"),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkLastForm(ts, http.MethodPost, `subscription\.json$`, map[string]string{
						"Enabled": "true", "NonStrictSsl": "false",
						"Endpoint":           "https://callback-service.com/listener",
						"NotificationFormat": "XML", "TriggerEvent": "INBOUND_TEXT_FINISHED",
						"BroadcastId": "567040003", "BatchId": "567041003",
						"FromNumber": "12135551100", "ToNumber": "67076:KEYWORD",
						"RequestId": "",
					}),
					checkStoredSubscription(ts, func(s mockcallfire.Subscription) error {
						if s.BroadcastID == nil || *s.BroadcastID != 567040003 || s.BatchID == nil ||
							*s.BatchID != 567041003 || s.ToNumber != "67076:KEYWORD" {
							return fmt.Errorf("stored filter is wrong: %+v", s)
						}
						return nil
					}),
				),
			},
			{
				Config: withFilter,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: withoutFilter,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectUpdate,
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState(subAddr, "filter", knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						puts := subscriptionWrites(ts, http.MethodPut)
						if len(puts) != 1 {
							return fmt.Errorf("got %d PUTs, want 1", len(puts))
						}
						for _, k := range subscriptionFilterFormKeys {
							if v := puts[0].Form.Get(k); v != "" {
								return fmt.Errorf("PUT still sends %s=%q", k, v)
							}
						}
						return nil
					},
					checkStoredSubscription(ts, func(s mockcallfire.Subscription) error {
						if s.BroadcastID != nil || s.BatchID != nil || s.FromNumber != "" || s.ToNumber != "" {
							return fmt.Errorf("filter was not removed in the mock: %+v", s)
						}
						return nil
					}),
				),
			},
			{
				Config: withoutFilter,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// storedSubscriptionID reads the id of the subscription in state into *id.
func storedSubscriptionID(id *int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[testSubscriptionAddr]
		if !ok {
			return fmt.Errorf("%s not in state", testSubscriptionAddr)
		}
		n, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
		*id = n
		return err
	}
}

func TestAccSubscription_deletedOutsideTerraform(t *testing.T) {
	ts := newTestMock(t)
	cfg := providerConfig(ts) + testSeedSubscriptionHCL
	var id int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckSubscriptionsDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: cfg, Check: storedSubscriptionID(&id)},
			{
				PreConfig: func() {
					if !ts.DeleteSubscription(id) {
						t.Fatalf("subscription %d was not in the mock", id)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectCreate,
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkWriteCount(ts, http.MethodPost, 2),
					checkStoredSubscription(ts, func(s mockcallfire.Subscription) error {
						if s.ID == id {
							return fmt.Errorf("the deleted id %d came back", id)
						}
						return nil
					}),
				),
			},
		},
	})
}

func TestAccSubscription_editedOutsideTerraform(t *testing.T) {
	ts := newTestMock(t)
	cfg := providerConfig(ts) + testSeedSubscriptionHCL
	var id int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckSubscriptionsDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: cfg, Check: storedSubscriptionID(&id)},
			{
				PreConfig: func() {
					ok := ts.EditSubscription(id, func(s *mockcallfire.Subscription) {
						s.Endpoint = "https://attacker.example.net/steal"
						s.Enabled = false
						s.NotificationFormat = "XML"
						s.FromNumber = "67076"
					})
					if !ok {
						t.Fatalf("subscription %d was not in the mock", id)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectUpdate,
					},
				},
				Check: checkStoredSubscription(ts, func(s mockcallfire.Subscription) error {
					if s.ID != id || s.Endpoint != "https://callback-service.com/listener" ||
						!s.Enabled || s.NotificationFormat != "JSON" || s.FromNumber != "" {
						return fmt.Errorf("apply did not restore the subscription: %+v", s)
					}
					return nil
				}),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// Every one of these is refused while planning, so CallFire never sees it.
func TestAccSubscription_planTimeValidation(t *testing.T) {
	ts := newTestMock(t)
	cases := []struct {
		name  string
		lines []string
		want  string
	}{
		{"unknown trigger event", []string{
			`endpoint = "https://hooks.example.com/cf"`, `trigger_event = "CALL_FINISHED"`,
		}, `(?s)trigger_event.*must be one of.*"INBOUND_CALL_FINISHED".*"CAMPAIGN_FINISHED"`},
		{"lower-case trigger event", []string{
			`endpoint = "https://hooks.example.com/cf"`, `trigger_event = "campaign_started"`,
		}, `(?s)must be one of.*"CAMPAIGN_STARTED"`},
		{"LEGACY format", []string{
			`endpoint = "https://hooks.example.com/cf"`, `trigger_event = "CAMPAIGN_STARTED"`,
			`notification_format = "LEGACY"`,
		}, `(?s)Deprecated notification format.*deprecated.*"XML",\s+"JSON",\s+"SOAP",\s+"EMAIL"`},
		{"unknown format", []string{
			`endpoint = "https://hooks.example.com/cf"`, `trigger_event = "CAMPAIGN_STARTED"`,
			`notification_format = "CSV"`,
		}, `(?s)must be one of.*"XML".*"JSON".*"SOAP".*"EMAIL"`},
		{"non-URL endpoint", []string{
			`endpoint = "callback-service.com/listener"`, `trigger_event = "CAMPAIGN_STARTED"`,
			`notification_format = "JSON"`,
		}, `(?s)Invalid subscription endpoint.*http://\s+or\s+https://.*EMAIL`},
		{"e-mail endpoint without EMAIL", []string{
			`endpoint = "ops@example.com"`, `trigger_event = "CAMPAIGN_STARTED"`,
		}, `(?s)Invalid subscription endpoint.*notification_format\s+=\s+"EMAIL"`},
		{"URL endpoint with EMAIL", []string{
			`endpoint = "https://hooks.example.com/cf"`, `trigger_event = "CAMPAIGN_STARTED"`,
			`notification_format = "EMAIL"`,
		}, `(?s)not an e-mail address.*"XML",\s+"JSON",\s+"SOAP"`},
		{"malformed from_number", []string{
			`endpoint = "https://hooks.example.com/cf"`, `trigger_event = "INBOUND_CALL_FINISHED"`,
			`filter = { from_number = "213-555-1100" }`,
		}, `(?s)Invalid phone number.*"213-555-1100".*11\s+digits.*short\s+code`},
		{"malformed to_number", []string{
			`endpoint = "https://hooks.example.com/cf"`, `trigger_event = "INBOUND_TEXT_FINISHED"`,
			`filter = { to_number = "KEYWORD:67076" }`,
		}, `(?s)Invalid phone number.*"KEYWORD:67076".*shortcode:KEYWORD`},
		{"non-positive broadcast_id", []string{
			`endpoint = "https://hooks.example.com/cf"`, `trigger_event = "CAMPAIGN_STARTED"`,
			`filter = { broadcast_id = 0 }`,
		}, `(?s)filter\.broadcast_id.*at\s+least\s+1`},
		{"empty filter", []string{
			`endpoint = "https://hooks.example.com/cf"`, `trigger_event = "CAMPAIGN_STARTED"`,
			`filter = {}`,
		}, `(?s)Empty subscription filter`},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{
			Config:      providerConfig(ts) + subscriptionHCL(c.lines...),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
	assertNoRequests(t, ts)
}

func TestSubscriptionPhoneValidators(t *testing.T) {
	from := map[string]bool{
		"12135551100": true, "67076": true, "670761": true,
		"2135551100": false, "+12135551100": false, "6707": false, "1213555110a": false,
	}
	to := map[string]bool{
		"12135551100": true, "67076:KEYWORD": true, "12135551100 67076:STOP": true,
		"67076": false, "67076:": false, "1234:KEYWORD": false, "12135551100  67076:STOP": false,
		" 12135551100": false, "": false,
	}
	var gotFrom, gotTo []string
	for s, want := range from {
		if (isPhoneNumber(s) || isShortCode(s)) != want {
			gotFrom = append(gotFrom, s)
		}
	}
	for s, want := range to {
		if validToNumber(s) != want {
			gotTo = append(gotTo, s)
		}
	}
	sort.Strings(gotFrom)
	sort.Strings(gotTo)
	if len(gotFrom)+len(gotTo) > 0 {
		t.Errorf("misjudged from_number %q and to_number %q", gotFrom, gotTo)
	}
}

var (
	expectCreate = plancheck.ExpectResourceAction(testSubscriptionAddr, plancheck.ResourceActionCreate)
	expectUpdate = plancheck.ExpectResourceAction(testSubscriptionAddr, plancheck.ResourceActionUpdate)
)

// expectState checks a top-level attribute of addr in state.
func expectState(addr, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), check)
}

func stringSet(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}
