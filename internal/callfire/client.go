package callfire

import (
	"context"
	"errors"
)

var errUnimplemented = errors.New("unimplemented")

// Client talks to CallFire's API v2 and v1.1 with HTTP Basic auth. Safe for concurrent use.
type Client struct{}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) { return &Client{}, nil }

func (c *Client) CreateWebhook(ctx context.Context, w Webhook) (int64, error) {
	return 0, errUnimplemented
}
func (c *Client) GetWebhook(ctx context.Context, id int64) (*Webhook, error) {
	return nil, errUnimplemented
}
func (c *Client) UpdateWebhook(ctx context.Context, w Webhook) error { return errUnimplemented }
func (c *Client) DeleteWebhook(ctx context.Context, id int64) error  { return errUnimplemented }
func (c *Client) FindWebhooks(ctx context.Context, f WebhookFilter) ([]Webhook, error) {
	return nil, errUnimplemented
}
func (c *Client) ListWebhookResources(ctx context.Context) ([]WebhookResource, error) {
	return nil, errUnimplemented
}
func (c *Client) GetWebhookResource(ctx context.Context, resource string) (*WebhookResource, error) {
	return nil, errUnimplemented
}
func (c *Client) CreateSubscription(ctx context.Context, s Subscription, requestID string) (int64, error) {
	return 0, errUnimplemented
}
func (c *Client) GetSubscription(ctx context.Context, id int64) (*Subscription, error) {
	return nil, errUnimplemented
}
func (c *Client) UpdateSubscription(ctx context.Context, s Subscription) error {
	return errUnimplemented
}
func (c *Client) DeleteSubscription(ctx context.Context, id int64) error { return errUnimplemented }
func (c *Client) QuerySubscriptions(ctx context.Context, q SubscriptionQuery) ([]Subscription, error) {
	return nil, errUnimplemented
}
