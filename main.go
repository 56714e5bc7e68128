// Command terraform-provider-aliecs serves the aliecs provider to Terraform and OpenTofu.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

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

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// provider.NewProtocol6 rather than providerserver.Serve: it reads aliecs_snapshots without the
	// framework's copies of the state (see internal/provider/server.go).
	err := tf6server.Serve("registry.terraform.io/aliecs/aliecs", provider.NewProtocol6(provider.New(version)), opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
