package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ datasource.DataSourceWithConfigure = (*subscriptionDataSource)(nil)

// NewSubscriptionDataSource returns the callfire_subscription data source.
func NewSubscriptionDataSource() datasource.DataSource { return &subscriptionDataSource{} }

type subscriptionDataSource struct {
	data *providerData
}

func (d *subscriptionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscription"
}

func (d *subscriptionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := subscriptionDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: subscriptionIDDescription + " The subscription to read.",
		Required:            true,
		Validators:          []validator.String{positiveIDValidator{}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one CallFire API v1.1 subscription by id, for example one " +
			"created outside Terraform.",
		Attributes: attrs,
	}
}

// subscriptionDataAttributes describes a subscription as read from CallFire, all computed;
// the callfire_subscription and callfire_subscriptions data sources share it.
func subscriptionDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: subscriptionIDDescription,
			Computed:            true,
		},
		"endpoint": schema.StringAttribute{
			MarkdownDescription: subscriptionEndpointDescription,
			Computed:            true,
		},
		"trigger_event": schema.StringAttribute{
			MarkdownDescription: subscriptionTriggerDescription,
			Computed:            true,
		},
		"notification_format": schema.StringAttribute{
			MarkdownDescription: subscriptionFormatDescription,
			Computed:            true,
		},
		"enabled": schema.BoolAttribute{
			MarkdownDescription: subscriptionEnabledDescription,
			Computed:            true,
		},
		"non_strict_ssl": schema.BoolAttribute{
			MarkdownDescription: subscriptionNonStrictDescription,
			Computed:            true,
		},
		"filter": schema.SingleNestedAttribute{
			MarkdownDescription: subscriptionFilterDescription + " Null when the subscription " +
				"has no filter.",
			Computed: true,
			Attributes: map[string]schema.Attribute{
				"broadcast_id": schema.Int64Attribute{
					MarkdownDescription: subscriptionBroadcastDescription,
					Computed:            true,
				},
				"batch_id": schema.Int64Attribute{
					MarkdownDescription: subscriptionBatchDescription,
					Computed:            true,
				},
				"from_number": schema.StringAttribute{
					MarkdownDescription: subscriptionFromDescription,
					Computed:            true,
				},
				"to_number": schema.StringAttribute{
					MarkdownDescription: subscriptionToDescription,
					Computed:            true,
				},
			},
		},
	}
}

func (d *subscriptionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *subscriptionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg subscriptionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := parseSubscriptionID(cfg.ID.ValueString(), path.Root("id"), &resp.Diagnostics)
	if !ok {
		return
	}
	client, diags := d.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	got, err := client.GetSubscription(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read CallFire subscription "+
			cfg.ID.ValueString(), err)
		return
	}

	state, diags := subscriptionFromAPI(got)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
