package provider

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/callfire/terraform-provider-callfire/internal/callfire"
)

var (
	_ resource.Resource                   = (*subscriptionResource)(nil)
	_ resource.ResourceWithConfigure      = (*subscriptionResource)(nil)
	_ resource.ResourceWithImportState    = (*subscriptionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*subscriptionResource)(nil)
)

// subscriptionResource manages a CallFire API v1.1 subscription.
type subscriptionResource struct {
	data *providerData
}

// NewSubscriptionResource returns the callfire_subscription resource.
func NewSubscriptionResource() resource.Resource { return &subscriptionResource{} }

type subscriptionModel struct {
	ID                 types.String `tfsdk:"id"`
	Endpoint           types.String `tfsdk:"endpoint"`
	TriggerEvent       types.String `tfsdk:"trigger_event"`
	NotificationFormat types.String `tfsdk:"notification_format"`
	Enabled            types.Bool   `tfsdk:"enabled"`
	NonStrictSsl       types.Bool   `tfsdk:"non_strict_ssl"`
	Filter             types.Object `tfsdk:"filter"`
}

type subscriptionFilterModel struct {
	BroadcastID types.Int64  `tfsdk:"broadcast_id"`
	BatchID     types.Int64  `tfsdk:"batch_id"`
	FromNumber  types.String `tfsdk:"from_number"`
	ToNumber    types.String `tfsdk:"to_number"`
}

var subscriptionFilterAttrTypes = map[string]attr.Type{
	"broadcast_id": types.Int64Type,
	"batch_id":     types.Int64Type,
	"from_number":  types.StringType,
	"to_number":    types.StringType,
}

// Descriptions shared by the resource and the data sources.
const (
	subscriptionIDDescription = "CallFire's id of the subscription, a decimal number such as " +
		"`609951003`."
	subscriptionEndpointDescription = "Where CallFire delivers each notification: an absolute " +
		"`https://` (recommended) or `http://` URL that CallFire POSTs to, or, when " +
		"`notification_format` is `EMAIL`, the e-mail address CallFire writes to."
	subscriptionTriggerDescription = "The event that makes CallFire send a notification: " +
		"`INBOUND_CALL_FINISHED`, `INBOUND_TEXT_FINISHED`, `OUTBOUND_CALL_FINISHED`, " +
		"`OUTBOUND_TEXT_FINISHED`, `CAMPAIGN_STARTED`, `CAMPAIGN_STOPPED` or `CAMPAIGN_FINISHED`."
	subscriptionFormatDescription = "How CallFire encodes the notification: `XML`, `JSON`, " +
		"`SOAP`, or `EMAIL` (a message to the e-mail address in `endpoint`)."
	subscriptionEnabledDescription = "Whether CallFire delivers notifications for this " +
		"subscription; a disabled subscription is kept but sends nothing."
	subscriptionNonStrictDescription = "When `true`, CallFire accepts an invalid or self-signed " +
		"TLS certificate on the endpoint. Prefer a valid certificate."
	subscriptionFilterDescription = "Narrows which events CallFire notifies about; every field " +
		"that is set must match. Without a filter CallFire notifies about every event of " +
		"`trigger_event` in the account."
	subscriptionBroadcastDescription = "Only events of this CallFire broadcast (campaign) id."
	subscriptionBatchDescription     = "Only events of this contact batch id."
	subscriptionFromDescription      = "Only events whose caller or sender is this number: " +
		"11 digits such as `12135551100`, or a 5–6 digit short code such as `67076`."
	subscriptionToDescription = "Only events to this number: 11 digits such as " +
		"`12135551100`, or a keyword on a short code written `shortcode:KEYWORD` such as " +
		"`67076:KEYWORD`. Several can be given separated by spaces."
)

func (r *subscriptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscription"
}

