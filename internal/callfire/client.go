package callfire

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// LogSubsystem is the tflog subsystem the client logs through. Its level can be set on its
// own with TF_LOG_PROVIDER_CALLFIRE_API.
const LogSubsystem = "callfire"

const (
	defaultRetryWaitMin = time.Second
	defaultRetryWaitMax = 30 * time.Second
	defaultUserAgent    = "terraform-provider-callfire"

	// maxBodySize bounds what is read of one answer. A v1.1 page of 1000 subscriptions is
	// a few hundred KiB; anything far larger is not CallFire.
	maxBodySize = 16 << 20
	// maxErrorBodySize bounds what is read of an error answer, which only feeds a message.
	maxErrorBodySize = 64 << 10
)

// Client talks to CallFire's API v2 and v1.1 with HTTP Basic auth. Safe for concurrent use.
type Client struct {
	v2Base    string
	v1Base    string
	auth      string
	userAgent string
	// secrets are masked in every log line and error text: the password and the
	// Authorization value (whose base64 part alone would also decode to the password).
	secrets []string

	http         *http.Client
	retryMax     int
	retryWaitMin time.Duration
	retryWaitMax time.Duration
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.Username == "" || cfg.Password == "" {
		return nil, errors.New("CallFire API username and password are both required: " +
			"generate API credentials in CallFire's account settings (API Access)")
	}
	if strings.Contains(cfg.Username, ":") {
		return nil, errors.New("the CallFire API username must not contain a colon, " +
			"which HTTP Basic authentication cannot carry")
	}
	v2, err := baseURL("API v2", cfg.V2BaseURL, DefaultV2BaseURL)
	if err != nil {
		return nil, err
	}
	v1, err := baseURL("API v1.1", cfg.V1BaseURL, DefaultV1BaseURL)
	if err != nil {
		return nil, err
	}

	retryMax := cfg.MaxRetries
	if retryMax < 0 {
		retryMax = DefaultMaxRetries
	}
	timeout := cfg.RequestTimeout
	switch {
	case timeout == 0:
		timeout = DefaultRequestTimeout
	case timeout < 0:
		return nil, fmt.Errorf("the CallFire request timeout must be positive, got %s", timeout)
	}
	waitMin, waitMax := cfg.RetryWaitMin, cfg.RetryWaitMax
	if waitMin <= 0 {
		waitMin = defaultRetryWaitMin
	}
	if waitMax <= 0 {
		waitMax = defaultRetryWaitMax
	}
	if waitMax < waitMin {
		waitMax = waitMin
	}

	transport := cfg.Transport
	if transport == nil {
		transport = newTransport()
	}
	userAgent := cfg.UserAgent
	if userAgent == "" {
		userAgent = defaultUserAgent
	}
	token := base64.StdEncoding.EncodeToString([]byte(cfg.Username + ":" + cfg.Password))

	return &Client{
		v2Base:    v2,
		v1Base:    v1,
		auth:      "Basic " + token,
		userAgent: userAgent,
		secrets:   []string{cfg.Password, token},
		http: &http.Client{
			Transport: transport,
			// Timeout bounds each attempt (retryablehttp calls Do once per attempt),
			// including reading the body, which happens inside the attempt.
			Timeout: timeout,
			// CallFire's API does not redirect; following one could carry the credentials
			// somewhere unexpected, so a 3xx is reported as the answer it is.
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		retryMax:     retryMax,
		retryWaitMin: waitMin,
		retryWaitMax: waitMax,
	}, nil
}

// newTransport is a pooled transport sized for Terraform's ten parallel operations, with
// TLS 1.2 as the floor.
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   30 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
}

