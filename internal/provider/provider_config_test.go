package provider

import (
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// clearCallFireEnv unsets the provider's environment variables for one (non-parallel) test.
func clearCallFireEnv(t *testing.T) {
	for _, v := range []string{envUsername, envPassword, envV2BaseURL, envV1BaseURL} {
		t.Setenv(v, "")
	}
}

func TestAccProvider_environmentVariables(t *testing.T) {
	ts := newTestMock(t)
	t.Setenv(envUsername, ts.Username())
	t.Setenv(envPassword, ts.Password())
	t.Setenv(envV2BaseURL, ts.V2URL())
	t.Setenv(envV1BaseURL, ts.V1URL())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{{
			Config: `provider "callfire" {}` + "\n" + webhookHCL(requiredWebhookAttrs),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("name"), knownvalue.StringExact("Sms sent")),
			},
		}},
	})
	if len(ts.Webhooks()) != 0 || ts.RequestCount() == 0 {
		t.Fatalf("the provider did not use the mock named by the environment")
	}
}

func TestAccProvider_missingCredentials(t *testing.T) {
	clearCallFireEnv(t)
	ts := newTestMock(t)
	t.Setenv(envV2BaseURL, ts.V2URL())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Nothing needs the API: no credentials, no error.
				Config: `provider "callfire" {}` + "\n" + `resource "terraform_data" "x" { input = 1 }`,
			},
			{
				Config:      `provider "callfire" {}` + "\n" + webhookHCL(requiredWebhookAttrs),
				ExpectError: regexp.MustCompile(`(?s)Missing CallFire API username.*CALLFIRE_USERNAME.*Missing CallFire API password.*CALLFIRE_PASSWORD`),
			},
			{
				Config: `provider "callfire" {
  username = "only-the-user"
}` + "\n" + webhookHCL(requiredWebhookAttrs),
				ExpectError: regexp.MustCompile(`(?s)Missing CallFire API password.*CALLFIRE_PASSWORD`),
			},
		},
	})
	assertNoRequests(t, ts)
}

func TestAccProvider_invalidSettings(t *testing.T) {
	cases := []struct{ name, settings, want string }{
		{"plain http to a remote host", `v2_base_url = "http://api.callfire.com/v2"`,
			`(?s)Insecure CallFire base URL.*clear text`},
		{"plain http v1", `v1_base_url = "http://www.callfire.com/api/1.1/rest"`,
			`(?s)Insecure CallFire base URL`},
		{"relative base URL", `v2_base_url = "api.callfire.com/v2"`,
			`(?s)Invalid CallFire base URL.*not an absolute`},
		{"bad duration", `request_timeout = "thirty seconds"`, `(?s)Invalid duration.*"30s"`},
		{"negative duration", `request_timeout = "-5s"`, `(?s)Invalid duration`},
		{"retries out of range", `max_retries = 99`, `(?s)max_retries.*between 0 and 20`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ts := newTestMock(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "callfire" {
  username = %q
  password = %q
  %s
}
`, ts.Username(), ts.Password(), c.settings) + webhookHCL(requiredWebhookAttrs),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
			assertNoRequests(t, ts)
		})
	}
}

func TestAccProvider_rejectedCredentials(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "callfire" {
  username    = "ui-login@example.com"
  password    = "the-ui-password"
  v2_base_url = %q
  v1_base_url = %q
}
`, ts.V2URL(), ts.V1URL()) + webhookHCL(requiredWebhookAttrs),
			ExpectError: regexp.MustCompile(`(?s)Unable to create CallFire webhook.*401.*API Access`),
		}},
	})
	if len(ts.Webhooks()) != 0 {
		t.Fatalf("a webhook was created with rejected credentials")
	}
}

// A provider configured from a value known only after apply must still plan.
func TestAccProvider_unknownConfigurationAtPlan(t *testing.T) {
	ts := newTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkWebhookDestroyed(ts),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "creds" {
  input = %q
}

provider "callfire" {
  username    = terraform_data.creds.output
  password    = %q
  v2_base_url = %q
  v1_base_url = %q
}
`, ts.Username(), ts.Password(), ts.V2URL(), ts.V1URL()) + webhookHCL(requiredWebhookAttrs),
			Check: func(*terraform.State) error {
				if n := len(ts.Webhooks()); n != 1 {
					return fmt.Errorf("mock holds %d webhooks, want 1", n)
				}
				return nil
			},
		}},
	})
}

// TestAccRealAPI_webhookLifecycle runs against CallFire itself when API credentials are in the
// environment and no base URL points elsewhere (make testacc). Everything else runs on mocks.
func TestAccRealAPI_webhookLifecycle(t *testing.T) {
	if os.Getenv(envUsername) == "" || os.Getenv(envPassword) == "" ||
		os.Getenv(envV2BaseURL) != "" || os.Getenv(envV1BaseURL) != "" {
		t.Skip("set CALLFIRE_USERNAME and CALLFIRE_PASSWORD (and no base URL override) to run against the real CallFire API")
	}
	name := fmt.Sprintf("terraform-acc-%d", time.Now().UnixNano())
	config := `provider "callfire" {}` + "\n" + webhookHCL(fmt.Sprintf(`
  name     = %q
  resource = "OutboundText"
  events   = ["Finished"]
  callback = "https://example.com/terraform-acceptance-test"
  enabled  = false
`, name))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{ResourceName: webhookAddr, ImportState: true, ImportStateVerify: true},
		},
	})
}
