package mockcallfire

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// client is a tiny CallFire caller for wire-level tests.
type client struct {
	t    *testing.T
	ts   *TestServer
	user string
	pass string
}

func newClient(t *testing.T, opts Options) (*TestServer, *client) {
	t.Helper()
	ts := NewTestServer(t, opts)
	return ts, &client{t: t, ts: ts, user: ts.Username(), pass: ts.Password()}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.body, err)
	}
	return m
}

func (c *client) do(method, path, contentType, body string) response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.ts.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.user != "" || c.pass != "" {
		req.SetBasicAuth(c.user, c.pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

func (c *client) v2(method, path, body string) response {
	c.t.Helper()
	ct := ""
	if body != "" {
		ct = "application/json"
	}
	return c.do(method, V2Prefix+path, ct, body)
}

func (c *client) v1(method, path string, form url.Values) response {
	c.t.Helper()
	if form == nil {
		return c.do(method, V1Prefix+path, "", "")
	}
	return c.do(method, V1Prefix+path, "application/x-www-form-urlencoded", form.Encode())
}

// createWebhook posts body and returns the new id.
func (c *client) createWebhook(body string) int64 {
	c.t.Helper()
	r := c.v2("POST", "/webhooks", body)
	if r.status != http.StatusCreated {
		c.t.Fatalf("create: status %d, body %s", r.status, r.body)
	}
	var out struct{ ID int64 }
	if err := json.Unmarshal(r.body, &out); err != nil || out.ID == 0 {
		c.t.Fatalf("create: body %s: %v", r.body, err)
	}
	return out.ID
}

func wantStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d; body %s", r.status, want, r.body)
	}
}

func decodeJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}