// baseURL checks a configured base URL and strips trailing slashes. Plain http is only
// allowed to a loopback host: Basic credentials must not cross a network in clear text.
func baseURL(name, raw, fallback string) (string, error) {
	if raw == "" {
		raw = fallback
	}
	// Messages show the redacted form, never raw: a URL with credentials in it must not
	// end up in a diagnostic or a log.
	shown := RedactUserinfo(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("the CallFire %s base URL %q is not a valid URL", name, shown)
	}
	if u.User != nil {
		return "", fmt.Errorf("the CallFire %s base URL must not contain credentials; "+
			"set the username and password instead", name)
	}
	if !u.IsAbs() || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("the CallFire %s base URL %q must be an absolute https:// URL, "+
			"such as %s", name, shown, fallback)
	}
	// ForceQuery is a bare "?": the API paths appended later would land in the query.
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("the CallFire %s base URL %q must not have a query or fragment",
			name, shown)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return "", fmt.Errorf("the CallFire %s base URL %q uses http://, which would send the "+
			"credentials in clear text; use https:// (http:// is only accepted for a "+
			"loopback host such as 127.0.0.1 or localhost)", name, shown)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// RedactUserinfo hides whatever stands before an "@" in the authority of a URL, parseable
// or not, so that an error message never repeats a password someone put into a URL. It may
// hide more than the userinfo (an "@" in the path); it never hides less.
func RedactUserinfo(raw string) string {
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 {
		start = i + 3
	}
	at := strings.LastIndex(raw[start:], "@")
	if at < 0 {
		return raw
	}
	return raw[:start] + "***" + raw[start+at:]
}

// IsLoopbackHost reports whether host is localhost or a loopback address, the only hosts
// to which plain http:// is allowed.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// MaskContext returns ctx with the client's secrets (the password and the Authorization
// value) and any extra strings, such as a webhook secret, masked in every tflog line
// written through it, both the provider's own (root) logs and the client's subsystem.
func (c *Client) MaskContext(ctx context.Context, extra ...string) context.Context {
	masks := c.masks(extra)
	ctx = context.WithValue(ctx, maskKey{}, append(contextMasks(ctx), masks[len(c.secrets):]...))
	ctx = tflog.MaskMessageStrings(ctx, masks...)
	ctx = tflog.MaskAllFieldValuesStrings(ctx, masks...)
	ctx = tflog.NewSubsystem(ctx, LogSubsystem,
		tflog.WithLevelFromEnv("TF_LOG_PROVIDER_CALLFIRE", "API"), tflog.WithRootFields())
	ctx = tflog.SubsystemMaskMessageStrings(ctx, LogSubsystem, masks...)
	return tflog.SubsystemMaskAllFieldValuesStrings(ctx, LogSubsystem, masks...)
}

// maskKey carries the extra strings given to MaskContext, so that error texts built from
// CallFire's answers are masked with them too, not only log lines: CallFire may echo a
// webhook secret the request did not even carry (the one stored before an update).
type maskKey struct{}

func contextMasks(ctx context.Context) []string {
	masks, _ := ctx.Value(maskKey{}).([]string)
	return slices.Clip(masks)
}

