package main

import (
	"os"
	"strings"
	"testing"
)

func clearLogVariables(t *testing.T) {
	t.Helper()
	for _, v := range append(terraformLogVariables, "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ALIECS") {
		t.Setenv(v, "")
		if err := os.Unsetenv(v); err != nil {
			t.Fatal(err)
		}
	}
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
	for _, v := range terraformLogVariables {
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
