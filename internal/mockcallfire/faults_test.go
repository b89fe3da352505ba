package mockcallfire

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFaultStatusSequence(t *testing.T) {
	_, c := newClient(t, Options{})
	c.ts.AddFault(Fault{Method: "POST", Path: "/v2/webhooks", Status: 429, RetryAfter: "2"})
	c.ts.AddFault(Fault{Method: "POST", Path: "/v2/*", Status: 503, Times: 2})

	// A GET does not match either fault.
	wantStatus(t, c.v2("GET", "/webhooks", ""), http.StatusOK)

	r := c.v2("POST", "/webhooks", textBroadcastHook)
	wantStatus(t, r, http.StatusTooManyRequests)
	if r.header.Get("Retry-After") != "2" {
		t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
	}
	if m := r.json(t); m["httpStatusCode"] != 429.0 {
		t.Errorf("429 body %s", r.body)
	}
	for range 2 {
		r = c.v2("POST", "/webhooks", textBroadcastHook)
		wantStatus(t, r, http.StatusServiceUnavailable)
		if r.header.Get("Retry-After") != "" {
			t.Error("Retry-After on a fault without one")
		}
	}
	if n := len(c.ts.Webhooks()); n != 0 {
		t.Fatalf("faulted requests acted on the store: %d webhooks", n)
	}
	c.createWebhook(textBroadcastHook)
	if c.ts.PendingFaults() != 0 {
		t.Errorf("%d fault uses left", c.ts.PendingFaults())
	}
	if n := c.ts.RequestCount(); n != 5 {
		t.Errorf("recorded %d requests, want 5 (faulted ones too)", n)
	}

	c.ts.AddFault(Fault{Path: "/api/1.1/rest/*", Status: 500})
	r = c.v1("GET", "/subscription.json", nil)
	want := `{"ResourceException":{"HttpStatus":500,"Message":"Internal Server Error"}}`
	if string(r.body) != want {
		t.Errorf("v1.1 fault body %s", r.body)
	}
}

func TestFaultUnauthorizedDoesNotConsume(t *testing.T) {
	_, c := newClient(t, Options{})
	c.ts.AddFault(Fault{Path: "/v2/webhooks", Status: 500})
	c.pass = "wrong"
	wantStatus(t, c.v2("GET", "/webhooks", ""), http.StatusUnauthorized)
	c.pass = c.ts.Password()
	wantStatus(t, c.v2("GET", "/webhooks", ""), http.StatusInternalServerError)
}

func TestFaultRawBody(t *testing.T) {
	_, c := newClient(t, Options{})
	c.ts.AddFault(Fault{Path: "/v2/webhooks", Body: "<html>bad gateway</html>", Status: 502})
	c.ts.AddFault(Fault{Path: "/v2/webhooks", Body: "{garbage"})
	r := c.v2("POST", "/webhooks", textBroadcastHook)
	wantStatus(t, r, http.StatusBadGateway)
	if string(r.body) != "<html>bad gateway</html>" ||
		!strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Errorf("HTML fault: %q %q", r.body, r.header.Get("Content-Type"))
	}
	r = c.v2("POST", "/webhooks", textBroadcastHook)
	wantStatus(t, r, http.StatusOK)
	if string(r.body) != "{garbage" {
		t.Errorf("garbage fault body %q", r.body)
	}
	if n := len(c.ts.Webhooks()); n != 0 {
		t.Errorf("raw-body faults acted on the request: %d webhooks", n)
	}

	c.ts.AddFault(Fault{Path: "/v2/webhooks", Body: "{garbage", AfterProcessing: true})
	r = c.v2("POST", "/webhooks", textBroadcastHook)
	if string(r.body) != "{garbage" || len(c.ts.Webhooks()) != 1 {
		t.Errorf("after-processing garbage: body %q, %d webhooks", r.body, len(c.ts.Webhooks()))
	}
}

func TestFaultDrop(t *testing.T) {
	_, c := newClient(t, Options{})
	c.ts.AddFault(Fault{Method: "POST", Path: "/v2/webhooks", Drop: true})
	c.ts.AddFault(Fault{Method: "POST", Path: "/v2/webhooks", Drop: true, AfterProcessing: true})

	post := func() error {
		req, _ := http.NewRequest(http.MethodPost, c.ts.V2URL()+"/webhooks",
			strings.NewReader(textBroadcastHook))
		req.SetBasicAuth(c.user, c.pass)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return fmt.Errorf("got status %d", resp.StatusCode)
		}
		return nil
	}
	if err := post(); err != nil {
		t.Fatalf("dropped request: %v, want a transport error", err)
	}
	if n := len(c.ts.Webhooks()); n != 0 {
		t.Fatalf("dropped-before request created %d webhooks", n)
	}
	if err := post(); err != nil {
		t.Fatalf("dropped-after request: %v, want a transport error", err)
	}
	if n := len(c.ts.Webhooks()); n != 1 {
		t.Fatalf("AfterProcessing drop: %d webhooks, want 1 (created, answer lost)", n)
	}
	if c.ts.RequestCount() != 2 {
		t.Errorf("recorded %d requests", c.ts.RequestCount())
	}
}

func TestFaultDelay(t *testing.T) {
	_, c := newClient(t, Options{})
	c.ts.AddFault(Fault{Path: "/v2/webhooks", Delay: 10 * time.Second, Status: 500})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.ts.V2URL()+"/webhooks", nil)
	req.SetBasicAuth(c.user, c.pass)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("status %d, want the client's deadline", resp.StatusCode)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %v", elapsed)
	}

	// A delay alone slows the request down and then lets it through.
	c.ts.AddFault(Fault{Path: "/v2/webhooks", Delay: 50 * time.Millisecond})
	start = time.Now()
	wantStatus(t, c.v2("GET", "/webhooks", ""), http.StatusOK)
	if elapsed := time.Since(start); elapsed < 50*time.Millisecond {
		t.Errorf("delay-only fault took %v", elapsed)
	}
}

