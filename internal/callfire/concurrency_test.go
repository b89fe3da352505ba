package callfire

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

// Twenty goroutines share one client and one mock, as Terraform's parallel operations do,
// with faults thrown in; run under -race.
func TestConcurrentMixedOperations(t *testing.T) {
	t.Parallel()
	ts := newMock(t)
	c := mockClient(t, ts)
	ctx, _ := logCapture()
	ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/v2/webhooks/*", Status: 503, Times: 5})
	ts.AddFault(mockcallfire.Fault{Method: "GET", Path: "/api/1.1/rest/*", Drop: true, Times: 5})

	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for g := range 20 {
		wg.Go(func() {
			if err := mixedOperations(ctx, c, g); err != nil {
				errs <- fmt.Errorf("goroutine %d: %w", g, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(ts.Webhooks()) + len(ts.Subscriptions()); n != 0 {
		t.Errorf("%d objects left behind", n)
	}
}

func mixedOperations(ctx context.Context, c *Client, g int) error {
	for i := range 5 {
		name := fmt.Sprintf("hook-%d-%d", g, i)
		id, err := c.CreateWebhook(ctx, Webhook{Name: name, Resource: "OutboundCall",
			Events: []string{"Finished"}, Callback: "https://example.com/" + name,
			Secret: "secret-" + name})
		if err != nil {
			return err
		}
		w, err := c.GetWebhook(ctx, id)
		if err != nil {
			return err
		}
		w.Enabled = true
		if err := c.UpdateWebhook(ctx, *w); err != nil {
			return err
		}
		found, err := c.FindWebhooks(ctx, WebhookFilter{Name: name})
		if err != nil {
			return err
		}
		if len(found) != 1 || found[0].ID != id || !found[0].Enabled {
			return fmt.Errorf("find %s gave %+v", name, found)
		}
		if err := c.DeleteWebhook(ctx, id); err != nil {
			return err
		}

		sid, err := c.CreateSubscription(ctx, Subscription{Endpoint: "https://example.com/s",
			TriggerEvent: "CAMPAIGN_FINISHED"}, "")
		if err != nil {
			return err
		}
		if _, err := c.GetSubscription(ctx, sid); err != nil {
			return err
		}
		q := SubscriptionQuery{TriggerEvent: "CAMPAIGN_FINISHED"}
		if _, err := c.QuerySubscriptions(ctx, q); err != nil {
			return err
		}
		if err := c.DeleteSubscription(ctx, sid); err != nil {
			return err
		}
	}
	return nil
}
