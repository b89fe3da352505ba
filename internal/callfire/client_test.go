package callfire

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

func TestNew_Validation(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		edit    func(*Config)
		wantErr string
	}{
		"defaults":    {func(*Config) {}, ""},
		"no password": {func(c *Config) { c.Password = "" }, "username and password"},
		"no username": {func(c *Config) { c.Username = "" }, "username and password"},
		"http to a remote host": {func(c *Config) { c.V2BaseURL = "http://api.callfire.com/v2" },
			"clear text"},
		"http to a remote v1 host": {func(c *Config) {
			c.V1BaseURL = "http://10.0.0.8/api/1.1/rest"
		}, "clear text"},
		"http to 127.0.0.1":  {func(c *Config) { c.V2BaseURL = "http://127.0.0.1:8080/v2" }, ""},
		"http to 127.8.9.10": {func(c *Config) { c.V2BaseURL = "http://127.8.9.10/v2" }, ""},
		"http to ::1":        {func(c *Config) { c.V2BaseURL = "http://[::1]:9/v2" }, ""},
		"http to localhost":  {func(c *Config) { c.V1BaseURL = "http://localhost:9/rest/" }, ""},
		"localhost lookalike": {func(c *Config) {
			c.V2BaseURL = "http://localhost.evil.com/"
		}, "clear text"},
		"relative": {func(c *Config) { c.V2BaseURL = "/v2" }, "absolute"},
		"ftp": {func(c *Config) {
			c.V2BaseURL = "ftp://api.callfire.com/v2"
		}, "absolute"},
		"no host": {func(c *Config) { c.V2BaseURL = "https:///v2" }, "absolute"},
		"credentials in URL": {func(c *Config) {
			c.V2BaseURL = "https://u:p@api.callfire.com"
		}, "credentials"},
		"negative timeout":     {func(c *Config) { c.RequestTimeout = -1 }, "timeout"},
		"trailing slash is ok": {func(c *Config) { c.V2BaseURL = "https://api.callfire.com/v2//" }, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := Config{Username: "u", Password: "p"}
			tc.edit(&cfg)
			_, err := New(cfg)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("New: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("New: %v, want an error mentioning %q", err, tc.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), cfg.Password) && cfg.Password != "" &&
				cfg.Password != "p" {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

func TestNew_Defaults(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Username: "u", Password: "p", V2BaseURL: "https://h.example/v2/",
		MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if c.v2Base != "https://h.example/v2" || c.v1Base != DefaultV1BaseURL {
		t.Errorf("bases %q %q", c.v2Base, c.v1Base)
	}
	if c.retryMax != DefaultMaxRetries || c.http.Timeout != DefaultRequestTimeout ||
		c.userAgent != "terraform-provider-callfire" {
		t.Errorf("defaults: retries %d timeout %s UA %q", c.retryMax, c.http.Timeout, c.userAgent)
	}
	tr, ok := c.http.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport is %T", c.http.Transport)
	}
	if tr.TLSClientConfig == nil || tr.TLSClientConfig.MinVersion != tls.VersionTLS12 {
		t.Errorf("TLS minimum version is not 1.2: %+v", tr.TLSClientConfig)
	}
	if tr.MaxIdleConnsPerHost < 16 {
		t.Errorf("MaxIdleConnsPerHost = %d", tr.MaxIdleConnsPerHost)
	}
	zero, _ := New(Config{Username: "u", Password: "p", MaxRetries: 0})
	if zero.retryMax != 0 {
		t.Errorf("MaxRetries 0 gave %d retries", zero.retryMax)
	}
}

// A server that only speaks TLS 1.1 is refused by the default transport, and the refusal
// is not retried.
func TestTLS_OldVersionRefused(t *testing.T) {
	t.Parallel()
	var hits int
	var mu sync.Mutex
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
	}))
	srv.TLS = &tls.Config{MaxVersion: tls.VersionTLS11}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)

	cfg := fastConfig()
	cfg.V2BaseURL = srv.URL + "/v2"
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetWebhook(context.Background(), 1)
	var apiErr *APIError
	if !asAPIError(err, &apiErr) || apiErr.StatusCode != 0 || apiErr.Attempts != 1 {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "tls") {
		t.Errorf("message %q does not point at TLS", err)
	}
	if hits != 0 {
		t.Errorf("the handler ran %d times", hits)
	}
}

