package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/callfire/terraform-provider-callfire/internal/callfire"
)

var _ datasource.DataSourceWithConfigure = (*webhookResourcesDataSource)(nil)

// NewWebhookResourcesDataSource returns the callfire_webhook_resources data source.
func NewWebhookResourcesDataSource() datasource.DataSource {
	return &webhookResourcesDataSource{}
}

type webhookResourcesDataSource struct {
	data *providerData
}

type webhookResourcesDataModel struct {
	Resource  types.String               `tfsdk:"resource"`
	Resources []webhookResourceDataModel `tfsdk:"resources"`
}

type webhookResourceDataModel struct {
	Resource        types.String `tfsdk:"resource"`
	SupportedEvents types.Set    `tfsdk:"supported_events"`
}

func (d *webhookResourcesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_resources"
}

func (d *webhookResourcesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists what CallFire API v2 webhooks can watch and the events each " +
			"resource supports, as CallFire itself reports it.",
		Attributes: map[string]schema.Attribute{
			"resource": schema.StringAttribute{
				MarkdownDescription: "Read only this resource, one of " +
					markdownList(webhookResourceNames()) + ". Unset lists all of them.",
				Optional:   true,
				Validators: []validator.String{webhookResourceValidator{}},
			},
			"resources": schema.ListNestedAttribute{
				MarkdownDescription: "The resources, in the order CallFire lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"resource": schema.StringAttribute{
							MarkdownDescription: "The resource's name as CallFire spells it, " +
								"the value for a webhook's `resource`.",
							Computed: true,
						},
						"supported_events": schema.SetAttribute{
							MarkdownDescription: "The events a webhook on this resource can " +
								"list in `events`.",
							Computed:    true,
							ElementType: types.StringType,
						},
					},
				},
			},
		},
	}
}

func (d *webhookResourcesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *webhookResourcesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state webhookResourcesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	client, diags := d.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	var found []callfire.WebhookResource
	if state.Resource.IsNull() {
		list, err := client.ListWebhookResources(ctx)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Unable to list CallFire webhook resources", err)
			return
		}
		found = list
	} else {
		one, err := client.GetWebhookResource(ctx, state.Resource.ValueString())
		if err != nil {
			addAPIError(&resp.Diagnostics, "Unable to read CallFire webhook resource "+
				state.Resource.ValueString(), err)
			return
		}
		found = []callfire.WebhookResource{*one}
	}

	state.Resources = make([]webhookResourceDataModel, len(found))
	for i, r := range found {
		events, diags := types.SetValueFrom(ctx, types.StringType, nonNilStrings(r.SupportedEvents))
		resp.Diagnostics.Append(diags...)
		state.Resources[i] = webhookResourceDataModel{
			Resource:        types.StringValue(r.Resource),
			SupportedEvents: events,
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// nonNilStrings turns a missing list into an empty one, so that the set is known and empty
// rather than null.
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
