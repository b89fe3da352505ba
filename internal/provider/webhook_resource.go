package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/callfire/terraform-provider-callfire/internal/callfire"
)

var (
	_ resource.ResourceWithConfigure        = (*webhookResource)(nil)
	_ resource.ResourceWithImportState      = (*webhookResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*webhookResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*webhookResource)(nil)
	_ resource.ResourceWithConfigValidators = (*webhookResource)(nil)
)

// NewWebhookResource returns the callfire_webhook resource.
func NewWebhookResource() resource.Resource { return &webhookResource{} }

type webhookResource struct {
	data *providerData
}

// webhookModel is what the callfire_webhook data source reads, plus the secret, which
// CallFire never returns.
type webhookModel struct {
	webhookDataModel
	Secret          types.String `tfsdk:"secret"`
	SecretWO        types.String `tfsdk:"secret_wo"`
	SecretWOVersion types.Int64  `tfsdk:"secret_wo_version"`
}

func (r *webhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook"
}

func (r *webhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A CallFire API v2 webhook: CallFire POSTs a JSON notification to " +
			"`callback` whenever one of `events` happens to a `resource` (a text was sent, a " +
			"call finished, a broadcast started). With a `secret`, CallFire signs each " +
			"notification in the `X-CallFire-Signature` header.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "CallFire's id of the webhook, a decimal integer such as `11646003`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "A name for the webhook, sent in every notification as `webhookName`.",
				Required:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					// CallFire answers a blank name with 400 "name is required".
					stringvalidator.RegexMatches(nonBlank, "must contain a non-blank character"),
				},
			},
			"resource": schema.StringAttribute{
				MarkdownDescription: "What the webhook watches, in CallFire's spelling: " +
					markdownList(webhookResourceNames()) + ". Changing it replaces the " +
					"webhook, since CallFire does not document changing it in place.",
				Required:      true,
				Validators:    []validator.String{webhookResourceValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"events": schema.SetAttribute{
				MarkdownDescription: "The events of `resource` that trigger a notification, at " +
					"least one. Broadcasts and CCC campaigns support `Started`, `Stopped` and " +
					"`Finished`; calls and texts `Finished`; `ContactList` `ValidationFinished` " +
					"and `ValidationFailed`; `MonthlyRenewal` and `LowBalance` `Finished` and " +
					"`Failed`; `OutboundTextDeliveryReport` `Received`. The " +
					"`callfire_webhook_resources` data source lists what CallFire supports.",
				Required:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1)},
			},
			"callback": schema.StringAttribute{
				MarkdownDescription: "The URL CallFire POSTs notifications to. CallFire strongly " +
					"recommends `https://`; an `http://` URL plans with a warning.",
				Required:   true,
				Validators: []validator.String{callbackURLValidator{}},
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether CallFire sends notifications. Defaults to `true`; " +
					"always sent to CallFire, whose own default is to leave a webhook disabled.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"single_use": schema.BoolAttribute{
				MarkdownDescription: "When `true`, CallFire deletes the webhook itself after the " +
					"first notification. The next plan then shows the webhook to be created " +
					"again; remove the resource from the configuration (or use " +
					"`terraform state rm`) if that is not wanted. Defaults to `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"non_strict_ssl": schema.BoolAttribute{
				MarkdownDescription: "When `true`, CallFire accepts a self-signed or otherwise " +
					"unverifiable TLS certificate on `callback`. Defaults to `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"fields": schema.StringAttribute{
				MarkdownDescription: "Limits which fields of the resource go into each " +
					"notification, in CallFire's partial-response syntax, e.g. " +
					"`\"id,fromNumber,toNumber,finalTextResult\"`. Unset sends the whole resource.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"secret": schema.StringAttribute{
				MarkdownDescription: "The key CallFire signs notifications with: the " +
					"`X-CallFire-Signature` header holds the Base64 HMAC-SHA1 of the raw body. " +
					"CallFire never returns it, so Terraform keeps the configured value and " +
					"cannot detect a change made outside Terraform; changing it updates the " +
					"webhook in place. Stored in state (marked sensitive); use `secret_wo` to " +
					"keep it out of state. Conflicts with `secret_wo`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"secret_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only form of `secret` (Terraform 1.11 or later): sent " +
					"to CallFire but never stored in the plan or state. Because Terraform " +
					"cannot compare it, a new value is sent only when `secret_wo_version` " +
					"changes (and on create). Conflicts with `secret`.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"secret_wo_version": schema.Int64Attribute{
				MarkdownDescription: "A number to change whenever `secret_wo` changes; a change " +
					"sends the current `secret_wo` to CallFire. Requires `secret_wo`.",
				Optional: true,
				Validators: []validator.Int64{
					int64validator.AlsoRequires(path.MatchRoot("secret_wo")),
				},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When CallFire created the webhook (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "When the webhook last changed in CallFire (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *webhookResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		conflictingSecrets{},
	}
}

