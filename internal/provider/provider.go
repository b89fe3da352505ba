// Package provider implements the CallFire Terraform provider on terraform-plugin-framework.
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/callfire/terraform-provider-callfire/internal/callfire"
)

// Environment variables read when the matching attribute is not set.
const (
	envUsername  = "CALLFIRE_USERNAME"
	envPassword  = "CALLFIRE_PASSWORD"
	envV2BaseURL = "CALLFIRE_V2_BASE_URL"
	envV1BaseURL = "CALLFIRE_V1_BASE_URL"
)

var _ provider.Provider = (*callfireProvider)(nil)

type callfireProvider struct {
	version string
	commit  string
}

type providerModel struct {
	Username       types.String `tfsdk:"username"`
	Password       types.String `tfsdk:"password"`
	V2BaseURL      types.String `tfsdk:"v2_base_url"`
	V1BaseURL      types.String `tfsdk:"v1_base_url"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

// New returns a constructor of the provider for providerserver.
func New(version, commit string) func() provider.Provider {
	return func() provider.Provider {
		return &callfireProvider{version: version, commit: commit}
	}
}

func (p *callfireProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "callfire"
	resp.Version = p.version
}

func (p *callfireProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages CallFire event notifications: API v2 webhooks and API v1.1 " +
			"subscriptions. Authenticates with CallFire's generated API credentials over HTTPS.",
		Attributes: map[string]schema.Attribute{
			"username": schema.StringAttribute{
				MarkdownDescription: "Username of a generated CallFire API credential pair (Settings → " +
					"API Access in CallFire). A CallFire UI login does not work here. Can be set " +
					"with the `" + envUsername + "` environment variable.",
				Optional: true,
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password of the generated API credential pair. Can be set with the `" +
					envPassword + "` environment variable, which keeps it out of configuration files.",
				Optional:  true,
				Sensitive: true,
			},
			"v2_base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of CallFire API v2 (webhooks). Defaults to `" +
					callfire.DefaultV2BaseURL + "`, or the `" + envV2BaseURL + "` environment variable. " +
					"Must be `https://`; `http://` is accepted only for a loopback host (a local mock).",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"v1_base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of CallFire API v1.1 (subscriptions). Defaults to `" +
					callfire.DefaultV1BaseURL + "`, or the `" + envV1BaseURL + "` environment variable. " +
					"Must be `https://`; `http://` is accepted only for a loopback host.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a failed request is retried (429, 502, "+
					"503, 504 and connection errors) before giving up. Defaults to `%d`; `0` "+
					"disables retries. A create is retried only when it certainly did not reach "+
					"CallFire.", callfire.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "How long one HTTP attempt may take, as a Go duration such as " +
					"`\"30s\"` or `\"2m\"`. Defaults to `\"30s\"`.",
				Optional:   true,
				Validators: []validator.String{durationValidator{}},
			},
		},
	}
}

func (p *callfireProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	data := p.buildProviderData(cfg)
	resp.DataSourceData = data
	resp.ResourceData = data
}

// buildProviderData turns the configuration into a client. Problems that only matter once the
// API is needed (missing credentials, values unknown until apply) are kept and reported by the
// first resource or data source that calls CallFire, so that plans touching nothing still work.
func (p *callfireProvider) buildProviderData(cfg providerModel) *providerData {
	data := &providerData{}

	for name, v := range map[string]unknowable{
		"username": cfg.Username, "password": cfg.Password, "v2_base_url": cfg.V2BaseURL,
		"v1_base_url": cfg.V1BaseURL, "max_retries": cfg.MaxRetries,
		"request_timeout": cfg.RequestTimeout,
	} {
		if v.IsUnknown() {
			data.unavailable.AddAttributeError(path.Root(name),
				"CallFire provider configuration not known yet",
				"The provider attribute \""+name+"\" depends on a value that is only known after "+
					"apply, so the provider cannot reach CallFire during this plan. Apply the "+
					"resources it depends on first (terraform apply -target=…), or use a value "+
					"known at plan time.")
		}
	}
	if data.unavailable.HasError() {
		return data
	}

	username := stringOrEnv(cfg.Username, envUsername)
	password := stringOrEnv(cfg.Password, envPassword)
	if username == "" {
		data.unavailable.AddAttributeError(path.Root("username"), "Missing CallFire API username",
			"Set the provider attribute \"username\" or the environment variable "+envUsername+
				" to the username of a generated CallFire API credential (CallFire → Settings → "+
				"API Access). A CallFire UI login does not work with the API.")
	}
	if password == "" {
		data.unavailable.AddAttributeError(path.Root("password"), "Missing CallFire API password",
			"Set the provider attribute \"password\" or the environment variable "+envPassword+
				" to the password of a generated CallFire API credential.")
	}

	clientCfg := callfire.Config{
		Username:   username,
		Password:   password,
		V2BaseURL:  stringOrEnv(cfg.V2BaseURL, envV2BaseURL),
		V1BaseURL:  stringOrEnv(cfg.V1BaseURL, envV1BaseURL),
		MaxRetries: callfire.DefaultMaxRetries,
		UserAgent: fmt.Sprintf("terraform-provider-callfire/%s (+https://registry.terraform.io/"+
			"providers/callfire/callfire)", p.version),
	}
	if !cfg.MaxRetries.IsNull() {
		clientCfg.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.RequestTimeout.IsNull() {
		// Already checked by durationValidator; a failure here cannot reach CallFire.
		d, err := time.ParseDuration(cfg.RequestTimeout.ValueString())
		if err != nil {
			data.unavailable.AddAttributeError(path.Root("request_timeout"),
				"Invalid request timeout", err.Error())
		}
		clientCfg.RequestTimeout = d
	}
	if data.unavailable.HasError() {
		return data
	}

	client, err := callfire.New(clientCfg)
	if err != nil {
		data.unavailable.AddError("Unable to create the CallFire client", err.Error())
		return data
	}
	data.client = client
	data.retries = clientCfg.MaxRetries
	return data
}

type unknowable interface{ IsUnknown() bool }

func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func (p *callfireProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewWebhookResource,
		NewSubscriptionResource,
	}
}

func (p *callfireProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewWebhookDataSource,
		NewWebhooksDataSource,
		NewWebhookResourcesDataSource,
		NewSubscriptionDataSource,
		NewSubscriptionsDataSource,
	}
}

// providerData is what Configure hands to resources and data sources.
type providerData struct {
	client  *callfire.Client
	retries int
	// unavailable says why client is nil; reported when something needs the API.
	unavailable diag.Diagnostics
}

// Client returns the CallFire client or the diagnostics explaining why there is none.
func (d *providerData) Client() (*callfire.Client, diag.Diagnostics) {
	if d == nil {
		var diags diag.Diagnostics
		diags.AddError("CallFire provider not configured",
			"The provider was not configured before use. This is a bug in the provider; "+
				"please report it.")
		return nil, diags
	}
	return d.client, d.unavailable
}

// maxRetries is the configured retry budget, also used to bound the reconciliation of an
// ambiguous webhook create.
func (d *providerData) maxRetries() int {
	if d == nil {
		return 0
	}
	return d.retries
}

// providerDataFrom converts the ProviderData of a Configure request. It returns nil while
// Terraform has not configured the provider yet (e.g. during validate).
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
}
