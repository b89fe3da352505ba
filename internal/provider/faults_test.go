package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

// The fault tests drive the provider through terraform against a mock CallFire that
// misbehaves on purpose. Whatever happens, each step ends with the same question: does the
// mock's store hold exactly the objects in Terraform state, with the same ids? A retry that
// duplicates a webhook, or an error that forgets one, fails that check.

// Paths of the mock as faults match them.
const (
	webhookCreatePath      = "/v2/webhooks"
	webhookItemPath        = "/v2/webhooks/*"
	subscriptionCreatePath = "/api/1.1/rest/subscription.json"
	subscriptionItemPath   = "/api/1.1/rest/subscription/*"
)

// htmlErrorPage is what a proxy in front of CallFire answers instead of CallFire JSON.
const htmlErrorPage = "<html><head><title>502 Bad Gateway</title></head><body>" +
	"<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"

// faultConfig is a provider block for the mock with a chosen retry budget and timeout.
func faultConfig(ts *mockcallfire.TestServer, retries int, timeout string) string {
	return fmt.Sprintf(`
provider "callfire" {
  username        = %q
  password        = %q
  v2_base_url     = %q
  v1_base_url     = %q
  max_retries     = %d
  request_timeout = %q
}
`, ts.Username(), ts.Password(), ts.V2URL(), ts.V1URL(), retries, timeout)
}

// faultTarget is one of the two resources, described for the fault scenarios.
type faultTarget struct {
	name       string
	addr       string
	createPath string
	itemPath   string
	// hclA is the first configuration, hclB the same object with one attribute changed.
	hclA, hclB string
	// updated reports whether the store holds hclB's value rather than hclA's.
	updated func(ts *mockcallfire.TestServer) bool
	// remove deletes the object from the store, as someone outside Terraform would.
	remove func(ts *mockcallfire.TestServer, id int64) bool
}

var (
	webhookTarget = faultTarget{
		name:       "webhook",
		addr:       webhookAddr,
		createPath: webhookCreatePath,
		itemPath:   webhookItemPath,
		hclA:       webhookHCL(requiredWebhookAttrs),
		hclB:       webhookHCL(strings.Replace(requiredWebhookAttrs, `"Sms sent"`, `"Sms sent v2"`, 1)),
		updated: func(ts *mockcallfire.TestServer) bool {
			all := ts.Webhooks()
			return len(all) == 1 && all[0].Name == "Sms sent v2"
		},
		remove: func(ts *mockcallfire.TestServer, id int64) bool { return ts.DeleteWebhook(id) },
	}
	subscriptionTarget = faultTarget{
		name:       "subscription",
		addr:       "callfire_subscription.test",
		createPath: subscriptionCreatePath,
		itemPath:   subscriptionItemPath,
		hclA:       faultSubscriptionHCL(""),
		hclB:       faultSubscriptionHCL("  enabled = false\n"),
		updated: func(ts *mockcallfire.TestServer) bool {
			all := ts.Subscriptions()
			return len(all) == 1 && !all[0].Enabled
		},
		remove: func(ts *mockcallfire.TestServer, id int64) bool { return ts.DeleteSubscription(id) },
	}
)

func faultSubscriptionHCL(extra string) string {
	return `
resource "callfire_subscription" "test" {
  endpoint            = "https://callback-service.com/listener"
  notification_format = "JSON"
  trigger_event       = "OUTBOUND_TEXT_FINISHED"
` + extra + "}\n"
}

// at points f at the request that op makes for this target.
func (k faultTarget) at(op string, f mockcallfire.Fault) mockcallfire.Fault {
	switch op {
	case "create":
		f.Method, f.Path = http.MethodPost, k.createPath
	case "read":
		f.Method, f.Path = http.MethodGet, k.itemPath
	case "update":
		f.Method, f.Path = http.MethodPut, k.itemPath
	case "delete":
		f.Method, f.Path = http.MethodDelete, k.itemPath
	default:
		panic("unknown operation " + op)
	}
	return f
}

// times repeats f n times (as one fault with Times n).
func times(n int, f mockcallfire.Fault) mockcallfire.Fault {
	f.Times = n
	return f
}