func (r *webhookResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks each event against the events the chosen resource supports, so that
// CallFire never sees a combination it rejects.
func (r *webhookResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg webhookModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.Resource.IsNull() || cfg.Resource.IsUnknown() || cfg.Events.IsNull() || cfg.Events.IsUnknown() {
		return
	}
	supported, ok := webhookEvents[cfg.Resource.ValueString()]
	if !ok {
		return // the resource attribute's own validator reports it
	}
	for _, el := range cfg.Events.Elements() {
		ev, ok := el.(types.String)
		if !ok || ev.IsUnknown() || ev.IsNull() {
			continue
		}
		validateWebhookEvent(cfg.Resource.ValueString(), ev.ValueString(), supported, &resp.Diagnostics)
	}
}

func validateWebhookEvent(res, ev string, supported []string, diags *diag.Diagnostics) {
	for _, s := range supported {
		if s == ev {
			return
		}
	}
	if canon, ok := canonicalSpelling(ev, supported); ok {
		diags.AddAttributeError(path.Root("events"), "Wrong spelling of webhook event",
			fmt.Sprintf("CallFire spells the event %q as %q. Events are case-sensitive.", ev, canon))
		return
	}
	diags.AddAttributeError(path.Root("events"), "Event not supported by the webhook resource",
		fmt.Sprintf("%q is not an event of %s. %s supports: %s.", ev, res, res, quoteList(supported)))
}

// ModifyPlan marks updated_at unknown whenever an update is planned, since CallFire sets a new
// timestamp on every PUT; otherwise UseStateForUnknown keeps it and the plan stays empty.
func (r *webhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state webhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if webhookNeedsUpdate(plan, state) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("updated_at"), types.StringUnknown())...)
	}
}

func webhookNeedsUpdate(plan, state webhookModel) bool {
	return !plan.Name.Equal(state.Name) || !plan.Events.Equal(state.Events) ||
		!plan.Callback.Equal(state.Callback) || !plan.Enabled.Equal(state.Enabled) ||
		!plan.SingleUse.Equal(state.SingleUse) || !plan.NonStrictSsl.Equal(state.NonStrictSsl) ||
		!plan.Fields.Equal(state.Fields) || !plan.Secret.Equal(state.Secret) ||
		!plan.SecretWOVersion.Equal(state.SecretWOVersion)
}

