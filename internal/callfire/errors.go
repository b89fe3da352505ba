package callfire

import "errors"

// APIError is an error answer from CallFire, or a request that failed for good.
type APIError struct {
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
