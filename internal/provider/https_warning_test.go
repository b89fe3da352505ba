package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// runStringValidators runs the validators the schema attaches to attribute name.
func runStringValidators(t *testing.T, r resource.Resource, name, value string) diag.Diagnostics {
	t.Helper()
	var resp resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &resp)
	attr, ok := resp.Schema.Attributes[name].(schema.StringAttribute)
	if !ok {
		t.Fatalf("%s is not a string attribute of the schema", name)
	}
	var diags diag.Diagnostics
	for _, v := range attr.Validators {
		out := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root(name), ConfigValue: types.StringValue(value),
		}, out)
		diags.Append(out.Diagnostics...)
	}
	return diags
}

// An http:// callback plans, with a warning on the attribute that CallFire strongly
// recommends HTTPS; https:// plans without one.
func TestWebhookCallback_httpPlansWithWarning(t *testing.T) {
	diags := runStringValidators(t, NewWebhookResource(), "callback", "http://hooks.example.com/cf")
	if diags.HasError() {
		t.Fatalf("http:// callback rejected: %v", diags)
	}
	warnings := diags.Warnings()
	if len(warnings) != 1 {
		t.Fatalf("want one warning, got %v", diags)
	}
	w := warnings[0]
	if !strings.Contains(w.Summary(), "not HTTPS") ||
		!strings.Contains(w.Detail(), "strongly recommends HTTPS") {
		t.Errorf("warning does not explain the HTTPS recommendation: %q / %q", w.Summary(), w.Detail())
	}
	withPath, ok := w.(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(path.Root("callback")) {
		t.Errorf("warning is not attached to the callback attribute: %#v", w)
	}

	if diags := runStringValidators(t, NewWebhookResource(), "callback", "https://hooks.example.com/cf"); len(diags) != 0 {
		t.Errorf("https:// callback produced diagnostics: %v", diags)
	}
}

// The subscription endpoint gives the same warning from the resource's config validation.
func TestSubscriptionEndpoint_httpPlansWithWarning(t *testing.T) {
	var diags diag.Diagnostics
	validateSubscriptionEndpoint(types.StringValue("http://hooks.example.com/cf"),
		types.StringValue("JSON"), &diags)
	if diags.HasError() || len(diags.Warnings()) != 1 ||
		!strings.Contains(diags.Warnings()[0].Detail(), "strongly recommends HTTPS") {
		t.Fatalf("want exactly the HTTPS warning, got %v", diags)
	}
}
