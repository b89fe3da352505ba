package mockcallfire

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// benchServe sends one request straight to the handler, without a network in between.
func benchServe(b *testing.B, s *Server, method, path, contentType, body string, want int) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.SetBasicAuth(s.Username(), s.Password())
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: status %d, body %s", method, path, rec.Code, rec.Body)
	}
}

// resetEvery clears the request log every so often, as the benchmark harness does, so
// the measurement is of the handler and not of an ever-growing slice.
func resetEvery(s *Server, i int) {
	if i%4096 == 0 {
		s.ResetRequests()
	}
}

func BenchmarkCreateWebhook(b *testing.B) {
	s := New(Options{})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		resetEvery(s, i)
		benchServe(b, s, "POST", "/v2/webhooks", "application/json", textBroadcastHook, 201)
	}
}

func BenchmarkGetWebhook(b *testing.B) {
	s := New(Options{})
	id := s.PutWebhook(Webhook{Name: "n", Resource: "InboundCall", Events: []string{"Finished"},
		Callback: "http://cb"})
	path := fmt.Sprint("/v2/webhooks/", id)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		resetEvery(s, i)
		benchServe(b, s, "GET", path, "", "", 200)
	}
}

func BenchmarkFindWebhooks500(b *testing.B) {
	s := New(Options{})
	for i := range 500 {
		s.PutWebhook(Webhook{Name: fmt.Sprint("hook-", i), Resource: "InboundCall",
			Events: []string{"Finished"}, Callback: "http://cb"})
	}
	for _, q := range []string{"name=hook-250", "limit=100&offset=200"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				resetEvery(s, i)
				benchServe(b, s, "GET", "/v2/webhooks?"+q, "", "", 200)
			}
		})
	}
}

func BenchmarkCreateSubscription(b *testing.B) {
	s := New(Options{})
	form := url.Values{"Endpoint": {"https://example.test/n"}, "TriggerEvent": {"CAMPAIGN_STARTED"},
		"BroadcastId": {"12"}, "ToNumber": {"67076:KEYWORD"}}.Encode()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		resetEvery(s, i)
		benchServe(b, s, "POST", "/api/1.1/rest/subscription.json",
			"application/x-www-form-urlencoded", form, http.StatusCreated)
	}
}

func BenchmarkGetSubscription(b *testing.B) {
	s := New(Options{})
	batch := int64(5)
	id := s.PutSubscription(Subscription{Endpoint: "http://e", TriggerEvent: "CAMPAIGN_STARTED",
		BatchID: &batch})
	path := fmt.Sprintf("/api/1.1/rest/subscription/%d.json", id)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		resetEvery(s, i)
		benchServe(b, s, "GET", path, "", "", 200)
	}
}
