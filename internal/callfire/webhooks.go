package callfire

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const (
	// webhookPageSize is CallFire's documented default page size for GET /webhooks.
	webhookPageSize = 100
	// maxPages stops paging through a server that never stops handing out full pages.
	maxPages = 1000
	jsonType = "application/json"
)

// CreateWebhook creates w (its ID is ignored) and returns CallFire's id for it. A failure
// that leaves open whether CallFire created it is an *APIError with Ambiguous set; the
// caller should look the webhook up before trying again.
func (c *Client) CreateWebhook(ctx context.Context, w Webhook) (int64, error) {
	w.ID = 0
	body, err := encodeWebhook(&w)
	if err != nil {
		return 0, fmt.Errorf("CallFire API: unable to encode webhook %q: %w", w.Name, err)
	}
	req := &request{
		op: "create webhook", method: http.MethodPost, path: "/webhooks",
		body: body, contentType: jsonType, secrets: secretOf(w.Secret),
	}
	return fetch(ctx, c, req, decodeID)
}

// GetWebhook reads a webhook. CallFire does not return the secret.
func (c *Client) GetWebhook(ctx context.Context, id int64) (*Webhook, error) {
	req := &request{
		op: "read webhook " + strconv.FormatInt(id, 10), method: http.MethodGet,
		path: webhookPath(id), repeatable: true,
	}
	w, err := fetch(ctx, c, req, decodeWebhook)
	if err != nil {
		return nil, err
	}
	return &w, nil
}

// UpdateWebhook replaces the webhook w.ID with w, sending every field (§E).
func (c *Client) UpdateWebhook(ctx context.Context, w Webhook) error {
	if w.ID <= 0 {
		return errors.New("CallFire API: unable to update a webhook without an id")
	}
	body, err := encodeWebhook(&w)
	if err != nil {
		return fmt.Errorf("CallFire API: unable to encode webhook %d: %w", w.ID, err)
	}
	return c.exec(ctx, &request{
		op: "update webhook " + strconv.FormatInt(w.ID, 10), method: http.MethodPut,
		path: webhookPath(w.ID), body: body, contentType: jsonType, repeatable: true,
		secrets: secretOf(w.Secret),
	})
}

// DeleteWebhook deletes a webhook; a 404 comes back as an error the caller can test
// with IsNotFound.
func (c *Client) DeleteWebhook(ctx context.Context, id int64) error {
	return c.exec(ctx, &request{
		op: "delete webhook " + strconv.FormatInt(id, 10), method: http.MethodDelete,
		path: webhookPath(id), repeatable: true,
	})
}

// FindWebhooks returns every webhook matching f, following the pages to the end.
func (c *Client) FindWebhooks(ctx context.Context, f WebhookFilter) ([]Webhook, error) {
	filter := webhookQuery(f)
	var out []Webhook
	seen := make(map[int64]struct{})
	offset := 0
	for page := 0; ; page++ {
		if page == maxPages {
			return out, fmt.Errorf("CallFire API: unable to list webhooks: CallFire still "+
				"returned full pages after %d webhooks; stopped paging", len(out))
		}
		query := filter + "limit=" + strconv.Itoa(webhookPageSize) +
			"&offset=" + strconv.Itoa(offset)
		req := &request{
			op: "list webhooks", method: http.MethodGet, path: "/webhooks", query: query,
			repeatable: true,
		}
		before := len(out)
		info, err := fetch(ctx, c, req, func(body []byte) (pageInfo, error) {
			var info pageInfo
			var err error
			out, info, err = decodeWebhookPage(body, out)
			return info, err
		})
		if err != nil {
			return nil, err
		}

		fresh := 0
		for _, w := range out[before:] {
			if _, dup := seen[w.ID]; !dup {
				seen[w.ID] = struct{}{}
				out[before+fresh] = w
				fresh++
			}
		}
		out = out[:before+fresh]
		if info.Items > 0 && fresh == 0 {
			// A server that ignores offset would hand out the first page forever.
			return nil, fmt.Errorf("CallFire API: unable to list webhooks: the page at "+
				"offset %d repeated webhooks already listed; CallFire's paging looks broken",
				offset)
		}

		offset += info.Items
		if info.Items == 0 || info.Items < webhookPageSize ||
			(info.TotalCount >= 0 && offset >= info.TotalCount) {
			return out, nil
		}
	}
}

// ListWebhookResources returns the resources webhooks can watch and their events.
func (c *Client) ListWebhookResources(ctx context.Context) ([]WebhookResource, error) {
	req := &request{
		op: "list webhook resources", method: http.MethodGet, path: "/webhooks/resources",
		repeatable: true,
	}
	return fetch(ctx, c, req, decodeWebhookResources)
}

// GetWebhookResource returns one resource (canonical PascalCase name, e.g. CallBroadcast).
func (c *Client) GetWebhookResource(ctx context.Context,
	resource string) (*WebhookResource, error) {
	if resource == "" {
		return nil, errors.New("CallFire API: unable to read a webhook resource without a name")
	}
	req := &request{
		op: "read webhook resource " + resource, method: http.MethodGet,
		path: "/webhooks/resources/" + url.PathEscape(resource), repeatable: true,
	}
	r, err := fetch(ctx, c, req, decodeWebhookResource)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func webhookPath(id int64) string {
	return "/webhooks/" + strconv.FormatInt(id, 10)
}

// webhookQuery renders the filters of GET /webhooks, each followed by '&' so the paging
// parameters can be appended.
func webhookQuery(f WebhookFilter) string {
	var b strings.Builder
	add := func(name, value string) {
		if value != "" {
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(value))
			b.WriteByte('&')
		}
	}
	add("name", f.Name)
	add("resource", f.Resource)
	add("event", f.Event)
	add("callback", f.Callback)
	if f.Enabled != nil {
		add("enabled", strconv.FormatBool(*f.Enabled))
	}
	return b.String()
}

func secretOf(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
