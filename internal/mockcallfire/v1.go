package mockcallfire

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// triggerEvents are the events §B.3 lists for subscribing; UNDEFINED_EVENT is in the enum
// but is not something one can subscribe to.
var triggerEvents = []string{
	"INBOUND_CALL_FINISHED", "INBOUND_TEXT_FINISHED",
	"OUTBOUND_CALL_FINISHED", "OUTBOUND_TEXT_FINISHED",
	"CAMPAIGN_STARTED", "CAMPAIGN_STOPPED", "CAMPAIGN_FINISHED",
}

// notificationFormats leaves out LEGACY: the SDK enum still has it, but CallFire's docs
// call it deprecated, and refusing it keeps a new configuration from depending on it.
var notificationFormats = []string{"XML", "JSON", "SOAP", "EMAIL"}

// parseSubscriptionForm reads the form of a create or update. Both replace the writable
// fields: a parameter that is absent or empty is cleared (booleans become false, the
// format becomes XML). Endpoint and TriggerEvent are required on PUT as well, since a
// full replace without them would leave a subscription that cannot deliver anything.
func parseSubscriptionForm(r *http.Request, body []byte) (Subscription, *reply) {
	fail := func(msg string) (Subscription, *reply) {
		rep := badRequest(familyV1, msg)
		return Subscription{}, &rep
	}
	if len(body) > 0 && !isForm(r) {
		rep := errorReply(familyV1, http.StatusUnsupportedMediaType,
			"Send the parameters as application/x-www-form-urlencoded", "")
		return Subscription{}, &rep
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return fail("Malformed form body: " + err.Error())
	}

	var sub Subscription
	if sub.Enabled, err = formBool(form, "Enabled"); err != nil {
		return fail(err.Error())
	}
	if sub.NonStrictSsl, err = formBool(form, "NonStrictSsl"); err != nil {
		return fail(err.Error())
	}
	sub.Endpoint = strings.TrimSpace(form.Get("Endpoint"))
	if sub.Endpoint == "" {
		return fail("Endpoint is required")
	}
	sub.TriggerEvent = form.Get("TriggerEvent")
	switch {
	case sub.TriggerEvent == "":
		return fail("TriggerEvent is required")
	case !slices.Contains(triggerEvents, sub.TriggerEvent):
		return fail(fmt.Sprintf("TriggerEvent [%s] is not supported, use one of: %s",
			sub.TriggerEvent, strings.Join(triggerEvents, ", ")))
	}
	sub.NotificationFormat = form.Get("NotificationFormat")
	switch {
	case sub.NotificationFormat == "":
		sub.NotificationFormat = "XML"
	case sub.NotificationFormat == "LEGACY":
		return fail("NotificationFormat LEGACY is deprecated, use one of: " +
			strings.Join(notificationFormats, ", "))
	case !slices.Contains(notificationFormats, sub.NotificationFormat):
		return fail(fmt.Sprintf("NotificationFormat [%s] is not supported, use one of: %s",
			sub.NotificationFormat, strings.Join(notificationFormats, ", ")))
	}
	if sub.BroadcastID, err = formID(form, "BroadcastId"); err != nil {
		return fail(err.Error())
	}
	if sub.BatchID, err = formID(form, "BatchId"); err != nil {
		return fail(err.Error())
	}
	sub.FromNumber = form.Get("FromNumber")
	if sub.FromNumber != "" && !validFromNumber(sub.FromNumber) {
		return fail(fmt.Sprintf("FromNumber [%s] is not a valid phone number: use 11 digits "+
			"(e.g. 12135551100) or a 5-6 digit short code", sub.FromNumber))
	}
	sub.ToNumber = form.Get("ToNumber")
	if sub.ToNumber != "" && !validToNumbers(sub.ToNumber) {
		return fail(fmt.Sprintf("ToNumber [%s] is not a valid phone number: use 11 digits "+
			"(e.g. 12135551100) or shortcode:KEYWORD (e.g. 67076:KEYWORD)", sub.ToNumber))
	}
	sub.RequestID = form.Get("RequestId")
	return sub, nil
}

// formBool follows the wire's "true"/"false"; absent or empty means false.
func formBool(form url.Values, key string) (bool, error) {
	switch v := form.Get(key); strings.ToLower(v) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	default:
		return false, fmt.Errorf("%s must be true or false, got %q", key, v)
	}
}