// errorLike builds an ExpectError pattern from phrases that must appear in this order.
// Terraform wraps diagnostics and frames them with "│", so a space in a phrase matches any
// run of white space and frame characters.
func errorLike(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `[\s│]+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// storeMatchesState checks that the mock holds exactly wantWebhooks webhooks and wantSubs
// subscriptions, and that they are the very objects in state: same ids, none missing, none
// extra.
func storeMatchesState(ts *mockcallfire.TestServer, wantWebhooks, wantSubs int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var stateHooks, stateSubs []string
		for _, rs := range s.RootModule().Resources {
			switch rs.Type {
			case "callfire_webhook":
				stateHooks = append(stateHooks, rs.Primary.ID)
			case "callfire_subscription":
				stateSubs = append(stateSubs, rs.Primary.ID)
			}
		}
		var storeHooks, storeSubs []string
		for _, w := range ts.Webhooks() {
			storeHooks = append(storeHooks, strconv.FormatInt(w.ID, 10))
		}
		for _, sub := range ts.Subscriptions() {
			storeSubs = append(storeSubs, strconv.FormatInt(sub.ID, 10))
		}
		if err := sameIDs("webhooks", stateHooks, storeHooks, wantWebhooks); err != nil {
			return err
		}
		return sameIDs("subscriptions", stateSubs, storeSubs, wantSubs)
	}
}

func sameIDs(what string, inState, inStore []string, want int) error {
	sort.Strings(inState)
	sort.Strings(inStore)
	if len(inStore) != want {
		return fmt.Errorf("mock holds %d %s %v, want %d (state has %v)", len(inStore), what,
			inStore, want, inState)
	}
	if strings.Join(inState, ",") != strings.Join(inStore, ",") {
		return fmt.Errorf("%s in state %v differ from the mock's store %v", what, inState, inStore)
	}
	return nil
}

// faultsHit fails when a queued fault was never matched: a fault test whose fault did not
// fire proves nothing.
func faultsHit(ts *mockcallfire.TestServer) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := ts.PendingFaults(); n != 0 {
			return fmt.Errorf("%d queued faults were never hit", n)
		}
		return nil
	}
}

// rememberID stores addr's id from state into *id; sameID fails when it changed since.
func rememberID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in state", addr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

func sameID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is no longer in state", addr)
		}
		if rs.Primary.ID != *id {
			return fmt.Errorf("%s changed id from %s to %s", addr, *id, rs.Primary.ID)
		}
		return nil
	}
}

// requestCount counts the recorded requests with this method and exact path.
func requestCount(ts *mockcallfire.TestServer, method, path string) int {
	n := 0
	for _, r := range ts.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// expectStore is a PreConfig assertion: what the store holds right after a failed step,
// before anything else touches it.
func expectStore(t *testing.T, ts *mockcallfire.TestServer, webhooks, subs int) {
	t.Helper()
	if n := ts.PendingFaults(); n != 0 {
		t.Errorf("%d queued faults were never hit", n)
	}
	if got := len(ts.Webhooks()); got != webhooks {
		t.Errorf("after the failed step the mock holds %d webhooks, want %d", got, webhooks)
	}
	if got := len(ts.Subscriptions()); got != subs {
		t.Errorf("after the failed step the mock holds %d subscriptions, want %d", got, subs)
	}
}

// recoveringLifecycle creates, reads, updates and deletes a webhook and a subscription with
// faultsFor(op) queued before each operation for both; every operation must succeed anyway.
func recoveringLifecycle(t *testing.T, ts *mockcallfire.TestServer, provider string,
	faultsFor func(k faultTarget, op string) []mockcallfire.Fault) resource.TestCase {
	queue := func(op string) func() {
		return func() {
			for _, k := range []faultTarget{webhookTarget, subscriptionTarget} {
				for _, f := range faultsFor(k, op) {
					ts.AddFault(f)
				}
			}
		}
	}
	var hookID, subID string
	configA := provider + webhookTarget.hclA + subscriptionTarget.hclA
	configB := provider + webhookTarget.hclB + subscriptionTarget.hclB
	unchanged := resource.ComposeAggregateTestCheckFunc(faultsHit(ts), storeMatchesState(ts, 1, 1),
		sameID(webhookTarget.addr, &hookID), sameID(subscriptionTarget.addr, &subID))
	return resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: queue("create"),
			Config:    configA,
			Check: resource.ComposeAggregateTestCheckFunc(faultsHit(ts), storeMatchesState(ts, 1, 1),
				rememberID(webhookTarget.addr, &hookID), rememberID(subscriptionTarget.addr, &subID)),
		}, {
			PreConfig: queue("read"),
			Config:    configA,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			Check: unchanged,
		}, {
			PreConfig: queue("update"),
			Config:    configB,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookTarget.addr, plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction(subscriptionTarget.addr, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(unchanged, func(*terraform.State) error {
				for _, k := range []faultTarget{webhookTarget, subscriptionTarget} {
					if !k.updated(ts) {
						return fmt.Errorf("the %s was not updated in the mock", k.name)
					}
				}
				return nil
			}),
		}, {
			PreConfig: queue("delete"),
			Config:    provider,
			Check:     resource.ComposeAggregateTestCheckFunc(faultsHit(ts), storeMatchesState(ts, 0, 0)),
		}},
	}
}

func TestAccFaults_rateLimitedEveryOperation(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, recoveringLifecycle(t, ts, providerConfig(ts),
		func(k faultTarget, op string) []mockcallfire.Fault {
			// Two refusals, then CallFire lets the request through; a POST refused with 429
			// was not processed, so even a webhook create is simply sent again.
			return []mockcallfire.Fault{k.at(op, times(2, mockcallfire.Fault{
				Status: http.StatusTooManyRequests, RetryAfter: "1",
			}))}
		}))
	// Each 429 was answered by waiting and asking again, never by a second object.
	if n := requestCount(ts, http.MethodPost, webhookCreatePath); n != 3 {
		t.Errorf("webhook create sent %d POSTs, want 3 (two refused, one accepted)", n)
	}
}

func TestAccFaults_gatewayBurstsShorterThanBudget(t *testing.T) {
	ts := newTestMock(t)
	burst := func(statuses ...int) []mockcallfire.Fault {
		out := make([]mockcallfire.Fault, len(statuses))
		for i, s := range statuses {
			out[i] = mockcallfire.Fault{Status: s}
		}
		return out
	}
	resource.ParallelTest(t, recoveringLifecycle(t, ts, providerConfig(ts),
		func(k faultTarget, op string) []mockcallfire.Fault {
			var faults []mockcallfire.Fault
			switch {
			case op == "create" && k.name == "webhook":
				// A 503 to a v2 POST may or may not have created the webhook: the provider
				// looks it up, finds none and creates it again.
				faults = burst(http.StatusServiceUnavailable)
			case op == "create":
				// The v1.1 create carries a RequestId, so the client repeats it as is.
				faults = burst(http.StatusBadGateway, http.StatusGatewayTimeout)
			default:
				faults = burst(http.StatusBadGateway, http.StatusServiceUnavailable,
					http.StatusGatewayTimeout)
			}
			for i := range faults {
				faults[i] = k.at(op, faults[i])
			}
			return faults
		}))
}

func TestAccFaults_connectionDroppedEveryOperation(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, recoveringLifecycle(t, ts, providerConfig(ts),
		func(k faultTarget, op string) []mockcallfire.Fault {
			switch op {
			case "create", "update", "delete":
				// CallFire acted, then the answer was lost: the webhook create is
				// reconciled by lookup, the subscription create by its RequestId, a
				// repeated PUT changes nothing and a repeated DELETE finds it gone.
				return []mockcallfire.Fault{k.at(op, mockcallfire.Fault{
					Drop: true, AfterProcessing: true,
				})}
			default:
				return []mockcallfire.Fault{k.at(op, mockcallfire.Fault{Drop: true})}
			}
		}))
	// The webhook whose create answer was lost is adopted, not created a second time.
	if n := requestCount(ts, http.MethodPost, webhookCreatePath); n != 1 {
		t.Errorf("webhook create sent %d POSTs, want 1 (the lost answer is reconciled by lookup)", n)
	}
}

func TestAccFaults_connectionDroppedBeforeProcessing(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, recoveringLifecycle(t, ts, providerConfig(ts),
		func(k faultTarget, op string) []mockcallfire.Fault {
			return []mockcallfire.Fault{k.at(op, mockcallfire.Fault{Drop: true})}
		}))
	// The dropped webhook create created nothing: the lookup found nothing and the
	// provider sent the create once more.
	if n := requestCount(ts, http.MethodPost, webhookCreatePath); n != 2 {
		t.Errorf("webhook create sent %d POSTs, want 2", n)
	}
}

// createOnly runs a single create of target under the faults and checks what it leaves.
func createOnly(t *testing.T, ts *mockcallfire.TestServer, provider string, k faultTarget,
	wantErr *regexp.Regexp, faults ...mockcallfire.Fault) resource.TestCase {
	wantHooks, wantSubs := 0, 0
	if wantErr == nil {
		if k.name == "webhook" {
			wantHooks = 1
		} else {
			wantSubs = 1
		}
	}
	return resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				for _, f := range faults {
					ts.AddFault(k.at("create", f))
				}
			},
			Config:      provider + k.hclA,
			ExpectError: wantErr,
			Check: resource.ComposeAggregateTestCheckFunc(faultsHit(ts),
				storeMatchesState(ts, wantHooks, wantSubs)),
		}},
	}
}

func TestAccFaults_webhookCreateAnswerLostIsAdopted(t *testing.T) {
	for name, f := range map[string]mockcallfire.Fault{
		"connection dropped": {Drop: true, AfterProcessing: true},
		"502 after creating": {Status: http.StatusBadGateway, AfterProcessing: true},
		"500 html page": {Status: http.StatusInternalServerError, Body: htmlErrorPage,
			AfterProcessing: true},
		"201 garbage body": {Status: http.StatusCreated, Body: "{garbage", AfterProcessing: true},
		"200 html body":    {Body: htmlErrorPage, AfterProcessing: true},
	} {
		t.Run(name, func(t *testing.T) {
			ts := newTestMock(t)
			resource.ParallelTest(t, createOnly(t, ts, providerConfig(ts), webhookTarget, nil, f))
			if n := requestCount(ts, http.MethodPost, webhookCreatePath); n != 1 {
				t.Errorf("sent %d POSTs, want 1: the webhook CallFire made must be adopted", n)
			}
		})
	}
}

func TestAccFaults_subscriptionCreateAnswerLostIsNotDuplicated(t *testing.T) {
	for name, f := range map[string]mockcallfire.Fault{
		"connection dropped": {Drop: true, AfterProcessing: true},
		"502 after creating": {Status: http.StatusBadGateway, AfterProcessing: true},
		"500 html page":      {Status: http.StatusInternalServerError, Body: htmlErrorPage, AfterProcessing: true},
		"201 garbage body":   {Status: http.StatusCreated, Body: "{garbage", AfterProcessing: true},
	} {
		t.Run(name, func(t *testing.T) {
			ts := newTestMock(t)
			resource.ParallelTest(t, createOnly(t, ts, providerConfig(ts), subscriptionTarget, nil, f))
			// Every attempt carried the same RequestId, so CallFire kept one subscription.
			var ids = map[string]bool{}
			for _, r := range ts.Requests() {
				if r.Method == http.MethodPost && r.Path == subscriptionCreatePath {
					ids[r.Form.Get("RequestId")] = true
				}
			}
			if len(ids) != 1 {
				t.Errorf("the create used %d different RequestIds, want 1", len(ids))
			}
		})
	}
}

func TestAccFaults_webhookCreateLostWithTwoCandidates(t *testing.T) {
	// Paused before seeding, not after: the lookup only counts webhooks created in the last
	// two minutes, and a parallel test may wait longer than that for its turn.
	t.Parallel()
	ts := newTestMock(t)
	// A webhook identical to the configured one, created moments ago by someone else: when
	// the create's answer is lost, the lookup cannot tell which of the two is ours.
	seeded := ts.PutWebhook(mockcallfire.Webhook{
		Name: "Sms sent", Resource: "OutboundText", Events: []string{"Finished"},
		Callback: "https://callback-service.com/listener", Enabled: true,
	})
	config := providerConfig(ts) + webhookTarget.hclA
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				ts.AddFault(webhookTarget.at("create", mockcallfire.Fault{
					Drop: true, AfterProcessing: true,
				}))
			},
			Config: config,
			ExpectError: regexp.MustCompile(fmt.Sprintf(
				`(?s)CallFire now holds 2 webhooks.*ids[\s│]+\[%d[\s│]+\d+\].*terraform[\s│]+import`,
				seeded)),
		}, {
			// Nothing went into state (the next plan would create the webhook), and the
			// provider created nothing more while finding out.
			PreConfig:          func() { expectStore(t, ts, 2, 0) },
			Config:             config,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	if n := requestCount(ts, http.MethodPost, webhookCreatePath); n != 1 {
		t.Errorf("sent %d POSTs, want 1", n)
	}
}

// failure is a fault on one operation and the error it must end in.
type failure struct {
	faults []mockcallfire.Fault
	err    *regexp.Regexp
}

// failingLifecycle makes each operation of target fail for good, then checks that state
// and store still agree and the next apply without faults finishes the job: a failed create
// leaves nothing, a failed read or update keeps the object in state with its id, a failed
// delete keeps it in CallFire and in state.
func failingLifecycle(t *testing.T, ts *mockcallfire.TestServer, provider string, k faultTarget,
	create, read, update, del failure) resource.TestCase {
	queue := func(op string, f failure) func() {
		return func() {
			for _, fault := range f.faults {
				ts.AddFault(k.at(op, fault))
			}
		}
	}
	hooks, subs := 1, 0
	if k.name == "subscription" {
		hooks, subs = 0, 1
	}
	var id string
	configA, configB := provider+k.hclA, provider+k.hclB
	return resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:   queue("create", create),
			Config:      configA,
			ExpectError: create.err,
		}, {
			PreConfig: func() { expectStore(t, ts, 0, 0) },
			Config:    configA,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(k.addr, plancheck.ResourceActionCreate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(storeMatchesState(ts, hooks, subs),
				rememberID(k.addr, &id)),
		}, {
			PreConfig:   queue("read", read),
			Config:      configA,
			ExpectError: read.err,
		}, {
			// Still in state with the same id: nothing to do.
			PreConfig: func() { expectStore(t, ts, hooks, subs) },
			Config:    configA,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(storeMatchesState(ts, hooks, subs),
				sameID(k.addr, &id)),
		}, {
			PreConfig:   queue("update", update),
			Config:      configB,
			ExpectError: update.err,
		}, {
			PreConfig: func() {
				expectStore(t, ts, hooks, subs)
				if k.updated(ts) {
					t.Errorf("the failed update changed the %s in the mock", k.name)
				}
			},
			Config: configB,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(k.addr, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(storeMatchesState(ts, hooks, subs),
				sameID(k.addr, &id), func(*terraform.State) error {
					if !k.updated(ts) {
						return fmt.Errorf("the %s was not updated in the mock", k.name)
					}
					return nil
				}),
		}, {
			PreConfig:   queue("delete", del),
			Config:      provider,
			ExpectError: del.err,
		}, {
			PreConfig: func() { expectStore(t, ts, hooks, subs) },
			Config:    provider,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(k.addr, plancheck.ResourceActionDestroy),
			}},
			Check: storeMatchesState(ts, 0, 0),
		}},
	}
}

// bothTargets runs a failing lifecycle for the webhook and for the subscription.
func bothTargets(t *testing.T, run func(t *testing.T, k faultTarget)) {
	for _, k := range []faultTarget{webhookTarget, subscriptionTarget} {
		t.Run(k.name, func(t *testing.T) { run(t, k) })
	}
}

func TestAccFaults_gatewayBurstsLongerThanBudget(t *testing.T) {
	bothTargets(t, func(t *testing.T, k faultTarget) {
		ts := newTestMock(t)
		// max_retries = 2: three attempts in all.
		// The client gives up after three attempts, and the provider asks once more with
		// the same RequestId in case one of them created the subscription: six in all.
		unavailable := mockcallfire.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "1"}
		create := failure{
			faults: []mockcallfire.Fault{times(6, unavailable)},
			err:    errorLike("Unable to create CallFire", "HTTP 503 Service Unavailable", "3 attempts"),
		}
		if k.name == "webhook" {
			// Each v2 POST is tried once; the provider checked after each that no webhook
			// was created before trying again.
			create.faults[0].Times = 3
			create.err = errorLike("Unable to create CallFire webhook", "HTTP 503 Service Unavailable",
				"tried 3 times", "none was left behind")
		}
		resource.ParallelTest(t, failingLifecycle(t, ts, faultConfig(ts, 2, "5s"), k, create,
			failure{
				faults: []mockcallfire.Fault{times(3, unavailable)},
				err: errorLike("Unable to read CallFire "+k.name, "HTTP 503 Service Unavailable",
					"gave up after 3 attempts"),
			},
			failure{
				faults: []mockcallfire.Fault{times(3, mockcallfire.Fault{Status: http.StatusBadGateway})},
				err: errorLike("Unable to update CallFire "+k.name, "HTTP 502 Bad Gateway",
					"gave up after 3 attempts"),
			},
			failure{
				faults: []mockcallfire.Fault{times(3, mockcallfire.Fault{Status: http.StatusGatewayTimeout})},
				err: errorLike("Unable to delete CallFire "+k.name, "HTTP 504 Gateway Timeout",
					"gave up after 3 attempts"),
			}))
	})
}

func TestAccFaults_malformedJSON(t *testing.T) {
	bothTargets(t, func(t *testing.T, k faultTarget) {
		ts := newTestMock(t)
		garbage := func(status int) []mockcallfire.Fault {
			return []mockcallfire.Fault{{Status: status, Body: `{"message": "trunc`}}
		}
		excerpt := `body that is not CallFire JSON: "{"message": "trunc"`
		resource.ParallelTest(t, failingLifecycle(t, ts, faultConfig(ts, 0, "5s"), k,
			failure{garbage(http.StatusBadRequest),
				errorLike("Unable to create CallFire "+k.name, "HTTP 400 Bad Request", excerpt)},
			// A 200 whose body is not the object: the read cannot know the object's values.
			failure{garbage(http.StatusOK),
				errorLike("Unable to read CallFire "+k.name, "HTTP 200 OK but its answer could not be read",
					`body starts "{"message": "trunc"`)},
			failure{garbage(http.StatusBadRequest),
				errorLike("Unable to update CallFire "+k.name, "HTTP 400 Bad Request", excerpt)},
			failure{garbage(http.StatusForbidden),
				errorLike("Unable to delete CallFire "+k.name, "HTTP 403", `"{"message": "trunc"`)}))
	})
}

