package callfire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// This file holds the pure encoders and decoders of CallFire's wire formats, kept free of
// I/O so that they can be fuzzed and benchmarked on their own.

// webhookOut is the v2 request body. The three booleans carry no omitempty: CallFire's
// defaults for them are unclear (§A.3), so the desired value is always stated.
type webhookOut struct {
	ID           int64    `json:"id,omitempty"`
	Name         string   `json:"name"`
	Resource     string   `json:"resource"`
	Events       []string `json:"events"`
	Callback     string   `json:"callback"`
	Enabled      bool     `json:"enabled"`
	SingleUse    bool     `json:"singleUse"`
	NonStrictSsl bool     `json:"nonStrictSsl"`
	Fields       string   `json:"fields,omitempty"`
	// Secret is a pointer so that ClearSecret can send "secret":"" while an unchanged
	// secret is left out (CallFire keeps the stored one).
	Secret *string `json:"secret,omitempty"`
}

// webhookIn is a v2 webhook as CallFire returns it.
type webhookIn struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	Resource     string   `json:"resource"`
	Events       []string `json:"events"`
	Callback     string   `json:"callback"`
	Enabled      bool     `json:"enabled"`
	SingleUse    bool     `json:"singleUse"`
	NonStrictSsl bool     `json:"nonStrictSsl"`
	Fields       string   `json:"fields"`
	Secret       string   `json:"secret"`
	CreatedAt    int64    `json:"createdAt"`
	UpdatedAt    int64    `json:"updatedAt"`
}

func (w *webhookIn) webhook() Webhook {
	return Webhook{
		ID: w.ID, Name: w.Name, Resource: w.Resource, Events: w.Events,
		Callback: w.Callback, Enabled: w.Enabled, SingleUse: w.SingleUse,
		NonStrictSsl: w.NonStrictSsl, Fields: w.Fields, Secret: w.Secret,
		CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt,
	}
}

// encodeWebhook renders the whole webhook for POST and PUT (§E: PUT carries every field).
// The read-only timestamps are left out.
func encodeWebhook(w *Webhook) ([]byte, error) {
	events := w.Events
	if events == nil {
		events = []string{}
	}
	var secret *string
	if w.Secret != "" || w.ClearSecret {
		secret = &w.Secret
	}
	return json.Marshal(webhookOut{
		ID: w.ID, Name: w.Name, Resource: w.Resource, Events: events,
		Callback: w.Callback, Enabled: w.Enabled, SingleUse: w.SingleUse,
		NonStrictSsl: w.NonStrictSsl, Fields: w.Fields, Secret: secret,
	})
}

var errNotObject = errors.New("the answer is not a JSON object")

// decodeJSONObject refuses anything but an object up front: json.Unmarshal would accept
// "null" into a struct and leave it zero, which would read as a valid but empty answer.
func decodeJSONObject(body []byte, v any) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return errNotObject
	}
	return json.Unmarshal(body, v)
}

func decodeWebhook(body []byte) (Webhook, error) {
	var in webhookIn
	if err := decodeJSONObject(body, &in); err != nil {
		return Webhook{}, fmt.Errorf("decoding webhook: %w", err)
	}
	if in.ID <= 0 {
		return Webhook{}, errors.New("decoding webhook: the answer has no id")
	}
	return in.webhook(), nil
}

// pageInfo is the paging envelope of a v2 list. TotalCount is -1 when CallFire does not
// know it or leaves it out.
type pageInfo struct {
	Limit      int
	Offset     int
	TotalCount int
	Items      int
}

type webhookPageIn struct {
	Items      []webhookIn `json:"items"`
	Limit      int         `json:"limit"`
	Offset     int         `json:"offset"`
	TotalCount *int        `json:"totalCount"`
}

// decodeWebhookPage appends the page's webhooks to dst, so paging can fill one slice.
func decodeWebhookPage(body []byte, dst []Webhook) ([]Webhook, pageInfo, error) {
	var in webhookPageIn
	if err := decodeJSONObject(body, &in); err != nil {
		return dst, pageInfo{}, fmt.Errorf("decoding webhook page: %w", err)
	}
	info := pageInfo{Limit: in.Limit, Offset: in.Offset, TotalCount: -1, Items: len(in.Items)}
	if in.TotalCount != nil && *in.TotalCount >= 0 {
		info.TotalCount = *in.TotalCount
	}
	dst = growWebhooks(dst, len(in.Items))
	for i := range in.Items {
		dst = append(dst, in.Items[i].webhook())
	}
	return dst, info, nil
}

