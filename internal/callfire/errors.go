package callfire

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// APIError is an error answer from CallFire, or a request that failed for good.
type APIError struct {
	// Operation names what the client was doing, e.g. "create webhook" or
	// "read subscription 609951003".
	Operation string
	// Method and Path of the request (path only, no host or credentials).
	Method string
	Path   string
	// StatusCode is the HTTP status; 0 when no response arrived.
	StatusCode int
	// Message is CallFire's message (v2 "message", v1.1 "ResourceException.Message").
	Message string
	// DeveloperMessage is v2's "developerMessage" when present.
	DeveloperMessage string
	// InternalCode is v2's "internalCode" (number or string on the wire) when present.
	InternalCode string
	// Excerpt is a short, safe excerpt of a body that was not CallFire JSON.
	Excerpt string
	// Attempts is how many attempts were made.
	Attempts int
	// Ambiguous is true when a non-idempotent request (a v2 POST) may have been processed
	// by CallFire although no usable answer came back (5xx, a connection lost after the
	// request was sent, a timeout, or a 2xx whose body could not be read).
	Ambiguous bool
	// Err is the underlying transport error, if any.
	Err error
	// Timeout is the per-attempt timeout (request_timeout) when the last attempt ran out
	// of it before CallFire answered; zero otherwise.
	Timeout time.Duration
}

// Error renders one or two sentences: what was attempted, what CallFire (or the network)
// answered, and what to do when there is something the user can do.
func (e *APIError) Error() string {
	var b strings.Builder
	b.Grow(160)
	if e.Operation != "" {
		b.WriteString("CallFire API: unable to ")
		b.WriteString(e.Operation)
	} else {
		b.WriteString("CallFire API request failed")
	}
	if e.Method != "" {
		b.WriteString(" (")
		b.WriteString(e.Method)
		b.WriteByte(' ')
		b.WriteString(e.Path)
		b.WriteByte(')')
	}
	b.WriteString(": ")

	// Identity, not errors.Is: the caller's own cancellation or deadline is stored as the
	// bare sentinel, while a per-attempt timeout wraps DeadlineExceeded and reads differently.
	switch {
	case e.Err == context.Canceled: //nolint:errorlint // identity is the point, see above
		b.WriteString("the operation was cancelled before CallFire answered")
	case e.Err == context.DeadlineExceeded: //nolint:errorlint // identity, see above
		b.WriteString("the operation ran out of time before CallFire answered " +
			"(context deadline exceeded)")
	case e.StatusCode == http.StatusUnauthorized:
		b.WriteString("CallFire rejected the credentials (HTTP 401")
		e.writeCallFireMessage(&b)
		b.WriteString("). Use API credentials generated in CallFire's account settings " +
			"(API Access); the username and password of the CallFire web UI do not work")
	case e.StatusCode == http.StatusForbidden:
		b.WriteString("the API credentials lack permission for this operation (HTTP 403")
		e.writeCallFireMessage(&b)
		b.WriteString("). Check the credentials' access rights in CallFire's account " +
			"settings (API Access)")
	case e.StatusCode >= 200 && e.StatusCode < 300:
		b.WriteString("CallFire answered HTTP ")
		writeStatus(&b, e.StatusCode)
		b.WriteString(" but its answer could not be read")
		if e.Err != nil {
			b.WriteString(": ")
			b.WriteString(e.Err.Error())
		}
		if e.Excerpt != "" {
			b.WriteString(`; body starts "`)
			b.WriteString(e.Excerpt)
			b.WriteByte('"')
		}
	case e.StatusCode != 0:
		b.WriteString("CallFire answered HTTP ")
		writeStatus(&b, e.StatusCode)
		switch {
		case e.Message != "" || e.DeveloperMessage != "":
			b.WriteString(": ")
			e.writeMessages(&b)
		case e.Excerpt != "":
			b.WriteString(` with a body that is not CallFire JSON: "`)
			b.WriteString(e.Excerpt)
			b.WriteByte('"')
		case e.Err != nil:
			b.WriteString(" and the body could not be read: ")
			b.WriteString(e.Err.Error())
		}
	case e.Timeout > 0 && e.StatusCode == 0:
		b.WriteString("CallFire did not answer within the request timeout of ")
		b.WriteString(e.Timeout.String())
		b.WriteString("; raise the provider's request_timeout if CallFire is this slow")
	case e.Err != nil:
		b.WriteString("no answer from CallFire: ")
		b.WriteString(e.Err.Error())
	default:
		b.WriteString("no answer from CallFire")
	}

	//nolint:errorlint // identity, as in the switch above
	if e.Attempts > 1 && e.Err != context.Canceled && e.Err != context.DeadlineExceeded {
		b.WriteString(" (gave up after ")
		b.WriteString(strconv.Itoa(e.Attempts))
		b.WriteString(" attempts)")
	}
	if e.Ambiguous {
		b.WriteString(". CallFire may have carried out the request anyway")
	}
	return b.String()
}