func TestAccFaults_htmlErrorPage(t *testing.T) {
	bothTargets(t, func(t *testing.T, k faultTarget) {
		ts := newTestMock(t)
		page := func(n int) []mockcallfire.Fault {
			return []mockcallfire.Fault{times(n, mockcallfire.Fault{
				Status: http.StatusInternalServerError, Body: htmlErrorPage,
			})}
		}
		excerpt := `HTTP 500 Internal Server Error with a body that is not CallFire JSON: ` +
			`"<html><head><title>502 Bad Gateway</title>`
		// A 500 to a create is ambiguous: with max_retries = 1 the provider looks the
		// webhook up, or repeats the subscription's RequestId, and tries once more.
		creates := 2
		resource.ParallelTest(t, failingLifecycle(t, ts, faultConfig(ts, 1, "5s"), k,
			failure{page(creates), errorLike("Unable to create CallFire "+k.name, excerpt)},
			failure{page(1), errorLike("Unable to read CallFire "+k.name, excerpt)},
			failure{page(1), errorLike("Unable to update CallFire "+k.name, excerpt)},
			failure{page(1), errorLike("Unable to delete CallFire "+k.name, excerpt)}))
	})
}

func TestAccFaults_credentialsRevokedAndForbidden(t *testing.T) {
	bothTargets(t, func(t *testing.T, k faultTarget) {
		ts := newTestMock(t)
		status := func(s int) []mockcallfire.Fault { return []mockcallfire.Fault{{Status: s}} }
		unchanged := "Nothing was changed in Terraform state"
		revoked := errorLike("CallFire rejected the credentials (HTTP 401", unchanged)
		forbidden := errorLike("lack permission for this operation (HTTP 403", unchanged)
		resource.ParallelTest(t, failingLifecycle(t, ts, providerConfig(ts), k,
			failure{status(http.StatusUnauthorized), revoked},
			// The configuration is unchanged; CallFire starts refusing the credentials
			// during the refresh.
			failure{status(http.StatusUnauthorized), revoked},
			failure{status(http.StatusForbidden), forbidden},
			failure{status(http.StatusForbidden), forbidden}))
	})
}

