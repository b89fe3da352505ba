package mockcallfire

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

const textBroadcastHook = `{"name":"hook","resource":"TextBroadcast",` +
	`"callback":"https://example.test/cb","events":["Started","Finished"],` +
	`"enabled":true,"secret":"s3cret"}`

func TestAuth(t *testing.T) {
	_, c := newClient(t, Options{Username: "u", Password: "p"})
	cases := []struct {
		name, user, pass string
		family           family
		path             string
		wantMessage      string
	}{
		{"v2 no credentials", "", "", familyV2, V2Prefix + "/webhooks", ""},
		{"v2 wrong password", "u", "nope", familyV2, V2Prefix + "/webhooks", ""},
		{"v2 wrong user", "x", "p", familyV2, V2Prefix + "/webhooks/resources", ""},
		{"v1 wrong password", "u", "nope", familyV1, V1Prefix + "/subscription.json", ""},
		{"admin wrong password", "u", "nope", familyV2, "/_mock/stats", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.user, c.pass = tc.user, tc.pass
			r := c.do("GET", tc.path, "", "")
			wantStatus(t, r, http.StatusUnauthorized)
			if got := r.header.Get("WWW-Authenticate"); got != `Basic realm="api.callfire.com"` {
				t.Errorf("WWW-Authenticate = %q", got)
			}
			body := r.json(t)
			if tc.family == familyV1 {
				exc, _ := body["ResourceException"].(map[string]any)
				if exc["HttpStatus"] != 401.0 || exc["Message"] == "" {
					t.Errorf("v1.1 error body %s", r.body)
				}
			} else if body["httpStatusCode"] != 401.0 || body["internalCode"] != 0.0 ||
				body["message"] == "" {
				t.Errorf("v2 error body %s", r.body)
			}
		})
	}

	c.user, c.pass = "u", "p"
	wantStatus(t, c.v2("GET", "/webhooks", ""), http.StatusOK)

	reqs := c.ts.Requests()
	if len(reqs) != 5 {
		t.Fatalf("recorded %d requests, want 5 (admin requests are not recorded)", len(reqs))
	}
	for i, r := range reqs {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("request %d kept the Authorization header", i)
		}
		if r.Authorized != (i == 4) {
			t.Errorf("request %d Authorized = %v", i, r.Authorized)
		}
	}
}

func TestWebhookLifecycle(t *testing.T) {
	clock := time.UnixMilli(1_700_000_000_000)
	_, c := newClient(t, Options{Now: func() time.Time { return clock }})

	id := c.createWebhook(textBroadcastHook)
	if id != 11646003 {
		t.Errorf("first id %d, want CallFire-style 11646003", id)
	}
	if id2 := c.createWebhook(textBroadcastHook); id2 != 11647003 {
		t.Errorf("second id %d, want 11647003", id2)
	}
	path := fmt.Sprint("/webhooks/", id)

	r := c.v2("GET", path, "")
	wantStatus(t, r, http.StatusOK)
	got := r.json(t)
	if _, ok := got["secret"]; ok {
		t.Errorf("GET returned the secret: %s", r.body)
	}
	if got["name"] != "hook" || got["enabled"] != true || got["createdAt"] != 1.7e12 ||
		got["updatedAt"] != 1.7e12 || fmt.Sprint(got["events"]) != "[Started Finished]" {
		t.Errorf("GET body %s", r.body)
	}

	clock = clock.Add(time.Minute)
	r = c.v2("PUT", path, `{"id":1,"name":"renamed","resource":"TextBroadcast",`+
		`"callback":"https://example.test/other","events":["Stopped"],"createdAt":5}`)
	wantStatus(t, r, http.StatusOK)
	if len(r.body) != 0 {
		t.Errorf("PUT body %q, want empty", r.body)
	}
	w, _ := c.ts.Webhook(id)
	if w.Name != "renamed" || w.Callback != "https://example.test/other" || w.Enabled ||
		len(w.Events) != 1 || w.Events[0] != "Stopped" {
		t.Errorf("after PUT: %+v (absent enabled must become false)", w)
	}
	if w.Secret != "s3cret" {
		t.Errorf("PUT without secret lost it: %q", w.Secret)
	}
	if w.CreatedAt != 1.7e12 || w.UpdatedAt != clock.UnixMilli() {
		t.Errorf("timestamps created %d updated %d", w.CreatedAt, w.UpdatedAt)
	}

	wantStatus(t, c.v2("PUT", path, `{"name":"n","callback":"c","events":["Started"],`+
		`"secret":""}`), http.StatusOK)
	if w, _ := c.ts.Webhook(id); w.Secret != "" || w.Resource != "TextBroadcast" {
		t.Errorf(`"secret":"" must clear and absent resource keep: %+v`, w)
	}

	r = c.v2("DELETE", path, "")
	wantStatus(t, r, http.StatusNoContent)
	r = c.v2("GET", path, "")
	wantStatus(t, r, http.StatusNotFound)
	if m := r.json(t); m["httpStatusCode"] != 404.0 {
		t.Errorf("404 body %s", r.body)
	}
	wantStatus(t, c.v2("DELETE", path, ""), http.StatusNotFound)
	wantStatus(t, c.v2("PUT", path, textBroadcastHook), http.StatusNotFound)
}