// Unwrap exposes the transport or context error, so errors.Is(err, context.Canceled) works.
func (e *APIError) Unwrap() error { return e.Err }

// writeCallFireMessage adds CallFire's message, or else an excerpt of the body, so that a
// 401 or 403 from something other than CallFire (a proxy's HTML page) can be told apart.
func (e *APIError) writeCallFireMessage(b *strings.Builder) {
	switch {
	case e.Message != "" || e.DeveloperMessage != "":
		b.WriteString(": ")
		e.writeMessages(b)
	case e.Excerpt != "":
		b.WriteString(`, body "`)
		b.WriteString(e.Excerpt)
		b.WriteByte('"')
	}
}

func (e *APIError) writeMessages(b *strings.Builder) {
	msg := e.Message
	if msg == "" {
		msg = e.DeveloperMessage
	}
	b.WriteString(msg)
	if e.DeveloperMessage != "" && e.DeveloperMessage != msg {
		b.WriteString(" (")
		b.WriteString(e.DeveloperMessage)
		b.WriteByte(')')
	}
	if e.InternalCode != "" {
		b.WriteString(" [internal code ")
		b.WriteString(e.InternalCode)
		b.WriteByte(']')
	}
}

func writeStatus(b *strings.Builder, status int) {
	b.WriteString(strconv.Itoa(status))
	if text := http.StatusText(status); text != "" {
		b.WriteByte(' ')
		b.WriteString(text)
	}
}

// IsNotFound reports whether err is a CallFire 404.
func IsNotFound(err error) bool { return statusIs(err, 404) }

// IsUnauthorized reports whether err is a CallFire 401.
func IsUnauthorized(err error) bool { return statusIs(err, 401) }

// IsForbidden reports whether err is a CallFire 403.
func IsForbidden(err error) bool { return statusIs(err, 403) }

// IsAmbiguous reports whether err leaves open whether CallFire acted on the request.
func IsAmbiguous(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Ambiguous
}

func statusIs(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}

const (
	excerptMax = 100
	messageMax = 500
)

// sanitize makes text from CallFire (or from whatever answered instead of CallFire) safe to
// show: secrets are masked before anything is cut, so a secret can never be left half
// visible at the cut, control characters go (terminal escapes, newlines), and the result is
// at most limit runes.
func sanitize(raw []byte, limit int, secrets []string) string {
	s := maskAll(string(raw), secrets)
	var b strings.Builder
	b.Grow(min(len(s), limit+8))
	space := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\uFFFD' {
			space = b.Len() > 0
			continue
		}
		if r == ' ' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	// A secret with a control character in it would only show up once those are gone.
	out := maskAll(b.String(), secrets)
	if n := 0; len(out) > limit {
		for i := range out {
			if n == limit {
				return out[:i] + "…"
			}
			n++
		}
	}
	return out
}

func maskAll(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" && strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, "***")
		}
	}
	return s
}