func TestAccFaults_slowAnswersTimeOut(t *testing.T) {
	bothTargets(t, func(t *testing.T, k faultTarget) {
		ts := newTestMock(t)
		// request_timeout = "1s" and max_retries = 1: two slow answers exhaust the budget.
		slow := []mockcallfire.Fault{times(2, mockcallfire.Fault{Delay: 3 * time.Second})}
		// Two single-attempt webhook POSTs (each checked by lookup), or two subscription
		// creates of two attempts each (the second with the first one's RequestId).
		slowCreate := []mockcallfire.Fault{times(2, mockcallfire.Fault{Delay: 3 * time.Second})}
		if k.name == "subscription" {
			slowCreate[0].Times = 4
		}
		const tooSlow = "did not answer within the request timeout of 1s"
		timedOut := func(op string) *regexp.Regexp {
			return errorLike("Unable to "+op+" CallFire "+k.name, tooSlow)
		}
		resource.ParallelTest(t, failingLifecycle(t, ts, faultConfig(ts, 1, "1s"), k,
			failure{slowCreate, timedOut("create")},
			failure{slow, errorLike("Unable to read CallFire "+k.name, tooSlow,
				"gave up after 2 attempts")},
			failure{slow, errorLike("Unable to update CallFire "+k.name, tooSlow,
				"gave up after 2 attempts")},
			failure{slow, errorLike("Unable to delete CallFire "+k.name, tooSlow,
				"gave up after 2 attempts")}))
	})
}

