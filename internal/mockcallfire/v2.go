package mockcallfire

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// webhookResource is one row of §A.4: a resource and the events it supports.
type webhookResource struct {
	Resource        string   `json:"resource"`
	SupportedEvents []string `json:"supportedEvents,omitempty"`
}

// resources lists the 11 resources of §A.4 in the reference's order.
var resources = []webhookResource{
	{"CccCampaign", []string{"Started", "Stopped", "Finished"}},
	{"CallBroadcast", []string{"Started", "Stopped", "Finished"}},
	{"TextBroadcast", []string{"Started", "Stopped", "Finished"}},
	{"OutboundCall", []string{"Finished"}},
	{"InboundCall", []string{"Finished"}},
	{"OutboundText", []string{"Finished"}},
	{"InboundText", []string{"Finished"}},
	{"ContactList", []string{"ValidationFinished", "ValidationFailed"}},
	{"MonthlyRenewal", []string{"Finished", "Failed"}},
	{"LowBalance", []string{"Finished", "Failed"}},
	{"OutboundTextDeliveryReport", []string{"Received"}},
}

// resourceNames joins the resource names for error messages.
var resourceNames = func() string {
	names := make([]string, len(resources))
	for i, r := range resources {
		names[i] = r.Resource
	}
	return strings.Join(names, ", ")
}()

// lookupResource accepts the canonical PascalCase spelling only (§E).
func lookupResource(name string) (webhookResource, bool) {
	for _, r := range resources {
		if r.Resource == name {
			return r, true
		}
	}
	return webhookResource{}, false
}

// wantsSupportedEvents reads the partial-response parameter: CallFire leaves out the
// fields not named, and the SDK tests ask for "items(resource)" or "resource" only.
func wantsSupportedEvents(fields string) bool {
	return fields == "" || strings.Contains(fields, "supportedEvents")
}

func findResources(fields string) reply {
	items := resources
	if !wantsSupportedEvents(fields) {
		items = make([]webhookResource, len(resources))
		for i, r := range resources {
			items[i] = webhookResource{Resource: r.Resource}
		}
	}
	return jsonReply(http.StatusOK, struct {
		Items []webhookResource `json:"items"`
	}{items})
}

func getResource(name, fields string) reply {
	r, ok := lookupResource(name)
	if !ok {
		// CallFire does not document this case; an unknown path element reads best as 404.
		return errorReply(familyV2, http.StatusNotFound, "Not Found",
			fmt.Sprintf("Unknown webhook resource [%s], supported resources are: [%s]",
				name, resourceNames))
	}
	if !wantsSupportedEvents(fields) {
		r.SupportedEvents = nil
	}
	return jsonReply(http.StatusOK, r)
}

// webhookInput is a POST or PUT body. Pointers tell an absent key from a zero value.
// id, createdAt and updatedAt are read-only: the SDKs send them back on PUT and the
// server ignores them, so they are not decoded at all.
type webhookInput struct {
	Name         *string  `json:"name"`
	Resource     *string  `json:"resource"`
	Events       []string `json:"events"`
	Callback     *string  `json:"callback"`
	Enabled      *bool    `json:"enabled"`
	SingleUse    *bool    `json:"singleUse"`
	NonStrictSsl *bool    `json:"nonStrictSsl"`
	Fields       *string  `json:"fields"`
	Secret       *string  `json:"secret"`
}

func decodeWebhook(body []byte) (webhookInput, *reply) {
	var in webhookInput
	if err := json.Unmarshal(body, &in); err != nil {
		rep := errorReply(familyV2, http.StatusBadRequest, "Malformed JSON body",
			"Could not parse the webhook JSON: "+err.Error())
		return in, &rep
	}
	return in, nil
}

// validate checks a body against the resource it will have. resource is the body's value
// on create and the stored one on update.
func (in webhookInput) validate(resource string) *reply {
	fail := func(msg string) *reply { rep := badRequest(familyV2, msg); return &rep }
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		return fail("name is required")
	}
	if resource == "" {
		return fail("resource is required")
	}
	res, ok := lookupResource(resource)
	if !ok {
		return fail(fmt.Sprintf("Unsupported resource [%s], supported resources are: [%s]",
			resource, resourceNames))
	}
	if in.Callback == nil || strings.TrimSpace(*in.Callback) == "" {
		return fail("callback is required")
	}
	if len(in.Events) == 0 {
		return fail("events are required: at least one event of the " + resource + " resource")
	}
	for _, e := range in.Events {
		if !slices.Contains(res.SupportedEvents, e) {
			return fail(fmt.Sprintf(
				"Event [%s] is unsupported for %s resource, supported events are: [%s]",
				e, resource, strings.Join(res.SupportedEvents, ", ")))
		}
	}
	return nil
}