func TestEchoSecret(t *testing.T) {
	_, c := newClient(t, Options{EchoSecret: true})
	id := c.createWebhook(textBroadcastHook)
	r := c.v2("GET", fmt.Sprint("/webhooks/", id), "")
	if r.json(t)["secret"] != "s3cret" {
		t.Errorf("EchoSecret GET %s", r.body)
	}
}

func TestWebhookValidation(t *testing.T) {
	_, c := newClient(t, Options{})
	id := c.createWebhook(textBroadcastHook)
	hook := func(resource, events string) string {
		return `{"name":"n","resource":"` + resource + `","callback":"http://cb","events":` +
			events + `}`
	}
	cases := []struct {
		name, method, path, body string
		status                   int
		message                  string
	}{
		{"unsupported event", "POST", "/webhooks", hook("TextBroadcast", `["Foo"]`), 400,
			"Event [Foo] is unsupported for TextBroadcast resource, supported events are: " +
				"[Started, Stopped, Finished]"},
		{"lower-case resource", "POST", "/webhooks", hook("textBroadcast", `["Started"]`), 400,
			"Unsupported resource [textBroadcast]"},
		{"lower-case event", "POST", "/webhooks", hook("CallBroadcast", `["started"]`), 400,
			"Event [started] is unsupported"},
		{"missing name", "POST", "/webhooks",
			`{"resource":"InboundCall","callback":"c","events":["Finished"]}`, 400,
			"name is required"},
		{"missing resource", "POST", "/webhooks",
			`{"name":"n","callback":"c","events":["Finished"]}`, 400, "resource is required"},
		{"missing callback", "POST", "/webhooks",
			`{"name":"n","resource":"InboundCall","events":["Finished"]}`, 400,
			"callback is required"},
		{"missing events", "POST", "/webhooks", hook("InboundCall", `[]`), 400,
			"events are required"},
		{"malformed JSON", "POST", "/webhooks", `{"name":`, 400, "Malformed JSON body"},
		{"wrong type", "POST", "/webhooks", `{"name":5}`, 400, "Malformed JSON body"},
		{"resource change", "PUT", fmt.Sprint("/webhooks/", id), hook("CallBroadcast",
			`["Started"]`), 400, "resource cannot be changed"},
		{"PUT bad event", "PUT", fmt.Sprint("/webhooks/", id), hook("TextBroadcast",
			`["Received"]`), 400, "Event [Received] is unsupported"},
		{"non-numeric id", "GET", "/webhooks/abc", "", 404, "Not Found"},
		{"unknown id", "GET", "/webhooks/1003", "", 404, "Not Found"},
		{"bad limit", "GET", "/webhooks?limit=1001", "", 400, "limit must be"},
		{"bad offset", "GET", "/webhooks?offset=-1", "", 400, "offset must be"},
		{"bad enabled", "GET", "/webhooks?enabled=maybe", "", 400, "enabled must be"},
		{"unknown path", "GET", "/calls", "", 404, "Not Found"},
		{"nested path", "GET", fmt.Sprint("/webhooks/", id, "/x"), "", 404, "Not Found"},
		{"wrong method", "PATCH", "/webhooks", "", 405, "Method Not Allowed"},
		{"wrong method on id", "POST", fmt.Sprint("/webhooks/", id), "", 405,
			"Method Not Allowed"},
		{"unknown resource path", "GET", "/webhooks/resources/Nope", "", 404, "Not Found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.v2(tc.method, tc.path, tc.body)
			wantStatus(t, r, tc.status)
			m := r.json(t)
			if m["httpStatusCode"] != float64(tc.status) || m["internalCode"] != 0.0 {
				t.Errorf("error body %s", r.body)
			}
			if msg, _ := m["message"].(string); !strings.Contains(msg, tc.message) {
				t.Errorf("message %q does not contain %q", msg, tc.message)
			}
		})
	}
	if n := len(c.ts.Webhooks()); n != 1 {
		t.Errorf("rejected requests changed the store: %d webhooks", n)
	}
	if w, _ := c.ts.Webhook(id); w.Name != "hook" {
		t.Errorf("rejected PUT changed the webhook: %+v", w)
	}
	if r := c.v2("PATCH", "/webhooks", ""); r.header.Get("Allow") != "GET, POST" {
		t.Errorf("405 Allow = %q", r.header.Get("Allow"))
	}
}