func TestAccFaults_slowCreateIsAdopted(t *testing.T) {
	ts := newTestMock(t)
	// CallFire creates the webhook but answers after the request timed out.
	resource.ParallelTest(t, createOnly(t, ts, faultConfig(ts, 1, "1s"), webhookTarget, nil,
		mockcallfire.Fault{Delay: 3 * time.Second, AfterProcessing: true}))
	if n := requestCount(ts, http.MethodPost, webhookCreatePath); n != 1 {
		t.Errorf("sent %d POSTs, want 1", n)
	}
}

// hookedMock is a mock with a hook that runs before each request reaches it, to change the
// store at a precise moment (between terraform's plan and the request that acts on it).
type hookedMock struct {
	*mockcallfire.TestServer
	before atomic.Pointer[func(*http.Request)]
}

func newHookedMock(t *testing.T) *hookedMock {
	t.Helper()
	srv := mockcallfire.New(mockcallfire.Options{})
	m := &hookedMock{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hook := m.before.Load(); hook != nil {
			(*hook)(r)
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	m.TestServer = &mockcallfire.TestServer{Server: srv, URL: hs.URL}
	return m
}

// removeBefore deletes the target's object from the store just before the first request
// with this method reaches the mock, as if someone deleted it in CallFire's UI meanwhile.
func (m *hookedMock) removeBefore(k faultTarget, method string, id *string) {
	var done atomic.Bool
	hook := func(r *http.Request) {
		if r.Method != method || done.Load() {
			return
		}
		n, _ := strconv.ParseInt(*id, 10, 64)
		if k.remove(m.TestServer, n) {
			done.Store(true)
		}
	}
	m.before.Store(&hook)
}

func TestAccFaults_notFound(t *testing.T) {
	bothTargets(t, func(t *testing.T, k faultTarget) {
		ts := newHookedMock(t)
		hooks, subs := 1, 0
		if k.name == "subscription" {
			hooks, subs = 0, 1
		}
		var id, firstID string
		provider := providerConfig(ts.TestServer)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: provider + k.hclA,
				Check: resource.ComposeAggregateTestCheckFunc(rememberID(k.addr, &firstID),
					rememberID(k.addr, &id)),
			}, {
				// 404 on read: deleted outside Terraform, so the plan creates it again.
				PreConfig: func() {
					n, _ := strconv.ParseInt(id, 10, 64)
					if !k.remove(ts.TestServer, n) {
						t.Errorf("could not delete %s %s in the mock", k.name, id)
					}
				},
				Config: provider + k.hclA,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(k.addr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(storeMatchesState(ts.TestServer, hooks, subs),
					rememberID(k.addr, &id), func(*terraform.State) error {
						if id == firstID {
							return fmt.Errorf("the recreated %s kept the old id %s", k.name, id)
						}
						return nil
					}),
			}, {
				// 404 on update: deleted between plan and apply. The update fails clearly and
				// the object leaves state, so that the next plan creates it again.
				PreConfig:   func() { ts.removeBefore(k, http.MethodPut, &id) },
				Config:      provider + k.hclB,
				ExpectError: errorLike("Unable to update CallFire "+k.name, "404"),
			}, {
				PreConfig: func() { expectStore(t, ts.TestServer, 0, 0) },
				Config:    provider + k.hclB,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(k.addr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(storeMatchesState(ts.TestServer, hooks, subs),
					rememberID(k.addr, &id)),
			}, {
				// 404 on delete: already gone is as good as deleted.
				PreConfig: func() { ts.removeBefore(k, http.MethodDelete, &id) },
				Config:    provider,
				Check:     storeMatchesState(ts.TestServer, 0, 0),
			}},
		})
		// The DELETE really was sent and answered 404 (the store no longer had it).
		deletes := 0
		for _, r := range ts.Requests() {
			item := strings.TrimSuffix(k.itemPath, "*")
			if r.Method == http.MethodDelete && strings.HasPrefix(r.Path, item) {
				deletes++
			}
		}
		if deletes != 1 {
			t.Errorf("sent %d DELETEs, want 1", deletes)
		}
	})
}

