// Command terraform-provider-aliecs serves the aliecs provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/aliecs/terraform-provider-aliecs/internal/provider"
)

// Generate the registry docs from schema descriptions, templates/ and examples/.
//go:generate go tool tfplugindocs generate --provider-name aliecs

// version is set by goreleaser at release time.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/aliecs/aliecs",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