func TestFindWebhooks(t *testing.T) {
	_, c := newClient(t, Options{})
	var ids []int64
	for i := range 25 {
		resource, events := "CallBroadcast", `["Started","Finished"]`
		if i%5 == 0 {
			resource, events = "ContactList", `["ValidationFailed"]`
		}
		ids = append(ids, c.createWebhook(fmt.Sprintf(`{"name":"hook-%d","resource":%q,`+
			`"callback":"http://cb/%d","events":%s,"enabled":%v}`,
			i, resource, i%2, events, i%3 == 0)))
	}
	type page struct {
		Items                     []Webhook
		Limit, Offset, TotalCount int
	}
	find := func(query string) page {
		t.Helper()
		r := c.v2("GET", "/webhooks"+query, "")
		wantStatus(t, r, http.StatusOK)
		var p page
		decodeJSON(t, r.body, &p)
		return p
	}

	p := find("")
	if p.Limit != 100 || p.Offset != 0 || p.TotalCount != 25 || len(p.Items) != 25 ||
		p.Items[0].ID != ids[0] || p.Items[24].ID != ids[24] {
		t.Errorf("default page: limit %d offset %d total %d items %d",
			p.Limit, p.Offset, p.TotalCount, len(p.Items))
	}
	p = find("?limit=10&offset=20")
	if p.Limit != 10 || p.Offset != 20 || p.TotalCount != 25 || len(p.Items) != 5 ||
		p.Items[0].ID != ids[20] {
		t.Errorf("last page: %+v", p)
	}
	if p = find("?offset=30"); len(p.Items) != 0 || p.TotalCount != 25 || p.Items == nil {
		t.Errorf("past the end: %+v", p)
	}

	cases := []struct {
		query string
		total int
	}{
		{"?name=hook-1", 1}, // exact, not a prefix of hook-10…hook-19
		{"?name=hook", 0},
		{"?resource=ContactList", 5},
		{"?event=Finished", 20},
		{"?event=ValidationFailed&resource=ContactList", 5},
		{"?callback=http://cb/1", 12},
		{"?enabled=true", 9},
		{"?enabled=false&resource=CallBroadcast", 13},
		{"?resource=ContactList&limit=2", 5},
	}
	for _, tc := range cases {
		if p := find(tc.query); p.TotalCount != tc.total ||
			len(p.Items) != min(tc.total, p.Limit) {
			t.Errorf("find%s: total %d items %d, want total %d",
				tc.query, p.TotalCount, len(p.Items), tc.total)
		}
	}
	for _, w := range find("?name=hook-1").Items {
		if w.Secret != "" || w.Name != "hook-1" {
			t.Errorf("find item %+v", w)
		}
	}
}