// TestAccFaults_parallelApply applies 30 webhooks and 10 subscriptions at terraform's
// default parallelism of 10, with rate limits and lost create answers mixed in, then
// renames them all. Run it under `go test -race`: provider, client and mock all live in this
// process, so the race detector sees every shared structure.
func TestAccFaults_parallelApply(t *testing.T) {
	ts := newTestMock(t)
	// A little latency keeps many requests in flight at once.
	ts.SetLatency(20 * time.Millisecond)
	config := func(prefix string) string {
		return providerConfig(ts) + fmt.Sprintf(`
resource "callfire_webhook" "many" {
  count    = 30
  name     = "%s ${count.index}"
  resource = "OutboundText"
  events   = ["Finished"]
  callback = "https://hooks.example.com/${count.index}"
}

resource "callfire_subscription" "many" {
  count         = 10
  endpoint      = "https://hooks.example.com/%s/${count.index}"
  trigger_event = "OUTBOUND_TEXT_FINISHED"
}
`, prefix, strings.ToLower(prefix))
	}
	renamed := func(*terraform.State) error {
		for _, w := range ts.Webhooks() {
			if !strings.HasPrefix(w.Name, "Renamed ") {
				return fmt.Errorf("webhook %d kept its name %q", w.ID, w.Name)
			}
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n, m := len(ts.Webhooks()), len(ts.Subscriptions()); n != 0 || m != 0 {
				return fmt.Errorf("after destroy the mock holds %d webhooks, %d subscriptions", n, m)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			PreConfig: func() {
				ts.AddFault(times(5, mockcallfire.Fault{Method: http.MethodPost, Path: webhookCreatePath,
					Status: http.StatusTooManyRequests, RetryAfter: "1"}))
				// Three creates lose their answer; each must adopt its own webhook, told
				// apart from the 29 others by name and callback.
				ts.AddFault(times(3, mockcallfire.Fault{Method: http.MethodPost, Path: webhookCreatePath,
					Drop: true, AfterProcessing: true}))
				ts.AddFault(times(3, mockcallfire.Fault{Method: http.MethodPost, Path: subscriptionCreatePath,
					Drop: true, AfterProcessing: true}))
			},
			Config: config("Parallel"),
			Check:  resource.ComposeAggregateTestCheckFunc(faultsHit(ts), storeMatchesState(ts, 30, 10)),
		}, {
			PreConfig: func() {
				ts.AddFault(times(5, mockcallfire.Fault{Method: http.MethodPut, Path: webhookItemPath,
					Status: http.StatusServiceUnavailable, RetryAfter: "1"}))
			},
			Config: config("Renamed"),
			Check: resource.ComposeAggregateTestCheckFunc(faultsHit(ts), storeMatchesState(ts, 30, 10),
				renamed),
		}},
	})
}