func (c *Client) masks(extra []string) []string {
	if len(extra) == 0 {
		return c.secrets
	}
	out := make([]string, len(c.secrets), len(c.secrets)+len(extra))
	copy(out, c.secrets)
	for _, s := range extra {
		// An empty mask would match everywhere and star out every character.
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// request describes one logical API call; retries repeat it unchanged.
type request struct {
	op     string
	method string
	v1     bool
	// path is relative to the API's base URL; it is what logs and errors show.
	path        string
	query       string
	body        []byte
	contentType string
	// repeatable says a retry cannot duplicate the effect even when CallFire may have
	// acted on an earlier attempt: true for GET/PUT/DELETE and for the v1.1 create, which
	// CallFire de-duplicates by RequestId.
	repeatable bool
	// secrets holds per-call strings to mask (a webhook secret being sent).
	secrets []string
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// pooledBuffer takes a buffer from bufPool, which only ever holds *bytes.Buffer.
func pooledBuffer() *bytes.Buffer {
	if b, ok := bufPool.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

// response is a successful (2xx) answer. Its body lives in a pooled buffer: call release
// once the body has been decoded.
type response struct {
	status   int
	buf      *bytes.Buffer
	attempts int
}

func (r *response) body() []byte { return r.buf.Bytes() }

func (r *response) release() {
	if r.buf != nil && r.buf.Cap() <= 1<<20 {
		r.buf.Reset()
		bufPool.Put(r.buf)
	}
	r.buf = nil
}

// do runs req with retries and returns a 2xx answer, or an *APIError for everything else.
func (c *Client) do(ctx context.Context, req *request) (*response, error) {
	ctx = c.MaskContext(ctx, req.secrets...)
	// From here on req.secrets holds every string to mask, also for undecodable.
	req.secrets = contextMasks(ctx)
	call := &call{client: c, req: req, ctx: ctx, secrets: c.masks(req.secrets)}

	base := c.v2Base
	if req.v1 {
		base = c.v1Base
	}
	target := base + req.path
	if req.query != "" {
		target += "?" + req.query
	}
	var body any
	if req.body != nil {
		body = req.body
	}
	rreq, err := retryablehttp.NewRequestWithContext(ctx, req.method, target, body)
	if err != nil {
		return nil, &APIError{Operation: req.op, Method: req.method, Path: req.path, Err: err}
	}
	h := rreq.Header
	h.Set("Authorization", c.auth)
	h.Set("User-Agent", c.userAgent)
	h.Set("Accept", "application/json")
	if req.contentType != "" {
		h.Set("Content-Type", req.contentType)
	}
	rreq.SetResponseHandler(call.readBody)

	rc := &retryablehttp.Client{
		HTTPClient:     c.http,
		Logger:         nil, // its own logger writes to stderr; call logs through tflog
		RetryWaitMin:   c.retryWaitMin,
		RetryWaitMax:   c.retryWaitMax,
		RetryMax:       c.retryMax,
		CheckRetry:     call.checkRetry,
		Backoff:        call.backoff,
		ErrorHandler:   call.giveUp,
		RequestLogHook: call.attemptStarts,
	}
	resp, err := rc.Do(rreq)
	if err != nil {
		call.release()
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			return nil, apiErr
		}
		// Only a context that ended while waiting between attempts gets here.
		return nil, call.failure(nil, err)
	}
	if resp.Body != nil {
		resp.Body.Close()
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer call.release()
		return nil, call.failure(resp, nil)
	}
	return &response{status: resp.StatusCode, buf: call.buf, attempts: call.attempt}, nil
}

// fetch runs req and decodes its 2xx body with decode. A body decode rejects is reported
// through undecodable, which marks a POST ambiguous (CallFire may have acted on it).
func fetch[T any](ctx context.Context, c *Client, req *request,
	decode func([]byte) (T, error)) (T, error) {
	resp, err := c.do(ctx, req)
	if err != nil {
		var zero T
		return zero, err
	}
	defer resp.release()
	v, err := decode(resp.body())
	if err != nil {
		var zero T
		return zero, c.undecodable(req, resp, err)
	}
	return v, nil
}

// exec runs req for its effect; whatever 2xx body comes back is not needed.
func (c *Client) exec(ctx context.Context, req *request) error {
	resp, err := c.do(ctx, req)
	if err != nil {
		return err
	}
	resp.release()
	return nil
}

// call is the state of one logical request across its attempts.
type call struct {
	client  *Client
	req     *request
	ctx     context.Context
	secrets []string

	attempt   int
	started   time.Time
	logged    int
	reason    string
	uncertain bool
	// buf holds the body readBody read from bodyOf.
	buf    *bytes.Buffer
	bodyOf *http.Response
}

func (c *call) release() {
	if c.buf != nil {
		r := response{buf: c.buf}
		r.release()
		c.buf = nil
	}
}

func (c *call) attemptStarts(_ retryablehttp.Logger, _ *http.Request, _ int) {
	c.attempt++
	c.started = time.Now()
}

var errBodyTooLarge = errors.New("the answer is larger than any CallFire answer should be")

// readBody reads an answer that is not going to be retried, inside the attempt, so the
// per-attempt timeout covers it and a connection lost mid-body counts as a failed attempt.
func (c *call) readBody(resp *http.Response) error {
	defer resp.Body.Close()
	if c.buf == nil {
		c.buf = pooledBuffer()
	}
	c.buf.Reset()
	c.bodyOf = resp
	if resp.ContentLength > 0 && resp.ContentLength <= maxBodySize {
		c.buf.Grow(int(resp.ContentLength))
	}
	n, err := c.buf.ReadFrom(io.LimitReader(resp.Body, maxBodySize+1))
	if err != nil {
		return err
	}
	if n > maxBodySize {
		return errBodyTooLarge
	}
	return nil
}

func (c *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		c.uncertain = c.req.method == http.MethodPost
		return false, ctx.Err()
	}
	c.logAttempt(resp, err)
	if err != nil {
		retry, reason, uncertain := classifyError(err, c.req.repeatable)
		c.reason, c.uncertain = reason, uncertain
		return retry, nil
	}
	retry, uncertain := classifyStatus(resp.StatusCode, c.req.repeatable)
	c.uncertain = uncertain
	if retry {
		c.reason = "HTTP " + resp.Status
	}
	return retry, nil
}

// classifyStatus decides about an answer's status. 502, 503 and 504 come from the
// infrastructure in front of CallFire and are worth another try, but only when repeating
// is safe. 500 is CallFire's generic error, which a retry does not fix. 429 means the
// request was refused unprocessed, so even a POST may be repeated.
func classifyStatus(status int, repeatable bool) (retry, uncertain bool) {
	switch {
	case status == http.StatusTooManyRequests:
		return true, false
	case status == http.StatusBadGateway, status == http.StatusServiceUnavailable,
		status == http.StatusGatewayTimeout:
		return repeatable, true
	case status >= 500:
		return false, true
	}
	return false, false
}

// classifyError decides about a failed attempt. A connection that was never established
// is safe to retry for any method; anything later (a reset, an EOF, a timeout) may have
// reached CallFire. Certificate and TLS protocol failures do not heal on their own.
func classifyError(err error, repeatable bool) (retry bool, reason string, uncertain bool) {
	reason = "connection error: " + err.Error()
	if errors.Is(err, errBodyTooLarge) {
		return false, reason, false
	}
	var certErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var alertErr tls.AlertError
	if errors.As(err, &certErr) || errors.As(err, &recordErr) || errors.As(err, &alertErr) ||
		strings.Contains(err.Error(), "tls: ") || strings.Contains(err.Error(), "x509: ") {
		return false, reason, false
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true, reason, false
	}
	return repeatable, reason, true
}

// backoff is exponential with jitter between RetryWaitMin and RetryWaitMax; a Retry-After
// on a 429 or 503 takes precedence, capped at RetryWaitMax.
func (c *call) backoff(lo, hi time.Duration, attemptNum int, resp *http.Response) time.Duration {
	wait := backoffWait(lo, hi, attemptNum, resp, time.Now())
	tflog.SubsystemWarn(c.ctx, LogSubsystem, "Retrying CallFire request", map[string]any{
		"operation": c.req.op,
		"method":    c.req.method,
		"path":      c.req.path,
		"attempt":   c.attempt,
		"reason":    c.reason,
		"wait":      wait.String(),
	})
	return wait
}

func backoffWait(lo, hi time.Duration, attemptNum int, resp *http.Response,
	now time.Time) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests ||
		resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			return min(d, hi)
		}
	}
	d := hi
	if attemptNum < 32 {
		if exp := lo << attemptNum; exp > 0 && exp < hi {
			d = exp
		}
	}
	// Full jitter over the upper half keeps parallel Terraform operations from retrying
	// in lockstep while still growing the wait.
	half := d / 2
	if half > 0 {
		d = half + time.Duration(rand.Int64N(int64(half)+1))
	}
	return max(d, lo)
}

