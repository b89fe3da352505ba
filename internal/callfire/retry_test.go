package callfire

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

func asAPIError(err error, target **APIError) bool { return errors.As(err, target) }

func seedWebhook(ts *mockcallfire.TestServer) int64 {
	return ts.PutWebhook(mockcallfire.Webhook{
		Name: "seed", Resource: "CallBroadcast", Events: []string{"Started"},
		Callback: "https://example.com/cb",
	})
}

func TestRetry_BurstShorterThanBudgetSucceeds(t *testing.T) {
	t.Parallel()
	for _, status := range []int{502, 503, 504} {
		ts := newMock(t)
		c := mockClient(t, ts)
		id := seedWebhook(ts)
		ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/v2/webhooks/*", Status: status,
			Times: 3})
		if _, err := c.GetWebhook(context.Background(), id); err != nil {
			t.Errorf("%d burst of 3 with 3 retries: %v", status, err)
		}
		if ts.RequestCount() != 4 {
			t.Errorf("%d: %d requests, want 4", status, ts.RequestCount())
		}
	}
}

func TestRetry_BurstLongerThanBudgetNamesStatusAndAttempts(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	id := seedWebhook(ts)
	ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/v2/webhooks/*", Status: 503,
		Times: 10})
	_, err := c.GetWebhook(context.Background(), id)
	var apiErr *APIError
	if !asAPIError(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if apiErr.StatusCode != 503 || apiErr.Attempts != 4 || ts.RequestCount() != 4 {
		t.Errorf("status %d attempts %d requests %d", apiErr.StatusCode, apiErr.Attempts,
			ts.RequestCount())
	}
	msg := err.Error()
	if !strings.Contains(msg, "503") || !strings.Contains(msg, "4 attempts") {
		t.Errorf("message %q lacks the status or the attempts", msg)
	}
}

func TestRetry_429HonoursRetryAfter(t *testing.T) {
	t.Parallel()
	h := &scripted{answers: []answer{
		{status: 429, header: map[string]string{"Retry-After": "1"}},
		{status: 200, body: `{"id":7,"name":"x"}`},
	}}
	// RetryWaitMax is above the Retry-After so the header, not the cap, sets the wait.
	c, _ := handlerClient(t, h, func(cfg *Config) { cfg.RetryWaitMax = 3 * time.Second })
	start := time.Now()
	if _, err := c.GetWebhook(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond || waited > 2500*time.Millisecond {
		t.Errorf("waited %s, want about the 1s of Retry-After", waited)
	}
}

func TestRetry_RetryAfterCappedAtWaitMax(t *testing.T) {
	t.Parallel()
	h := &scripted{answers: []answer{
		{status: 429, header: map[string]string{"Retry-After": "3600"}},
		{status: 200, body: `{"id":7}`},
	}}
	c, _ := handlerClient(t, h)
	start := time.Now()
	if _, err := c.GetWebhook(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("waited %s; Retry-After must be capped at RetryWaitMax (5ms)", waited)
	}
}

func TestRetry_PostIsRetriedOn429Only(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	ts.AddFault(mockcallfire.Fault{Method: "POST", Path: "/v2/webhooks", Status: 429,
		RetryAfter: "0", Times: 2})
	id, err := c.CreateWebhook(context.Background(), Webhook{
		Name: "n", Resource: "CallBroadcast", Events: []string{"Started"},
		Callback: "https://example.com/x",
	})
	if err != nil || id == 0 {
		t.Fatalf("CreateWebhook after 429s: %d, %v", id, err)
	}
	if ts.RequestCount() != 3 || len(ts.Webhooks()) != 1 {
		t.Errorf("%d requests, %d webhooks", ts.RequestCount(), len(ts.Webhooks()))
	}
}

func TestRetry_Post503IsAmbiguousAndNotRetried(t *testing.T) {
	t.Parallel()
	for _, fault := range []mockcallfire.Fault{
		{Status: 503},
		{Status: 500},
		{Status: 502, AfterProcessing: true},
		{Drop: true, AfterProcessing: true},
		{Body: "{garbage", AfterProcessing: true},
	} {
		ts := newMock(t)
		c := mockClient(t, ts)
		fault.Method, fault.Path = "POST", "/v2/webhooks"
		ts.AddFault(fault)
		_, err := c.CreateWebhook(context.Background(), Webhook{
			Name: "n", Resource: "CallBroadcast", Events: []string{"Started"},
			Callback: "https://example.com/x",
		})
		if !IsAmbiguous(err) {
			t.Errorf("fault %+v: err %v is not ambiguous", fault, err)
		}
		if ts.RequestCount() != 1 {
			t.Errorf("fault %+v: %d requests, want exactly 1", fault, ts.RequestCount())
		}
		if err != nil && !strings.Contains(err.Error(), "may have carried out") {
			t.Errorf("message %q does not warn that the create may have happened", err)
		}
	}
}

func TestRetry_PostRetriedWhenConnectionNeverEstablished(t *testing.T) {
	t.Parallel()
	// A port that was just free: connecting is refused, so nothing reached a server.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cfg := fastConfig()
	cfg.V2BaseURL = "http://" + addr + "/v2"
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateWebhook(context.Background(), Webhook{Name: "n"})
	var apiErr *APIError
	if !asAPIError(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if apiErr.Attempts != 4 || apiErr.Ambiguous || apiErr.StatusCode != 0 {
		t.Errorf("attempts %d ambiguous %v status %d: %v", apiErr.Attempts, apiErr.Ambiguous,
			apiErr.StatusCode, err)
	}
}

func TestRetry_NotRetried(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 500} {
		ts := newMock(t)
		c := mockClient(t, ts)
		id := seedWebhook(ts)
		ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/v2/webhooks/*", Status: status})
		_, err := c.GetWebhook(context.Background(), id)
		var apiErr *APIError
		if !asAPIError(err, &apiErr) || apiErr.StatusCode != status || apiErr.Ambiguous {
			t.Errorf("%d: err = %v", status, err)
		}
		if ts.RequestCount() != 1 {
			t.Errorf("%d was retried: %d requests", status, ts.RequestCount())
		}
	}
}

func TestRetry_DroppedConnectionOnIdempotentMethods(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	id := seedWebhook(ts)
	ctx := context.Background()

	ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/v2/webhooks/*", Drop: true, Times: 2})
	if _, err := c.GetWebhook(ctx, id); err != nil {
		t.Errorf("GET after drops: %v", err)
	}
	ts.AddFault(mockcallfire.Fault{Method: "PUT", Path: "/v2/webhooks/*", Drop: true,
		AfterProcessing: true})
	w, _ := ts.Webhook(id)
	if err := c.UpdateWebhook(ctx, Webhook{ID: id, Name: "renamed", Resource: w.Resource,
		Events: w.Events, Callback: w.Callback}); err != nil {
		t.Errorf("PUT after a drop: %v", err)
	}
	ts.AddFault(mockcallfire.Fault{Method: "DELETE", Path: "/v2/webhooks/*", Drop: true})
	if err := c.DeleteWebhook(ctx, id); err != nil {
		t.Errorf("DELETE after a drop: %v", err)
	}
	if ts.PendingFaults() != 0 {
		t.Errorf("%d faults never hit", ts.PendingFaults())
	}
	if _, ok := ts.Webhook(id); ok {
		t.Error("webhook still stored after the retried delete")
	}
}

func TestCancellation_ReturnsPromptly(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts, func(cfg *Config) { cfg.RequestTimeout = time.Minute })
	id := seedWebhook(ts)
	ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/v2/webhooks/*", Delay: 30 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.GetWebhook(ctx, id)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("cancellation took %s", elapsed)
	}
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("err = %v", err)
	}
}

func TestCancellation_DuringBackoff(t *testing.T) {
	t.Parallel()
	h := &scripted{answers: []answer{{status: 503}, {status: 503}}}
	c, _ := handlerClient(t, h, func(cfg *Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = 30*time.Second, 30*time.Second
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.GetWebhook(ctx, 1)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("cancellation took %s", elapsed)
	}
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("err = %v", err)
	}
}

func TestPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts, func(cfg *Config) { cfg.RequestTimeout = 200 * time.Millisecond })
	id := seedWebhook(ts)
	// The first attempt hangs; the timeout ends it and the retry gets through.
	ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/v2/webhooks/*", Delay: 10 * time.Second})
	start := time.Now()
	if _, err := c.GetWebhook(context.Background(), id); err != nil {
		t.Fatalf("GetWebhook: %v", err)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("took %s", elapsed)
	}
	if ts.RequestCount() != 2 {
		t.Errorf("%d requests, want 2", ts.RequestCount())
	}

	// Every attempt hangs: the error names the timeout that ran out.
	ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/v2/webhooks/*", Delay: 10 * time.Second,
		Times: 10})
	_, err := c.GetWebhook(context.Background(), id)
	if err == nil || !strings.Contains(err.Error(), "did not answer within the request timeout of 200ms") {
		t.Errorf("all attempts timed out: %v", err)
	}
	ts.ClearFaults()

	// A POST that times out may have been processed: ambiguous, not repeated.
	ts.ResetRequests()
	ts.AddFault(mockcallfire.Fault{Method: "POST", Path: "/v2/webhooks", Delay: 10 * time.Second,
		AfterProcessing: true})
	_, err = c.CreateWebhook(context.Background(), Webhook{Name: "t", Resource: "CallBroadcast",
		Events: []string{"Started"}, Callback: "https://example.com/t"})
	if !IsAmbiguous(err) || ts.RequestCount() != 1 {
		t.Errorf("timed-out POST: %v after %d requests", err, ts.RequestCount())
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	h := &scripted{answers: []answer{{status: http.StatusFound,
		header: map[string]string{"Location": "https://elsewhere.example/"}}}}
	c, _ := handlerClient(t, h)
	_, err := c.GetWebhook(context.Background(), 1)
	var apiErr *APIError
	if !asAPIError(err, &apiErr) || apiErr.StatusCode != http.StatusFound || h.count() != 1 {
		t.Errorf("err = %v after %d requests", err, h.count())
	}
}

func TestBackoffWait(t *testing.T) {
	t.Parallel()
	lo, hi := 100*time.Millisecond, 2*time.Second
	for attempt := range 10 {
		d := backoffWait(lo, hi, attempt, nil, time.Now())
		if d < lo || d > hi {
			t.Errorf("attempt %d: wait %s outside [%s, %s]", attempt, d, lo, hi)
		}
	}
	resp := &http.Response{StatusCode: 429, Header: http.Header{}}
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	resp.Header.Set("Retry-After", now.Add(time.Second).Format(http.TimeFormat))
	if d := backoffWait(lo, hi, 0, resp, now); d != time.Second {
		t.Errorf("HTTP-date Retry-After gave %s, want 1s", d)
	}
	resp.Header.Set("Retry-After", "120")
	if d := backoffWait(lo, hi, 0, resp, now); d != hi {
		t.Errorf("Retry-After 120 gave %s, want the cap %s", d, hi)
	}
}
