package mockcallfire

import (
	"encoding/json"
	"net/http"
	"strings"
)

// family says which API a path belongs to, and so which error body shape it answers with.
type family int

const (
	familyV2 family = iota
	familyV1
)

type endpointKind int

const (
	epUnknown endpointKind = iota
	epWebhooks
	epWebhook
	epResources
	epResource
	epSubscriptions
	epSubscription
	// The v1.1 paths without ".json" ask for XML, which the mock does not speak.
	epSubscriptionsXML
	epSubscriptionXML
)

// endpoint is a classified path: which operation group, the {id} or {resource} segment,
// and the normalized route used by Stats.
type endpoint struct {
	kind   endpointKind
	family family
	param  string
	route  string
}

const unknownRoute = "(unknown)"

func classify(path string) endpoint {
	if rest, ok := strings.CutPrefix(path, V2Prefix+"/webhooks"); ok {
		switch {
		case rest == "":
			return endpoint{kind: epWebhooks, route: "/v2/webhooks"}
		case rest == "/resources":
			return endpoint{kind: epResources, route: "/v2/webhooks/resources"}
		case strings.HasPrefix(rest, "/resources/") && !strings.Contains(rest[11:], "/"):
			return endpoint{kind: epResource, param: rest[11:],
				route: "/v2/webhooks/resources/{resource}"}
		case len(rest) > 1 && rest[0] == '/' && !strings.Contains(rest[1:], "/"):
			return endpoint{kind: epWebhook, param: rest[1:], route: "/v2/webhooks/{id}"}
		}
		return endpoint{route: unknownRoute}
	}
	if rest, ok := strings.CutPrefix(path, V1Prefix+"/subscription"); ok {
		ep := endpoint{family: familyV1, route: unknownRoute}
		switch {
		case rest == ".json":
			ep.kind, ep.route = epSubscriptions, "/api/1.1/rest/subscription.json"
		case rest == "":
			ep.kind, ep.route = epSubscriptionsXML, "/api/1.1/rest/subscription"
		case len(rest) > 1 && rest[0] == '/' && !strings.Contains(rest[1:], "/"):
			if id, ok := strings.CutSuffix(rest[1:], ".json"); ok && id != "" {
				ep.kind, ep.param = epSubscription, id
				ep.route = "/api/1.1/rest/subscription/{id}.json"
			} else if !strings.Contains(rest[1:], ".") {
				ep.kind, ep.param = epSubscriptionXML, rest[1:]
				ep.route = "/api/1.1/rest/subscription/{id}"
			}
		}
		return ep
	}
	if strings.HasPrefix(path, V1Prefix+"/") {
		return endpoint{family: familyV1, route: unknownRoute}
	}
	return endpoint{route: unknownRoute}
}

func (s *Server) dispatch(r *http.Request, ep endpoint, body []byte) reply {
	switch ep.kind {
	case epWebhooks:
		switch r.Method {
		case http.MethodGet:
			return s.findWebhooks(r.URL.Query())
		case http.MethodPost:
			return s.createWebhook(body)
		}
		return methodNotAllowed(ep.family, "GET, POST")
	case epWebhook:
		switch r.Method {
		case http.MethodGet:
			return s.getWebhook(ep.param)
		case http.MethodPut:
			return s.updateWebhook(ep.param, body)
		case http.MethodDelete:
			return s.deleteWebhookAPI(ep.param)
		}
		return methodNotAllowed(ep.family, "GET, PUT, DELETE")
	case epResources:
		if r.Method != http.MethodGet {
			return methodNotAllowed(ep.family, "GET")
		}
		return findResources(r.URL.Query().Get("fields"))
	case epResource:
		if r.Method != http.MethodGet {
			return methodNotAllowed(ep.family, "GET")
		}
		return getResource(ep.param, r.URL.Query().Get("fields"))
	case epSubscriptions:
		switch r.Method {
		case http.MethodGet:
			return s.querySubscriptions(r.URL.Query())
		case http.MethodPost:
			return s.createSubscription(r, body)
		}
		return methodNotAllowed(ep.family, "GET, POST")
	case epSubscription:
		switch r.Method {
		case http.MethodGet:
			return s.getSubscription(ep.param)
		case http.MethodPut:
			return s.updateSubscription(r, ep.param, body)
		case http.MethodDelete:
			return s.deleteSubscriptionAPI(ep.param)
		}
		return methodNotAllowed(ep.family, "GET, PUT, DELETE")
	case epSubscriptionsXML, epSubscriptionXML:
		// CallFire answers these paths in XML. The provider always uses ".json" (§E), so
		// the mock refuses instead of half-implementing a second format.
		return reply{status: http.StatusNotAcceptable, body: []byte(
			"This mock CallFire serves API 1.1 in JSON only: add .json to the path " +
				"(e.g. /api/1.1/rest/subscription.json).\n")}
	}
	if ep.family == familyV1 {
		return errorReply(familyV1, http.StatusNotFound, "Not Found", "")
	}
	return errorReply(familyV2, http.StatusNotFound, "Not Found",
		"No CallFire API operation at this path")
}

type v2ErrorBody struct {
	HTTPStatusCode   int    `json:"httpStatusCode"`
	InternalCode     int    `json:"internalCode"`
	Message          string `json:"message"`
	DeveloperMessage string `json:"developerMessage,omitempty"`
}

type v1ErrorBody struct {
	ResourceException struct {
		HTTPStatus int    `json:"HttpStatus"`
		Message    string `json:"Message"`
	} `json:"ResourceException"`
}

// errorReply builds CallFire's error body: v2's ErrorResponse or v1.1's ResourceException.
// v1.1 carries only Message, so the developer detail is dropped there.
func errorReply(f family, status int, message, developerMessage string) reply {
	var b []byte
	if f == familyV1 {
		var e v1ErrorBody
		e.ResourceException.HTTPStatus = status
		e.ResourceException.Message = message
		b, _ = json.Marshal(e)
	} else {
		b, _ = json.Marshal(v2ErrorBody{
			HTTPStatusCode:   status,
			Message:          message,
			DeveloperMessage: developerMessage,
		})
	}
	return reply{status: status, body: b}
}

func badRequest(f family, message string) reply {
	return errorReply(f, http.StatusBadRequest, message, message)
}

func methodNotAllowed(f family, allow string) reply {
	rep := errorReply(f, http.StatusMethodNotAllowed, "Method Not Allowed",
		"Allowed methods: "+allow)
	rep.allow = allow
	return rep
}