func (c *call) logAttempt(resp *http.Response, err error) {
	if c.logged == c.attempt {
		return
	}
	c.logged = c.attempt
	fields := map[string]any{
		"operation":   c.req.op,
		"method":      c.req.method,
		"path":        c.req.path,
		"attempt":     c.attempt,
		"duration_ms": time.Since(c.started).Milliseconds(),
	}
	if resp != nil {
		fields["status"] = resp.StatusCode
	}
	if err != nil {
		fields["error"] = err.Error()
	}
	tflog.SubsystemDebug(c.ctx, LogSubsystem, "CallFire request", fields)
}

// undecodable reports a 2xx answer whose body is not what the operation expects. For a
// POST that means CallFire may well have created the object.
func (c *Client) undecodable(req *request, resp *response, err error) *APIError {
	return &APIError{
		Operation: req.op,
		Method:    req.method,
		Path:      req.path,
		// The status is 2xx; Error() words this as an unreadable answer.
		StatusCode: resp.status,
		Excerpt:    sanitize(resp.body(), excerptMax, c.masks(req.secrets)),
		Attempts:   resp.attempts,
		Ambiguous:  req.method == http.MethodPost,
		Err:        err,
	}
}

// giveUp is retryablehttp's ErrorHandler: the last attempt failed or the retries ran out.
func (c *call) giveUp(resp *http.Response, err error, attempts int) (*http.Response, error) {
	c.attempt = attempts
	return nil, c.failure(resp, err)
}

