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

var _ datasource.DataSourceWithConfigure = (*subscriptionsDataSource)(nil)

// NewSubscriptionsDataSource returns the callfire_subscriptions data source.
func NewSubscriptionsDataSource() datasource.DataSource { return &subscriptionsDataSource{} }

type subscriptionsDataSource struct {
	data *providerData
}

type subscriptionsDataModel struct {
	TriggerEvent  types.String        `tfsdk:"trigger_event"`
	Subscriptions []subscriptionModel `tfsdk:"subscriptions"`
}

func (d *subscriptionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscriptions"
}

func (d *subscriptionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the CallFire API v1.1 subscriptions of the account; every " +
			"page CallFire returns is read.",
		Attributes: map[string]schema.Attribute{
			"trigger_event": schema.StringAttribute{
				MarkdownDescription: "Only subscriptions to this event, one of " +
					markdownList(subscriptionTriggerEvents) + ". CallFire cannot filter its " +
					"list, so the provider reads every page and filters itself.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(subscriptionTriggerEvents...)},
			},
			"subscriptions": schema.ListNestedAttribute{
				MarkdownDescription: "The matching subscriptions, in the order CallFire lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: subscriptionDataAttributes(),
				},
			},
		},
	}
}

func (d *subscriptionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *subscriptionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state subscriptionsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	client, diags := d.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	found, err := client.QuerySubscriptions(ctx, callfire.SubscriptionQuery{
		TriggerEvent: state.TriggerEvent.ValueString(),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to list CallFire subscriptions", err)
		return
	}
	tflog.Debug(ctx, "listed CallFire subscriptions", map[string]any{"count": len(found)})

	state.Subscriptions = make([]subscriptionModel, len(found))
	for i := range found {
		m, diags := subscriptionFromAPI(&found[i])
		resp.Diagnostics.Append(diags...)
		state.Subscriptions[i] = m
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
