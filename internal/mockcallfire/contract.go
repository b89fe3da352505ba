// Package mockcallfire is an in-memory CallFire (API v2 webhooks and API v1.1
// subscriptions) for the provider's tests and demo. It follows ../shared/callfire-api.md.
package mockcallfire

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"
)

// Paths under the server's root URL.
const (
	V2Prefix = "/v2"
	V1Prefix = "/api/1.1/rest"
)

// Options configures a Server.
type Options struct {
	// Username and Password are the API credentials the server accepts (defaults
	// "mock-user" / "mock-password").
	Username string
	Password string
	// EchoSecret makes GET return a webhook's secret (off by default, as CallFire).
	EchoSecret bool
	// Latency is added to every request before it is handled.
	Latency time.Duration
	// Now replaces the clock (tests); nil means time.Now.
	Now func() time.Time
}

// Webhook is a webhook as the mock stores it, in CallFire's JSON shape.
type Webhook struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	Resource     string   `json:"resource"`
	Events       []string `json:"events"`
	Callback     string   `json:"callback"`
	Enabled      bool     `json:"enabled"`
	SingleUse    bool     `json:"singleUse"`
	NonStrictSsl bool     `json:"nonStrictSsl"`
	Fields       string   `json:"fields,omitempty"`
	Secret       string   `json:"secret,omitempty"`
	CreatedAt    int64    `json:"createdAt"`
	UpdatedAt    int64    `json:"updatedAt"`
}

// Subscription is a v1.1 subscription as the mock stores it.
type Subscription struct {
	ID                 int64
	Enabled            bool
	NonStrictSsl       bool
	Endpoint           string
	NotificationFormat string
	TriggerEvent       string
	BroadcastID        *int64
	BatchID            *int64
	FromNumber         string
	ToNumber           string
	RequestID          string
}

// Request is one request the server received, recorded before faults are applied.
type Request struct {
	Method string
	// Path is the URL path, e.g. "/v2/webhooks/11646003" or "/api/1.1/rest/subscription.json".
	Path  string
	Query url.Values
	// Body is the raw request body; Form is it parsed when form-encoded.
	Body []byte
	Form url.Values
	// Header holds the request headers except Authorization.
	Header http.Header
	// Authorized is whether the Basic credentials were accepted.
	Authorized bool
	Time       time.Time
}

// Fault is an injected misbehaviour. A request matches when Method (empty: any) equals its
// method and Path (exact, or a prefix when it ends in "*") matches its URL path. Each match
// consumes one of Times (0 means 1); faults are consulted in the order they were added.
type Fault struct {
	Method string
	Path   string
	Times  int

	// Status answers with this status and a CallFire error body (v2 or v1.1 shape by path),
	// without acting on the request. With Body set, Body is sent instead of the error body.
	Status int
	// RetryAfter sets the Retry-After header (seconds) on a Status answer.
	RetryAfter string
	// Body is a raw body to answer with (e.g. "<html>…" or "{garbage"); with Status 0 it is
	// sent with 200 after NOT acting on the request, unless AfterProcessing is set.
	Body string
	// Drop closes the connection without any answer.
	Drop bool
	// AfterProcessing applies Drop, Body or Status only after the request was handled
	// (the store changed), e.g. a POST whose response is lost after CallFire created it.
	AfterProcessing bool
	// Delay waits before answering (respecting the client going away).
	Delay time.Duration
}

// TestServer is a Server listening on 127.0.0.1 on a random port (httptest).
type TestServer struct {
	*Server
	// URL is the root URL, e.g. http://127.0.0.1:41234.
	URL string

	hs *httptest.Server
}

// V2URL and V1URL are the base URLs to configure the provider or client with.
func (ts *TestServer) V2URL() string { return ts.URL + V2Prefix }
func (ts *TestServer) V1URL() string { return ts.URL + V1Prefix }

// TB is the part of testing.TB that NewTestServer needs.
type TB interface {
	Helper()
	Cleanup(func())
}