// apply writes the writable fields into w. PUT replaces: an absent boolean becomes false
// and an absent fields becomes empty. The secret is the exception: CallFire never returns
// it, so a client that read the webhook cannot send it back, and an absent "secret" key
// keeps the stored one ("secret":"" clears it).
func (in webhookInput) apply(w *Webhook) {
	w.Name = *in.Name
	w.Callback = *in.Callback
	w.Events = uniqueEvents(in.Events)
	w.Enabled = in.Enabled != nil && *in.Enabled
	w.SingleUse = in.SingleUse != nil && *in.SingleUse
	w.NonStrictSsl = in.NonStrictSsl != nil && *in.NonStrictSsl
	w.Fields = ""
	if in.Fields != nil {
		w.Fields = *in.Fields
	}
	if in.Secret != nil {
		w.Secret = *in.Secret
	}
}

// uniqueEvents copies events without repeats (the spec says uniqueItems; order is kept).
func uniqueEvents(events []string) []string {
	out := make([]string, 0, len(events))
	for _, e := range events {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

func (s *Server) createWebhook(body []byte) reply {
	in, bad := decodeWebhook(body)
	if bad != nil {
		return *bad
	}
	resource := ""
	if in.Resource != nil {
		resource = *in.Resource
	}
	if bad := in.validate(resource); bad != nil {
		return *bad
	}
	w := Webhook{Resource: resource}
	in.apply(&w)

	s.mu.Lock()
	id := s.storeWebhookLocked(w)
	s.mu.Unlock()
	return jsonReply(http.StatusCreated, struct {
		ID int64 `json:"id"`
	}{id})
}

// storeWebhookLocked gives w an id when it has none and timestamps when they are zero.
func (s *Server) storeWebhookLocked(w Webhook) int64 {
	if w.ID == 0 {
		w.ID = s.webhooks.newID()
	}
	now := s.nowMillis()
	if w.CreatedAt == 0 {
		w.CreatedAt = now
	}
	if w.UpdatedAt == 0 {
		w.UpdatedAt = w.CreatedAt
	}
	if w.Events == nil {
		w.Events = []string{}
	}
	s.webhooks.put(w.ID, w)
	return w.ID
}

// bumpUpdated moves updatedAt forward even within the same millisecond, so a change is
// always visible to someone comparing timestamps.
func (s *Server) bumpUpdated(old int64) int64 {
	now := s.nowMillis()
	if now <= old {
		return old + 1
	}
	return now
}

// parseWebhookID answers 404 for an id that is not an int64: CallFire is a JAX-RS service
// with a Long path parameter, and JAX-RS answers a path parameter it cannot convert with
// 404, because no resource exists at such a path.
func parseWebhookID(raw string) (int64, *reply) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		rep := webhookNotFound(raw)
		return 0, &rep
	}
	return id, nil
}

func webhookNotFound(raw string) reply {
	return errorReply(familyV2, http.StatusNotFound, "Not Found",
		"Webhook "+raw+" does not exist")
}

func (s *Server) publicWebhook(w Webhook) Webhook {
	if !s.echoSecret {
		w.Secret = ""
	}
	return w
}

func (s *Server) getWebhook(raw string) reply {
	id, bad := parseWebhookID(raw)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	w, ok := s.webhooks.rows[id]
	var out Webhook
	if ok {
		out = *w
	}
	s.mu.Unlock()
	if !ok {
		return webhookNotFound(raw)
	}
	return jsonReply(http.StatusOK, s.publicWebhook(out))
}

