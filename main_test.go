package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"testing"
)

// terraformLogVariables are every variable terraform and OpenTofu read for their logs.
var terraformLogVariables = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_CORE", "TF_LOG_PATH", "TOFU_LOG", "TOFU_LOG_PROVIDER", "TOFU_LOG_PATH"}

// unsetEnv unsets each variable for the test; t.Setenv first so that the test restores them.
func unsetEnv(t *testing.T, names ...string) {
	t.Helper()
	for _, v := range names {
		t.Setenv(v, "")
		if err := os.Unsetenv(v); err != nil {
			t.Fatal(err)
		}
	}
}

func clearLogVariables(t *testing.T) {
	t.Helper()
	unsetEnv(t, append(terraformLogVariables, "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ALIECS")...)
}

func TestQuietLogsTerraformDiscards_offWhenTerraformDropsThem(t *testing.T) {
	clearLogVariables(t)
	t.Setenv("TF_LOG_SDK_PROTO", "DEBUG") // the user's own level stays
	quietLogsTerraformDiscards()
	for v, want := range map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_ALIECS": "OFF", "TF_LOG_SDK_PROTO": "DEBUG"} {
		if got := os.Getenv(v); got != want {
			t.Errorf("%s = %q, want %q", v, got, want)
		}
	}
}

func TestQuietLogsTerraformDiscards_untouchedWhenTerraformShowsThem(t *testing.T) {
	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TOFU_LOG", "TOFU_LOG_PROVIDER"} {
		t.Run(v, func(t *testing.T) {
			clearLogVariables(t)
			t.Setenv(v, "TRACE")
			quietLogsTerraformDiscards()
			for _, l := range []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ALIECS"} {
				if got, set := os.LookupEnv(l); set {
					t.Errorf("with %s set, %s was set to %q", v, l, got)
				}
			}
		})
	}
}

// The stamped version and -version itself are checked on a built binary by the provider package's
// TestAccProvider_versionStampReachesTheAPI.
func TestVersionLine_unstampedBuildSaysDev(t *testing.T) {
	if got := versionLine(); !strings.HasPrefix(got, "terraform-provider-aliecs dev (") {
		t.Fatalf("versionLine() = %q", got)
	}
}

func TestStartCPUProfile_writesOneProfilePerProcess(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(cpuProfileVariable, dir)
	stop := startCPUProfile()
	stop()
	b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		t.Fatal(err)
	}
	// pprof writes its profiles gzip-compressed: a file that starts so was written by StopCPUProfile.
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("the profile is not a gzip stream (%d bytes)", len(b))
	}
}

func TestStartCPUProfile_offUnlessAsked(t *testing.T) {
	t.Setenv(cpuProfileVariable, "")
	dir := t.TempDir()
	t.Chdir(dir)
	startCPUProfile()()
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Fatalf("without %s: %v, %v", cpuProfileVariable, entries, err)
	}
}

func TestStartCPUProfile_unwritableDirectoryLeavesTheProviderRunning(t *testing.T) {
	t.Setenv(cpuProfileVariable, filepath.Join(t.TempDir(), "missing"))
	startCPUProfile()() // must neither panic nor fail: the provider serves without a profile
	// A profile that could not start leaves none running, so a later one can.
	t.Setenv(cpuProfileVariable, t.TempDir())
	stop := startCPUProfile()
	defer stop()
	if err := pprof.StartCPUProfile(io.Discard); err == nil {
		pprof.StopCPUProfile()
		t.Fatal("the second profile did not start")
	}
}

// Terraform takes the level of provider lines from TF_LOG_PROVIDER, else TF_LOG: a path or a core level alone
// shows none, and TF_LOG_PROVIDER=off hides them whatever TF_LOG says.
func TestQuietLogsTerraformDiscards_followsTerraformsLevelForProviderLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   map[string]string
		quiet bool
	}{
		{"path alone", map[string]string{"TF_LOG_PATH": "terraform.log"}, true},
		{"core level alone", map[string]string{"TF_LOG_CORE": "TRACE", "TOFU_LOG_PATH": "tofu.log"}, true},
		{"provider off over TF_LOG", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "off"}, true},
		{"provider level over TF_LOG=off", map[string]string{"TF_LOG": "off", "TF_LOG_PROVIDER": "DEBUG"}, false},
		{"TF_LOG with a path", map[string]string{"TF_LOG": "DEBUG", "TF_LOG_PATH": "terraform.log"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearLogVariables(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			quietLogsTerraformDiscards()
			got, set := os.LookupEnv("TF_LOG_SDK_FRAMEWORK")
			if quiet := set && got == "OFF"; quiet != tc.quiet {
				t.Errorf("TF_LOG_SDK_FRAMEWORK = %q (set %v), want quiet %v", got, set, tc.quiet)
			}
		})
	}
}

func TestQuietLogsTerraformDiscards_offWhenTerraformIsToldOff(t *testing.T) {
	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TOFU_LOG"} {
		t.Run(v, func(t *testing.T) {
			clearLogVariables(t)
			t.Setenv(v, "Off")
			quietLogsTerraformDiscards()
			if got := os.Getenv("TF_LOG_SDK_FRAMEWORK"); got != "OFF" {
				t.Errorf("with %s=Off, TF_LOG_SDK_FRAMEWORK = %q, want OFF", v, got)
			}
		})
	}
}

func TestTuneGC_defaultsUnlessTheUserSetThem(t *testing.T) {
	oldPercent, oldLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	})
	unsetEnv(t, "GOGC", "GOMEMLIMIT")
	tuneGC()
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("GOGC unset: the GC percent is %d, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Errorf("GOMEMLIMIT unset: the memory limit is %d, want %d", got, memoryLimit)
	}

	// What the user set, the runtime read at start; tuneGC leaves it.
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetGCPercent(50)
	debug.SetMemoryLimit(1 << 30)
	tuneGC()
	if got := debug.SetGCPercent(50); got != 50 {
		t.Errorf("GOGC=50: the GC percent is %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("GOMEMLIMIT=1GiB: the memory limit is %d", got)
	}
}
