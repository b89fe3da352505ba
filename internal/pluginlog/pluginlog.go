// Package pluginlog keeps the plugin SDK from formatting logs that nobody will read.
package pluginlog

import "os"

// Levels that terraform-plugin-go, terraform-plugin-framework and tflog read for the
// provider's own logs and the SDK's; "OFF" silences a logger before it formats anything.
var levelVars = []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// QuietUnlessCollected switches the provider's and the SDK's logging off when Terraform is
// not collecting provider logs, which it does only with TF_LOG or TF_LOG_PROVIDER set (the
// plugin inherits Terraform's environment). Otherwise the SDK writes every trace line as
// JSON to stderr and Terraform throws it away: `make bench` measured that formatting at a
// third of the provider's CPU time in a plan of 500 webhooks. With either variable set
// nothing changes, and a level set explicitly for one logger is left alone.
func QuietUnlessCollected() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range levelVars {
		if os.Getenv(name) == "" {
			_ = os.Setenv(name, "OFF")
		}
	}
}