func (r *subscriptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A CallFire API v1.1 subscription: CallFire notifies `endpoint` " +
			"each time `trigger_event` happens in the account (optionally narrowed by " +
			"`filter`). CallFire keeps at most 10,000 subscriptions per account.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: subscriptionIDDescription,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: subscriptionEndpointDescription + " An `http://` URL plans " +
					"with a warning: CallFire strongly recommends HTTPS.",
				Required: true,
			},
			"trigger_event": schema.StringAttribute{
				MarkdownDescription: subscriptionTriggerDescription,
				Required:            true,
				Validators: []validator.String{
					stringvalidator.OneOf(subscriptionTriggerEvents...),
				},
			},
			"notification_format": schema.StringAttribute{
				MarkdownDescription: subscriptionFormatDescription + " Defaults to `XML`, " +
					"CallFire's own default. `LEGACY` is deprecated by CallFire and refused.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("XML"),
				Validators: []validator.String{notificationFormatValidator{}},
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: subscriptionEnabledDescription + " Defaults to `true`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"non_strict_ssl": schema.BoolAttribute{
				MarkdownDescription: subscriptionNonStrictDescription + " Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"filter": schema.SingleNestedAttribute{
				MarkdownDescription: subscriptionFilterDescription + " Removing the block " +
					"removes the filter in CallFire.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"broadcast_id": schema.Int64Attribute{
						MarkdownDescription: subscriptionBroadcastDescription,
						Optional:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"batch_id": schema.Int64Attribute{
						MarkdownDescription: subscriptionBatchDescription,
						Optional:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"from_number": schema.StringAttribute{
						MarkdownDescription: subscriptionFromDescription,
						Optional:            true,
						Validators:          []validator.String{fromNumberValidator{}},
					},
					"to_number": schema.StringAttribute{
						MarkdownDescription: subscriptionToDescription,
						Optional:            true,
						Validators:          []validator.String{toNumberValidator{}},
					},
				},
			},
		},
	}
}