func formID(form url.Values, key string) (*int64, error) {
	v := form.Get(key)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return nil, fmt.Errorf("%s must be a positive number, got %q", key, v)
	}
	return &n, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isShortCode(s string) bool { return (len(s) == 5 || len(s) == 6) && allDigits(s) }

func validFromNumber(s string) bool {
	return (len(s) == 11 && allDigits(s)) || isShortCode(s)
}

// validToNumbers takes the documented space-separated list of numbers, each 11 digits or
// a keyword on a short code.
func validToNumbers(s string) bool {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return false
	}
	for _, n := range fields {
		code, keyword, isKeyword := strings.Cut(n, ":")
		switch {
		case isKeyword && isShortCode(code) && keyword != "":
		case !isKeyword && len(n) == 11 && allDigits(n):
		default:
			return false
		}
	}
	return true
}

type resourceReference struct {
	ResourceReference struct {
		ID       int64  `json:"Id"`
		Location string `json:"Location"`
	} `json:"ResourceReference"`
}

func subscriptionLocation(r *http.Request, id int64) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + V1Prefix + "/subscription/" + strconv.FormatInt(id, 10)
}

func (s *Server) createSubscription(r *http.Request, body []byte) reply {
	sub, bad := parseSubscriptionForm(r, body)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	id, seen := s.subByRequest[sub.RequestID]
	if !seen || sub.RequestID == "" {
		id = s.storeSubscriptionLocked(sub)
	}
	s.mu.Unlock()

	var ref resourceReference
	ref.ResourceReference.ID = id
	ref.ResourceReference.Location = subscriptionLocation(r, id)
	return jsonReply(http.StatusCreated, ref)
}

func (s *Server) storeSubscriptionLocked(sub Subscription) int64 {
	if sub.ID == 0 {
		sub.ID = s.subs.newID()
	}
	if old, ok := s.subs.rows[sub.ID]; ok && old.RequestID != "" && old.RequestID != sub.RequestID {
		delete(s.subByRequest, old.RequestID)
	}
	if sub.RequestID != "" {
		s.subByRequest[sub.RequestID] = sub.ID
	}
	s.subs.put(sub.ID, sub)
	return sub.ID
}

// subscriptionJSON is the JSON form of §B.4; unset fields are left out.
type subscriptionJSON struct {
	ID                 int64       `json:"@id"`
	Enabled            bool        `json:"Enabled"`
	NonStrictSsl       bool        `json:"NonStrictSsl"`
	Endpoint           string      `json:"Endpoint,omitempty"`
	NotificationFormat string      `json:"NotificationFormat,omitempty"`
	TriggerEvent       string      `json:"TriggerEvent,omitempty"`
	SubscriptionFilter *filterJSON `json:"SubscriptionFilter,omitempty"`
}

type filterJSON struct {
	BroadcastID *int64 `json:"BroadcastId,omitempty"`
	BatchID     *int64 `json:"BatchId,omitempty"`
	FromNumber  string `json:"FromNumber,omitempty"`
	ToNumber    string `json:"ToNumber,omitempty"`
}

func toSubscriptionJSON(sub *Subscription) subscriptionJSON {
	out := subscriptionJSON{
		ID:                 sub.ID,
		Enabled:            sub.Enabled,
		NonStrictSsl:       sub.NonStrictSsl,
		Endpoint:           sub.Endpoint,
		NotificationFormat: sub.NotificationFormat,
		TriggerEvent:       sub.TriggerEvent,
	}
	if sub.BroadcastID != nil || sub.BatchID != nil || sub.FromNumber != "" || sub.ToNumber != "" {
		out.SubscriptionFilter = &filterJSON{
			BroadcastID: cloneInt(sub.BroadcastID),
			BatchID:     cloneInt(sub.BatchID),
			FromNumber:  sub.FromNumber,
			ToNumber:    sub.ToNumber,
		}
	}
	return out
}

func cloneInt(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// parseSubscriptionID answers 404 for a non-numeric id, for the same JAX-RS reason as v2.
func parseSubscriptionID(raw string) (int64, *reply) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		rep := subscriptionNotFound()
		return 0, &rep
	}
	return id, nil
}

// subscriptionNotFound carries J11's integration-test message, "Not Found".
func subscriptionNotFound() reply {
	return errorReply(familyV1, http.StatusNotFound, "Not Found", "")
}

