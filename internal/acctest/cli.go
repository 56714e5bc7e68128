package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// defaultTerraformPath is where this project's machines have terraform.
const defaultTerraformPath = "/usr/local/bin/terraform"

// The tests and benchmarks that run the terraform CLI as a user does (a provider binary that terraform starts as
// a plugin process, found through dev_overrides) build the provider, point terraform at it and run it with these.

// BuildProvider builds terraform-provider-aliecs from this module into dir.
func BuildProvider(dir string) error { return BuildProviderVersion(dir, "") }

// BuildProviderVersion builds terraform-provider-aliecs into dir stamped with version as goreleaser stamps a
// release (-X main.version, .goreleaser.yml); "" leaves the binary's default.
func BuildProviderVersion(dir, version string) error {
	args := []string{"build", "-o", filepath.Join(dir, "terraform-provider-aliecs")}
	if version != "" {
		args = append(args, "-ldflags", "-X main.version="+version)
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = moduleRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	return nil
}

// sharedBuilds holds, per version stamp, the one build of the provider this test process makes for the CLI tests.
var sharedBuilds = struct {
	sync.Mutex
	by map[string]func() (string, error)
}{by: map[string]func() (string, error){}}

// SharedProviderDir is a directory holding terraform-provider-aliecs built from this module with version ("" for
// the default), for dev_overrides. It is built once per test process and version, not once per test: linking the
// provider took 20-60 s of a loaded 2-core machine, and the service package has seven tests that run it as a binary.
// The directory is <module>/.tmp/acctest-provider/<version>: a fixed place (nothing is left behind per run), the
// binary written beside it and renamed in, so that test processes of other packages building at the same time
// replace it whole (their sources are the same) and a terraform starting it never sees half a file.
func SharedProviderDir(version string) (string, error) {
	sharedBuilds.Lock()
	build, ok := sharedBuilds.by[version]
	if !ok {
		build = sync.OnceValues(func() (string, error) { return buildShared(version) })
		sharedBuilds.by[version] = build
	}
	sharedBuilds.Unlock()
	return build()
}

// buildShared builds the provider stamped with version into <module>/.tmp/acctest-provider/<version>.
func buildShared(version string) (string, error) {
	name := version
	if name == "" {
		name = "default"
	}
	dir := filepath.Join(moduleRoot(), ".tmp", "acctest-provider", name)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	staging, err := os.MkdirTemp(filepath.Dir(dir), name+".build-")
	if err != nil {
		return "", err
	}
	defer func() { _ = os.RemoveAll(staging) }()
	if err := BuildProviderVersion(staging, version); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	const bin = "terraform-provider-aliecs"
	if err := os.Rename(filepath.Join(staging, bin), filepath.Join(dir, bin)); err != nil {
		return "", err
	}
	return dir, nil
}

// moduleRoot is this module's root directory, from internal/acctest.
func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// WriteDevOverridesConfig writes a terraform CLI configuration at path that makes aliecs/aliecs the binary in
// binDir, for TF_CLI_CONFIG_FILE.
func WriteDevOverridesConfig(path, binDir string) error {
	return WriteDevOverridesConfigFor(path, "aliecs/aliecs", binDir)
}

// WriteDevOverridesConfigFor is WriteDevOverridesConfig for the provider of another source address (such as
// aliyun/alicloud, which make bench-official runs beside this one).
func WriteDevOverridesConfigFor(path, source, binDir string) error {
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", source, binDir)
	return os.WriteFile(path, []byte(rc), 0o600)
}

// TerraformPath is the terraform CLI the tests run: TF_ACC_TERRAFORM_PATH, else /usr/local/bin/terraform.
func TerraformPath() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return defaultTerraformPath
}

// CLIEnv is this process's environment for a terraform command that uses the CLI configuration at cliConfig:
// offline, unattended, without colour, and without a log or provider reattachment inherited from the caller.
func CLIEnv(cliConfig string) []string {
	dropped := []string{"TF_CLI_CONFIG_FILE", "TF_LOG", "TF_LOG_PROVIDER", "TF_REATTACH_PROVIDERS"}
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(dropped, name)
	})
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0", "NO_COLOR=1")
}
