// Package pluginserver serves a terraform-plugin-framework provider over protocol 6 the
// way providerserver.Serve does, with one difference: the framework does not keep every
// request's context alive until the process ends.
//
// terraform-plugin-framework (v1.19) registers a cancel function for the context of every
// RPC so that StopProvider can cancel work in flight, and drops those functions only when
// StopProvider is called, which Terraform does on an interrupt and not otherwise. Each
// cancel function holds its context, and each context holds the loggers and fields that
// terraform-plugin-go and the framework attach to a request, about 10 KiB per RPC. A plan
// of 500 resources makes four RPCs per resource, so the provider's live heap grew by
// tens of MiB in one run and its peak RSS with it (`make bench`, internal/bench/profiled).
//
// Serve hands the framework a context that forwards to the request's own while the RPC
// runs and lets go of it when the RPC returns. What the framework keeps is then a few
// hundred bytes per RPC. Cancellation is unchanged: the context is done when the
// request's is, StopProvider still cancels whatever is in flight, and a context whose RPC
// has returned reports itself canceled.
package pluginserver

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Serve runs the provider built by factory as a Terraform plugin at address (for
// example "registry.terraform.io/callfire/callfire"). With debug set it prints the
// TF_REATTACH_PROVIDERS line for a debugger session instead of waiting for Terraform.
func Serve(address string, factory func() provider.Provider, debug bool) error {
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, func() tfprotov6.ProviderServer {
		return Releasing(providerserver.NewProtocol6(factory())())
	}, opts...)
}

// Releasing wraps a protocol 6 server so that the per-resource and per-data-source RPCs
// reach it with a context that is released when the RPC returns. The RPCs Terraform makes
// once per provider process (schema, configuration, StopProvider) pass through unchanged.
func Releasing(s tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	return releasing{s}
}

type releasing struct {
	tfprotov6.ProviderServer
}

// serveRPC runs one RPC on a releasable view of ctx.
func serveRPC[Req, Resp any](ctx context.Context, req Req,
	rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := &requestContext{}
	rc.parent.Store(&ctx)
	defer rc.parent.Store(nil)
	return rpc(rc, req)
}

func (r releasing) ValidateResourceConfig(ctx context.Context,
	req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.ValidateResourceConfig)
}

func (r releasing) UpgradeResourceState(ctx context.Context,
	req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.UpgradeResourceState)
}

func (r releasing) UpgradeResourceIdentity(ctx context.Context,
	req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.UpgradeResourceIdentity)
}

func (r releasing) ReadResource(ctx context.Context,
	req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.ReadResource)
}

func (r releasing) PlanResourceChange(ctx context.Context,
	req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.PlanResourceChange)
}

func (r releasing) ApplyResourceChange(ctx context.Context,
	req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.ApplyResourceChange)
}

func (r releasing) ImportResourceState(ctx context.Context,
	req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.ImportResourceState)
}

func (r releasing) MoveResourceState(ctx context.Context,
	req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.MoveResourceState)
}

func (r releasing) GenerateResourceConfig(ctx context.Context,
	req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.GenerateResourceConfig)
}

func (r releasing) ValidateDataResourceConfig(ctx context.Context,
	req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.ValidateDataResourceConfig)
}

func (r releasing) ReadDataSource(ctx context.Context,
	req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return serveRPC(ctx, req, r.ProviderServer.ReadDataSource)
}

// requestContext is the request's context until the RPC returns, then a canceled context
// with no values and no reference to the request's.
type requestContext struct {
	parent atomic.Pointer[context.Context]
}

// closed is what Done returns once the RPC has returned.
var closed = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

func (c *requestContext) live() context.Context {
	if p := c.parent.Load(); p != nil {
		return *p
	}
	return nil
}

func (c *requestContext) Deadline() (time.Time, bool) {
	if p := c.live(); p != nil {
		return p.Deadline()
	}
	return time.Time{}, false
}

func (c *requestContext) Done() <-chan struct{} {
	if p := c.live(); p != nil {
		return p.Done()
	}
	return closed
}

func (c *requestContext) Err() error {
	if p := c.live(); p != nil {
		return p.Err()
	}
	return context.Canceled
}

func (c *requestContext) Value(key any) any {
	if p := c.live(); p != nil {
		return p.Value(key)
	}
	return nil
}