func TestWebhookResources(t *testing.T) {
	_, c := newClient(t, Options{})
	var list struct {
		Items []struct {
			Resource        string
			SupportedEvents []string
		}
	}
	r := c.v2("GET", "/webhooks/resources", "")
	wantStatus(t, r, http.StatusOK)
	decodeJSON(t, r.body, &list)
	if len(list.Items) != 11 {
		t.Fatalf("%d resources, want 11: %s", len(list.Items), r.body)
	}
	found := map[string]string{}
	for _, it := range list.Items {
		found[it.Resource] = strings.Join(it.SupportedEvents, ",")
	}
	if found["OutboundTextDeliveryReport"] != "Received" ||
		found["ContactList"] != "ValidationFinished,ValidationFailed" ||
		found["CccCampaign"] != "Started,Stopped,Finished" {
		t.Errorf("resources %v", found)
	}

	r = c.v2("GET", "/webhooks/resources?fields=items(resource)", "")
	if strings.Contains(string(r.body), "supportedEvents") {
		t.Errorf("fields=items(resource) kept supportedEvents: %s", r.body)
	}
	r = c.v2("GET", "/webhooks/resources/MonthlyRenewal", "")
	wantStatus(t, r, http.StatusOK)
	if string(r.body) != `{"resource":"MonthlyRenewal","supportedEvents":["Finished","Failed"]}` {
		t.Errorf("one resource: %s", r.body)
	}
	r = c.v2("GET", "/webhooks/resources/MonthlyRenewal?fields=resource", "")
	if string(r.body) != `{"resource":"MonthlyRenewal"}` {
		t.Errorf("fields=resource: %s", r.body)
	}
}

func TestOutsideEdits(t *testing.T) {
	clock := time.UnixMilli(1_700_000_000_000)
	_, c := newClient(t, Options{Now: func() time.Time { return clock }})
	id := c.ts.PutWebhook(Webhook{Name: "outside", Resource: "InboundText",
		Events: []string{"Finished"}, Callback: "http://cb"})
	r := c.v2("GET", fmt.Sprint("/webhooks/", id), "")
	wantStatus(t, r, http.StatusOK)
	if m := r.json(t); m["name"] != "outside" || m["createdAt"] != 1.7e12 {
		t.Errorf("outside webhook %s", r.body)
	}

	// Same millisecond: updatedAt must still move, or drift would be invisible.
	if !c.ts.EditWebhook(id, func(w *Webhook) { w.Name = "drifted"; w.ID = 99 }) {
		t.Fatal("EditWebhook found nothing")
	}
	w, ok := c.ts.Webhook(id)
	if !ok || w.Name != "drifted" || w.UpdatedAt <= w.CreatedAt {
		t.Errorf("after edit: %+v", w)
	}
	if c.ts.EditWebhook(42, func(*Webhook) {}) || c.ts.DeleteWebhook(42) {
		t.Error("helpers reported success for an unknown id")
	}
	if !c.ts.DeleteWebhook(id) {
		t.Fatal("DeleteWebhook found nothing")
	}
	wantStatus(t, c.v2("GET", fmt.Sprint("/webhooks/", id), ""), http.StatusNotFound)

	fixed := c.ts.PutWebhook(Webhook{ID: 11646003, Name: "fixed", Resource: "InboundText",
		Events: []string{"Finished"}, Callback: "http://cb"})
	if next := c.createWebhook(textBroadcastHook); next == fixed {
		t.Errorf("API create reused the id %d of an outside webhook", fixed)
	}
}