func growWebhooks(s []Webhook, n int) []Webhook {
	if cap(s)-len(s) < n {
		grown := make([]Webhook, len(s), len(s)+n)
		copy(grown, s)
		return grown
	}
	return s
}

type webhookResourceIn struct {
	Resource        string   `json:"resource"`
	SupportedEvents []string `json:"supportedEvents"`
}

func decodeWebhookResources(body []byte) ([]WebhookResource, error) {
	var in struct {
		Items []webhookResourceIn `json:"items"`
	}
	if err := decodeJSONObject(body, &in); err != nil {
		return nil, fmt.Errorf("decoding webhook resources: %w", err)
	}
	out := make([]WebhookResource, 0, len(in.Items))
	for _, r := range in.Items {
		if r.Resource == "" {
			continue
		}
		out = append(out, WebhookResource(r))
	}
	return out, nil
}

func decodeWebhookResource(body []byte) (WebhookResource, error) {
	var in webhookResourceIn
	if err := decodeJSONObject(body, &in); err != nil {
		return WebhookResource{}, fmt.Errorf("decoding webhook resource: %w", err)
	}
	if in.Resource == "" {
		return WebhookResource{}, errors.New("decoding webhook resource: no resource name")
	}
	return WebhookResource(in), nil
}

// decodeID reads v2's ResourceId answer to a create, {"id":N}.
func decodeID(body []byte) (int64, error) {
	var in struct {
		ID flexInt `json:"id"`
	}
	if err := decodeJSONObject(body, &in); err != nil {
		return 0, fmt.Errorf("decoding the new id: %w", err)
	}
	if in.ID <= 0 {
		return 0, errors.New("the answer carries no id")
	}
	return int64(in.ID), nil
}

// errorBody is what CallFire says about a failure, from either API's error shape.
type errorBody struct {
	Message          string
	DeveloperMessage string
	InternalCode     string
}

// decodeV2Error reads v2's ErrorResponse; ok is false when body is not one.
func decodeV2Error(body []byte) (errorBody, bool) {
	var in struct {
		HTTPStatusCode *flexInt   `json:"httpStatusCode"`
		InternalCode   flexString `json:"internalCode"`
		Message        flexString `json:"message"`
		DeveloperMsg   flexString `json:"developerMessage"`
	}
	if decodeJSONObject(body, &in) != nil {
		return errorBody{}, false
	}
	out := errorBody{
		Message:          string(in.Message),
		DeveloperMessage: string(in.DeveloperMsg),
		InternalCode:     string(in.InternalCode),
	}
	ok := out.Message != "" || out.DeveloperMessage != "" || out.InternalCode != "" ||
		in.HTTPStatusCode != nil
	return out, ok
}

// decodeV1Error reads v1.1's {"ResourceException":{"HttpStatus":..,"Message":..}}.
func decodeV1Error(body []byte) (errorBody, bool) {
	var in struct {
		ResourceException *struct {
			HTTPStatus *flexInt   `json:"HttpStatus"`
			Message    flexString `json:"Message"`
		} `json:"ResourceException"`
	}
	if decodeJSONObject(body, &in) != nil || in.ResourceException == nil {
		return errorBody{}, false
	}
	re := in.ResourceException
	if re.Message == "" && re.HTTPStatus == nil {
		return errorBody{}, false
	}
	return errorBody{Message: string(re.Message)}, true
}

// decodeErrorBody tries the shape of the API that answered first, then the other one:
// the v1.1 servers sit behind the same front end and might answer in either.
func decodeErrorBody(body []byte, v1 bool) (errorBody, bool) {
	if v1 {
		if e, ok := decodeV1Error(body); ok {
			return e, true
		}
		return decodeV2Error(body)
	}
	if e, ok := decodeV2Error(body); ok {
		return e, true
	}
	return decodeV1Error(body)
}

// decodeResourceReference reads v1.1's answer to a create.
func decodeResourceReference(body []byte) (int64, error) {
	var in struct {
		ResourceReference *struct {
			ID flexInt `json:"Id"`
		} `json:"ResourceReference"`
	}
	if err := decodeJSONObject(body, &in); err != nil {
		return 0, fmt.Errorf("decoding the new id: %w", err)
	}
	if in.ResourceReference == nil || in.ResourceReference.ID <= 0 {
		return 0, errors.New("the answer carries no ResourceReference.Id")
	}
	return int64(in.ResourceReference.ID), nil
}

