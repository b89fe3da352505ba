package pluginserver

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/callfire/terraform-provider-callfire/internal/provider"
)

type ctxKey struct{}

// payload stands in for the loggers terraform-plugin-go attaches to a request's context.
type payload struct{ _ [64 << 10]byte }

// upgrade sends one UpgradeResourceState for a stored callfire_webhook, the RPC Terraform
// makes for every resource in state on every plan, with a payload in the request's
// context, and returns a weak pointer to the payload.
func upgrade(t *testing.T, s tfprotov6.ProviderServer) weak.Pointer[payload] {
	t.Helper()
	p := &payload{}
	ctx := context.WithValue(context.Background(), ctxKey{}, p)
	resp, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "callfire_webhook",
		RawState: &tfprotov6.RawState{JSON: []byte(`{"id":"7","name":"n","resource":"OutboundText",` +
			`"events":["Finished"],"callback":"https://example.com/h","enabled":true,` +
			`"single_use":false,"non_strict_ssl":false}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("UpgradeResourceState: %s: %s", d.Summary, d.Detail)
		}
	}
	if resp.UpgradedState == nil {
		t.Fatal("UpgradeResourceState returned no state")
	}
	return weak.Make(p)
}

func framework(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	s := providerserver.NewProtocol6(provider.New("test", "none")())()
	if _, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	return s
}

// collected reports whether the garbage collector has freed what w points at.
func collected(w weak.Pointer[payload]) bool {
	for range 3 {
		runtime.GC()
	}
	return w.Value() == nil
}

func TestReleasingLetsGoOfRequestContexts(t *testing.T) {
	// The framework on its own keeps every request's context until StopProvider. If this
	// starts to fail, a framework release no longer does that and Releasing can go.
	raw := framework(t)
	if collected(upgrade(t, raw)) {
		t.Fatal("the framework released the request's context by itself; Releasing is no longer needed")
	}
	runtime.KeepAlive(raw)

	s := Releasing(framework(t))
	var ws []weak.Pointer[payload]
	for range 20 {
		ws = append(ws, upgrade(t, s))
	}
	for i, w := range ws {
		if !collected(w) {
			t.Fatalf("request %d: its context is still reachable after the RPC returned", i)
		}
	}
	runtime.KeepAlive(s)
}

// probe is a server whose ReadResource runs a test's function on the context it receives.
type probe struct {
	tfprotov6.ProviderServer
	during func(context.Context)
	kept   context.Context
}

func (p *probe) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	p.during(ctx)
	p.kept = ctx
	return &tfprotov6.ReadResourceResponse{}, nil
}

func TestRequestContextForwardsWhileTheRPCRuns(t *testing.T) {
	parent, cancel := context.WithCancelCause(context.WithValue(context.Background(), ctxKey{}, "v"))
	stop := errors.New("stopped")
	p := &probe{during: func(ctx context.Context) {
		if got := ctx.Value(ctxKey{}); got != "v" {
			t.Errorf("Value during the RPC = %v, want the request's value", got)
		}
		if ctx.Err() != nil {
			t.Errorf("Err during the RPC = %v before anything was canceled", ctx.Err())
		}
		// A context derived from it, as the framework derives one, ends with the request's.
		child, childCancel := context.WithCancel(ctx)
		defer childCancel()
		cancel(stop)
		<-child.Done()
		if !errors.Is(child.Err(), context.Canceled) || !errors.Is(context.Cause(child), stop) {
			t.Errorf("derived context: Err %v, Cause %v; want canceled because %v",
				child.Err(), context.Cause(child), stop)
		}
	}}
	if _, err := Releasing(p).ReadResource(parent, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
}

func TestRequestContextAfterTheRPCReturned(t *testing.T) {
	parent := context.WithValue(context.Background(), ctxKey{}, "v")
	p := &probe{during: func(context.Context) {}}
	if _, err := Releasing(p).ReadResource(parent, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	ctx := p.kept
	select {
	case <-ctx.Done():
	default:
		t.Error("Done is open after the RPC returned")
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err after the RPC = %v, want context.Canceled", ctx.Err())
	}
	if got := ctx.Value(ctxKey{}); got != nil {
		t.Errorf("Value after the RPC = %v, want nil", got)
	}
	if _, ok := ctx.Deadline(); ok {
		t.Error("a deadline after the RPC returned")
	}
}
