package mockcallfire

import (
	"net/http"
)

// adminPrefix holds the mock's own endpoints for scripts and the benchmark. They need the
// same credentials as the API but are neither recorded nor counted, so inspecting the
// mock does not disturb what is being measured.
const adminPrefix = "/_mock/"

type storeView struct {
	Webhooks      []Webhook      `json:"webhooks"`
	Subscriptions []Subscription `json:"subscriptions"`
}

func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="api.callfire.com"`)
		writeReply(w, errorReply(familyV2, http.StatusUnauthorized,
			"Unauthorized", "Missing or invalid API credentials (HTTP Basic)"))
		return
	}
	switch r.URL.Path {
	case adminPrefix + "stats":
		if r.Method != http.MethodGet {
			writeReply(w, methodNotAllowed(familyV2, "GET"))
			return
		}
		writeReply(w, jsonReply(http.StatusOK, s.Stats()))
	case adminPrefix + "reset-stats":
		if r.Method != http.MethodPost {
			writeReply(w, methodNotAllowed(familyV2, "POST"))
			return
		}
		s.ResetStats()
		writeReply(w, reply{status: http.StatusNoContent})
	case adminPrefix + "store":
		if r.Method != http.MethodGet {
			writeReply(w, methodNotAllowed(familyV2, "GET"))
			return
		}
		view := storeView{Webhooks: s.Webhooks(), Subscriptions: s.Subscriptions()}
		for i := range view.Webhooks {
			if view.Webhooks[i].Secret != "" {
				view.Webhooks[i].Secret = "***"
			}
		}
		writeReply(w, jsonReply(http.StatusOK, view))
	default:
		writeReply(w, errorReply(familyV2, http.StatusNotFound, "Not Found",
			"Admin endpoints: GET /_mock/stats, POST /_mock/reset-stats, GET /_mock/store"))
	}
}