func (s *Server) getSubscription(raw string) reply {
	id, bad := parseSubscriptionID(raw)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	sub, ok := s.subs.rows[id]
	var out subscriptionJSON
	if ok {
		out = toSubscriptionJSON(sub)
	}
	s.mu.Unlock()
	if !ok {
		return subscriptionNotFound()
	}
	var wrapped struct {
		Resource struct {
			Subscription subscriptionJSON `json:"Subscription"`
		} `json:"Resource"`
	}
	wrapped.Resource.Subscription = out
	return jsonReply(http.StatusOK, wrapped)
}

type subscriptionList struct {
	ResourceList struct {
		TotalResults int                `json:"@totalResults"`
		Subscription []subscriptionJSON `json:"Subscription,omitempty"`
	} `json:"ResourceList"`
}

// querySubscriptions pages with MaxResults (1..1000, default 1000) and FirstResult; as in
// v2, an out-of-range value is refused rather than clamped.
func (s *Server) querySubscriptions(q url.Values) reply {
	maxResults, bad := intParam(familyV1, q, "MaxResults", maxLimit, 1, maxLimit)
	if bad != nil {
		return *bad
	}
	first, bad := intParam(familyV1, q, "FirstResult", 0, 0, int(^uint32(0)>>1))
	if bad != nil {
		return *bad
	}
	var list subscriptionList
	s.mu.Lock()
	ids := s.subs.order
	list.ResourceList.TotalResults = len(ids)
	if first < len(ids) {
		page := ids[first:min(len(ids), first+maxResults)]
		list.ResourceList.Subscription = make([]subscriptionJSON, len(page))
		for i, id := range page {
			list.ResourceList.Subscription[i] = toSubscriptionJSON(s.subs.rows[id])
		}
	}
	s.mu.Unlock()
	return jsonReply(http.StatusOK, list)
}

func (s *Server) updateSubscription(r *http.Request, raw string, body []byte) reply {
	id, bad := parseSubscriptionID(raw)
	if bad != nil {
		return *bad
	}
	sub, bad := parseSubscriptionForm(r, body)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.subs.rows[id]
	if !ok {
		return subscriptionNotFound()
	}
	// RequestId only de-duplicates creates; the stored one stays.
	sub.ID, sub.RequestID = id, old.RequestID
	s.subs.put(id, sub)
	return reply{status: http.StatusOK}
}

func (s *Server) deleteSubscriptionAPI(raw string) reply {
	id, bad := parseSubscriptionID(raw)
	if bad != nil {
		return *bad
	}
	if !s.DeleteSubscription(id) {
		return subscriptionNotFound()
	}
	return reply{status: http.StatusOK}
}

func cloneSubscription(sub Subscription) Subscription {
	sub.BroadcastID = cloneInt(sub.BroadcastID)
	sub.BatchID = cloneInt(sub.BatchID)
	return sub
}

// Subscriptions returns a copy of the stored subscriptions, ordered by id.
func (s *Server) Subscriptions() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.subs.copies()
}

// Subscription returns a stored subscription.
func (s *Server) Subscription(id int64) (Subscription, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.subs.copyOf(id)
}

// PutSubscription stores sub outside Terraform and returns its id (a zero ID gets a new
// one; an empty NotificationFormat becomes XML, CallFire's default).
func (s *Server) PutSubscription(sub Subscription) int64 {
	sub = cloneSubscription(sub)
	if sub.NotificationFormat == "" {
		sub.NotificationFormat = "XML"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.storeSubscriptionLocked(sub)
}

// EditSubscription changes a stored subscription outside Terraform. The id cannot change.
func (s *Server) EditSubscription(id int64, edit func(*Subscription)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, ok := s.subs.copyOf(id)
	if !ok {
		return false
	}
	edit(&sub)
	sub = cloneSubscription(sub)
	sub.ID = id
	s.storeSubscriptionLocked(sub)
	return true
}

// DeleteSubscription deletes a stored subscription outside Terraform. Its RequestId is
// forgotten with it, so a later create with that RequestId makes a new subscription
// instead of pointing at one that no longer exists.
func (s *Server) DeleteSubscription(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, ok := s.subs.rows[id]
	if !ok {
		return false
	}
	if sub.RequestID != "" && s.subByRequest[sub.RequestID] == id {
		delete(s.subByRequest, sub.RequestID)
	}
	return s.subs.remove(id)
}
