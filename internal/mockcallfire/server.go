package mockcallfire

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxBody bounds what one request may send; CallFire's payloads are a few hundred bytes.
const maxBody = 1 << 20

// CallFire's ids are large and end in 003 (e.g. 11646003, 609951003); stepping by 1000
// keeps that look, so ids in test output resemble the real ones.
const (
	firstWebhookID      = 11646003
	firstSubscriptionID = 609951003
	idStep              = 1000
)

// Server is the mock CallFire. Its methods are safe for concurrent use.
type Server struct {
	username   []byte
	password   []byte
	echoSecret bool
	now        func() time.Time
	latency    atomic.Int64

	// mu guards everything below. One lock is enough: every critical section is a map
	// lookup or a short scan, far cheaper than the HTTP round trip around it.
	mu           sync.Mutex
	webhooks     table[Webhook]
	subs         table[Subscription]
	subByRequest map[string]int64
	faults       []Fault
	requests     []Request
	stats        map[statKey]int
}

type statKey struct {
	method string
	route  string
}

// New returns a Server with an empty store.
func New(opts Options) *Server {
	s := &Server{
		username:     []byte(opts.Username),
		password:     []byte(opts.Password),
		echoSecret:   opts.EchoSecret,
		now:          opts.Now,
		webhooks:     newTable(firstWebhookID, cloneWebhook),
		subs:         newTable(firstSubscriptionID, cloneSubscription),
		subByRequest: map[string]int64{},
		stats:        map[statKey]int{},
	}
	if opts.Username == "" {
		s.username = []byte("mock-user")
	}
	if opts.Password == "" {
		s.password = []byte("mock-password")
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.latency.Store(int64(opts.Latency))
	return s
}

// Handler serves CallFire's API under V2Prefix and V1Prefix, and the mock's own admin
// endpoints under /_mock/ (stats, reset-stats, store).
func (s *Server) Handler() http.Handler { return s }

// Username and Password return the accepted credentials.
func (s *Server) Username() string { return string(s.username) }
func (s *Server) Password() string { return string(s.password) }

// SetLatency changes the latency added to every request.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

func (s *Server) nowMillis() int64 { return s.now().UnixMilli() }

// authorized compares both halves in constant time and always evaluates both, so the
// timing does not tell which half was wrong.
func (s *Server) authorized(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	u := subtle.ConstantTimeCompare([]byte(user), s.username)
	p := subtle.ConstantTimeCompare([]byte(pass), s.password)
	return u&p == 1
}

// ServeHTTP records the request, waits out the latency, checks credentials, applies a
// matching fault and otherwise answers as CallFire would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		s.serveAdmin(w, r)
		return
	}

	body, tooBig, readErr := readBody(r)
	ep := classify(r.URL.Path)
	authorized := s.authorized(r)
	s.record(r, ep, body, authorized)

	if readErr != nil {
		// The client went away or sent a broken body; nobody is left to answer.
		return
	}
	if !sleepCtx(r.Context(), time.Duration(s.latency.Load())) {
		return
	}
	if !authorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="api.callfire.com"`)
		writeReply(w, errorReply(ep.family, http.StatusUnauthorized,
			"Unauthorized", "Missing or invalid API credentials (HTTP Basic)"))
		return
	}
	// Credentials are checked before faults so that a queued fault is consumed only by a
	// request that would otherwise have succeeded at the door; tests count on that order.
	fault, hasFault := s.takeFault(r.Method, r.URL.Path)
	if hasFault && !fault.AfterProcessing {
		if !sleepCtx(r.Context(), fault.Delay) {
			return
		}
		if fault.acts() {
			s.applyFault(w, ep.family, fault)
			return
		}
	}

	var rep reply
	if tooBig {
		rep = errorReply(ep.family, http.StatusRequestEntityTooLarge,
			"Request body too large", "The mock accepts bodies up to 1 MiB")
	} else {
		rep = s.dispatch(r, ep, body)
	}

	if hasFault && fault.AfterProcessing {
		if !sleepCtx(r.Context(), fault.Delay) {
			return
		}
		if fault.acts() {
			s.applyFault(w, ep.family, fault)
			return
		}
	}
	writeReply(w, rep)
}

func readBody(r *http.Request) (body []byte, tooBig bool, err error) {
	if r.Body == nil {
		return nil, false, nil
	}
	body, err = io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if len(body) > maxBody {
		return body[:maxBody], true, err
	}
	return body, false, err
}

func (s *Server) record(r *http.Request, ep endpoint, body []byte, authorized bool) {
	header := r.Header.Clone()
	header.Del("Authorization")
	req := Request{
		Method:     r.Method,
		Path:       r.URL.Path,
		Query:      r.URL.Query(),
		Body:       body,
		Header:     header,
		Authorized: authorized,
		Time:       s.now(),
	}
	if isForm(r) {
		// A broken form is still recorded raw in Body; Form stays nil.
		req.Form, _ = url.ParseQuery(string(body))
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.stats[statKey{r.Method, ep.route}]++
	s.mu.Unlock()
}

func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// sleepCtx waits d and reports false when the request's context ended first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// reply is a handler's answer, kept apart from the ResponseWriter so a fault applied after
// processing can throw it away.
type reply struct {
	status int
	body   []byte
	allow  string
}

func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		return errorReply(familyV2, http.StatusInternalServerError, "Internal error", err.Error())
	}
	return reply{status: status, body: b}
}

func writeReply(w http.ResponseWriter, rep reply) {
	h := w.Header()
	if rep.allow != "" {
		h.Set("Allow", rep.allow)
	}
	if len(rep.body) > 0 {
		if rep.body[0] == '{' || rep.body[0] == '[' {
			h.Set("Content-Type", "application/json")
		} else {
			h.Set("Content-Type", "text/plain; charset=utf-8")
		}
	}
	w.WriteHeader(rep.status)
	if len(rep.body) > 0 {
		_, _ = w.Write(rep.body)
	}
}

// Requests returns a copy of every request recorded so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	copy(out, s.requests)
	return out
}

// RequestCount returns how many requests were recorded.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	s.requests = nil
	s.mu.Unlock()
}

// Stats counts the requests served per "METHOD route", where route is the path with ids
// replaced, e.g. "GET /v2/webhooks/{id}". Requests to unknown paths count under
// "METHOD (unknown)"; the /_mock/ admin endpoints are not counted.
func (s *Server) Stats() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.stats))
	for k, n := range s.stats {
		out[k.method+" "+k.route] = n
	}
	return out
}

// ResetStats zeroes the counts behind Stats.
func (s *Server) ResetStats() {
	s.mu.Lock()
	s.stats = map[statKey]int{}
	s.mu.Unlock()
}

// NewTestServer starts a Server on 127.0.0.1 with a random port and stops it at cleanup.
func NewTestServer(t TB, opts Options) *TestServer {
	t.Helper()
	s := New(opts)
	hs := httptest.NewServer(s.Handler())
	ts := &TestServer{Server: s, URL: hs.URL, hs: hs}
	t.Cleanup(ts.Close)
	return ts
}

// Close stops the listener and waits for requests in flight. NewTestServer already
// registers it as a cleanup; calling it early (to simulate CallFire going away) is safe.
func (ts *TestServer) Close() { ts.hs.Close() }

// insertSorted adds id to an ascending slice.
