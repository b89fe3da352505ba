package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
	"github.com/callfire/terraform-provider-callfire/internal/pluginserver"
)

// testAccProtoV6ProviderFactories serves the provider in-process to terraform-plugin-testing,
// wrapped as main.go serves it.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"callfire": func() (tfprotov6.ProviderServer, error) {
		return pluginserver.Releasing(providerserver.NewProtocol6(New("test", "none")())()), nil
	},
}

// newTestMock starts a mock CallFire for one test on 127.0.0.1 and a random port.
func newTestMock(t *testing.T) *mockcallfire.TestServer {
	t.Helper()
	return mockcallfire.NewTestServer(t, mockcallfire.Options{})
}

// providerConfig is a provider block pointing at the mock, with short timeouts so that fault
// tests finish quickly.
func providerConfig(ts *mockcallfire.TestServer) string {
	return fmt.Sprintf(`
provider "callfire" {
  username        = %q
  password        = %q
  v2_base_url     = %q
  v1_base_url     = %q
  max_retries     = 3
  request_timeout = "5s"
}
`, ts.Username(), ts.Password(), ts.V2URL(), ts.V1URL())
}

// assertNoRequests fails when the mock received anything: a configuration rejected at plan
// time must never reach CallFire.
func assertNoRequests(t *testing.T, ts *mockcallfire.TestServer) {
	t.Helper()
	if n := ts.RequestCount(); n != 0 {
		t.Fatalf("mock received %d requests, want 0: %+v", n, ts.Requests())
	}
}
