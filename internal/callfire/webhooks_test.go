package callfire

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

func TestWebhookCRUD_WireFormat(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	ctx := context.Background()

	id, err := c.CreateWebhook(ctx, Webhook{
		ID: 99, Name: "hook", Resource: "CallBroadcast", Events: []string{"Started", "Finished"},
		Callback: "https://example.com/cb", Enabled: false, Secret: testSecret,
	})
	if err != nil {
		t.Fatalf("CreateWebhook: %v", err)
	}
	stored, ok := ts.Webhook(id)
	if !ok || stored.Secret != testSecret || stored.Name != "hook" {
		t.Fatalf("stored webhook = %+v, %v", stored, ok)
	}

	got, err := c.GetWebhook(ctx, id)
	if err != nil {
		t.Fatalf("GetWebhook: %v", err)
	}
	if got.ID != id || got.Resource != "CallBroadcast" || got.Callback != "https://example.com/cb" ||
		!slices.Equal(got.Events, stored.Events) || got.CreatedAt == 0 || got.Secret != "" {
		t.Fatalf("GetWebhook = %+v", got)
	}

	got.Name = "renamed"
	got.Enabled = true
	got.Fields = "id,name"
	got.Secret = testSecret
	if err := c.UpdateWebhook(ctx, *got); err != nil {
		t.Fatalf("UpdateWebhook: %v", err)
	}
	if err := c.DeleteWebhook(ctx, id); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	_, err = c.GetWebhook(ctx, id)
	if !IsNotFound(err) {
		t.Fatalf("GetWebhook after delete: %v, want a 404", err)
	}

	reqs := ts.Requests()
	want := []struct{ method, path string }{
		{"POST", "/v2/webhooks"},
		{"GET", fmt.Sprintf("/v2/webhooks/%d", id)},
		{"PUT", fmt.Sprintf("/v2/webhooks/%d", id)},
		{"DELETE", fmt.Sprintf("/v2/webhooks/%d", id)},
		{"GET", fmt.Sprintf("/v2/webhooks/%d", id)},
	}
	if len(reqs) != len(want) {
		t.Fatalf("got %d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		r := reqs[i]
		if r.Method != w.method || r.Path != w.path {
			t.Errorf("request %d = %s %s, want %s %s", i, r.Method, r.Path, w.method, w.path)
		}
		if !r.Authorized {
			t.Errorf("request %d: Basic credentials not accepted", i)
		}
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("request %d: Accept = %q", i, got)
		}
		if got := r.Header.Get("User-Agent"); got != "terraform-provider-callfire/test" {
			t.Errorf("request %d: User-Agent = %q", i, got)
		}
	}

	var created map[string]any
	if err := json.Unmarshal(reqs[0].Body, &created); err != nil {
		t.Fatalf("create body: %v", err)
	}
	if reqs[0].Header.Get("Content-Type") != "application/json" {
		t.Errorf("create Content-Type = %q", reqs[0].Header.Get("Content-Type"))
	}
	for _, key := range []string{"enabled", "singleUse", "nonStrictSsl"} {
		if v, ok := created[key]; !ok || v != false {
			t.Errorf("create body %s = %v (present %v), want an explicit false", key, v, ok)
		}
	}
	if _, ok := created["id"]; ok {
		t.Errorf("create body carries an id: %s", reqs[0].Body)
	}
	if _, ok := created["fields"]; ok {
		t.Errorf("create body carries empty fields: %s", reqs[0].Body)
	}
	if created["secret"] != testSecret {
		t.Errorf("create body secret = %v", created["secret"])
	}

	var updated map[string]any
	if err := json.Unmarshal(reqs[2].Body, &updated); err != nil {
		t.Fatalf("update body: %v", err)
	}
	for key, want := range map[string]any{
		"id": float64(id), "name": "renamed", "resource": "CallBroadcast",
		"callback": "https://example.com/cb", "enabled": true, "singleUse": false,
		"nonStrictSsl": false, "fields": "id,name", "secret": testSecret,
	} {
		if updated[key] != want {
			t.Errorf("update body %s = %v, want %v", key, updated[key], want)
		}
	}
	if _, ok := updated["events"].([]any); !ok {
		t.Errorf("update body has no events list: %s", reqs[2].Body)
	}
}

