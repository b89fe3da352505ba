package main

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The shapes below answer one question: how much of what floor_wide costs over
// floor_thing comes from the shape of the schema alone, in Terraform itself. They do even
// less than floor_wide (the planned object becomes the state as it is, no model is
// reflected over), so what they add over floor_thing is Terraform's. `bench -kinds`
// measures them only when asked: wide_plain, lean.

// shaped is a do-nothing resource with the given attributes; computed strings get a
// number, everything else is stored as planned.
type shaped struct {
	suffix     string
	attributes func() map[string]schema.Attribute
}

// webhookShape is floor_wide's schema again; the shapes are edits of it.
func webhookShape() map[string]schema.Attribute {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return map[string]schema.Attribute{
		"id":       schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"name":     schema.StringAttribute{Required: true},
		"resource": schema.StringAttribute{Required: true},
		"events":   schema.SetAttribute{Required: true, ElementType: types.StringType},
		"callback": schema.StringAttribute{Required: true},
		"enabled": schema.BoolAttribute{Optional: true, Computed: true,
			Default: booldefault.StaticBool(true)},
		"single_use": schema.BoolAttribute{Optional: true, Computed: true,
			Default: booldefault.StaticBool(false)},
		"non_strict_ssl": schema.BoolAttribute{Optional: true, Computed: true,
			Default: booldefault.StaticBool(false)},
		"fields":            schema.StringAttribute{Optional: true},
		"secret":            schema.StringAttribute{Optional: true, Sensitive: true},
		"secret_wo":         schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
		"secret_wo_version": schema.Int64Attribute{Optional: true},
		"created_at":        schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"updated_at":        schema.StringAttribute{Computed: true, PlanModifiers: keep},
	}
}

var shapes = []shaped{
	// floor_wide_plain: the same 14 attributes, none sensitive or write-only.
	{suffix: "_wide_plain", attributes: func() map[string]schema.Attribute {
		a := webhookShape()
		a["secret"] = schema.StringAttribute{Optional: true}
		a["secret_wo"] = schema.StringAttribute{Optional: true}
		return a
	}},
	// floor_lean: the least a webhook resource could be (id, name, resource, events,
	// callback, enabled, a sensitive secret).
	{suffix: "_lean", attributes: func() map[string]schema.Attribute {
		a := webhookShape()
		for _, k := range []string{"single_use", "non_strict_ssl", "fields", "secret_wo",
			"secret_wo_version", "created_at", "updated_at"} {
			delete(a, k)
		}
		return a
	}},
}

func (s *shaped) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + s.suffix
}

func (s *shaped) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: s.attributes()}
}

func (s *shaped) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = req.Plan.Raw
	for name, a := range s.attributes() {
		if a.IsComputed() && !a.IsOptional() {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name),
				strconv.FormatInt(nextID.Add(1), 10))...)
		}
	}
}

func (s *shaped) Read(_ context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	resp.State.Raw = req.State.Raw
}

func (s *shaped) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (s *shaped) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