// subscriptionIn is a v1.1 subscription as the JSON form of CallFire's XML answers gives
// it: PascalCase keys, "@id" for the XML attribute.
type subscriptionIn struct {
	ID                 flexInt    `json:"@id"`
	Enabled            flexBool   `json:"Enabled"`
	NonStrictSsl       flexBool   `json:"NonStrictSsl"`
	Endpoint           flexString `json:"Endpoint"`
	NotificationFormat flexString `json:"NotificationFormat"`
	TriggerEvent       flexString `json:"TriggerEvent"`
	SubscriptionFilter *struct {
		BroadcastID *flexInt   `json:"BroadcastId"`
		BatchID     *flexInt   `json:"BatchId"`
		FromNumber  flexString `json:"FromNumber"`
		ToNumber    flexString `json:"ToNumber"`
	} `json:"SubscriptionFilter"`
}

func (s *subscriptionIn) subscription() Subscription {
	out := Subscription{
		ID:                 int64(s.ID),
		Enabled:            bool(s.Enabled),
		NonStrictSsl:       bool(s.NonStrictSsl),
		Endpoint:           string(s.Endpoint),
		NotificationFormat: string(s.NotificationFormat),
		TriggerEvent:       string(s.TriggerEvent),
	}
	if f := s.SubscriptionFilter; f != nil {
		filter := SubscriptionFilter{FromNumber: string(f.FromNumber), ToNumber: string(f.ToNumber)}
		if f.BroadcastID != nil {
			v := int64(*f.BroadcastID)
			filter.BroadcastID = &v
		}
		if f.BatchID != nil {
			v := int64(*f.BatchID)
			filter.BatchID = &v
		}
		if !filter.empty() {
			out.Filter = &filter
		}
	}
	return out
}

func (f *SubscriptionFilter) empty() bool {
	return f == nil ||
		(f.BroadcastID == nil && f.BatchID == nil && f.FromNumber == "" && f.ToNumber == "")
}

func decodeSubscriptionResource(body []byte) (Subscription, error) {
	var in struct {
		Resource *struct {
			Subscription json.RawMessage `json:"Subscription"`
		} `json:"Resource"`
	}
	if err := decodeJSONObject(body, &in); err != nil {
		return Subscription{}, fmt.Errorf("decoding subscription: %w", err)
	}
	if in.Resource == nil {
		return Subscription{}, errors.New("decoding subscription: no Resource in the answer")
	}
	subs, err := decodeOneOrMany(in.Resource.Subscription, nil)
	if err != nil {
		return Subscription{}, fmt.Errorf("decoding subscription: %w", err)
	}
	if len(subs) != 1 {
		return Subscription{}, fmt.Errorf(
			"decoding subscription: expected one Subscription in the answer, found %d", len(subs))
	}
	if subs[0].ID <= 0 {
		return Subscription{}, errors.New("decoding subscription: the answer has no @id")
	}
	return subs[0], nil
}

// decodeSubscriptionList reads one page of a v1.1 query. The Subscription key is missing
// when the page is empty, and an XML-to-JSON bridge may render a one-element list as a
// bare object, so both are accepted. total is -1 when the answer does not say.
func decodeSubscriptionList(body []byte, dst []Subscription) ([]Subscription, int64, int, error) {
	var in struct {
		ResourceList *struct {
			TotalResults *flexInt        `json:"@totalResults"`
			Subscription json.RawMessage `json:"Subscription"`
		} `json:"ResourceList"`
	}
	if err := decodeJSONObject(body, &in); err != nil {
		return dst, 0, 0, fmt.Errorf("decoding subscription list: %w", err)
	}
	if in.ResourceList == nil {
		return dst, 0, 0, errors.New("decoding subscription list: no ResourceList in the answer")
	}
	total := int64(-1)
	if t := in.ResourceList.TotalResults; t != nil && *t >= 0 {
		total = int64(*t)
	}
	before := len(dst)
	dst, err := decodeOneOrMany(in.ResourceList.Subscription, dst)
	if err != nil {
		return dst[:before], 0, 0, fmt.Errorf("decoding subscription list: %w", err)
	}
	return dst, total, len(dst) - before, nil
}