func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var secretWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret_wo"), &secretWO)...)
	client, diags := r.data.Client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	wh, diags := webhookFromPlan(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !secretWO.IsNull() {
		wh.Secret = secretWO.ValueString()
	}
	ctx = client.MaskContext(ctx, wh.Secret)

	id, err := createWebhookOnce(ctx, client, r.data.maxRetries(), wh)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to create CallFire webhook", err)
		return
	}
	ctx = tflog.SetField(ctx, "webhook_id", id)
	tflog.Debug(ctx, "Created CallFire webhook")

	// From here the webhook exists: record its id before anything else can fail, so that a
	// failed read leaves a tainted resource in state rather than an orphan in CallFire.
	plan.ID = types.StringValue(strconv.FormatInt(id, 10))
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), plan.ID)...)

	got, err := client.GetWebhook(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read CallFire webhook after creating it", err)
		return
	}
	resp.Diagnostics.Append(plan.setFromAPI(ctx, got)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// createWebhookOnce creates wh so that it exists exactly once in CallFire. API v2 has no
// idempotency key, so when a create fails in a way that leaves open whether CallFire acted on
// it (a 5xx, a response lost after the request was sent), the webhook is looked up by name,
// resource, callback, events and creation time: one match is adopted, none means CallFire did
// not create it and the create is tried again (up to retries times), several are reported.
func createWebhookOnce(ctx context.Context, client *callfire.Client, retries int, wh callfire.Webhook) (int64, error) {
	// CallFire's clock may differ from ours; a margin keeps a slightly skewed createdAt in.
	const clockSkew = 2 * time.Minute
	started := time.Now().Add(-clockSkew)

	for attempt := 0; ; attempt++ {
		id, err := client.CreateWebhook(ctx, wh)
		if err == nil || !callfire.IsAmbiguous(err) {
			return id, err
		}
		tflog.Warn(ctx, "CallFire webhook create may or may not have succeeded; looking it up",
			map[string]any{"attempt": attempt + 1, "error": err.Error()})

		lookupCtx := ctx
		if ctx.Err() != nil {
			// Interrupted (Ctrl-C) after the request went out. A short lookup that outlives
			// the cancellation still finds a webhook CallFire created, so that it goes into
			// state (tainted) instead of being orphaned; nothing is created again.
			var cancel context.CancelFunc
			lookupCtx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
		}
		matches, findErr := findCreatedWebhooks(lookupCtx, client, wh, started)
		if findErr != nil {
			return 0, fmt.Errorf("%w\n\nThe provider could not check whether CallFire created "+
				"the webhook anyway (%v). Look for a webhook named %q with callback %q in "+
				"CallFire: if it exists, import it (terraform import) instead of applying again",
				err, findErr, wh.Name, wh.Callback)
		}
		switch {
		case len(matches) == 1:
			tflog.Warn(ctx, "Adopted the CallFire webhook created by an interrupted request",
				map[string]any{"webhook_id": matches[0]})
			return matches[0], nil
		case len(matches) > 1:
			return 0, fmt.Errorf("%w\n\nCallFire now holds %d webhooks that this create may "+
				"have made (ids %v): keep one with terraform import and delete the others in "+
				"CallFire", err, len(matches), matches)
		case ctx.Err() != nil:
			return 0, err
		case attempt >= retries:
			return 0, fmt.Errorf("%w\n\nThe create was tried %d times (max_retries + 1); "+
				"after each failure a lookup found that CallFire had not created the webhook, "+
				"so none was left behind", err, attempt+1)
		}
		if err := sleepCtx(ctx, time.Duration(attempt+1)*500*time.Millisecond); err != nil {
			return 0, err
		}
	}
}

func findCreatedWebhooks(ctx context.Context, client *callfire.Client, wh callfire.Webhook, since time.Time) ([]int64, error) {
	found, err := client.FindWebhooks(ctx, callfire.WebhookFilter{
		Name: wh.Name, Resource: wh.Resource, Callback: wh.Callback,
	})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, f := range found {
		if f.Name == wh.Name && f.Resource == wh.Resource && f.Callback == wh.Callback &&
			sameStrings(f.Events, wh.Events) && f.CreatedAt >= since.UnixMilli() {
			ids = append(ids, f.ID)
		}
	}
	return ids, nil
}

func (r *webhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, client, id, ok := r.stored(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx = tflog.SetField(client.MaskContext(ctx, state.Secret.ValueString()), "webhook_id", id)

	got, err := client.GetWebhook(ctx, id)
	if callfire.IsNotFound(err) {
		tflog.Warn(ctx, "CallFire webhook no longer exists; removing it from state so that the "+
			"next plan creates it again")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read CallFire webhook "+state.ID.ValueString(), err)
		return
	}

	resp.Diagnostics.Append(state.setFromAPI(ctx, got)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan webhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var secretWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret_wo"), &secretWO)...)
	state, client, id, ok := r.stored(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}

	wh, diags := webhookFromPlan(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	wh.ID = id
	// A write-only secret cannot be compared, so it is sent only when its version changes.
	if !secretWO.IsNull() && !plan.SecretWOVersion.Equal(state.SecretWOVersion) {
		wh.Secret = secretWO.ValueString()
	}
	// Removing the secret from the configuration must stop CallFire from signing.
	wh.ClearSecret = wh.Secret == "" && secretWO.IsNull() &&
		(!state.Secret.IsNull() || !state.SecretWOVersion.IsNull())
	// Masked whether sent or not: CallFire may echo the stored secret in an error.
	ctx = client.MaskContext(ctx, wh.Secret, state.Secret.ValueString(), secretWO.ValueString())
	ctx = tflog.SetField(ctx, "webhook_id", id)

	if err := client.UpdateWebhook(ctx, wh); err != nil {
		if callfire.IsNotFound(err) {
			// Deleted outside Terraform during this run: forget it so the next plan recreates it.
			resp.State.RemoveResource(ctx)
		}
		addAPIError(&resp.Diagnostics, "Unable to update CallFire webhook "+state.ID.ValueString(), err)
		return
	}

	got, err := client.GetWebhook(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read CallFire webhook after updating it", err)
		return
	}
	plan.ID = state.ID
	resp.Diagnostics.Append(plan.setFromAPI(ctx, got)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, client, id, ok := r.stored(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx = tflog.SetField(client.MaskContext(ctx, state.Secret.ValueString()), "webhook_id", id)

	err := client.DeleteWebhook(ctx, id)
	if callfire.IsNotFound(err) {
		tflog.Debug(ctx, "CallFire webhook was already gone")
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to delete CallFire webhook "+state.ID.ValueString(), err)
	}
}

func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if _, err := parseID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid CallFire webhook id",
			fmt.Sprintf("%v. Import a webhook by CallFire's numeric id, e.g. "+
				"terraform import callfire_webhook.example 11646003.", err))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// webhookFromPlan builds the whole object that create and update send.
func webhookFromPlan(ctx context.Context, m webhookModel) (callfire.Webhook, diag.Diagnostics) {
	var events []string
	diags := m.Events.ElementsAs(ctx, &events, false)
	return callfire.Webhook{
		Name:         m.Name.ValueString(),
		Resource:     m.Resource.ValueString(),
		Events:       events,
		Callback:     m.Callback.ValueString(),
		Enabled:      m.Enabled.ValueBool(),
		SingleUse:    m.SingleUse.ValueBool(),
		NonStrictSsl: m.NonStrictSsl.ValueBool(),
		Fields:       m.Fields.ValueString(),
		Secret:       m.Secret.ValueString(),
	}, diags
}

// setFromAPI copies what CallFire returned into m, through the same mapping as the
// callfire_webhook data source. The secret is left alone: CallFire never returns it, so the
// configured value (or null after import) stays.
func (m *webhookModel) setFromAPI(_ context.Context, wh *callfire.Webhook) diag.Diagnostics {
	read, diags := webhookDataFromAPI(wh)
	m.webhookDataModel = read
	m.SecretWO = types.StringNull()
	return diags
}

// webhookResourceValidator accepts the canonical names of webhook resources and, for a name in
// the wrong case, says how CallFire spells it.
type webhookResourceValidator struct{}

func (webhookResourceValidator) Description(context.Context) string {
	return "must be one of " + quoteList(webhookResourceNames())
}

func (v webhookResourceValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (webhookResourceValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v := req.ConfigValue.ValueString()
	if _, ok := webhookEvents[v]; ok {
		return
	}
	if canon, ok := canonicalSpelling(v, webhookResourceNames()); ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Wrong spelling of webhook resource",
			fmt.Sprintf("CallFire spells the resource %q as %q. Resource names are case-sensitive.", v, canon))
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Unknown webhook resource",
		fmt.Sprintf("%q is not a CallFire webhook resource. Use one of: %s.", v,
			quoteList(webhookResourceNames())))
}

// conflictingSecrets rejects secret and secret_wo together. (The framework's ConflictsWith
// does not look at write-only values in every Terraform version, so this reads the config.)
type conflictingSecrets struct{}

func (conflictingSecrets) Description(context.Context) string {
	return "secret and secret_wo cannot both be set"
}

func (c conflictingSecrets) MarkdownDescription(ctx context.Context) string {
	return c.Description(ctx)
}

func (conflictingSecrets) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var secret, secretWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret"), &secret)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret_wo"), &secretWO)...)
	if !secret.IsNull() && !secretWO.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("secret_wo"), "Conflicting webhook secrets",
			"Set either secret (kept in state, marked sensitive) or secret_wo (write-only, "+
				"never stored), not both.")
	}
}

