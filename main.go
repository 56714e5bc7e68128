// Command terraform-provider-aliecs serves the aliecs provider to Terraform and OpenTofu.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
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
	tuneGC()
	stopProfile := startCPUProfile()

	err := serve(debug)
	stopProfile()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// serve serves the provider to terraform through terraform-plugin-go's tf6server, which providerserver.Serve
// also uses for protocol 6, with the provider's own protocol server (provider.NewServer: the framework's, which
// also expects the reads that follow each state upgrade).
func serve(debug bool) error {
	server, err := provider.NewServer(version, conns.Factories{})()
	if err != nil {
		return err
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve("registry.terraform.io/aliecs/aliecs", func() tfprotov6.ProviderServer { return server }, opts...)
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

// The provider's garbage collector settings, unless the user set GOGC or GOMEMLIMIT (tuneGC).
const (
	// gcPercent is GOGC: the heap grows to five times what is live before a collection, instead of twice. A
	// plan's provider keeps a few MB live and allocates about 1.5 MB per resource it reads and plans (mostly the
	// framework's copies of the schema and of the values, see BenchmarkRefreshSnapshot), so at the default of 100
	// it collected every few resources: 25-30% of its CPU in a refresh of 50 (make bench, scenario 3c, provider
	// CPU 0.31 s at 100 and 0.22 s at 400), CPU that terraform, sharing the machine, waits for.
	gcPercent = 400
	// memoryLimit is GOMEMLIMIT, which is what makes the higher GOGC safe for large reads: once the heap nears it
	// the collector runs as often as it takes to stay under it, whatever GOGC says, so a data source of 10,000
	// snapshots (about 100 MiB live at its peak) is held near the limit instead of growing to five times its live
	// set. The limit is soft: a live set above it is not refused, the collector then runs continuously, capped by
	// the runtime at half the CPU (https://go.dev/doc/gc-guide#Memory_limit).
	memoryLimit = 160 << 20
)

// tuneGC applies gcPercent and memoryLimit, each unless the user set its variable, which the runtime has read.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
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

// terraformProviderLevels are the pairs of variables from which terraform (and OpenTofu) take the level at
// which they show a provider's log lines: the first when set, else the second (providerLogLevel in
// https://github.com/hashicorp/terraform/blob/main/internal/logging/logging.go; OpenTofu's is the same). The
// TOFU_ pair is kept for OpenTofu builds that read it. TF_LOG_CORE sets only terraform's own lines, and
// TF_LOG_PATH only where lines go: neither makes terraform show the provider's.
var terraformProviderLevels = [][2]string{{"TF_LOG_PROVIDER", "TF_LOG"}, {"TOFU_LOG_PROVIDER", "TOFU_LOG"}}

// quietLogsTerraformDiscards turns the provider's loggers off when terraform discards their lines anyway.
//
// Why: terraform starts the plugin with its own environment, and unless a level is set for provider lines it
// drops every line the plugin logs. The plugin SDK, the framework and tflog still write them, at TRACE when their
// level variable is unset (https://developer.hashicorp.com/terraform/plugin/log/managing), as JSON that terraform
// parses and throws away: about 40% of the provider's CPU in a plan of 100 resources (make bench, scenario 3).
// A level the user set (TF_LOG_SDK, TF_LOG_PROVIDER_ALIECS, ...) is kept, and a level terraform shows provider
// lines at keeps every logger as it was. "off" (any case) is no level: terraform reads TF_LOG=off as no log at
// all, which some set in CI to be sure of a quiet run, and they should not pay for lines nobody sees; nor should
// whoever sets TF_LOG_PATH once and TF_LOG only when they want a log.
func quietLogsTerraformDiscards() {
	for _, pair := range terraformProviderLevels {
		if level := cmp.Or(os.Getenv(pair[0]), os.Getenv(pair[1])); level != "" && !strings.EqualFold(level, "off") {
			return
		}
	}
	for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ALIECS"} {
		if _, set := os.LookupEnv(v); !set {
			_ = os.Setenv(v, "OFF")
		}
	}
}
