package mockcallfire

import (
	"net/http"
	"strings"
)

// AddFault queues a fault.
func (s *Server) AddFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	s.faults = append(s.faults, f)
	s.mu.Unlock()
}

// ClearFaults removes every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// PendingFaults returns how many matches the queued faults are still waiting for, so a
// test can check that every fault it queued was actually hit.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.Times
	}
	return n
}

func (f Fault) matches(method, path string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	if prefix, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return f.Path == path
}

// acts reports whether the fault replaces the answer; a Delay-only fault just slows the
// request down and lets it through.
func (f Fault) acts() bool { return f.Drop || f.Body != "" || f.Status != 0 }

// takeFault consumes one use of the first matching fault.
func (s *Server) takeFault(method, path string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults {
		f := &s.faults[i]
		if !f.matches(method, path) {
			continue
		}
		taken := *f
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return taken, true
	}
	return Fault{}, false
}

func (s *Server) applyFault(w http.ResponseWriter, f family, fault Fault) {
	switch {
	case fault.Drop:
		dropConnection(w)
	case fault.Body != "":
		status := fault.Status
		if status == 0 {
			status = http.StatusOK
		}
		if fault.RetryAfter != "" {
			w.Header().Set("Retry-After", fault.RetryAfter)
		}
		w.Header().Set("Content-Type", http.DetectContentType([]byte(fault.Body)))
		w.WriteHeader(status)
		_, _ = w.Write([]byte(fault.Body))
	default:
		if fault.RetryAfter != "" {
			w.Header().Set("Retry-After", fault.RetryAfter)
		}
		writeReply(w, errorReply(f, fault.Status, http.StatusText(fault.Status),
			"Injected by the mock CallFire"))
	}
}

// dropConnection closes the TCP connection without writing a byte, the way a crashed
// proxy or a network cut looks to the client. Writers that cannot be hijacked (HTTP/2,
// httptest.ResponseRecorder) get the standard abort, which also sends no response.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