func (r *subscriptionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what depends on more than one attribute: the kind of endpoint
// follows notification_format, and an empty filter would read back as no filter at all.
func (r *subscriptionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg subscriptionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateSubscriptionEndpoint(cfg.Endpoint, cfg.NotificationFormat, &resp.Diagnostics)

	if cfg.Filter.IsNull() || cfg.Filter.IsUnknown() {
		return
	}
	for _, v := range cfg.Filter.Attributes() {
		if !v.IsNull() {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(path.Root("filter"), "Empty subscription filter",
		"The filter sets none of broadcast_id, batch_id, from_number or to_number. CallFire "+
			"stores an empty filter as no filter; remove the filter attribute instead.")
}

// validateSubscriptionEndpoint checks endpoint against the format: an e-mail address for
// EMAIL, an http(s) URL for the others. A null format means CallFire's default, XML.
func validateSubscriptionEndpoint(endpoint, format types.String, diags *diag.Diagnostics) {
	if endpoint.IsNull() || endpoint.IsUnknown() || format.IsUnknown() {
		return
	}
	raw := endpoint.ValueString()
	at := path.Root("endpoint")
	if format.ValueString() == "EMAIL" {
		if !isEmailAddress(raw) {
			diags.AddAttributeError(at, "Invalid subscription endpoint",
				fmt.Sprintf("%q is not an e-mail address. With notification_format = \"EMAIL\" "+
					"CallFire e-mails each notification, so endpoint must be an address such "+
					"as \"ops@example.com\"; for a URL choose one of %s.", raw,
					quoteList(urlFormats())))
		}
		return
	}
	validateCallbackURL(raw, func(summary, detail string) {
		diags.AddAttributeError(at, "Invalid subscription endpoint", detail+
			" To have notifications e-mailed instead, set notification_format = \"EMAIL\" "+
			"and an e-mail address as endpoint.")
	}, func(summary, detail string) {
		diags.AddAttributeWarning(at, summary, detail)
	})
}

// urlFormats are the notification formats delivered to a URL.
func urlFormats() []string {
	var out []string
	for _, f := range subscriptionFormats {
		if f != "EMAIL" {
			out = append(out, f)
		}
	}
	return out
}

// isEmailAddress accepts a bare address (no display name, no angle brackets) with a dotted
// domain, which is what CallFire can deliver to.
func isEmailAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(a.Address, "@")
	return strings.Contains(domain, ".") && !strings.ContainsAny(domain, "[]")
}

func (r *subscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan subscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := r.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	sub, diags := plan.toAPI(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// One RequestId for this create: the client retries with it, so CallFire returns the
	// subscription of the first attempt instead of creating a second one.
	requestID := callfire.NewRequestID()

	id, err := client.CreateSubscription(ctx, sub, requestID)
	if callfire.IsAmbiguous(err) && r.data.maxRetries() > 0 {
		// A 500 or an unreadable 2xx may hide a subscription CallFire created; the client
		// does not repeat those. Asking once more with the same RequestId cannot make a
		// second one: CallFire answers with the first, so its id is not lost.
		tflog.Warn(ctx, "CallFire subscription create may have succeeded; asking again with "+
			"the same RequestId", map[string]any{"error": err.Error()})
		if sleepCtx(ctx, 500*time.Millisecond) == nil {
			id, err = client.CreateSubscription(ctx, sub, requestID)
		}
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to create CallFire subscription", err)
		return
	}
	tflog.Debug(ctx, "created CallFire subscription", map[string]any{"subscription_id": id})

	// Saved before the read so that a failed read still leaves the new subscription in
	// state (tainted) rather than orphaned in CallFire.
	plan.ID = types.StringValue(strconv.FormatInt(id, 10))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	got, err := client.GetSubscription(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read CallFire subscription after creating it", err)
		return
	}
	state, diags := subscriptionFromAPI(got)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *subscriptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	client, id, ok := r.stored(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}

	got, err := client.GetSubscription(ctx, id)
	if callfire.IsNotFound(err) {
		tflog.Warn(ctx, "CallFire subscription no longer exists; removing it from state",
			map[string]any{"subscription_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read CallFire subscription", err)
		return
	}

	newState, diags := subscriptionFromAPI(got)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &newState)...)
}

func (r *subscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan subscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client, id, ok := r.stored(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	sub, diags := plan.toAPI(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	sub.ID = id

	// PUT replaces the whole subscription, so a filter left out of the configuration is
	// removed in CallFire too.
	if err := client.UpdateSubscription(ctx, sub); err != nil {
		if callfire.IsNotFound(err) {
			// Deleted outside Terraform since the plan: forget it so the next plan creates it.
			resp.State.RemoveResource(ctx)
		}
		addAPIError(&resp.Diagnostics, "Unable to update CallFire subscription", err)
		return
	}

	got, err := client.GetSubscription(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read CallFire subscription after updating it", err)
		return
	}
	newState, diags := subscriptionFromAPI(got)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &newState)...)
}

func (r *subscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	client, id, ok := r.stored(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}

	err := client.DeleteSubscription(ctx, id)
	if callfire.IsNotFound(err) {
		tflog.Debug(ctx, "CallFire subscription was already deleted",
			map[string]any{"subscription_id": id})
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to delete CallFire subscription", err)
	}
}

func (r *subscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if _, ok := parseSubscriptionID(req.ID, path.Root("id"), &resp.Diagnostics); !ok {
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// stored reads what read, update and delete start from: the subscription's id in state and
// the client. ok is false when either failed; diags says why.
func (r *subscriptionResource) stored(ctx context.Context, st tfsdk.State, diags *diag.Diagnostics) (
	*callfire.Client, int64, bool) {
	var state subscriptionModel
	diags.Append(st.Get(ctx, &state)...)
	if diags.HasError() {
		return nil, 0, false
	}
	id, ok := parseSubscriptionID(state.ID.ValueString(), path.Root("id"), diags)
	if !ok {
		return nil, 0, false
	}
	client, d := r.data.Client()
	diags.Append(d...)
	return client, id, !diags.HasError()
}

// parseSubscriptionID reads CallFire's decimal subscription id.
func parseSubscriptionID(raw string, at path.Path, diags *diag.Diagnostics) (int64, bool) {
	id, err := parseID(raw)
	if err != nil {
		diags.AddAttributeError(at, "Invalid CallFire subscription id",
			fmt.Sprintf("%q is not a CallFire subscription id. Ids are positive decimal "+
				"numbers such as \"609951003\"; CallFire shows them in the subscription list "+
				"and the callfire_subscriptions data source lists them.", raw))
		return 0, false
	}
	return id, true
}

// toAPI converts a fully known plan into the client's subscription (without id).
func (m subscriptionModel) toAPI(ctx context.Context) (callfire.Subscription, diag.Diagnostics) {
	sub := callfire.Subscription{
		Endpoint:           m.Endpoint.ValueString(),
		TriggerEvent:       m.TriggerEvent.ValueString(),
		NotificationFormat: m.NotificationFormat.ValueString(),
		Enabled:            m.Enabled.ValueBool(),
		NonStrictSsl:       m.NonStrictSsl.ValueBool(),
	}
	if m.Filter.IsNull() || m.Filter.IsUnknown() {
		return sub, nil
	}
	var f subscriptionFilterModel
	diags := m.Filter.As(ctx, &f, basetypes.ObjectAsOptions{})
	if diags.HasError() {
		return sub, diags
	}
	sub.Filter = &callfire.SubscriptionFilter{
		BroadcastID: f.BroadcastID.ValueInt64Pointer(),
		BatchID:     f.BatchID.ValueInt64Pointer(),
		FromNumber:  f.FromNumber.ValueString(),
		ToNumber:    f.ToNumber.ValueString(),
	}
	return sub, diags
}

// subscriptionFromAPI maps what CallFire returned. A filter with nothing set becomes null,
// so that a configuration without a filter does not differ from CallFire's empty one.
func subscriptionFromAPI(s *callfire.Subscription) (subscriptionModel, diag.Diagnostics) {
	m := subscriptionModel{
		ID:                 types.StringValue(strconv.FormatInt(s.ID, 10)),
		Endpoint:           types.StringValue(s.Endpoint),
		TriggerEvent:       types.StringValue(s.TriggerEvent),
		NotificationFormat: types.StringValue(s.NotificationFormat),
		Enabled:            types.BoolValue(s.Enabled),
		NonStrictSsl:       types.BoolValue(s.NonStrictSsl),
		Filter:             types.ObjectNull(subscriptionFilterAttrTypes),
	}
	if s.NotificationFormat == "" {
		m.NotificationFormat = types.StringValue("XML")
	}
	f := s.Filter
	if f == nil || (f.BroadcastID == nil && f.BatchID == nil && f.FromNumber == "" &&
		f.ToNumber == "") {
		return m, nil
	}
	obj, diags := types.ObjectValue(subscriptionFilterAttrTypes, map[string]attr.Value{
		"broadcast_id": types.Int64PointerValue(f.BroadcastID),
		"batch_id":     types.Int64PointerValue(f.BatchID),
		"from_number":  optionalString(f.FromNumber),
		"to_number":    optionalString(f.ToNumber),
	})
	m.Filter = obj
	return m, diags
}

// optionalString maps CallFire's "not set" (empty) to null.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// notificationFormatValidator accepts subscriptionFormats and explains why LEGACY, which
// CallFire's enum still has, is refused.
type notificationFormatValidator struct{}

func (notificationFormatValidator) Description(context.Context) string {
	return "must be one of " + quoteList(subscriptionFormats)
}

func (v notificationFormatValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (notificationFormatValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if req.ConfigValue.ValueString() == "LEGACY" {
		resp.Diagnostics.AddAttributeError(req.Path, "Deprecated notification format",
			"CallFire has deprecated the LEGACY notification format. Use one of "+
				quoteList(subscriptionFormats)+"; JSON or XML carry the same events.")
		return
	}
	stringvalidator.OneOf(subscriptionFormats...).ValidateString(ctx, req, resp)
}

// fromNumberValidator accepts an 11-digit number or a 5–6 digit short code.
type fromNumberValidator struct{}

func (fromNumberValidator) Description(context.Context) string {
	return "must be an 11-digit phone number or a 5-6 digit short code"
}

func (v fromNumberValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (fromNumberValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); !isPhoneNumber(s) && !isShortCode(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid phone number",
			fmt.Sprintf("%s: %q is not a number CallFire can filter on. Use 11 digits with "+
				"the country code and no punctuation (e.g. \"12135551100\") or a 5-6 digit "+
				"short code (e.g. \"67076\").", req.Path, s))
	}
}

// toNumberValidator accepts CallFire's space-separated list of 11-digit numbers and
// shortcode:KEYWORD pairs.
type toNumberValidator struct{}

func (toNumberValidator) Description(context.Context) string {
	return "must be 11-digit phone numbers or shortcode:KEYWORD pairs, separated by spaces"
}

func (v toNumberValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (toNumberValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); !validToNumber(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid phone number",
			fmt.Sprintf("%s: %q is not a number CallFire can filter on. Use 11 digits with "+
				"the country code and no punctuation (e.g. \"12135551100\"), or a keyword on a "+
				"short code written shortcode:KEYWORD (e.g. \"67076:KEYWORD\"); separate "+
				"several with single spaces.", req.Path, s))
	}
}

// validToNumber accepts CallFire's space-separated list (single spaces, so that what
// CallFire returns compares equal) of 11-digit numbers and shortcode:KEYWORD pairs.
func validToNumber(s string) bool {
	numbers := strings.Fields(s)
	if len(numbers) == 0 || strings.Join(numbers, " ") != s {
		return false
	}
	for _, n := range numbers {
		code, keyword, isKeyword := strings.Cut(n, ":")
		if isKeyword && !(isShortCode(code) && keyword != "") || !isKeyword && !isPhoneNumber(n) {
			return false
		}
	}
	return true
}

func isPhoneNumber(s string) bool { return len(s) == 11 && allDigits(s) }

func isShortCode(s string) bool { return (len(s) == 5 || len(s) == 6) && allDigits(s) }

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