func decodeOneOrMany(raw json.RawMessage, dst []Subscription) ([]Subscription, error) {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return dst, nil
	}
	switch raw[0] {
	case '{':
		var one subscriptionIn
		if err := json.Unmarshal(raw, &one); err != nil {
			return dst, err
		}
		return append(dst, one.subscription()), nil
	case '[':
		var many []subscriptionIn
		if err := json.Unmarshal(raw, &many); err != nil {
			return dst, err
		}
		if cap(dst)-len(dst) < len(many) {
			grown := make([]Subscription, len(dst), len(dst)+len(many))
			copy(grown, dst)
			dst = grown
		}
		for i := range many {
			dst = append(dst, many[i].subscription())
		}
		return dst, nil
	}
	return dst, errors.New("Subscription is neither an object nor a list")
}

// encodeSubscriptionForm renders the v1.1 form body, PascalCase with the filter flattened.
//
// Clearing a filter field: a form cannot say "null", and CallFire's PUT semantics are
// undocumented (§B.2); a server that merges would keep a field that is simply left out. So
// an update always sends all four filter fields, and a field with no value goes as an empty
// parameter ("BroadcastId=&FromNumber="), which says "no value" to either kind of server.
// A create leaves unset filter fields out, since there is nothing to clear.
func encodeSubscriptionForm(s *Subscription, requestID string, update bool) string {
	var b strings.Builder
	b.Grow(256)
	if requestID != "" {
		addParam(&b, "RequestId", requestID)
	}
	addParam(&b, "Enabled", strconv.FormatBool(s.Enabled))
	addParam(&b, "NonStrictSsl", strconv.FormatBool(s.NonStrictSsl))
	if s.Endpoint != "" {
		addParam(&b, "Endpoint", s.Endpoint)
	}
	if s.NotificationFormat != "" {
		addParam(&b, "NotificationFormat", s.NotificationFormat)
	}
	if s.TriggerEvent != "" {
		addParam(&b, "TriggerEvent", s.TriggerEvent)
	}
	var f SubscriptionFilter
	if s.Filter != nil {
		f = *s.Filter
	}
	if f.BroadcastID != nil {
		addParam(&b, "BroadcastId", strconv.FormatInt(*f.BroadcastID, 10))
	} else if update {
		addParam(&b, "BroadcastId", "")
	}
	if f.BatchID != nil {
		addParam(&b, "BatchId", strconv.FormatInt(*f.BatchID, 10))
	} else if update {
		addParam(&b, "BatchId", "")
	}
	if f.FromNumber != "" || update {
		addParam(&b, "FromNumber", f.FromNumber)
	}
	if f.ToNumber != "" || update {
		addParam(&b, "ToNumber", f.ToNumber)
	}
	return b.String()
}

func addParam(b *strings.Builder, name, value string) {
	if b.Len() > 0 {
		b.WriteByte('&')
	}
	b.WriteString(name)
	b.WriteByte('=')
	b.WriteString(url.QueryEscape(value))
}

// maxRetryAfter keeps absurd Retry-After values from overflowing time.Duration; the
// client caps waits at RetryWaitMax anyway.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date (RFC 9110
// §10.2.3). A date in the past means "now".
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if value[0] >= '0' && value[0] <= '9' {
		secs, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return maxRetryAfter, true
			}
			return 0, false
		}
		if secs > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	at, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	d := at.Sub(now)
	switch {
	case d < 0:
		return 0, true
	case d > maxRetryAfter:
		return maxRetryAfter, true
	}
	return d, true
}

// flexInt accepts a JSON number or a numeric string; the v1.1 answers come from an
// XML-to-JSON bridge that is not strict about either.
type flexInt int64

func (v *flexInt) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		if err != nil {
			return err
		}
		b = []byte(strings.TrimSpace(s))
		if len(b) == 0 {
			return nil
		}
	}
	if string(b) == "null" {
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("not an integer: %.40q", b)
	}
	*v = flexInt(n)
	return nil
}

// flexString accepts a string, a number or a bool as their text, and a list of those
// joined with spaces (v1.1 documents ToNumber as a space-separated list).
type flexString string

func (v *flexString) UnmarshalJSON(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = flexString(s)
	case 'n':
		*v = ""
	case '[':
		var parts []flexString
		if err := json.Unmarshal(b, &parts); err != nil {
			return err
		}
		var sb strings.Builder
		for i, p := range parts {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(string(p))
		}
		*v = flexString(sb.String())
	case '{':
		return errors.New("an object where text was expected")
	default:
		*v = flexString(b)
	}
	return nil
}

// flexBool accepts true/false and their string forms.
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	switch strings.ToLower(strings.Trim(string(b), `"`)) {
	case "true":
		*v = true
	case "false", "null", "":
		*v = false
	default:
		return fmt.Errorf("not a boolean: %.40q", b)
	}
	return nil
}