// failure builds the *APIError for a request that ends without a usable answer. resp,
// when given, is not a 2xx that was read successfully.
func (c *call) failure(resp *http.Response, err error) *APIError {
	e := &APIError{
		Operation: c.req.op,
		Method:    c.req.method,
		Path:      c.req.path,
		Attempts:  c.attempt,
	}
	if ctxErr := c.ctx.Err(); ctxErr != nil {
		// Kept as the bare sentinel: Error() tells the caller's cancellation apart from
		// a per-attempt timeout by identity.
		e.Err = ctxErr
	} else if err != nil {
		e.Err = maskedError{err: err, text: maskAll(err.Error(), c.secrets)}
		var netErr net.Error
		if errors.As(err, &netErr) && netErr.Timeout() {
			e.Timeout = c.client.http.Timeout
		}
	}
	if resp != nil {
		e.StatusCode = resp.StatusCode
		body := c.errorBody(resp)
		if eb, ok := decodeErrorBody(body, c.req.v1); ok {
			e.Message = sanitize([]byte(eb.Message), messageMax, c.secrets)
			e.DeveloperMessage = sanitize([]byte(eb.DeveloperMessage), messageMax, c.secrets)
			e.InternalCode = sanitize([]byte(eb.InternalCode), 40, c.secrets)
		} else if len(bytes.TrimSpace(body)) > 0 {
			e.Excerpt = sanitize(body, excerptMax, c.secrets)
		}
	}
	if c.req.method == http.MethodPost {
		e.Ambiguous = c.uncertain || (resp != nil && resp.StatusCode >= 500)
	}
	return e
}

// errorBody returns what there is of an error answer: the body read by readBody, or a
// bounded read of one that retryablehttp handed over unread.
func (c *call) errorBody(resp *http.Response) []byte {
	if c.buf != nil && c.bodyOf == resp {
		return c.buf.Bytes()
	}
	if resp.Body == nil {
		return nil
	}
	defer resp.Body.Close()
	if c.buf == nil {
		c.buf = pooledBuffer()
	}
	c.buf.Reset()
	_, _ = c.buf.ReadFrom(io.LimitReader(resp.Body, maxErrorBodySize))
	return c.buf.Bytes()
}

// maskedError keeps errors.Is/As working on the transport error while its text, which
// ends up in diagnostics, has the secrets masked.
type maskedError struct {
	err  error
	text string
}

func (m maskedError) Error() string { return m.text }
func (m maskedError) Unwrap() error { return m.err }
