package provider

import (
	"errors"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/callfire/terraform-provider-callfire/internal/callfire"
)

// addAPIError adds an error diagnostic for a failed CallFire call. summary says what failed
// ("Unable to create CallFire webhook"); the detail carries CallFire's status and message
// (from the client's error) and what the person at the terminal can do about it.
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, err.Error()+"\n\n"+adviceFor(err))
}

func adviceFor(err error) string {
	var apiErr *callfire.APIError
	if !errors.As(err, &apiErr) {
		return "Check the network connection to CallFire and try again."
	}
	switch code := apiErr.StatusCode; {
	case code == http.StatusUnauthorized:
		return "Generate API credentials in CallFire (Settings → API Access) and set them as " +
			"the provider's username and password or as CALLFIRE_USERNAME and " +
			"CALLFIRE_PASSWORD. Nothing was changed in Terraform state."
	case code == http.StatusForbidden:
		return "The API credentials are valid but may not do this; check the permissions of " +
			"the API credential in CallFire. Nothing was changed in Terraform state."
	case code == http.StatusBadRequest:
		return "CallFire rejected the values sent; correct the configuration and apply again."
	case code == http.StatusNotFound:
		return "The object no longer exists in CallFire. Run terraform plan to see what " +
			"Terraform will recreate."
	case code == http.StatusTooManyRequests || code >= 500 || code == 0:
		return "CallFire or the network is failing or rate-limiting; the provider already " +
			"retried. Wait, then run terraform apply again; state keeps what was applied so far."
	default:
		return "Check the configuration and CallFire's message above."
	}
}
