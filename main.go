// Command terraform-provider-aliecs serves the aliecs provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/aliecs/terraform-provider-aliecs/internal/provider"
)

// Generate the registry docs from schema descriptions, templates/ and examples/.
//go:generate go tool tfplugindocs generate --provider-name aliecs

// version is set by goreleaser at release time (-X main.version={{.Version}} in .goreleaser.yml), and by
// make install to the VERSION it files the binary under.
var version = "dev"

func main() {
	var debug, showVersion bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.BoolVar(&showVersion, "version", false, "print the provider's version and exit")
	flag.Parse()
	if showVersion {
		fmt.Println(versionLine())
		return
	}
	quietLogsTerraformDiscards()
	stopProfile := startCPUProfile()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/aliecs/aliecs",
		Debug:   debug,
	})
	stopProfile()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// cpuProfileVariable names a directory into which each provider process writes a CPU profile of its whole life
// (cpu-<pid>.pprof), for `go tool pprof`. Terraform starts the provider several times per command (to read its
// schema, then to plan or apply), so there is one file per process. make bench sets it with BENCH_PROFILE=1;
// it is a developer's tool, off unless set.
const cpuProfileVariable = "ALIECS_CPU_PROFILE"

// startCPUProfile starts the CPU profile cpuProfileVariable asks for, if any, and returns what stops it. The
// profile is written when terraform stops the plugin (Serve returns); a provider killed outright writes none. A
// profile that cannot be started is reported on stderr, which terraform logs, and the provider runs on.
func startCPUProfile() (stop func()) {
	dir := os.Getenv(cpuProfileVariable)
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", cpuProfileVariable, err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", cpuProfileVariable, err)
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}

// versionLine is what -version prints: the binary's name, its version (as Terraform's own `terraform version`
// prints "Terraform v1.15.9") and the Go version and platform it was built with, which a bug report wants too.
// An unstamped build says "dev" rather than "vdev".
func versionLine() string {
	v := version
	if v != "" && v[0] >= '0' && v[0] <= '9' {
		v = "v" + v
	}
	return fmt.Sprintf("terraform-provider-aliecs %s (%s %s/%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// terraformLogVariables are the variables with which terraform (and OpenTofu) show a provider's log lines.
var terraformLogVariables = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_CORE", "TF_LOG_PATH", "TOFU_LOG", "TOFU_LOG_PROVIDER", "TOFU_LOG_PATH"}

// quietLogsTerraformDiscards turns the provider's loggers off when terraform discards their lines anyway.
//
// Why: terraform starts the plugin with its own environment, and without TF_LOG (or TF_LOG_PROVIDER) it drops
// every line the plugin logs. The plugin SDK, the framework and tflog still write them, at TRACE when their
// level variable is unset (https://developer.hashicorp.com/terraform/plugin/log/managing), as JSON that terraform
// parses and throws away: about 40% of the provider's CPU in a plan of 100 resources (make bench, scenario 3).
// A level the user set (TF_LOG_SDK, TF_LOG_PROVIDER_ALIECS, ...) is kept, and any of terraform's variables
// keeps every logger as it was, unless its value is "off": terraform reads TF_LOG=off (any case) as no log at
// all, which some set in CI to be sure of a quiet run, and they should not pay for lines nobody sees.
func quietLogsTerraformDiscards() {
	for _, v := range terraformLogVariables {
		if value := os.Getenv(v); value != "" && !strings.EqualFold(value, "off") {
			return
		}
	}
	for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ALIECS"} {
		if _, set := os.LookupEnv(v); !set {
			_ = os.Setenv(v, "OFF")
		}
	}
}