func TestLatency(t *testing.T) {
	_, c := newClient(t, Options{Latency: 60 * time.Millisecond})
	start := time.Now()
	wantStatus(t, c.v2("GET", "/webhooks", ""), http.StatusOK)
	if elapsed := time.Since(start); elapsed < 60*time.Millisecond {
		t.Errorf("request with latency took %v", elapsed)
	}
	c.ts.SetLatency(0)
	c.ts.ClearFaults()
	start = time.Now()
	wantStatus(t, c.v2("GET", "/webhooks", ""), http.StatusOK)
	if elapsed := time.Since(start); elapsed >= 60*time.Millisecond {
		t.Errorf("request without latency took %v", elapsed)
	}
}

func TestRecording(t *testing.T) {
	_, c := newClient(t, Options{})
	c.v1("POST", "/subscription.json", subscriptionForm("RequestId", "r1"))
	c.v2("GET", "/webhooks?name=x", "")
	reqs := c.ts.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	if reqs[0].Method != http.MethodPost || reqs[0].Path != "/api/1.1/rest/subscription.json" ||
		reqs[0].Form.Get("RequestId") != "r1" || !strings.Contains(string(reqs[0].Body),
		"TriggerEvent=CAMPAIGN_FINISHED") || reqs[0].Time.IsZero() {
		t.Errorf("first request %+v", reqs[0])
	}
	if reqs[1].Query.Get("name") != "x" || reqs[1].Form != nil {
		t.Errorf("second request %+v", reqs[1])
	}
	c.ts.ResetRequests()
	if c.ts.RequestCount() != 0 {
		t.Error("ResetRequests kept requests")
	}
}

func TestStatsAndAdmin(t *testing.T) {
	_, c := newClient(t, Options{})
	id := c.createWebhook(textBroadcastHook)
	c.v2("GET", fmt.Sprint("/webhooks/", id), "")
	c.v2("GET", "/webhooks/12", "")
	c.v2("GET", "/webhooks/resources/LowBalance", "")
	c.v2("GET", "/nothing", "")
	subID, _ := c.createSubscription(subscriptionForm())
	c.v1("GET", fmt.Sprintf("/subscription/%d.json", subID), nil)

	want := map[string]int{
		"POST /v2/webhooks":                        1,
		"GET /v2/webhooks/{id}":                    2,
		"GET /v2/webhooks/resources/{resource}":    1,
		"GET (unknown)":                            1,
		"POST /api/1.1/rest/subscription.json":     1,
		"GET /api/1.1/rest/subscription/{id}.json": 1,
	}
	if got := c.ts.Stats(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Stats\n got %v\nwant %v", got, want)
	}

	r := c.do("GET", "/_mock/stats", "", "")
	wantStatus(t, r, http.StatusOK)
	var served map[string]int
	decodeJSON(t, r.body, &served)
	if fmt.Sprint(served) != fmt.Sprint(want) {
		t.Errorf("/_mock/stats %s", r.body)
	}

	r = c.do("GET", "/_mock/store", "", "")
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(string(r.body), "s3cret") || !strings.Contains(string(r.body), `"***"`) {
		t.Errorf("store view does not mask the secret: %s", r.body)
	}
	var store struct {
		Webhooks      []Webhook
		Subscriptions []Subscription
	}
	decodeJSON(t, r.body, &store)
	if len(store.Webhooks) != 1 || len(store.Subscriptions) != 1 {
		t.Errorf("store %s", r.body)
	}
	if w, _ := c.ts.Webhook(id); w.Secret != "s3cret" {
		t.Error("masking the store view changed the stored secret")
	}

	wantStatus(t, c.do("GET", "/_mock/reset-stats", "", ""), http.StatusMethodNotAllowed)
	wantStatus(t, c.do("POST", "/_mock/reset-stats", "", ""), http.StatusNoContent)
	if got := c.ts.Stats(); len(got) != 0 {
		t.Errorf("after reset-stats: %v (admin calls must not count)", got)
	}
	wantStatus(t, c.do("GET", "/_mock/nothing", "", ""), http.StatusNotFound)
	if c.ts.RequestCount() != 7 {
		t.Errorf("recorded %d requests; admin calls must not be recorded", c.ts.RequestCount())
	}
}

func TestConcurrentUse(t *testing.T) {
	_, c := newClient(t, Options{})
	const workers, each = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				body := fmt.Sprintf(`{"name":"w%d-%d","resource":"InboundCall",`+
					`"callback":"http://cb","events":["Finished"]}`, w, i)
				if err := roundTrip(c, "POST", "/v2/webhooks", body, 201); err != nil {
					errs <- err
					continue
				}
				if err := roundTrip(c, "GET", "/v2/webhooks?name="+
					fmt.Sprintf("w%d-%d", w, i), "", 200); err != nil {
					errs <- err
				}
				c.ts.Webhooks()
				c.ts.Stats()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	hooks := c.ts.Webhooks()
	seen := map[int64]bool{}
	for _, w := range hooks {
		seen[w.ID] = true
	}
	if len(hooks) != workers*each || len(seen) != workers*each {
		t.Errorf("%d webhooks with %d distinct ids, want %d", len(hooks), len(seen),
			workers*each)
	}
}

// roundTrip is safe to call from many goroutines (it does not touch testing.T).
func roundTrip(c *client, method, path, body string, want int) error {
	req, err := http.NewRequest(method, c.ts.URL+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.SetBasicAuth(c.user, c.pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var v any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d", method, path, resp.StatusCode)
	}
	return nil
}
