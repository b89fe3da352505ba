package callfire

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

const (
	testUser     = "api-user-7f3a"
	testPassword = "pw-S3cr3t-9d1e-4b7c"
	testSecret   = "hook-secret-5c2b-0a9f"
)

// fastConfig has retry waits short enough for the suite and a generous attempt timeout.
func fastConfig() Config {
	return Config{
		Username:       testUser,
		Password:       testPassword,
		MaxRetries:     3,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   5 * time.Millisecond,
		RequestTimeout: 5 * time.Second,
		UserAgent:      "terraform-provider-callfire/test",
	}
}

func newMock(t *testing.T) *mockcallfire.TestServer {
	t.Helper()
	return mockcallfire.NewTestServer(t, mockcallfire.Options{
		Username: testUser, Password: testPassword,
	})
}

// mockClient returns a client pointed at ts; edit adjusts the config first.
func mockClient(t *testing.T, ts *mockcallfire.TestServer, edit ...func(*Config)) *Client {
	t.Helper()
	cfg := fastConfig()
	cfg.V2BaseURL = ts.V2URL()
	cfg.V1BaseURL = ts.V1URL()
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// handlerClient points both APIs at a plain httptest handler, for tests that need a
// precise answer the mock does not give.
func handlerClient(t *testing.T, h http.Handler,
	edit ...func(*Config)) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := fastConfig()
	cfg.V2BaseURL = srv.URL + "/v2/"
	cfg.V1BaseURL = srv.URL + "/api/1.1/rest/"
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, srv
}

// scripted is a handler answering with a fixed script of statuses and bodies, then 200 {}.
type scripted struct {
	mu      sync.Mutex
	answers []answer
	seen    []*http.Request
	bodies  [][]byte
}

type answer struct {
	status int
	body   string
	header map[string]string
	drop   bool
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(r.Body)
	s.mu.Lock()
	s.seen = append(s.seen, r)
	s.bodies = append(s.bodies, buf.Bytes())
	a := answer{status: 200, body: `{}`}
	if len(s.answers) > 0 {
		a = s.answers[0]
		s.answers = s.answers[1:]
	}
	s.mu.Unlock()
	if a.drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
			}
		}
		return
	}
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write([]byte(a.body))
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

// logCapture returns a context whose tflog output (JSON lines at TRACE) goes to buf.
func logCapture() (context.Context, *syncBuffer) {
	buf := &syncBuffer{}
	return tflogtest.RootLogger(context.Background(), buf), buf
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func ptr[T any](v T) *T { return &v }
