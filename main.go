// Command terraform-provider-aliecs serves the aliecs provider to Terraform and OpenTofu.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/aliecs/terraform-provider-aliecs/internal/provider"
)

// Generate the registry docs from schema descriptions, templates/ and examples/.
//go:generate go tool tfplugindocs generate --provider-name aliecs

// version is set by goreleaser at release time.
var version = "dev"

func main() {
	var debugger bool
	flag.BoolVar(&debugger, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	// A read of aliecs_snapshots over thousands of snapshots holds its list while the state is encoded and sent.
	// Collecting at 50% heap growth instead of Go's 100% keeps 10,000 snapshots near 120 MiB instead of 130-145
	// (make bench, scenario 4), for little CPU in a process that mostly waits on the API. GOGC, when set, wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}

	var opts []tf6server.ServeOpt
	if debugger {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// provider.NewProtocol6 rather than providerserver.Serve: it reads aliecs_snapshots without the
	// framework's copies of the state (see internal/provider/server.go).
	err := tf6server.Serve("registry.terraform.io/aliecs/aliecs", provider.NewProtocol6(provider.New(version)), opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