func TestFindWebhooks_PagesThroughEverythingOnce(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	const n = 2*webhookPageSize + 37
	for i := range n {
		ts.PutWebhook(mockcallfire.Webhook{
			Name: "hook-" + strconv.Itoa(i), Resource: "InboundText", Events: []string{"Finished"},
			Callback: "https://example.com/" + strconv.Itoa(i), Enabled: i%2 == 0,
		})
	}
	ts.PutWebhook(mockcallfire.Webhook{
		Name: "other", Resource: "CallBroadcast", Events: []string{"Started"},
		Callback: "https://example.com/other",
	})

	got, err := c.FindWebhooks(context.Background(), WebhookFilter{Resource: "InboundText"})
	if err != nil {
		t.Fatalf("FindWebhooks: %v", err)
	}
	if len(got) != n {
		t.Fatalf("got %d webhooks, want %d", len(got), n)
	}
	ids := map[int64]bool{}
	for _, w := range got {
		if ids[w.ID] || w.Resource != "InboundText" {
			t.Fatalf("duplicate or foreign webhook %+v", w)
		}
		ids[w.ID] = true
	}
	offsets := map[string]bool{}
	for _, r := range ts.Requests() {
		if r.Query.Get("resource") != "InboundText" || r.Query.Get("limit") != "100" {
			t.Errorf("query %v lacks the filter or the page size", r.Query)
		}
		off := r.Query.Get("offset")
		if offsets[off] {
			t.Errorf("page at offset %s fetched twice", off)
		}
		offsets[off] = true
	}
	if len(offsets) != 3 {
		t.Errorf("fetched %d pages, want 3", len(offsets))
	}
}

func TestFindWebhooks_FilterQuery(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	_, err := c.FindWebhooks(context.Background(), WebhookFilter{
		Name: "my hook", Resource: "CallBroadcast", Event: "Started",
		Callback: "https://example.com/a?b=c", Enabled: ptr(false),
	})
	if err != nil {
		t.Fatalf("FindWebhooks: %v", err)
	}
	q := ts.Requests()[0].Query
	for key, want := range map[string]string{
		"name": "my hook", "resource": "CallBroadcast", "event": "Started",
		"callback": "https://example.com/a?b=c", "enabled": "false", "offset": "0",
	} {
		if q.Get(key) != want {
			t.Errorf("query %s = %q, want %q", key, q.Get(key), want)
		}
	}
}

// A server that ignores offset hands out the same full page forever; the client must
// notice instead of looping.
func TestFindWebhooks_StopsOnRepeatedPages(t *testing.T) {
	t.Parallel()
	var page struct {
		Items      []map[string]any `json:"items"`
		TotalCount int              `json:"totalCount"`
	}
	for i := range webhookPageSize {
		page.Items = append(page.Items, map[string]any{"id": i + 1, "name": "x"})
	}
	page.TotalCount = -1
	body, _ := json.Marshal(page)
	h := &scripted{}
	for range 5 {
		h.answers = append(h.answers, answer{status: 200, body: string(body)})
	}
	c, _ := handlerClient(t, h)
	_, err := c.FindWebhooks(context.Background(), WebhookFilter{})
	if err == nil {
		t.Fatal("FindWebhooks accepted a server that repeats its page")
	}
	if h.count() != 2 {
		t.Errorf("made %d requests, want 2", h.count())
	}
}

func TestFindWebhooks_StopsOnEmptyPage(t *testing.T) {
	t.Parallel()
	h := &scripted{answers: []answer{{status: 200, body: `{"items":[],"totalCount":500}`}}}
	c, _ := handlerClient(t, h)
	got, err := c.FindWebhooks(context.Background(), WebhookFilter{})
	if err != nil || len(got) != 0 || h.count() != 1 {
		t.Fatalf("got %v, %v after %d requests", got, err, h.count())
	}
}

func TestWebhookResources(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	all, err := c.ListWebhookResources(context.Background())
	if err != nil {
		t.Fatalf("ListWebhookResources: %v", err)
	}
	if len(all) != 11 {
		t.Errorf("got %d resources, want the 11 of §A.4", len(all))
	}
	one, err := c.GetWebhookResource(context.Background(), "ContactList")
	if err != nil {
		t.Fatalf("GetWebhookResource: %v", err)
	}
	if one.Resource != "ContactList" ||
		!slices.Equal(one.SupportedEvents, []string{"ValidationFinished", "ValidationFailed"}) {
		t.Errorf("GetWebhookResource = %+v", one)
	}
	reqs := ts.Requests()
	if reqs[0].Path != "/v2/webhooks/resources" ||
		reqs[1].Path != "/v2/webhooks/resources/ContactList" {
		t.Errorf("paths = %s, %s", reqs[0].Path, reqs[1].Path)
	}
	if _, err := c.GetWebhookResource(context.Background(), "NoSuchThing"); err == nil {
		t.Error("an unknown resource was accepted")
	}
}