var nonBlank = regexp.MustCompile(`\S`)

// millisToRFC3339 renders CallFire's epoch milliseconds as an RFC 3339 UTC timestamp.
func millisToRFC3339(ms int64) types.String {
	if ms == 0 {
		return types.StringNull()
	}
	return types.StringValue(time.UnixMilli(ms).UTC().Format(time.RFC3339))
}

// stored reads what read, update and delete start from: the webhook in state, the client
// and the webhook's id, a corrupt one reported on the id attribute. ok is false when any of
// them failed; diags says why.
func (r *webhookResource) stored(ctx context.Context, st tfsdk.State, diags *diag.Diagnostics) (
	state webhookModel, client *callfire.Client, id int64, ok bool) {
	diags.Append(st.Get(ctx, &state)...)
	client, d := r.data.Client()
	diags.Append(d...)
	if diags.HasError() {
		return state, nil, 0, false
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid webhook id in state", err.Error()+
			". Remove the resource from state (terraform state rm) and import it again.")
		return state, nil, 0, false
	}
	return state, client, id, true
}

// parseID parses CallFire's decimal int64 ids.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not a CallFire id (a positive integer)", s)
	}
	return id, nil
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := make(map[string]int, len(a))
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		if seen[s] == 0 {
			return false
		}
		seen[s]--
	}
	return true
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func markdownList(names []string) string {
	s := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			s += " and "
		default:
			s += ", "
		}
		s += "`" + n + "`"
	}
	return s
}
