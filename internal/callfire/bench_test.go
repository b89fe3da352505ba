package callfire

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

func benchWebhook() Webhook {
	return Webhook{
		ID: 11646003, Name: "API hook", Resource: "TextBroadcast",
		Events: []string{"Started", "Stopped", "Finished"}, Callback: "https://hooks.example.com/cf",
		Enabled: true, Fields: "id,name,status", Secret: "s3cr3t",
	}
}

const benchWebhookJSON = `{"id":11646003,"enabled":true,"name":"API hook","resource":` +
	`"TextBroadcast","callback":"https://hooks.example.com/cf","createdAt":1443408255000,` +
	`"updatedAt":1443408255000,"events":["Started","Stopped","Finished"],"singleUse":false,` +
	`"nonStrictSsl":false,"fields":"id,name,status"}`

func BenchmarkEncodeWebhook(b *testing.B) {
	w := benchWebhook()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encodeWebhook(&w); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeWebhook(b *testing.B) {
	body := []byte(benchWebhookJSON)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := decodeWebhook(body); err != nil {
			b.Fatal(err)
		}
	}
}

func webhookPageJSON(n int) []byte {
	items := make([]json.RawMessage, n)
	for i := range items {
		items[i] = json.RawMessage(benchWebhookJSON)
	}
	body, _ := json.Marshal(map[string]any{
		"items": items, "limit": n, "offset": 0, "totalCount": n,
	})
	return body
}

func BenchmarkDecodeWebhookPage100(b *testing.B) {
	body := webhookPageJSON(100)
	dst := make([]Webhook, 0, 100)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		out, _, err := decodeWebhookPage(body, dst[:0])
		if err != nil || len(out) != 100 {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeSubscriptionForm(b *testing.B) {
	s := Subscription{
		Enabled: true, Endpoint: "https://hooks.example.com/v1?token=abc",
		NotificationFormat: "JSON", TriggerEvent: "OUTBOUND_TEXT_FINISHED",
		Filter: &SubscriptionFilter{BroadcastID: ptr(int64(567040003)), FromNumber: "12135551100"},
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = encodeSubscriptionForm(&s, "tf-0123456789abcdef", true)
	}
}

func BenchmarkDecodeSubscription(b *testing.B) {
	body := []byte(`{"Resource":{"Subscription":{"@id":567040003,"Endpoint":` +
		`"http://endpoint.com/receiver","Enabled":false,"NonStrictSsl":false,` +
		`"NotificationFormat":"EMAIL","TriggerEvent":"INBOUND_TEXT_FINISHED",` +
		`"SubscriptionFilter":{"BroadcastId":567040003,"BatchId":567040003,` +
		`"FromNumber":"1234567890","ToNumber":"67076:KEYWORD"}}}}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := decodeSubscriptionResource(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetWebhookRoundTrip measures one GetWebhook against an in-process server over
// a reused keep-alive connection: the client's own overhead plus loopback HTTP.
func BenchmarkGetWebhookRoundTrip(b *testing.B) {
	body := []byte(benchWebhookJSON)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	cfg := fastConfig()
	cfg.V2BaseURL = srv.URL + "/v2"
	c, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetWebhook(ctx, 11646003); err != nil {
			b.Fatal(err)
		}
	}
}
