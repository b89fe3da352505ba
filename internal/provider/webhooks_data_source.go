package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/callfire/terraform-provider-callfire/internal/callfire"
)

var _ datasource.DataSourceWithConfigure = (*webhooksDataSource)(nil)

// NewWebhooksDataSource returns the callfire_webhooks data source.
func NewWebhooksDataSource() datasource.DataSource { return &webhooksDataSource{} }

type webhooksDataSource struct {
	data *providerData
}

type webhooksDataModel struct {
	Name     types.String       `tfsdk:"name"`
	Resource types.String       `tfsdk:"resource"`
	Event    types.String       `tfsdk:"event"`
	Callback types.String       `tfsdk:"callback"`
	Enabled  types.Bool         `tfsdk:"enabled"`
	Webhooks []webhookDataModel `tfsdk:"webhooks"`
}

func (d *webhooksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhooks"
}

func (d *webhooksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the CallFire API v2 webhooks of the account, optionally " +
			"filtered; every page CallFire returns is read. Secrets are never returned by CallFire.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Only webhooks with this name, as CallFire matches it.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"resource": schema.StringAttribute{
				MarkdownDescription: "Only webhooks watching this resource, one of " +
					markdownList(webhookResourceNames()) + ".",
				Optional:   true,
				Validators: []validator.String{webhookResourceValidator{}},
			},
			"event": schema.StringAttribute{
				MarkdownDescription: "Only webhooks that include this event, one of " +
					markdownList(allWebhookEventNames()) + ".",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(allWebhookEventNames()...)},
			},
			"callback": schema.StringAttribute{
				MarkdownDescription: "Only webhooks calling this URL.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "Only enabled (`true`) or only disabled (`false`) webhooks.",
				Optional:            true,
			},
			"webhooks": schema.ListNestedAttribute{
				MarkdownDescription: "The matching webhooks, in the order CallFire lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: webhookDataAttributes(),
				},
			},
		},
	}
}

func (d *webhooksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *webhooksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state webhooksDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	client, diags := d.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	filter := callfire.WebhookFilter{
		Name:     state.Name.ValueString(),
		Resource: state.Resource.ValueString(),
		Event:    state.Event.ValueString(),
		Callback: state.Callback.ValueString(),
		Enabled:  state.Enabled.ValueBoolPointer(),
	}
	found, err := client.FindWebhooks(ctx, filter)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to list CallFire webhooks", err)
		return
	}
	tflog.Debug(ctx, "listed CallFire webhooks", map[string]any{"count": len(found)})

	state.Webhooks = make([]webhookDataModel, len(found))
	for i := range found {
		m, diags := webhookDataFromAPI(&found[i])
		resp.Diagnostics.Append(diags...)
		state.Webhooks[i] = m
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
