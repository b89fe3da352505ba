package mockcallfire

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func subscriptionForm(kv ...string) url.Values {
	form := url.Values{"Endpoint": {"https://example.test/notify"},
		"TriggerEvent": {"CAMPAIGN_FINISHED"}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	return form
}

func (c *client) createSubscription(form url.Values) (int64, string) {
	c.t.Helper()
	r := c.v1("POST", "/subscription.json", form)
	wantStatus(c.t, r, http.StatusCreated)
	var ref struct {
		ResourceReference struct {
			Id       int64
			Location string
		}
	}
	decodeJSON(c.t, r.body, &ref)
	return ref.ResourceReference.Id, ref.ResourceReference.Location
}

func TestSubscriptionLifecycle(t *testing.T) {
	_, c := newClient(t, Options{})
	id, loc := c.createSubscription(subscriptionForm("Enabled", "true",
		"NotificationFormat", "JSON", "BroadcastId", "12", "BatchId", "34",
		"FromNumber", "12135551100", "ToNumber", "67076:KEYWORD", "NonStrictSsl", "true"))
	if id != 609951003 || loc != c.ts.URL+"/api/1.1/rest/subscription/609951003" {
		t.Errorf("reference id %d location %q", id, loc)
	}
	path := fmt.Sprintf("/subscription/%d.json", id)

	r := c.v1("GET", path, nil)
	wantStatus(t, r, http.StatusOK)
	want := `{"Resource":{"Subscription":{"@id":609951003,"Enabled":true,"NonStrictSsl":true,` +
		`"Endpoint":"https://example.test/notify","NotificationFormat":"JSON",` +
		`"TriggerEvent":"CAMPAIGN_FINISHED","SubscriptionFilter":{"BroadcastId":12,` +
		`"BatchId":34,"FromNumber":"12135551100","ToNumber":"67076:KEYWORD"}}}}`
	if string(r.body) != want {
		t.Errorf("GET\n got %s\nwant %s", r.body, want)
	}

	// A full replace: BroadcastId empty clears it, absent filter fields and flags clear,
	// an absent format falls back to XML.
	r = c.v1("PUT", path, subscriptionForm("BroadcastId", "", "TriggerEvent",
		"INBOUND_TEXT_FINISHED"))
	wantStatus(t, r, http.StatusOK)
	if len(r.body) != 0 {
		t.Errorf("PUT body %q", r.body)
	}
	r = c.v1("GET", path, nil)
	want = `{"Resource":{"Subscription":{"@id":609951003,"Enabled":false,"NonStrictSsl":false,` +
		`"Endpoint":"https://example.test/notify","NotificationFormat":"XML",` +
		`"TriggerEvent":"INBOUND_TEXT_FINISHED"}}}`
	if string(r.body) != want {
		t.Errorf("GET after PUT\n got %s\nwant %s", r.body, want)
	}

	wantStatus(t, c.v1("DELETE", path, nil), http.StatusOK)
	r = c.v1("GET", path, nil)
	wantStatus(t, r, http.StatusNotFound)
	if string(r.body) != `{"ResourceException":{"HttpStatus":404,"Message":"Not Found"}}` {
		t.Errorf("404 body %s", r.body)
	}
	wantStatus(t, c.v1("DELETE", path, nil), http.StatusNotFound)
	wantStatus(t, c.v1("PUT", path, subscriptionForm()), http.StatusNotFound)
}

func TestSubscriptionQuery(t *testing.T) {
	_, c := newClient(t, Options{})
	r := c.v1("GET", "/subscription.json", nil)
	if string(r.body) != `{"ResourceList":{"@totalResults":0}}` {
		t.Errorf("empty query %s", r.body)
	}
	var ids []int64
	for range 5 {
		id, _ := c.createSubscription(subscriptionForm())
		ids = append(ids, id)
	}
	var list struct {
		ResourceList struct {
			Total        int `json:"@totalResults"`
			Subscription []struct {
				ID int64 `json:"@id"`
			}
		}
	}
	r = c.v1("GET", "/subscription.json?FirstResult=1&MaxResults=2", nil)
	wantStatus(t, r, http.StatusOK)
	decodeJSON(t, r.body, &list)
	if list.ResourceList.Total != 5 || len(list.ResourceList.Subscription) != 2 ||
		list.ResourceList.Subscription[0].ID != ids[1] {
		t.Errorf("page: %s", r.body)
	}
	r = c.v1("GET", "/subscription.json?FirstResult=5", nil)
	if string(r.body) != `{"ResourceList":{"@totalResults":5}}` {
		t.Errorf("page past the end %s", r.body)
	}
	wantStatus(t, c.v1("GET", "/subscription.json?MaxResults=1001", nil), http.StatusBadRequest)
	wantStatus(t, c.v1("GET", "/subscription.json?FirstResult=x", nil), http.StatusBadRequest)
}

func TestSubscriptionRequestID(t *testing.T) {
	_, c := newClient(t, Options{})
	first, _ := c.createSubscription(subscriptionForm("RequestId", "req-1"))
	again, _ := c.createSubscription(subscriptionForm("RequestId", "req-1", "Enabled", "true"))
	other, _ := c.createSubscription(subscriptionForm("RequestId", "req-2"))
	if again != first || other == first {
		t.Errorf("ids: first %d repeat %d other %d", first, again, other)
	}
	if n := len(c.ts.Subscriptions()); n != 2 {
		t.Errorf("%d subscriptions stored, want 2", n)
	}
	c.ts.DeleteSubscription(first)
	if fresh, _ := c.createSubscription(subscriptionForm("RequestId", "req-1")); fresh == first {
		t.Error("a RequestId of a deleted subscription returned the deleted id")
	}
}

func TestSubscriptionValidation(t *testing.T) {
	_, c := newClient(t, Options{})
	id, _ := c.createSubscription(subscriptionForm())
	cases := []struct {
		name    string
		form    url.Values
		message string
	}{
		{"missing TriggerEvent", url.Values{"Endpoint": {"http://e"}}, "TriggerEvent is required"},
		{"missing Endpoint", url.Values{"TriggerEvent": {"CAMPAIGN_STARTED"}},
			"Endpoint is required"},
		{"unknown TriggerEvent", subscriptionForm("TriggerEvent", "CAMPAIGN_PAUSED"),
			"TriggerEvent [CAMPAIGN_PAUSED] is not supported"},
		{"UNDEFINED_EVENT", subscriptionForm("TriggerEvent", "UNDEFINED_EVENT"),
			"is not supported"},
		{"unknown format", subscriptionForm("NotificationFormat", "YAML"),
			"NotificationFormat [YAML] is not supported"},
		{"LEGACY format", subscriptionForm("NotificationFormat", "LEGACY"), "deprecated"},
		{"BroadcastId", subscriptionForm("BroadcastId", "abc"), "BroadcastId must be"},
		{"BatchId", subscriptionForm("BatchId", "1.5"), "BatchId must be"},
		{"Enabled", subscriptionForm("Enabled", "yes"), "Enabled must be true or false"},
		{"FromNumber 10 digits", subscriptionForm("FromNumber", "1234567890"),
			"FromNumber [1234567890] is not a valid"},
		{"FromNumber letters", subscriptionForm("FromNumber", "1213555110x"), "FromNumber"},
		{"ToNumber keyword without code", subscriptionForm("ToNumber", "KEYWORD"), "ToNumber"},
		{"ToNumber long code", subscriptionForm("ToNumber", "1234567:KW"), "ToNumber"},
		{"ToNumber empty keyword", subscriptionForm("ToNumber", "67076:"), "ToNumber"},
	}
	for _, tc := range cases {
		for _, method := range []string{"POST", "PUT"} {
			t.Run(tc.name+" "+method, func(t *testing.T) {
				path := "/subscription.json"
				if method == "PUT" {
					path = fmt.Sprintf("/subscription/%d.json", id)
				}
				r := c.v1(method, path, tc.form)
				wantStatus(t, r, http.StatusBadRequest)
				var e struct {
					ResourceException struct {
						HttpStatus int
						Message    string
					}
				}
				decodeJSON(t, r.body, &e)
				if e.ResourceException.HttpStatus != 400 ||
					!strings.Contains(e.ResourceException.Message, tc.message) {
					t.Errorf("body %s, want message containing %q", r.body, tc.message)
				}
			})
		}
	}
	for _, ok := range []url.Values{
		subscriptionForm("FromNumber", "67076", "ToNumber", "12135551100 67076:STOP"),
		subscriptionForm("FromNumber", "123456", "NotificationFormat", "EMAIL"),
	} {
		wantStatus(t, c.v1("POST", "/subscription.json", ok), http.StatusCreated)
	}

	r := c.do("POST", V1Prefix+"/subscription.json", "application/json", `{"Endpoint":"x"}`)
	wantStatus(t, r, http.StatusUnsupportedMediaType)
	for _, path := range []string{"/subscription", fmt.Sprintf("/subscription/%d", id)} {
		r := c.v1("GET", path, nil)
		wantStatus(t, r, http.StatusNotAcceptable)
		if !strings.Contains(string(r.body), ".json") {
			t.Errorf("406 body %q does not say to use .json", r.body)
		}
	}
	wantStatus(t, c.v1("GET", "/subscription/abc.json", nil), http.StatusNotFound)
	wantStatus(t, c.v1("GET", "/broadcast.json", nil), http.StatusNotFound)
	r = c.v1("PATCH", "/subscription.json", nil)
	wantStatus(t, r, http.StatusMethodNotAllowed)
	if !strings.Contains(string(r.body), `"HttpStatus":405`) {
		t.Errorf("405 body %s", r.body)
	}
	if n := len(c.ts.Subscriptions()); n != 3 {
		t.Errorf("%d subscriptions stored, want 3", n)
	}
}

func TestSubscriptionOutsideEdits(t *testing.T) {
	_, c := newClient(t, Options{})
	batch := int64(7)
	id := c.ts.PutSubscription(Subscription{Endpoint: "http://e", TriggerEvent: "CAMPAIGN_STARTED",
		BatchID: &batch})
	batch = 8 // the store must hold its own copy
	r := c.v1("GET", fmt.Sprintf("/subscription/%d.json", id), nil)
	if !strings.Contains(string(r.body), `"SubscriptionFilter":{"BatchId":7}`) ||
		!strings.Contains(string(r.body), `"NotificationFormat":"XML"`) {
		t.Errorf("outside subscription %s", r.body)
	}
	c.ts.EditSubscription(id, func(s *Subscription) { s.Enabled = true; s.BatchID = nil })
	if s, _ := c.ts.Subscription(id); !s.Enabled || s.BatchID != nil {
		t.Errorf("after edit %+v", s)
	}
	if !c.ts.DeleteSubscription(id) || c.ts.DeleteSubscription(id) {
		t.Error("DeleteSubscription results")
	}
}
