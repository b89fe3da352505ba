// Command terraform-provider-callfire serves the CallFire provider to Terraform.
package main

import (
	"flag"
	"log"

	"github.com/callfire/terraform-provider-callfire/internal/pluginlog"
	"github.com/callfire/terraform-provider-callfire/internal/pluginserver"
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

	err := pluginserver.Serve("registry.terraform.io/callfire/callfire", provider.New(version, commit), debug)
	if err != nil {
		log.Fatal(err)
	}
}
