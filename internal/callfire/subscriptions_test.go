package callfire

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

func TestSubscriptionCRUD_WireFormat(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	ctx := context.Background()

	sub := Subscription{
		Enabled: true, Endpoint: "https://example.com/notify", NotificationFormat: "JSON",
		TriggerEvent: "CAMPAIGN_STARTED",
		Filter:       &SubscriptionFilter{BroadcastID: ptr(int64(1)), FromNumber: "12135551100"},
	}
	id, err := c.CreateSubscription(ctx, sub, "req-1")
	if err != nil {
		t.Fatalf("CreateSubscription: %v", err)
	}
	got, err := c.GetSubscription(ctx, id)
	if err != nil {
		t.Fatalf("GetSubscription: %v", err)
	}
	if got.ID != id || !got.Enabled || got.NonStrictSsl || got.Endpoint != sub.Endpoint ||
		got.NotificationFormat != "JSON" || got.TriggerEvent != "CAMPAIGN_STARTED" ||
		got.Filter == nil || got.Filter.BroadcastID == nil || *got.Filter.BroadcastID != 1 ||
		got.Filter.BatchID != nil || got.Filter.FromNumber != "12135551100" {
		t.Fatalf("GetSubscription = %+v filter %+v", got, got.Filter)
	}

	// Drop the filter's BroadcastId and FromNumber, add a BatchId: CallFire must end up
	// with exactly the new filter.
	got.Filter = &SubscriptionFilter{BatchID: ptr(int64(7))}
	got.NonStrictSsl = true
	if err := c.UpdateSubscription(ctx, *got); err != nil {
		t.Fatalf("UpdateSubscription: %v", err)
	}
	stored, _ := ts.Subscription(id)
	if stored.BroadcastID != nil || stored.FromNumber != "" || stored.BatchID == nil ||
		*stored.BatchID != 7 || !stored.NonStrictSsl {
		t.Fatalf("after update the mock holds %+v", stored)
	}

	got.Filter = nil
	if err := c.UpdateSubscription(ctx, *got); err != nil {
		t.Fatalf("UpdateSubscription without filter: %v", err)
	}
	again, err := c.GetSubscription(ctx, id)
	if err != nil || again.Filter != nil {
		t.Fatalf("after clearing the filter: %+v, %v", again, err)
	}

	if err := c.DeleteSubscription(ctx, id); err != nil {
		t.Fatalf("DeleteSubscription: %v", err)
	}
	if _, err := c.GetSubscription(ctx, id); !IsNotFound(err) {
		t.Fatalf("GetSubscription after delete: %v", err)
	}

	reqs := ts.Requests()
	path := fmt.Sprintf("/api/1.1/rest/subscription/%d.json", id)
	want := []struct{ method, path string }{
		{"POST", "/api/1.1/rest/subscription.json"}, {"GET", path}, {"PUT", path},
		{"PUT", path}, {"GET", path}, {"DELETE", path}, {"GET", path},
	}
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		if reqs[i].Method != w.method || reqs[i].Path != w.path || !reqs[i].Authorized {
			t.Errorf("request %d = %s %s (authorized %v), want %s %s", i, reqs[i].Method,
				reqs[i].Path, reqs[i].Authorized, w.method, w.path)
		}
	}

	create := reqs[0]
	if ct := create.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("create Content-Type = %q", ct)
	}
	wantForm(t, "create", create.Form, map[string]string{
		"RequestId": "req-1", "Enabled": "true", "NonStrictSsl": "false",
		"Endpoint": "https://example.com/notify", "NotificationFormat": "JSON",
		"TriggerEvent": "CAMPAIGN_STARTED", "BroadcastId": "1", "FromNumber": "12135551100",
	})
	for _, absent := range []string{"BatchId", "ToNumber", "SubscriptionFilter.BroadcastId"} {
		if _, ok := create.Form[absent]; ok {
			t.Errorf("create form carries %s", absent)
		}
	}

	// The convention for clearing: every filter field is on a PUT, empty when unset.
	update := reqs[2]
	wantForm(t, "update", update.Form, map[string]string{
		"Enabled": "true", "NonStrictSsl": "true", "Endpoint": "https://example.com/notify",
		"NotificationFormat": "JSON", "TriggerEvent": "CAMPAIGN_STARTED",
		"BroadcastId": "", "BatchId": "7", "FromNumber": "", "ToNumber": "",
	})
	if _, ok := update.Form["RequestId"]; ok {
		t.Error("update form carries a RequestId")
	}
}

func wantForm(t *testing.T, what string, form url.Values, want map[string]string) {
	t.Helper()
	for key, value := range want {
		got, ok := form[key]
		if !ok || len(got) != 1 || got[0] != value {
			t.Errorf("%s form %s = %q (present %v), want %q", what, key, got, ok, value)
		}
	}
}

