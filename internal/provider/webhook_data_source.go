package provider

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/callfire/terraform-provider-callfire/internal/callfire"
)

var (
	_ datasource.DataSourceWithConfigure        = (*webhookDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*webhookDataSource)(nil)
)

// NewWebhookDataSource returns the callfire_webhook data source.
func NewWebhookDataSource() datasource.DataSource { return &webhookDataSource{} }

type webhookDataSource struct {
	data *providerData
}

// webhookDataModel is every attribute of a webhook CallFire returns (the secret never is).
type webhookDataModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Resource     types.String `tfsdk:"resource"`
	Events       types.Set    `tfsdk:"events"`
	Callback     types.String `tfsdk:"callback"`
	Enabled      types.Bool   `tfsdk:"enabled"`
	SingleUse    types.Bool   `tfsdk:"single_use"`
	NonStrictSsl types.Bool   `tfsdk:"non_strict_ssl"`
	Fields       types.String `tfsdk:"fields"`
	CreatedAt    types.String `tfsdk:"created_at"`
	UpdatedAt    types.String `tfsdk:"updated_at"`
}

func (d *webhookDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook"
}

func (d *webhookDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := webhookDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "CallFire's id of the webhook to read, e.g. `11646003`. Exactly " +
			"one of `id` and `name` must be set.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{positiveIDValidator{}},
	}
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "The exact name of the webhook to read. It is an error when no " +
			"webhook or more than one has this name. Exactly one of `id` and `name` must be set.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one CallFire API v2 webhook, by id or by name, for " +
			"example one created outside Terraform. The webhook's secret is never returned " +
			"by CallFire and is not available.",
		Attributes: attrs,
	}
}

// webhookDataAttributes describes a webhook as read from CallFire, all computed; the
// callfire_webhook and callfire_webhooks data sources share it.
func webhookDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "CallFire's id of the webhook.",
			Computed:            true,
		},
		"name": schema.StringAttribute{
			MarkdownDescription: "The webhook's name, sent in every notification as `webhookName`.",
			Computed:            true,
		},
		"resource": schema.StringAttribute{
			MarkdownDescription: "What the webhook watches, e.g. `TextBroadcast` or `InboundCall`.",
			Computed:            true,
		},
		"events": schema.SetAttribute{
			MarkdownDescription: "The events of `resource` that make CallFire send a notification.",
			Computed:            true,
			ElementType:         types.StringType,
		},
		"callback": schema.StringAttribute{
			MarkdownDescription: "The URL CallFire POSTs notifications to.",
			Computed:            true,
		},
		"enabled": schema.BoolAttribute{
			MarkdownDescription: "Whether CallFire sends notifications for the webhook.",
			Computed:            true,
		},
		"single_use": schema.BoolAttribute{
			MarkdownDescription: "Whether CallFire deletes the webhook after its first notification.",
			Computed:            true,
		},
		"non_strict_ssl": schema.BoolAttribute{
			MarkdownDescription: "Whether CallFire accepts a self-signed or unverifiable TLS " +
				"certificate on `callback`.",
			Computed: true,
		},
		"fields": schema.StringAttribute{
			MarkdownDescription: "Which fields of the resource CallFire puts in each " +
				"notification; null when CallFire sends the whole resource.",
			Computed: true,
		},
		"created_at": schema.StringAttribute{
			MarkdownDescription: "When CallFire created the webhook (RFC 3339, UTC).",
			Computed:            true,
		},
		"updated_at": schema.StringAttribute{
			MarkdownDescription: "When the webhook last changed in CallFire (RFC 3339, UTC).",
			Computed:            true,
		},
	}
}

func (d *webhookDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *webhookDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *webhookDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg webhookDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	client, diags := d.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	var wh *callfire.Webhook
	if !cfg.ID.IsNull() {
		id, err := parseID(cfg.ID.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid CallFire webhook id",
				err.Error())
			return
		}
		wh, err = client.GetWebhook(ctx, id)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Unable to read CallFire webhook "+cfg.ID.ValueString(), err)
			return
		}
	} else {
		wh = findWebhookByName(ctx, client, cfg.Name.ValueString(), &resp.Diagnostics)
		if wh == nil {
			return
		}
	}

	state, diags := webhookDataFromAPI(wh)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// findWebhookByName returns the one webhook named name, or nil with an error diagnostic.
func findWebhookByName(ctx context.Context, client *callfire.Client, name string, diags *diag.Diagnostics) *callfire.Webhook {
	found, err := client.FindWebhooks(ctx, callfire.WebhookFilter{Name: name})
	if err != nil {
		addAPIError(diags, "Unable to look up CallFire webhooks by name", err)
		return nil
	}
	// CallFire does not document whether its name filter matches exactly; keeping only exact
	// matches makes the lookup mean the same whichever way CallFire matches.
	var matches []callfire.Webhook
	for _, w := range found {
		if w.Name == name {
			matches = append(matches, w)
		}
	}
	tflog.Debug(ctx, "looked up CallFire webhooks by name",
		map[string]any{"name": name, "matches": len(matches)})

	switch len(matches) {
	case 1:
		return &matches[0]
	case 0:
		diags.AddAttributeError(path.Root("name"), "CallFire webhook not found",
			fmt.Sprintf("No CallFire webhook is named %q (names are matched exactly, including "+
				"case). Check the name, or look the webhook up by id; the callfire_webhooks "+
				"data source lists every webhook.", name))
	default:
		ids := make([]string, len(matches))
		for i, w := range matches {
			ids[i] = strconv.FormatInt(w.ID, 10)
		}
		sort.Strings(ids)
		diags.AddAttributeError(path.Root("name"), "Several CallFire webhooks have this name",
			fmt.Sprintf("%d CallFire webhooks are named %q (ids %s). Look the one you mean up "+
				"by id instead.", len(matches), name, strings.Join(ids, ", ")))
	}
	return nil
}

// webhookDataFromAPI maps a webhook read from CallFire.
func webhookDataFromAPI(wh *callfire.Webhook) (webhookDataModel, diag.Diagnostics) {
	events, diags := types.SetValueFrom(context.Background(), types.StringType,
		nonNilStrings(wh.Events))
	return webhookDataModel{
		ID:           types.StringValue(strconv.FormatInt(wh.ID, 10)),
		Name:         types.StringValue(wh.Name),
		Resource:     types.StringValue(wh.Resource),
		Events:       events,
		Callback:     types.StringValue(wh.Callback),
		Enabled:      types.BoolValue(wh.Enabled),
		SingleUse:    types.BoolValue(wh.SingleUse),
		NonStrictSsl: types.BoolValue(wh.NonStrictSsl),
		Fields:       optionalString(wh.Fields),
		CreatedAt:    millisToRFC3339(wh.CreatedAt),
		UpdatedAt:    millisToRFC3339(wh.UpdatedAt),
	}, diags
}

// positiveIDValidator accepts CallFire's decimal ids.
type positiveIDValidator struct{}

func (positiveIDValidator) Description(context.Context) string {
	return "must be a CallFire id, a positive decimal integer"
}

func (v positiveIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (positiveIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid CallFire id",
			err.Error()+". CallFire ids are decimal numbers such as \"11646003\".")
	}
}
