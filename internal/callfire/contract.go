// Package callfire is the provider's CallFire API client. It is the only package in this
// repository that speaks HTTP to CallFire.
package callfire

import (
	"context"
	"net/http"
	"time"
)

// Default base URLs of CallFire's two APIs.
const (
	DefaultV2BaseURL      = "https://api.callfire.com/v2"
	DefaultV1BaseURL      = "https://www.callfire.com/api/1.1/rest"
	DefaultMaxRetries     = 4
	DefaultRequestTimeout = 30 * time.Second
)

// Config configures a Client. Zero values take the defaults above.
type Config struct {
	Username string
	Password string

	V2BaseURL string
	V1BaseURL string

	// MaxRetries bounds the retries of one request (not counting the first attempt).
	// A negative value means DefaultMaxRetries; 0 disables retries.
	MaxRetries int
	// RequestTimeout bounds each attempt. 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the exponential backoff (defaults 1s and 30s).
	// Retry-After from a 429 is honoured but capped at RetryWaitMax.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration

	// UserAgent is sent on every request, e.g. "terraform-provider-callfire/1.2.3".
	UserAgent string

	// Transport replaces the HTTP transport (tests). Nil means a pooled transport with TLS 1.2+.
	Transport http.RoundTripper
}

// Webhook is a CallFire API v2 webhook (reference §A.3).
type Webhook struct {
	ID           int64
	Name         string
	Resource     string
	Events       []string
	Callback     string
	Enabled      bool
	SingleUse    bool
	NonStrictSsl bool
	Fields       string
	// Secret is sent on create and update when not empty; CallFire never returns it.
	Secret string
	// ClearSecret sends an empty secret on update, so that CallFire stops signing. (A PUT
	// without the key keeps the stored secret, since clients cannot read it back.)
	ClearSecret bool
	// CreatedAt and UpdatedAt are CallFire's Unix epoch milliseconds (read only).
	CreatedAt int64
	UpdatedAt int64
}

// WebhookFilter holds the query filters of GET /webhooks. Empty fields are not sent.
type WebhookFilter struct {
	Name     string
	Resource string
	Event    string
	Callback string
	Enabled  *bool
}

// WebhookResource is one entry of GET /webhooks/resources.
type WebhookResource struct {
	Resource        string
	SupportedEvents []string
}

// Subscription is a CallFire API v1.1 subscription (reference §B.3).
type Subscription struct {
	ID                 int64
	Enabled            bool
	NonStrictSsl       bool
	Endpoint           string
	NotificationFormat string
	TriggerEvent       string
	// Filter is nil when the subscription has no filter fields set.
	Filter *SubscriptionFilter
}

// SubscriptionFilter is a subscription's filter; nil or empty fields are not sent.
type SubscriptionFilter struct {
	BroadcastID *int64
	BatchID     *int64
	FromNumber  string
	ToNumber    string
}

// SubscriptionQuery filters QuerySubscriptions. TriggerEvent is applied on the client side
// when not empty (the v1.1 query takes only paging parameters).
type SubscriptionQuery struct {
	TriggerEvent string
}

// API is what the provider needs from CallFire; *Client implements it.
type API interface {
	CreateWebhook(ctx context.Context, w Webhook) (int64, error)
	GetWebhook(ctx context.Context, id int64) (*Webhook, error)
	UpdateWebhook(ctx context.Context, w Webhook) error
	DeleteWebhook(ctx context.Context, id int64) error
	FindWebhooks(ctx context.Context, f WebhookFilter) ([]Webhook, error)
	ListWebhookResources(ctx context.Context) ([]WebhookResource, error)
	GetWebhookResource(ctx context.Context, resource string) (*WebhookResource, error)

	CreateSubscription(ctx context.Context, s Subscription, requestID string) (int64, error)
	GetSubscription(ctx context.Context, id int64) (*Subscription, error)
	UpdateSubscription(ctx context.Context, s Subscription) error
	DeleteSubscription(ctx context.Context, id int64) error
	QuerySubscriptions(ctx context.Context, q SubscriptionQuery) ([]Subscription, error)
}

var _ API = (*Client)(nil)