func TestCreateSubscription_GeneratesRequestID(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	sub := Subscription{Endpoint: "https://example.com/n", TriggerEvent: "CAMPAIGN_FINISHED"}
	a, err := c.CreateSubscription(context.Background(), sub, "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.CreateSubscription(context.Background(), sub, "")
	if err != nil {
		t.Fatal(err)
	}
	reqs := ts.Requests()
	r1, r2 := reqs[0].Form.Get("RequestId"), reqs[1].Form.Get("RequestId")
	if r1 == "" || r1 == r2 || a == b {
		t.Errorf("RequestIds %q and %q, ids %d and %d: want two fresh ones", r1, r2, a, b)
	}
}

// A create whose answer is lost after CallFire stored it is retried with the same
// RequestId, and CallFire's de-duplication hands back the first subscription.
func TestCreateSubscription_RetryReusesRequestID(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	ts.AddFault(mockcallfire.Fault{
		Method: "POST", Path: "/api/1.1/rest/subscription.json", Status: 503,
		AfterProcessing: true,
	})
	sub := Subscription{Endpoint: "https://example.com/n", TriggerEvent: "CAMPAIGN_FINISHED"}
	id, err := c.CreateSubscription(context.Background(), sub, "")
	if err != nil {
		t.Fatalf("CreateSubscription: %v", err)
	}
	reqs := ts.Requests()
	if len(reqs) != 2 || reqs[0].Form.Get("RequestId") != reqs[1].Form.Get("RequestId") {
		t.Fatalf("want 2 attempts with one RequestId, got %d", len(reqs))
	}
	if subs := ts.Subscriptions(); len(subs) != 1 || subs[0].ID != id {
		t.Errorf("store holds %+v, want only %d", subs, id)
	}
}

func TestQuerySubscriptions_PagesAndFilters(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	const n = 2*subscriptionPageSize + 5
	for i := range n {
		event := "CAMPAIGN_STARTED"
		if i%3 == 0 {
			event = "INBOUND_TEXT_FINISHED"
		}
		ts.PutSubscription(mockcallfire.Subscription{
			Endpoint: "https://example.com/" + strconv.Itoa(i), TriggerEvent: event,
			NotificationFormat: "JSON",
		})
	}
	all, err := c.QuerySubscriptions(context.Background(), SubscriptionQuery{})
	if err != nil {
		t.Fatalf("QuerySubscriptions: %v", err)
	}
	if len(all) != n {
		t.Fatalf("got %d, want %d", len(all), n)
	}
	seen := map[string]bool{}
	for _, r := range ts.Requests() {
		if r.Path != "/api/1.1/rest/subscription.json" || r.Query.Get("MaxResults") != "1000" {
			t.Errorf("query request %s %v", r.Path, r.Query)
		}
		first := r.Query.Get("FirstResult")
		if seen[first] {
			t.Errorf("FirstResult=%s fetched twice", first)
		}
		seen[first] = true
	}
	if len(seen) != 3 {
		t.Errorf("fetched %d pages, want 3", len(seen))
	}

	inbound, err := c.QuerySubscriptions(context.Background(),
		SubscriptionQuery{TriggerEvent: "INBOUND_TEXT_FINISHED"})
	if err != nil {
		t.Fatal(err)
	}
	if len(inbound) != (n+2)/3 {
		t.Errorf("filtered %d, want %d", len(inbound), (n+2)/3)
	}
	for _, s := range inbound {
		if s.TriggerEvent != "INBOUND_TEXT_FINISHED" {
			t.Fatalf("filter let through %+v", s)
		}
	}
}

func TestQuerySubscriptions_AnswerShapes(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		body string
		want int
	}{
		"missing Subscription key": {`{"ResourceList":{"@totalResults":0}}`, 0},
		"single object":            {`{"ResourceList":{"@totalResults":1,"Subscription":{"@id":5}}}`, 1},
		"array": {`{"ResourceList":{"@totalResults":2,"Subscription":` +
			`[{"@id":5},{"@id":"6","Enabled":"true"}]}}`, 2},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _ := handlerClient(t, &scripted{answers: []answer{{status: 200, body: tc.body}}})
			got, err := c.QuerySubscriptions(context.Background(), SubscriptionQuery{})
			if err != nil || len(got) != tc.want {
				t.Fatalf("got %+v, %v; want %d items", got, err, tc.want)
			}
		})
	}
}

func TestSubscription_V1ErrorBody(t *testing.T) {
	t.Parallel()
	h := &scripted{answers: []answer{{status: 400,
		body: `{"ResourceException":{"HttpStatus":400,"Message":"TriggerEvent is required"}}`}}}
	c, _ := handlerClient(t, h)
	_, err := c.CreateSubscription(context.Background(), Subscription{}, "r")
	var apiErr *APIError
	if !asAPIError(err, &apiErr) || apiErr.StatusCode != 400 ||
		apiErr.Message != "TriggerEvent is required" || apiErr.Ambiguous {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(err.Error(), "TriggerEvent is required") ||
		!strings.Contains(err.Error(), "create subscription") {
		t.Errorf("message %q lacks CallFire's words or the operation", err)
	}
	if h.count() != 1 {
		t.Errorf("a 400 was retried: %d requests", h.count())
	}
	if h.seen[0].Method != http.MethodPost {
		t.Errorf("method %s", h.seen[0].Method)
	}
}
