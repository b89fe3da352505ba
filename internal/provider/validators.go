package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/callfire/terraform-provider-callfire/internal/callfire"
)

// baseURLValidator accepts an absolute https:// URL, or http:// when the host is loopback.
// The client refuses the same URLs; checking here turns the refusal into a plan-time
// attribute error.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an absolute https:// URL (http:// only for a loopback host)"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid CallFire base URL",
			fmt.Sprintf("%q is not an absolute http(s) URL. Use a URL such as "+
				"\"https://api.callfire.com/v2\".", callfire.RedactUserinfo(raw)))
		return
	}
	if u.User != nil {
		// The client refuses this too; caught here, the credentials in the URL are never
		// configured into a client, and the error does not repeat them.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid CallFire base URL",
			"The URL carries a username or password. Remove them from the URL and set the "+
				"provider's username and password (or CALLFIRE_USERNAME and CALLFIRE_PASSWORD).")
		return
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid CallFire base URL",
			fmt.Sprintf("%q has a query or fragment; the provider appends API paths to the base "+
				"URL, so it must end with the path, e.g. \"https://api.callfire.com/v2\".",
				callfire.RedactUserinfo(raw)))
		return
	}
	if u.Scheme == "http" && !callfire.IsLoopbackHost(u.Hostname()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Insecure CallFire base URL",
			fmt.Sprintf("%q uses plain http:// to a host that is not loopback; the API "+
				"credentials would cross the network in clear text. Use https://. (http:// is "+
				"accepted only for 127.0.0.0/8, ::1 and localhost, e.g. a local mock.)", raw))
	}
}

// durationValidator accepts a positive Go duration string such as "30s".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return `must be a positive duration such as "30s" or "2m"`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a positive duration. Use a number with a unit: \"ms\", \"s\", "+
				"\"m\" or \"h\", e.g. \"30s\" or \"1m30s\".", req.ConfigValue.ValueString()))
	}
}

// callbackURLValidator accepts an absolute http:// or https:// URL with a host. http:// plans
// with a warning, since CallFire strongly recommends HTTPS endpoints.
type callbackURLValidator struct{}

func (callbackURLValidator) Description(context.Context) string {
	return "must be an absolute https:// (recommended) or http:// URL"
}

func (v callbackURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (callbackURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	validateCallbackURL(req.ConfigValue.ValueString(), func(summary, detail string) {
		resp.Diagnostics.AddAttributeError(req.Path, summary, detail)
	}, func(summary, detail string) {
		resp.Diagnostics.AddAttributeWarning(req.Path, summary, detail)
	})
}

// validateCallbackURL reports through fail or warn what is wrong with a callback URL.
func validateCallbackURL(raw string, fail, warn func(summary, detail string)) {
	u, err := url.Parse(raw)
	switch {
	case err != nil, !u.IsAbs(), u.Host == "", u.Scheme != "https" && u.Scheme != "http":
		fail("Invalid callback URL", fmt.Sprintf("%q is not an absolute http:// or https:// "+
			"URL. CallFire POSTs each notification to this URL, so it needs a scheme and a host, "+
			"e.g. \"https://hooks.example.com/callfire\".", callfire.RedactUserinfo(raw)))
	case u.User != nil:
		fail("Invalid callback URL", "The URL carries a username or password, which CallFire "+
			"would store and return in plain text. Remove them: a webhook receiver can check "+
			"the X-CallFire-Signature made with the webhook secret instead, and a subscription "+
			"endpoint can use a hard-to-guess path.")
	case u.Scheme == "http":
		warn("Callback URL is not HTTPS", fmt.Sprintf("CallFire strongly recommends HTTPS "+
			"endpoints: notifications to %q travel unencrypted. A self-signed certificate works "+
			"with non_strict_ssl = true.", raw))
	}
}