func TestErrors_Decoding(t *testing.T) {
	t.Parallel()
	html := "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>\x1b[31m" +
		strings.Repeat("nginx ", 40) + "</body></html>"
	cases := map[string]struct {
		status   int
		body     string
		check    func(*testing.T, *APIError)
		contains []string
	}{
		"v2 numeric internalCode": {404, `{"httpStatusCode":404,"internalCode":0,` +
			`"message":"Webhook 5 not found","developerMessage":"no such id"}`,
			func(t *testing.T, e *APIError) {
				if e.Message != "Webhook 5 not found" || e.InternalCode != "0" ||
					e.DeveloperMessage != "no such id" {
					t.Errorf("%+v", e)
				}
			}, []string{"404", "Webhook 5 not found", "no such id"}},
		"v2 string internalCode": {400, `{"httpStatusCode":400,"internalCode":"E17",` +
			`"message":"bad events"}`,
			func(t *testing.T, e *APIError) {
				if e.InternalCode != "E17" || e.Message != "bad events" {
					t.Errorf("%+v", e)
				}
			}, []string{"400", "bad events", "E17"}},
		"v1.1 body on v2 path": {400, `{"ResourceException":{"HttpStatus":400,"Message":"m1"}}`,
			func(t *testing.T, e *APIError) {
				if e.Message != "m1" {
					t.Errorf("%+v", e)
				}
			}, []string{"m1"}},
		"html page": {502, html,
			func(t *testing.T, e *APIError) {
				if len([]rune(e.Excerpt)) > excerptMax+1 || strings.ContainsAny(e.Excerpt, "\r\n\x1b") {
					t.Errorf("excerpt %q is not short and clean", e.Excerpt)
				}
			}, []string{"502", "not CallFire JSON", "502 Bad Gateway"}},
		"garbage with the password": {418, "{garb\x00age " + testPassword + " tail",
			func(t *testing.T, e *APIError) {
				if strings.Contains(e.Excerpt, testPassword) || !strings.Contains(e.Excerpt, "***") {
					t.Errorf("excerpt %q", e.Excerpt)
				}
			}, []string{"418"}},
		"401": {401, `{"httpStatusCode":401,"message":"Unauthorized"}`,
			func(t *testing.T, e *APIError) {
				if !IsUnauthorized(e) {
					t.Error("IsUnauthorized is false")
				}
			}, []string{"rejected the credentials", "API Access", "web UI do not work"}},
		"403": {403, `{"message":"Access denied"}`,
			func(t *testing.T, e *APIError) {
				if !IsForbidden(e) {
					t.Error("IsForbidden is false")
				}
			}, []string{"lack permission", "Access denied"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _ := handlerClient(t, &scripted{answers: []answer{{status: tc.status,
				body: tc.body}}}, func(cfg *Config) { cfg.MaxRetries = 0 })
			_, err := c.GetWebhook(context.Background(), 5)
			var apiErr *APIError
			if !asAPIError(err, &apiErr) || apiErr.StatusCode != tc.status {
				t.Fatalf("err = %v", err)
			}
			tc.check(t, apiErr)
			msg := err.Error()
			for _, want := range append(tc.contains, "read webhook 5", "GET /webhooks/5") {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			if strings.Contains(msg, testPassword) || strings.ContainsAny(msg, "\r\n\x00\x1b") {
				t.Errorf("message is unsafe: %q", msg)
			}
		})
	}
}

func TestUnauthorized_AgainstMock(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts, func(cfg *Config) { cfg.Password = "ui-login-password" })
	_, err := c.ListWebhookResources(context.Background())
	if !IsUnauthorized(err) || !strings.Contains(err.Error(), "API Access") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "ui-login-password") {
		t.Error("the password is in the error")
	}
	if ts.RequestCount() != 1 || ts.Requests()[0].Authorized {
		t.Errorf("%d requests", ts.RequestCount())
	}
}

// The password, the Basic value and a webhook secret appear in no log line, even when the
// server echoes them back in an error that the client logs and returns.
func TestLogging_SecretsMasked(t *testing.T) {
	t.Parallel()
	ts := mockcallfire.NewTestServer(t, mockcallfire.Options{
		Username: testUser, Password: testPassword, EchoSecret: true,
	})
	c := mockClient(t, ts)
	ctx, logs := logCapture()

	ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/v2/webhooks/*", Status: 503})
	id, err := c.CreateWebhook(ctx, Webhook{Name: "masked", Resource: "CallBroadcast",
		Events: []string{"Started"}, Callback: "https://example.com/m", Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetWebhook(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateWebhook(ctx, Webhook{ID: id, Name: "masked", Resource: "CallBroadcast",
		Events: []string{"Started"}, Callback: "https://example.com/m", Secret: testSecret}); err != nil {
		t.Fatal(err)
	}
	// The provider logs the secret through a masked context of its own.
	providerCtx := c.MaskContext(ctx, testSecret)
	tflog.Debug(providerCtx, "provider view: secret="+testSecret+" pw="+testPassword)

	out := logs.String()
	basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))
	for _, secret := range []string{testPassword, basic, testSecret} {
		if strings.Contains(out, secret) {
			t.Errorf("log output contains %q", secret)
		}
	}
	for _, want := range []string{`"@module":"provider.callfire"`, `"status":200`,
		"Retrying CallFire request", `"attempt":2`, "provider view: secret=***"} {
		if !strings.Contains(out, want) {
			t.Errorf("log output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"name":"masked"`) || strings.Contains(out, "example.com/m") {
		t.Errorf("a request body reached the log:\n%s", out)
	}
}
