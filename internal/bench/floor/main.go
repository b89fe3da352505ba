// Command floor is a provider that does nothing, built on the same terraform-plugin-framework
// as the CallFire provider. `make bench` measures the real provider against it: whatever
// time floor_thing takes is what Terraform and the plugin protocol cost on their own, so the
// ratio of the two is what the CallFire provider itself adds. It is never shipped.
package main

import (
	"context"
	"log"
	"strconv"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/callfire/terraform-provider-callfire/internal/pluginlog"
	"github.com/callfire/terraform-provider-callfire/internal/pluginserver"
)

// Address is where the benchmark's dev_overrides point; it is not a published provider.
const Address = "registry.terraform.io/callfire/floor"

func main() {
	// The same logging and serving as the real provider's main.go, so the floor differs
	// from it only in the resources.
	pluginlog.QuietUnlessCollected()
	err := pluginserver.Serve(Address, func() provider.Provider { return floorProvider{} }, false)
	if err != nil {
		log.Fatal(err)
	}
}

type floorProvider struct{}

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}

func (floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}

func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return &thing{} },
		func() resource.Resource { return &wide{} },
		func() resource.Resource { return &shapes[0] },
		func() resource.Resource { return &shapes[1] },
	}
}

func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// thing is floor_thing: a computed id and one string, held only in Terraform's state.
type thing struct{}

type thingModel struct {
	ID    types.String `tfsdk:"id"`
	Input types.String `tfsdk:"input"`
}

// nextID numbers things within one provider process; ids only need to be non-empty.
var nextID atomic.Int64

func (*thing) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (*thing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"input": schema.StringAttribute{Optional: true},
		},
	}
}

func (*thing) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(strconv.FormatInt(nextID.Add(1), 10))
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*thing) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*thing) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*thing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// wide is floor_wide: a do-nothing resource shaped like callfire_webhook (the same attribute
// types, defaults, sensitive and write-only attributes, no validators), so that comparing
// the two separates what Terraform spends on a schema of that shape from what the
// provider's own code spends.
type wide struct{}

type wideModel struct {
	ID              types.String `tfsdk:"id"`
	Name            types.String `tfsdk:"name"`
	Resource        types.String `tfsdk:"resource"`
	Events          types.Set    `tfsdk:"events"`
	Callback        types.String `tfsdk:"callback"`
	Enabled         types.Bool   `tfsdk:"enabled"`
	SingleUse       types.Bool   `tfsdk:"single_use"`
	NonStrictSsl    types.Bool   `tfsdk:"non_strict_ssl"`
	Fields          types.String `tfsdk:"fields"`
	Secret          types.String `tfsdk:"secret"`
	SecretWO        types.String `tfsdk:"secret_wo"`
	SecretWOVersion types.Int64  `tfsdk:"secret_wo_version"`
	CreatedAt       types.String `tfsdk:"created_at"`
	UpdatedAt       types.String `tfsdk:"updated_at"`
}

func (*wide) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_wide"
}

func (*wide) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: webhookShape()}
}

func (*wide) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m wideModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(strconv.FormatInt(nextID.Add(1), 10))
	m.CreatedAt = types.StringValue("2026-01-01T00:00:00Z")
	m.UpdatedAt = m.CreatedAt
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*wide) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m wideModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*wide) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m, state wideModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	m.ID, m.CreatedAt, m.UpdatedAt = state.ID, state.CreatedAt, state.CreatedAt
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*wide) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
