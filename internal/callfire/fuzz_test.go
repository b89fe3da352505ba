package callfire

import (
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Each decoder of a CallFire answer must never panic on any input, and whatever it accepts
// must satisfy the invariants the callers rely on (ids positive, encodings round-trip).

func FuzzDecodeWebhook(f *testing.F) {
	f.Add([]byte(`{"id":4321,"enabled":false,"name":"API hook","resource":"TextBroadcast",` +
		`"callback":"http://webhook.receiver.xyz/endpoint","createdAt":1443408255000,` +
		`"updatedAt":1443408255000,"events":["Started","Stopped"],"singleUse":false}`))
	f.Add([]byte(`{"id":1,"events":null,"fields":"id,name","secret":"s","nonStrictSsl":true}`))
	f.Add([]byte(`{"id":"1"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"id":1e3}`))
	f.Add([]byte(`{"id":9223372036854775808}`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		w, err := decodeWebhook(body)
		if err != nil {
			return
		}
		if w.ID <= 0 {
			t.Fatalf("accepted id %d", w.ID)
		}
		// What was read and then sent back must read the same (timestamps are not sent).
		enc, err := encodeWebhook(&w)
		if err != nil {
			if !utf8.ValidString(w.Name + w.Callback + w.Resource + w.Fields + w.Secret) {
				return
			}
			t.Fatalf("encode: %v", err)
		}
		back, err := decodeWebhook(enc)
		if err != nil {
			t.Fatalf("re-decode %s: %v", enc, err)
		}
		w.CreatedAt, w.UpdatedAt = 0, 0
		if w.Events == nil {
			w.Events = []string{}
		}
		if !reflect.DeepEqual(normalizeUTF8(w), normalizeUTF8(back)) {
			t.Fatalf("round trip changed\n%+v\n%+v", w, back)
		}
	})
}

// normalizeUTF8 accounts for encoding/json replacing invalid UTF-8 with U+FFFD.
func normalizeUTF8(w Webhook) Webhook {
	fix := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	w.Name, w.Resource, w.Callback = fix(w.Name), fix(w.Resource), fix(w.Callback)
	w.Fields, w.Secret = fix(w.Fields), fix(w.Secret)
	events := make([]string, len(w.Events))
	for i, e := range w.Events {
		events[i] = fix(e)
	}
	w.Events = events
	return w
}

func FuzzDecodeWebhookPage(f *testing.F) {
	f.Add([]byte(`{"items":[{"id":1,"name":"a"},{"id":2}],"limit":100,"offset":0,"totalCount":2}`))
	f.Add([]byte(`{"items":[],"totalCount":-1}`))
	f.Add([]byte(`{"items":null}`))
	f.Add([]byte(`{"items":[null]}`))
	f.Add([]byte(`{"items":{"id":1}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		prior := []Webhook{{ID: 99}}
		out, info, err := decodeWebhookPage(body, prior)
		if err != nil {
			return
		}
		if info.TotalCount < -1 || info.Items != len(out)-1 || out[0].ID != 99 {
			t.Fatalf("info %+v with %d webhooks", info, len(out))
		}
	})
}

func FuzzDecodeWebhookResources(f *testing.F) {
	f.Add([]byte(`{"items":[{"resource":"CallBroadcast","supportedEvents":["Started","Stopped",` +
		`"Finished"]},{"resource":"ContactList","supportedEvents":["ValidationFinished"]}]}`))
	f.Add([]byte(`{"items":[{"resource":"textCampaign","events":["start"]}],"limit":1}`))
	f.Add([]byte(`{"items":[{}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		out, err := decodeWebhookResources(body)
		if err != nil {
			return
		}
		for _, r := range out {
			if r.Resource == "" {
				t.Fatal("accepted a resource without a name")
			}
		}
	})
}

func FuzzDecodeWebhookResource(f *testing.F) {
	f.Add([]byte(`{"resource":"CallBroadcast","supportedEvents":["Started"]}`))
	f.Add([]byte(`{"resource":"OutboundTextDeliveryReport"}`))
	f.Add([]byte(`{"resource":1}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := decodeWebhookResource(body)
		if err == nil && r.Resource == "" {
			t.Fatal("accepted a resource without a name")
		}
	})
}

func FuzzDecodeID(f *testing.F) {
	f.Add([]byte(`{"id":4321}`))
	f.Add([]byte(`{"id":"11646003"}`))
	f.Add([]byte(`{"id":0}`))
	f.Add([]byte(`{"id":-5}`))
	f.Add([]byte(`{"id":null}`))
	f.Add([]byte(`{"id":"x"}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		id, err := decodeID(body)
		if err != nil {
			return
		}
		if id <= 0 {
			t.Fatalf("accepted id %d", id)
		}
		if back, err := decodeID([]byte(`{"id":` + strconv.FormatInt(id, 10) + `}`)); err != nil ||
			back != id {
			t.Fatalf("round trip of %d gave %d, %v", id, back, err)
		}
	})
}

func FuzzDecodeV2Error(f *testing.F) {
	f.Add([]byte(`{"httpStatusCode":404,"internalCode":0,"message":"Not found",` +
		`"developerMessage":"dev","helpLink":"https://callfire.com"}`))
	f.Add([]byte(`{"internalCode":"E1"}`))
	f.Add([]byte(`{"message":5}`))
	f.Add([]byte(`{"message":{"nested":true}}`))
	f.Add([]byte(`<html><body>Bad Gateway</body></html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, ok := decodeV2Error(body)
		if !ok && e != (errorBody{}) {
			t.Fatalf("rejected body left %+v", e)
		}
		checkSanitized(t, body)
	})
}

func FuzzDecodeV1Error(f *testing.F) {
	f.Add([]byte(`{"ResourceException":{"HttpStatus":400,"Message":"TriggerEvent is required"}}`))
	f.Add([]byte(`{"ResourceException":{"HttpStatus":"404","Message":"Not Found"}}`))
	f.Add([]byte(`{"ResourceException":null}`))
	f.Add([]byte(`{"ResourceException":{}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, ok := decodeV1Error(body)
		if ok && (e.DeveloperMessage != "" || e.InternalCode != "") {
			t.Fatalf("v1.1 error carried v2 fields: %+v", e)
		}
		checkSanitized(t, body)
	})
}

// checkSanitized checks the excerpt made of any body: bounded, no control characters and
// no secret, even one split by control characters.
func checkSanitized(t *testing.T, body []byte) {
	t.Helper()
	const secret = "hunter2"
	out := sanitize(append([]byte(secret+"\x00"), body...), excerptMax, []string{secret})
	if utf8.RuneCountInString(out) > excerptMax+1 {
		t.Fatalf("excerpt has %d runes", utf8.RuneCountInString(out))
	}
	if strings.Contains(out, secret) {
		t.Fatalf("excerpt %q shows the secret", out)
	}
	for _, r := range out {
		if r < 0x20 || r == 0x7f {
			t.Fatalf("excerpt %q has a control character", out)
		}
	}
}

func FuzzDecodeResourceReference(f *testing.F) {
	f.Add([]byte(`{"ResourceReference":{"Id":609951003,` +
		`"Location":"https://www.callfire.com/api/1.1/rest/subscription/609951003"}}`))
	f.Add([]byte(`{"ResourceReference":{"Id":"609951003"}}`))
	f.Add([]byte(`{"ResourceReference":{}}`))
	f.Add([]byte(`{"Id":5}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		id, err := decodeResourceReference(body)
		if err == nil && id <= 0 {
			t.Fatalf("accepted id %d", id)
		}
	})
}

func FuzzDecodeSubscriptionResource(f *testing.F) {
	f.Add([]byte(`{"Resource":{"Subscription":{"@id":567040003,"Endpoint":` +
		`"http://endpoint.com/receiver","Enabled":false,"NonStrictSsl":false,` +
		`"NotificationFormat":"EMAIL","TriggerEvent":"INBOUND_TEXT_FINISHED",` +
		`"SubscriptionFilter":{"BroadcastId":567040003,"BatchId":567040003,` +
		`"FromNumber":"1234567890","ToNumber":"67076:KEYWORD"}}}}`))
	f.Add([]byte(`{"Resource":{"Subscription":[{"@id":"5","Enabled":"true"}]}}`))
	f.Add([]byte(`{"Resource":{"Subscription":{"@id":5,"SubscriptionFilter":{` +
		`"FromNumber":12135551100,"ToNumber":["12135551101","67076:KW"]}}}}`))
	f.Add([]byte(`{"Resource":{}}`))
	f.Add([]byte(`{"Resource":{"Subscription":"x"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := decodeSubscriptionResource(body)
		if err != nil {
			return
		}
		if s.ID <= 0 {
			t.Fatalf("accepted id %d", s.ID)
		}
		checkSubscriptionFormRoundTrip(t, s)
	})
}

// checkSubscriptionFormRoundTrip sends a decoded subscription back as an update form and
// parses that form the way CallFire would: every field must survive, and the filter fields
// that are unset must be there as empty values (the clearing convention).
func checkSubscriptionFormRoundTrip(t *testing.T, s Subscription) {
	t.Helper()
	if s.Filter != nil && s.Filter.empty() {
		t.Fatal("an empty filter was kept instead of nil")
	}
	form, err := url.ParseQuery(encodeSubscriptionForm(&s, "", true))
	if err != nil {
		t.Fatalf("form does not parse: %v", err)
	}
	want := map[string]string{
		"Enabled": strconv.FormatBool(s.Enabled), "NonStrictSsl": strconv.FormatBool(s.NonStrictSsl),
		"BroadcastId": "", "BatchId": "", "FromNumber": "", "ToNumber": "",
	}
	if s.Endpoint != "" {
		want["Endpoint"] = s.Endpoint
	}
	if s.NotificationFormat != "" {
		want["NotificationFormat"] = s.NotificationFormat
	}
	if s.TriggerEvent != "" {
		want["TriggerEvent"] = s.TriggerEvent
	}
	if f := s.Filter; f != nil {
		if f.BroadcastID != nil {
			want["BroadcastId"] = strconv.FormatInt(*f.BroadcastID, 10)
		}
		if f.BatchID != nil {
			want["BatchId"] = strconv.FormatInt(*f.BatchID, 10)
		}
		want["FromNumber"], want["ToNumber"] = f.FromNumber, f.ToNumber
	}
	if len(form) != len(want) {
		t.Fatalf("form %v, want %v", form, want)
	}
	for k, v := range want {
		if got := form[k]; len(got) != 1 || got[0] != v {
			t.Fatalf("form %s = %q, want %q", k, got, v)
		}
	}
}

func FuzzDecodeSubscriptionList(f *testing.F) {
	f.Add([]byte(`{"ResourceList":{"@totalResults":2,"Subscription":[{"@id":1,` +
		`"TriggerEvent":"CAMPAIGN_STARTED"},{"@id":2,"Endpoint":"mailto:a@b.c"}]}}`))
	f.Add([]byte(`{"ResourceList":{"@totalResults":0}}`))
	f.Add([]byte(`{"ResourceList":{"@totalResults":"1","Subscription":{"@id":1}}}`))
	f.Add([]byte(`{"ResourceList":{"Subscription":[null,{}]}}`))
	f.Add([]byte(`{"ResourceList":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		prior := []Subscription{{ID: 42}}
		out, total, n, err := decodeSubscriptionList(body, prior)
		if err != nil {
			if len(out) != 1 {
				t.Fatalf("a failed decode left %d items", len(out))
			}
			return
		}
		if total < -1 || n != len(out)-1 || out[0].ID != 42 {
			t.Fatalf("total %d, n %d, %d items", total, n, len(out))
		}
		for _, s := range out[1:] {
			checkSubscriptionFormRoundTrip(t, s)
		}
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	f.Add("0")
	f.Add("120")
	f.Add("  7 ")
	f.Add("-1")
	f.Add("1.5")
	f.Add("99999999999999999999999")
	f.Add("Sun, 01 Jun 2025 12:00:30 GMT")
	f.Add("Sunday, 01-Jun-25 12:00:30 GMT")
	f.Add("Sun Jun  1 12:00:30 2025")
	f.Add("Sat, 01 Jan 2000 00:00:00 GMT")
	f.Add("soon")
	f.Fuzz(func(t *testing.T, value string) {
		d, ok := parseRetryAfter(value, now)
		if !ok {
			if d != 0 {
				t.Fatalf("rejected %q but returned %s", value, d)
			}
			return
		}
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("%q gave %s", value, d)
		}
		if secs, err := strconv.Atoi(strings.TrimSpace(value)); err == nil && secs >= 0 &&
			secs < int(maxRetryAfter/time.Second) && d != time.Duration(secs)*time.Second {
			t.Fatalf("%q gave %s", value, d)
		}
	})
}

func TestParseRetryAfter_Examples(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true},
		{"Sun, 01 Jun 2025 12:00:30 GMT", 30 * time.Second, true},
		{"Sat, 01 Jan 2000 00:00:00 GMT", 0, true},
		{"99999999999999999999", maxRetryAfter, true},
		{"-1", 0, false},
		{"", 0, false},
		{"later", 0, false},
	}
	for _, tc := range cases {
		d, ok := parseRetryAfter(tc.in, now)
		if d != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, d, ok, tc.want, tc.ok)
		}
	}
}

func TestDecodeSubscription_Fixture(t *testing.T) {
	t.Parallel()
	s, err := decodeSubscriptionResource([]byte(`{"Resource":{"Subscription":{"@id":567040003,` +
		`"Endpoint":"http://endpoint.com/receiver","Enabled":false,"NonStrictSsl":true,` +
		`"NotificationFormat":"EMAIL","TriggerEvent":"INBOUND_TEXT_FINISHED",` +
		`"SubscriptionFilter":{"BroadcastId":"567040004","BatchId":567040005,` +
		`"FromNumber":12345678901,"ToNumber":["67076:KEYWORD","12135551100"]}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Subscription{
		ID: 567040003, Endpoint: "http://endpoint.com/receiver", NonStrictSsl: true,
		NotificationFormat: "EMAIL", TriggerEvent: "INBOUND_TEXT_FINISHED",
		Filter: &SubscriptionFilter{BroadcastID: ptr(int64(567040004)),
			BatchID: ptr(int64(567040005)), FromNumber: "12345678901",
			ToNumber: "67076:KEYWORD 12135551100"},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got %+v %+v\nwant %+v %+v", s, s.Filter, want, want.Filter)
	}
	if _, err := decodeSubscriptionResource([]byte(`{"Resource":{}}`)); err == nil {
		t.Error("a Resource without a Subscription was accepted")
	}
}

func TestEncodeWebhook_AlwaysSendsBooleans(t *testing.T) {
	t.Parallel()
	body, err := encodeWebhook(&Webhook{Name: "n"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"n","resource":"","events":[],"callback":"","enabled":false,` +
		`"singleUse":false,"nonStrictSsl":false}`
	if string(body) != want {
		t.Errorf("got  %s\nwant %s", body, want)
	}
}