func (s *Server) updateWebhook(raw string, body []byte) reply {
	id, bad := parseWebhookID(raw)
	if bad != nil {
		return *bad
	}
	in, bad := decodeWebhook(body)
	if bad != nil {
		return *bad
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	stored, ok := s.webhooks.rows[id]
	if !ok {
		return webhookNotFound(raw)
	}
	// SAM's update sample leaves resource out, so absent means "unchanged". A different
	// resource is refused: the real API does not document whether it may change, and the
	// provider replaces the webhook instead of asking.
	if in.Resource != nil && *in.Resource != stored.Resource {
		return badRequest(familyV2, fmt.Sprintf(
			"resource cannot be changed (from %s to %s); create a new webhook instead",
			stored.Resource, *in.Resource))
	}
	if bad := in.validate(stored.Resource); bad != nil {
		return *bad
	}
	w := *stored
	in.apply(&w)
	w.UpdatedAt = s.bumpUpdated(stored.UpdatedAt)
	s.webhooks.put(id, w)
	return reply{status: http.StatusOK}
}

func (s *Server) deleteWebhookAPI(raw string) reply {
	id, bad := parseWebhookID(raw)
	if bad != nil {
		return *bad
	}
	if !s.DeleteWebhook(id) {
		return webhookNotFound(raw)
	}
	return reply{status: http.StatusNoContent}
}

const (
	defaultLimit = 100
	maxLimit     = 1000
)

type webhookPage struct {
	Items      []Webhook `json:"items"`
	Limit      int       `json:"limit"`
	Offset     int       `json:"offset"`
	TotalCount int       `json:"totalCount"`
}

// findWebhooks filters by exact name and callback: CallFire does not document the match
// rule, and its live integration test looks a webhook up by its exact name, which an exact
// match satisfies without surprising anyone who expects a lookup by name to be precise.
// A limit outside 1..1000 is refused rather than clamped, so a client bug shows.
func (s *Server) findWebhooks(q url.Values) reply {
	limit, bad := intParam(familyV2, q, "limit", defaultLimit, 1, maxLimit)
	if bad != nil {
		return *bad
	}
	offset, bad := intParam(familyV2, q, "offset", 0, 0, int(^uint32(0)>>1))
	if bad != nil {
		return *bad
	}
	var enabled *bool
	if raw, ok := q["enabled"]; ok && raw[0] != "" {
		b, err := strconv.ParseBool(raw[0])
		if err != nil {
			return badRequest(familyV2, "enabled must be true or false, got "+strconv.Quote(raw[0]))
		}
		enabled = &b
	}
	name, resource := q.Get("name"), q.Get("resource")
	event, callback := q.Get("event"), q.Get("callback")

	page := webhookPage{Items: []Webhook{}, Limit: limit, Offset: offset}
	s.mu.Lock()
	for _, id := range s.webhooks.order {
		w := s.webhooks.rows[id]
		if (name != "" && w.Name != name) ||
			(resource != "" && w.Resource != resource) ||
			(callback != "" && w.Callback != callback) ||
			(event != "" && !slices.Contains(w.Events, event)) ||
			(enabled != nil && w.Enabled != *enabled) {
			continue
		}
		if page.TotalCount >= offset && len(page.Items) < limit {
			page.Items = append(page.Items, s.publicWebhook(*w))
		}
		page.TotalCount++
	}
	s.mu.Unlock()
	return jsonReply(http.StatusOK, page)
}

// intParam reads an optional integer query parameter within [lo, hi].
func intParam(f family, q url.Values, key string, def, lo, hi int) (int, *reply) {
	raw := q.Get(key)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		rep := badRequest(f, fmt.Sprintf("%s must be an integer from %d to %d, got %q",
			key, lo, hi, raw))
		return 0, &rep
	}
	return n, nil
}

// Webhooks returns a copy of the stored webhooks (with secrets), ordered by id.
func (s *Server) Webhooks() []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhooks.copies()
}

// Webhook returns a stored webhook.
func (s *Server) Webhook(id int64) (Webhook, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhooks.copyOf(id)
}

// cloneWebhook copies the events too, so callers cannot reach into the store.
func cloneWebhook(w Webhook) Webhook {
	w.Events = slices.Clone(w.Events)
	if w.Events == nil {
		w.Events = []string{}
	}
	return w
}

// PutWebhook stores w as if created through the API ("outside Terraform"); a zero ID gets a
// new id and zero timestamps get now. It returns the id.
func (s *Server) PutWebhook(w Webhook) int64 {
	w = cloneWebhook(w)
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.webhooks.rows[w.ID]; ok && w.UpdatedAt == 0 {
		w.UpdatedAt = s.bumpUpdated(old.UpdatedAt)
	}
	return s.storeWebhookLocked(w)
}

// EditWebhook changes a stored webhook outside Terraform; false when it does not exist.
// The id cannot be changed and updatedAt moves forward.
func (s *Server) EditWebhook(id int64, edit func(*Webhook)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.webhooks.copyOf(id)
	if !ok {
		return false
	}
	updated := w.UpdatedAt
	edit(&w)
	w = cloneWebhook(w)
	w.ID = id
	w.UpdatedAt = s.bumpUpdated(updated)
	s.webhooks.put(id, w)
	return true
}

// DeleteWebhook deletes a stored webhook outside Terraform.
func (s *Server) DeleteWebhook(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhooks.remove(id)
}