func TestUpdateAndDelete_AcceptAny2xx(t *testing.T) {
	t.Parallel()
	for _, status := range []int{200, 202, 204} {
		h := &scripted{answers: []answer{{status: status}, {status: status}, {status: status},
			{status: status}}}
		c, _ := handlerClient(t, h)
		ctx := context.Background()
		if err := c.UpdateWebhook(ctx, Webhook{ID: 5, Name: "n"}); err != nil {
			t.Errorf("UpdateWebhook with %d: %v", status, err)
		}
		if err := c.DeleteWebhook(ctx, 5); err != nil {
			t.Errorf("DeleteWebhook with %d: %v", status, err)
		}
		if err := c.UpdateSubscription(ctx, Subscription{ID: 5}); err != nil {
			t.Errorf("UpdateSubscription with %d: %v", status, err)
		}
		if err := c.DeleteSubscription(ctx, 5); err != nil {
			t.Errorf("DeleteSubscription with %d: %v", status, err)
		}
	}
}

func TestCreateWebhook_Accepts200And201(t *testing.T) {
	t.Parallel()
	h := &scripted{answers: []answer{
		{status: 200, body: `{"id":11646003}`},
		{status: 201, body: `{"id":"11647003"}`},
	}}
	c, _ := handlerClient(t, h)
	for _, want := range []int64{11646003, 11647003} {
		id, err := c.CreateWebhook(context.Background(), Webhook{Name: "x"})
		if err != nil || id != want {
			t.Errorf("CreateWebhook = %d, %v; want %d", id, err, want)
		}
	}
}

func TestAuthorizationHeader_EveryRequest(t *testing.T) {
	t.Parallel()
	h := &routed{}
	c, _ := handlerClient(t, h)
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.CreateWebhook(ctx, Webhook{}); return err },
		func() error { _, err := c.GetWebhook(ctx, 1); return err },
		func() error { return c.UpdateWebhook(ctx, Webhook{ID: 1}) },
		func() error { return c.DeleteWebhook(ctx, 1) },
		func() error { _, err := c.FindWebhooks(ctx, WebhookFilter{}); return err },
		func() error { _, err := c.ListWebhookResources(ctx); return err },
		func() error { _, err := c.GetWebhookResource(ctx, "X"); return err },
		func() error { _, err := c.CreateSubscription(ctx, Subscription{}, ""); return err },
		func() error { _, err := c.GetSubscription(ctx, 1); return err },
		func() error { return c.UpdateSubscription(ctx, Subscription{ID: 1}) },
		func() error { return c.DeleteSubscription(ctx, 1) },
		func() error { _, err := c.QuerySubscriptions(ctx, SubscriptionQuery{}); return err },
	}
	for i, call := range calls {
		if err := call(); err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.seen) != len(calls) {
		t.Fatalf("%d requests for %d calls", len(h.seen), len(calls))
	}
	for _, r := range h.seen {
		user, pass, ok := r.BasicAuth()
		if !ok || user != testUser || pass != testPassword {
			t.Errorf("%s %s: Basic auth = %q, %q, %v", r.Method, r.URL.Path, user, pass, ok)
		}
		if r.Method == http.MethodPost || r.Method == http.MethodPut {
			if r.Header.Get("Content-Type") == "" {
				t.Errorf("%s %s has no Content-Type", r.Method, r.URL.Path)
			}
		}
	}
}

// routed answers every operation of both APIs with a minimal valid body.
type routed struct {
	mu   sync.Mutex
	seen []*http.Request
}

func (h *routed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.seen = append(h.seen, r)
	h.mu.Unlock()
	body := ""
	switch p := r.URL.Path; {
	case r.Method == "PUT" || r.Method == "DELETE":
	case p == "/v2/webhooks" && r.Method == "POST":
		body = `{"id":1}`
	case p == "/v2/webhooks", p == "/v2/webhooks/resources":
		body = `{"items":[]}`
	case strings.HasPrefix(p, "/v2/webhooks/resources/"):
		body = `{"resource":"X","supportedEvents":["Finished"]}`
	case strings.HasPrefix(p, "/v2/webhooks/"):
		body = `{"id":1}`
	case p == "/api/1.1/rest/subscription.json" && r.Method == "POST":
		body = `{"ResourceReference":{"Id":1}}`
	case p == "/api/1.1/rest/subscription.json":
		body = `{"ResourceList":{"@totalResults":0}}`
	default:
		body = `{"Resource":{"Subscription":{"@id":1}}}`
	}
	_, _ = w.Write([]byte(body))
}
