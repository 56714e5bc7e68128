package ecd_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// The desktop snapshot's list resource finds the desktop's manual snapshots with their identity and the object
// import and Read give; the resource imports by identity.
func TestAccDesktopSnapshot_listAndIdentity(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // counts the desktop's snapshots
	desktop := env.RunningDesktopID(t)
	identity := map[string]knownvalue.Check{"id": knownvalue.StringRegexp(snapshotIDPattern), "region": knownvalue.StringExact(env.Region())}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0), acctest.SkipOpenTofu("terraform query")},
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             checkDestroyed(t, env),
		Steps: []resource.TestStep{
			{Config: resConfig(env, fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-listed"
  source_disk_type = "system"
`, desktop))},
			{
				Query: true,
				Config: fmt.Sprintf(`
list "aliecs_desktop_snapshot" "mine" {
  provider         = aliecs
  include_resource = true
  config {
    desktop_id = %q
  }
}
list "aliecs_desktop_snapshot" "none" {
  provider = aliecs
  config {
    name_regex = "^nothing-"
  }
}
`, desktop),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("aliecs_desktop_snapshot.mine", 1),
					querycheck.ExpectIdentity("aliecs_desktop_snapshot.mine", identity),
					querycheck.ExpectResourceDisplayName("aliecs_desktop_snapshot.mine", queryfilter.ByResourceIdentity(identity),
						knownvalue.StringRegexp(regexp.MustCompile(`^acc-listed \(s-[0-9a-z]+\)$`))),
					querycheck.ExpectResourceKnownValues("aliecs_desktop_snapshot.mine", queryfilter.ByResourceIdentity(identity), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("desktop_id"), KnownValue: knownvalue.StringExact(desktop)},
						{Path: tfjsonpath.New("snapshot_name"), KnownValue: knownvalue.StringExact("acc-listed")},
					}),
					querycheck.ExpectLength("aliecs_desktop_snapshot.none", 0),
				},
			},
			{ResourceName: resAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}
