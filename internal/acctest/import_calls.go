package acctest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
)

// ImportedObject is an object that exists in the API, for CheckImportDescribesOnce: the resource type that
// imports it, its import ID, its identity without region (the attribute values by name), and the API action that
// describes it.
type ImportedObject struct {
	Type, ID string
	Identity map[string]string
	Describe string
}

// CheckImportDescribesOnce imports o every way Terraform offers, through the terraform CLI and the emulator,
// and fails the test unless each import describes the object once (the object the import found serves the Read
// that follows): an import block by ID (terraform plan -generate-config-out), one by identity (Terraform 1.12+;
// not under OpenTofu), and terraform import by ID. The refresh that follows describes it again, from the API.
func (e *Env) CheckImportDescribesOnce(t *testing.T, o ImportedObject) {
	t.Helper()
	e.SkipIfRealCloud(t) // counts the emulator's calls
	// Configuration generation was experimental in Terraform 1.5, and 1.5.7 crashes generating aliecs_snapshot_group's
	// block ("TERRAFORM CRASH" during plan -generate-config-out); the later CLIs of the matrix check every type.
	if !IsOpenTofu() && TerraformVersion(t).LessThan(version.Must(version.NewVersion("1.6.0"))) {
		t.Skip("needs plan -generate-config-out as Terraform 1.6 and later have it")
	}
	addr := o.Type + ".imported"
	w := NewCLIWorkspace(t, e.ProviderConfig()+fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", addr, o.ID))
	describes := func(what string, args ...string) {
		t.Helper()
		e.Emulator.ResetCallCounts()
		out := w.Run(args...)
		if n := e.Emulator.CallCounts()[o.Describe]; n != 1 {
			t.Errorf("%s of %s %s called %s %d times, want once; calls: %v\n%s", what, o.Type, o.ID, o.Describe, n, e.Emulator.CallCounts(), out)
		}
	}
	// The generated configuration serves the commands below, which need the resource's block.
	describes("an import block by ID (plan -generate-config-out)", "plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")

	if IsOpenTofu() || TerraformVersion(t).LessThan(version.Must(version.NewVersion("1.12.0"))) {
		t.Log("import by identity skipped: Terraform below 1.12 or OpenTofu")
	} else {
		var identity strings.Builder
		for _, k := range slices.Sorted(maps.Keys(o.Identity)) {
			fmt.Fprintf(&identity, "    %s = %q\n", k, o.Identity[k])
		}
		w.SetConfig(e.ProviderConfig() + fmt.Sprintf("\nimport {\n  to = %s\n  identity = {\n%s  }\n}\n", addr, identity.String()))
		describes("an import block by identity (plan)", "plan", "-input=false", "-no-color")
	}

	w.SetConfig(e.ProviderConfig())
	describes("terraform import", "import", "-input=false", "-no-color", addr, o.ID)
	describes("the refresh after the import (plan)", "plan", "-input=false", "-no-color")
}
