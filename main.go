// Command terraform-provider-callfire serves the CallFire provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/callfire/terraform-provider-callfire/internal/pluginlog"
	"github.com/callfire/terraform-provider-callfire/internal/provider"
)

// version and commit are set at build time by goreleaser (-X main.version=… -X main.commit=…).
var (
	version = "dev"
	commit  = "none"
)

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if !debug {
		// A debug session prints the logs itself; otherwise Terraform decides what is kept.
		pluginlog.QuietUnlessCollected()
	}

	err := providerserver.Serve(context.Background(), provider.New(version, commit), providerserver.ServeOpts{
		Address:         "registry.terraform.io/callfire/callfire",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
