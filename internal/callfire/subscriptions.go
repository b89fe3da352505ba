package callfire

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

const (
	// subscriptionPageSize is the largest MaxResults v1.1 accepts.
	subscriptionPageSize = 1000
	formType             = "application/x-www-form-urlencoded"
)

// CreateSubscription creates s and returns its id. requestID is CallFire's de-duplication
// key (§E): the same key on a repeated create returns the first subscription instead of a
// second one, which is what lets this create be retried like an idempotent request. An
// empty requestID gets a random one.
func (c *Client) CreateSubscription(ctx context.Context, s Subscription,
	requestID string) (int64, error) {
	if requestID == "" {
		requestID = NewRequestID()
	}
	req := &request{
		op: "create subscription", method: http.MethodPost, v1: true,
		path: "/subscription.json", contentType: formType, repeatable: true,
		body: []byte(encodeSubscriptionForm(&s, requestID, false)),
	}
	return fetch(ctx, c, req, decodeResourceReference)
}

// NewRequestID returns a random v1.1 RequestId. Callers that want to retry a create after
// an ambiguous failure should generate one up front and pass the same one each time.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return "tf-" + hex.EncodeToString(b[:])
}

// GetSubscription reads a subscription.
func (c *Client) GetSubscription(ctx context.Context, id int64) (*Subscription, error) {
	req := &request{
		op: "read subscription " + strconv.FormatInt(id, 10), method: http.MethodGet, v1: true,
		path: subscriptionPath(id), repeatable: true,
	}
	s, err := fetch(ctx, c, req, decodeSubscriptionResource)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// UpdateSubscription replaces subscription s.ID with s. Filter fields that s does not set
// are sent empty so that CallFire clears them (see encodeSubscriptionForm).
func (c *Client) UpdateSubscription(ctx context.Context, s Subscription) error {
	if s.ID <= 0 {
		return errors.New("CallFire API: unable to update a subscription without an id")
	}
	return c.exec(ctx, &request{
		op: "update subscription " + strconv.FormatInt(s.ID, 10), method: http.MethodPut,
		v1: true, path: subscriptionPath(s.ID), contentType: formType, repeatable: true,
		body: []byte(encodeSubscriptionForm(&s, "", true)),
	})
}

// DeleteSubscription deletes a subscription; test a 404 with IsNotFound.
func (c *Client) DeleteSubscription(ctx context.Context, id int64) error {
	return c.exec(ctx, &request{
		op: "delete subscription " + strconv.FormatInt(id, 10), method: http.MethodDelete,
		v1: true, path: subscriptionPath(id), repeatable: true,
	})
}

// QuerySubscriptions returns every subscription, filtered by q.TriggerEvent on this side
// because the v1.1 query only pages.
func (c *Client) QuerySubscriptions(ctx context.Context,
	q SubscriptionQuery) ([]Subscription, error) {
	var all []Subscription
	seen := make(map[int64]struct{})
	offset := 0
	for page := 0; ; page++ {
		if page == maxPages {
			return nil, fmt.Errorf("CallFire API: unable to list subscriptions: CallFire "+
				"still returned full pages after %d subscriptions; stopped paging", len(all))
		}
		req := &request{
			op: "list subscriptions", method: http.MethodGet, v1: true,
			path: "/subscription.json", repeatable: true,
			query: "MaxResults=" + strconv.Itoa(subscriptionPageSize) +
				"&FirstResult=" + strconv.Itoa(offset),
		}
		before := len(all)
		var total int64
		n, err := fetch(ctx, c, req, func(body []byte) (int, error) {
			var n int
			var err error
			all, total, n, err = decodeSubscriptionList(body, all)
			return n, err
		})
		if err != nil {
			return nil, err
		}

		fresh := 0
		for _, s := range all[before:] {
			if _, dup := seen[s.ID]; dup && s.ID != 0 {
				continue
			}
			seen[s.ID] = struct{}{}
			all[before+fresh] = s
			fresh++
		}
		all = all[:before+fresh]
		if n > 0 && fresh == 0 {
			return nil, fmt.Errorf("CallFire API: unable to list subscriptions: the page at "+
				"FirstResult=%d repeated subscriptions already listed; CallFire's paging "+
				"looks broken", offset)
		}

		offset += n
		if n == 0 || n < subscriptionPageSize || (total >= 0 && int64(offset) >= total) {
			break
		}
	}
	if q.TriggerEvent == "" {
		return all, nil
	}
	kept := all[:0]
	for _, s := range all {
		if strings.EqualFold(s.TriggerEvent, q.TriggerEvent) {
			kept = append(kept, s)
		}
	}
	return kept, nil
}

func subscriptionPath(id int64) string {
	return "/subscription/" + strconv.FormatInt(id, 10) + ".json"
}
