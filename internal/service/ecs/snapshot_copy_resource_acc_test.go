package ecs_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// copyEnv is a test's two regions: the source (the default provider's) and the destination, where the copy
// lives and which the alternate provider is configured for.
type copyEnv struct {
	env                   *acctest.Env
	source, dest          string
	sourceAPI, destAPI    ecsclient.Client
	sourceDisk, destDisk  string
	providers             string // both provider blocks
	providersWithDefaults string // the same, the destination's with default_tags
}

func newCopyEnv(t *testing.T, o acctest.Options) *copyEnv {
	t.Helper()
	env := acctest.NewWithOptions(t, o)
	dest, destDisk := env.SecondRegion(t)
	c := &copyEnv{env: env, source: env.Region(), dest: dest, sourceDisk: env.DiskID, destDisk: destDisk,
		sourceAPI: env.ECSClientIn(t, env.Region()), destAPI: env.ECSClientIn(t, dest)}
	c.providers = env.ProviderConfig() + env.ProviderConfigAlternate(dest)
	alt := env.ProviderConfigInRegion(dest, "default_tags {\n    tags = {\n      team = \"dr\"\n    }\n  }")
	c.providersWithDefaults = env.ProviderConfig() +
		strings.Replace(alt, `provider "aliecs"`, fmt.Sprintf("provider %q", acctest.ProviderNameAlternate), 1)
	return c
}

// kmsKeyIn is a KMS key of region in the emulator's default fixture.
func kmsKeyIn(t *testing.T, region string) string {
	t.Helper()
	for _, r := range backend.DefaultFixture().Regions {
		if r.RegionID == region && len(r.KMSKeys) > 0 {
			return r.KMSKeys[0]
		}
	}
	t.Fatalf("the fixture has no KMS key in %s", region)
	return ""
}

// checkNothingLeft is the CheckDestroy of copy tests: every snapshot in the state is gone from both regions.
func (c *copyEnv) checkNothingLeft(s *terraform.State) error {
	for name, rs := range s.RootModule().Resources {
		if rs.Type != "aliecs_snapshot" && rs.Type != "aliecs_snapshot_copy" {
			continue
		}
		for region, api := range map[string]ecsclient.Client{c.source: c.sourceAPI, c.dest: c.destAPI} {
			if err := snapshotGoneIn(api, rs.Primary.ID); err != nil {
				return fmt.Errorf("%s in %s: %w", name, region, err)
			}
		}
	}
	// And nothing else was made in either region (no orphaned copy).
	for region, api := range map[string]ecsclient.Client{c.source: c.sourceAPI, c.dest: c.destAPI} {
		left, err := api.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{})
		if err != nil {
			return err
		}
		if len(left) > 0 {
			return fmt.Errorf("destroy left %d snapshots in %s (%s first)", len(left), region, left[0].SnapshotID)
		}
	}
	return nil
}

func (c *copyEnv) sourceConfig() string {
	return fmt.Sprintf(`
resource "aliecs_snapshot" "source" {
  disk_id       = %q
  snapshot_name = "acc-copy-source"
  tags = {
    origin = "source"
  }
  retention_days = 7
}
`, c.sourceDisk)
}

// A copy to another region, read back there: it names its source, is accomplished, has its own name, tags
// (with the destination provider's default_tags; the source's are not copied) and retention; name,
// description, retention, tags and resource group change in place; import by ID; destroy leaves nothing in
// either region.
func TestAccSnapshotCopy_crossRegion(t *testing.T) {
	c := newCopyEnv(t, acctest.Options{})
	copyConfig := func(name, desc string, retention int, tag, rg string) string {
		return c.providersWithDefaults + c.sourceConfig() + fmt.Sprintf(`
resource "aliecs_snapshot_copy" "copy" {
  provider           = aliecsalternate
  source_snapshot_id = aliecs_snapshot.source.id
  source_region_id   = %q
  snapshot_name      = %q
  description        = %q
  retention_days     = %d
  tags = {
    copy = %q
  }
  resource_group_id = %q
}
`, c.source, name, desc, retention, tag, rg)
	}
	const addr = "aliecs_snapshot_copy.copy"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.env.FactoriesAlternate(),
		CheckDestroy:             c.checkNothingLeft,
		Steps: []resource.TestStep{{
			Config: copyConfig("acc-copy", "disaster recovery", 30, "one", "rg-acfmzw2jz2z4fxa"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("region_id"), knownvalue.StringExact(c.dest)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_region_id"), knownvalue.StringExact(c.source)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("progress"), knownvalue.Int64Exact(100)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_disk_id"), knownvalue.StringExact(c.sourceDisk)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("retention_days"), knownvalue.Int64Exact(30)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("encrypted"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
					"copy": knownvalue.StringExact("one")})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{
					"copy": knownvalue.StringExact("one"), "team": knownvalue.StringExact("dr")})),
			},
			Check: func(s *terraform.State) error {
				// Through the destination region's API: the copy is there, and names its source; the source
				// region does not know it.
				id := s.RootModule().Resources[addr].Primary.ID
				sourceID := s.RootModule().Resources["aliecs_snapshot.source"].Primary.ID
				found, err := c.destAPI.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{id}})
				if err != nil {
					return err
				}
				if len(found) != 1 || found[0].SourceSnapshotID != sourceID || found[0].SourceRegionID != c.source ||
					found[0].RegionID != c.dest || found[0].SnapshotName != "acc-copy" || found[0].RetentionDays != 30 ||
					found[0].Tags["team"] != "dr" || found[0].Tags["origin"] != "" {
					return fmt.Errorf("DescribeSnapshots in %s answers %+v", c.dest, found)
				}
				if err := snapshotGoneIn(c.sourceAPI, id); err != nil {
					return fmt.Errorf("the copy in the source region: %w", err)
				}
				return nil
			},
		}, {
			Config: copyConfig("acc-copy-renamed", "still disaster recovery", 60, "two", "rg-aek2bsxtc4tgwfq"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("snapshot_name"), knownvalue.StringExact("acc-copy-renamed")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("still disaster recovery")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("retention_days"), knownvalue.Int64Exact(60)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("resource_group_id"), knownvalue.StringExact("rg-aek2bsxtc4tgwfq")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{
					"copy": knownvalue.StringExact("two"), "team": knownvalue.StringExact("dr")})),
			},
			Check: func(s *terraform.State) error {
				id := s.RootModule().Resources[addr].Primary.ID
				found, err := c.destAPI.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{id}})
				if err != nil {
					return err
				}
				if len(found) != 1 || found[0].SnapshotName != "acc-copy-renamed" || found[0].ResourceGroupID != "rg-aek2bsxtc4tgwfq" ||
					found[0].Tags["copy"] != "two" || found[0].RetentionDays != 60 {
					return fmt.Errorf("after the update DescribeSnapshots answers %+v", found)
				}
				return nil
			},
		}, {
			ResourceName:            addr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"timeouts"},
		}},
	})
}

// Encrypted copies: with the destination's KMS key, with the default service key, and within the source's region
// (allowed only encrypted); and a copy of an encrypted snapshot.
func TestAccSnapshotCopy_encrypted(t *testing.T) {
	c := newCopyEnv(t, acctest.Options{})
	key := kmsKeyIn(t, c.dest)
	encryptedDisk := "d-bp1g5h0j3k8l2m7n4pq1" // the fixture's encrypted disk in cn-hangzhou
	config := c.providers + c.sourceConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "encrypted_source" {
  disk_id = %q
}

resource "aliecs_snapshot_copy" "cmk" {
  provider           = aliecsalternate
  source_snapshot_id = aliecs_snapshot.source.id
  source_region_id   = %[2]q
  encrypted          = true
  kms_key_id         = %[3]q
}

resource "aliecs_snapshot_copy" "service_key" {
  provider           = aliecsalternate
  source_snapshot_id = aliecs_snapshot.encrypted_source.id
  source_region_id   = %[2]q
  encrypted          = true
}

resource "aliecs_snapshot_copy" "same_region" {
  source_snapshot_id = aliecs_snapshot.source.id
  source_region_id   = %[2]q
  encrypted          = true
}
`, encryptedDisk, c.source, key)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.env.FactoriesAlternate(),
		CheckDestroy:             c.checkNothingLeft,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("aliecs_snapshot_copy.cmk", tfjsonpath.New("encrypted"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("aliecs_snapshot_copy.cmk", tfjsonpath.New("kms_key_id"), knownvalue.StringExact(key)),
				statecheck.ExpectKnownValue("aliecs_snapshot_copy.cmk", tfjsonpath.New("region_id"), knownvalue.StringExact(c.dest)),
				statecheck.ExpectKnownValue("aliecs_snapshot_copy.service_key", tfjsonpath.New("encrypted"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("aliecs_snapshot_copy.same_region", tfjsonpath.New("encrypted"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("aliecs_snapshot_copy.same_region", tfjsonpath.New("region_id"), knownvalue.StringExact(c.source)),
				statecheck.ExpectKnownValue("aliecs_snapshot_copy.same_region", tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
			},
			Check: func(s *terraform.State) error {
				id := s.RootModule().Resources["aliecs_snapshot_copy.cmk"].Primary.ID
				found, err := c.destAPI.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{id}})
				if err != nil {
					return err
				}
				if len(found) != 1 || !found[0].Encrypted || found[0].KMSKeyID != key {
					return fmt.Errorf("DescribeSnapshots in %s answers %+v, want encrypted with %s", c.dest, found, key)
				}
				return nil
			},
		}},
	})
}

// Every rule knowable before the call refuses the configuration at plan time, naming the attribute, the value
// and the rule; no API call is made.
func TestAccSnapshotCopy_refusedAtPlan(t *testing.T) {
	c := newCopyEnv(t, acctest.Options{})
	long := func(n int) string { return "a" + strings.Repeat("b", n-1) }
	cases := []invalidConfig{
		{"same region without encryption", fmt.Sprintf("source_region_id = %q", c.source),
			fmt.Sprintf(`(?s)source_region_id \(%q\) is the provider's own region.*set encrypted = true`, c.source)},
		{"same region, encrypted false", fmt.Sprintf("source_region_id = %q\n  encrypted = false", c.source),
			`(?s)Same-region copy must be encrypted`},
		{"kms key without encrypted", fmt.Sprintf("source_region_id = %q\n  kms_key_id = \"key-1\"", c.dest),
			`Attribute kms_key_id \("key-1"\) is only valid with encrypted = true, got encrypted not set`},
		{"kms key with encrypted false", fmt.Sprintf("source_region_id = %q\n  kms_key_id = \"key-1\"\n  encrypted = false", c.dest),
			`Attribute kms_key_id \("key-1"\) is only valid with encrypted = true, got encrypted false`},
		{"kms key empty", fmt.Sprintf("source_region_id = %q\n  encrypted = true\n  kms_key_id = \"\"", c.dest),
			`Attribute kms_key_id string length must be at least 1, got: 0`},
		{"source region form", `source_region_id = "Hangzhou"`,
			`Attribute source_region_id must be a region ID: lower-case letters and digits in hyphen-separated words, such as cn-hangzhou, got: "Hangzhou"`},
		{"name too short", fmt.Sprintf("source_region_id = %q\n  snapshot_name = \"x\"", c.dest), `Attribute snapshot_name must be 2 to 128 characters long, got: "x"`},
		{"name first character", fmt.Sprintf("source_region_id = %q\n  snapshot_name = \"1st\"", c.dest), `Attribute snapshot_name must start with a letter, got: "1st"`},
		{"name url", fmt.Sprintf("source_region_id = %q\n  snapshot_name = \"http://x\"", c.dest), `Attribute snapshot_name must not start with "http://" or "https://"`},
		{"name characters", fmt.Sprintf("source_region_id = %q\n  snapshot_name = \"my copy\"", c.dest), `Attribute snapshot_name must contain only letters`},
		{"description too long", fmt.Sprintf("source_region_id = %q\n  description = %q", c.dest, long(257)), `Attribute description must be 2 to 256 characters long`},
		{"description url", fmt.Sprintf("source_region_id = %q\n  description = \"https://x.example\"", c.dest), `Attribute description must not start with "http://" or "https://"`},
		{"retention low", fmt.Sprintf("source_region_id = %q\n  retention_days = 0", c.dest), `Attribute retention_days value must be between 1 and 65536, got: 0`},
		{"tag key", fmt.Sprintf("source_region_id = %q\n  tags = { \"acs:x\" = \"v\" }", c.dest), `Attribute tags\["acs:x"\] must not start with "aliyun" or "acs:"`},
	}
	var steps []resource.TestStep
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config: c.providers + fmt.Sprintf(`
resource "aliecs_snapshot_copy" "bad" {
  source_snapshot_id = "s-bp1abc"
  %s
}
`, tc.body),
			PlanOnly:    true,
			ExpectError: wrapped(tc.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config: c.providers + fmt.Sprintf(`
resource "aliecs_snapshot_copy" "bad" {
  source_snapshot_id = "snap-1"
  source_region_id   = %q
}
`, c.dest),
		PlanOnly:    true,
		ExpectError: wrapped(`Attribute source_snapshot_id must be a snapshot ID`),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.env.FactoriesAlternate(),
		Steps:                    steps,
	})
	if n := c.env.Emulator.CallCounts()["CopySnapshot"]; n != 0 {
		t.Errorf("the refused plans made %d CopySnapshot calls", n)
	}
}

// What only the API knows is refused at apply with the API's code: a missing source, a source not finished, a
// local or archived source, a decrypting copy, a KMS key not in the destination.
func TestAccSnapshotCopy_refusedAtApply(t *testing.T) {
	acctest.Long(t)
	c := newCopyEnv(t, acctest.Options{SnapshotDuration: -1})
	c.env.SkipIfRealCloud(t) // archives and slow snapshots through the emulator's controls
	ctx := context.Background()
	b := c.env.Emulator.Backend()
	snap := func(disk string, in ecsclient.CreateSnapshotInput) string {
		in.DiskID = disk
		id, err := c.sourceAPI.CreateSnapshot(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	ready := snap(c.sourceDisk, ecsclient.CreateSnapshotInput{})
	local := snap(c.env.DiskIDs[1], ecsclient.CreateSnapshotInput{Category: "Flash"})
	archived := snap(c.env.DiskIDs[2], ecsclient.CreateSnapshotInput{})
	if err := b.ArchiveSnapshot(archived); err != nil {
		t.Fatal(err)
	}
	encrypted := snap("d-bp1g5h0j3k8l2m7n4pq1", ecsclient.CreateSnapshotInput{})
	b.SetSnapshotDuration(time.Hour)
	unfinished := snap(c.env.DiskIDs[3], ecsclient.CreateSnapshotInput{})
	t.Cleanup(func() {
		for _, id := range []string{ready, local, archived, encrypted, unfinished} {
			_ = c.sourceAPI.DeleteSnapshot(ctx, id, true)
		}
	})
	one := func(source, extra string) string {
		return c.providers + fmt.Sprintf(`
resource "aliecs_snapshot_copy" "refused" {
  provider           = aliecsalternate
  source_snapshot_id = %q
  source_region_id   = %q
  %s
}
`, source, c.source, extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.env.FactoriesAlternate(),
		Steps: []resource.TestStep{
			{Config: one("s-bp1doesnotexist", ""), ExpectError: wrapped(`InvalidSnapshotId.NotFound`)},
			{Config: one(unfinished, ""), ExpectError: wrapped(`InvalidSnapshotId.NotReady`)},
			{Config: one(local, ""), ExpectError: wrapped(`InvalidSnapshotCategory.NotSupportCopy`)},
			{Config: one(archived, ""), ExpectError: wrapped(`OperationDenied.SnapshotCategoryNotSupportCopy`)},
			{Config: one(encrypted, ""), ExpectError: wrapped(`InvalidEncrypted.NotSupportDecrypt`)},
			{Config: one(ready, "encrypted = true\n  kms_key_id = \"key-not-here\""), ExpectError: wrapped(`InvalidParameter.KMSKeyId.NotFound`)},
		},
	})
	// Nothing was made in the destination by the refused copies.
	if left, err := c.destAPI.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{}); err != nil || len(left) != 0 {
		t.Fatalf("the refused copies left %v in %s (%v)", left, c.dest, err)
	}
}

// A copy that ends failed errors at once and stays in the state, tainted: the next apply replaces it.
func TestAccSnapshotCopy_failedCopyTainted(t *testing.T) {
	acctest.Long(t)
	c := newCopyEnv(t, acctest.Options{SnapshotDuration: -1})
	c.env.SkipIfRealCloud(t) // the emulator fails the copy on request
	source, err := c.sourceAPI.CreateSnapshot(context.Background(), ecsclient.CreateSnapshotInput{DiskID: c.sourceDisk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.sourceAPI.DeleteSnapshot(context.Background(), source, true) })
	c.env.Emulator.Backend().SetCopyDuration(2 * time.Second)
	if err := c.env.Emulator.Backend().FailNextCopies(source, 1); err != nil {
		t.Fatal(err)
	}
	config := c.providers + fmt.Sprintf(`
resource "aliecs_snapshot_copy" "copy" {
  provider           = aliecsalternate
  source_snapshot_id = %q
  source_region_id   = %q
}
`, source, c.source)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.env.FactoriesAlternate(),
		CheckDestroy: func(s *terraform.State) error {
			left, err := c.destAPI.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{})
			if err != nil {
				return err
			}
			if len(left) != 0 {
				return fmt.Errorf("destroy left %d snapshots in %s", len(left), c.dest)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: wrapped(`(?s)Snapshot copy not created.*failed to be created \(status "failed"`),
		}, {
			// The failed copy is in the state, tainted: the plan replaces it, and the new copy succeeds.
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("aliecs_snapshot_copy.copy", plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("aliecs_snapshot_copy.copy", tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
			},
			Check: func(s *terraform.State) error {
				all, err := c.destAPI.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{})
				if err != nil {
					return err
				}
				if len(all) != 1 || all[0].SnapshotID != s.RootModule().Resources["aliecs_snapshot_copy.copy"].Primary.ID {
					return fmt.Errorf("after the replacement %s holds %+v, want only the new copy", c.dest, all)
				}
				return nil
			},
		}},
	})
}

// for_each over several snapshots of one disk: the API takes one unfinished copy per disk and destination at a
// time (InvalidOperation.UnfinishedCrossRegionCopy); each create waits for its turn. Under the terraform CLI,
// with two aliases, since terraform-plugin-testing's state checks do not take for_each.
func TestAccSnapshotCopy_sameDiskForEach(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // counts the refusals through the emulator
	t.Parallel()
	home := env.Region()
	second, _ := env.SecondRegion(t)
	env.Emulator.Backend().SetCopyDuration(1 * time.Second)
	w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+env.ProviderConfigInRegion(second, `alias = "dr"`)+fmt.Sprintf(`
resource "aliecs_snapshot" "source" {
  for_each      = toset(["a", "b", "c"])
  disk_id       = %q
  snapshot_name = "acc-same-disk-${each.key}"
}

resource "aliecs_snapshot_copy" "copy" {
  for_each           = aliecs_snapshot.source
  provider           = aliecs.dr
  source_snapshot_id = each.value.id
  source_region_id   = %q
}
`, env.DiskID, home))
	w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	// The copies were refused at least once while another was unfinished, and tried again.
	if n := env.Emulator.CallCounts()["CopySnapshot"]; n <= 3 {
		t.Errorf("CopySnapshot was called %d times: the three copies of one disk should have queued", n)
	}
	destAPI := env.ECSClientIn(t, second)
	all, err := destAPI.DescribeSnapshots(t.Context(), ecsclient.DescribeSnapshotsInput{})
	if err != nil {
		t.Fatal(err)
	}
	inState := map[any]bool{}
	for _, r := range w.State().Values.RootModule.Resources {
		if r.Type == "aliecs_snapshot_copy" {
			inState[r.AttributeValues["id"]] = r.AttributeValues["status"] == "accomplished"
		}
	}
	if len(all) != 3 || len(inState) != 3 {
		t.Fatalf("%s holds %d snapshots and the state %d copies, want 3 and 3", second, len(all), len(inState))
	}
	for _, s := range all {
		if !inState[s.SnapshotID] {
			t.Errorf("copy %s is not in the state as accomplished", s.SnapshotID)
		}
	}
	if code := w.PlanExitCode(); code != 0 {
		t.Errorf("terraform plan -detailed-exitcode exits %d after the apply, want 0", code)
	}
	w.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	for _, region := range []string{home, second} {
		left, err := env.ECSClientIn(t, region).DescribeSnapshots(t.Context(), ecsclient.DescribeSnapshotsInput{})
		if err != nil {
			t.Fatal(err)
		}
		if len(left) != 0 {
			t.Errorf("destroy left %d snapshots in %s", len(left), region)
		}
	}
}

// A copy deleted outside Terraform is planned again.
func TestAccSnapshotCopy_disappears(t *testing.T) {
	c := newCopyEnv(t, acctest.Options{})
	config := c.providers + c.sourceConfig() + fmt.Sprintf(`
resource "aliecs_snapshot_copy" "copy" {
  provider           = aliecsalternate
  source_snapshot_id = aliecs_snapshot.source.id
  source_region_id   = %q
}
`, c.source)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.env.FactoriesAlternate(),
		CheckDestroy:             c.checkNothingLeft,
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(s *terraform.State) error {
				id := s.RootModule().Resources["aliecs_snapshot_copy.copy"].Primary.ID
				if err := c.destAPI.DeleteSnapshot(context.Background(), id, false); err != nil {
					return err
				}
				for range 50 {
					if snapshotGoneIn(c.destAPI, id) == nil {
						return nil
					}
					time.Sleep(100 * time.Millisecond)
				}
				return fmt.Errorf("copy %s not gone", id)
			},
			ExpectNonEmptyPlan: true,
		}, {
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("aliecs_snapshot_copy.copy", plancheck.ResourceActionCreate),
			}},
		}},
	})
}

// The provider manages only its own region's snapshots: an endpoint that answers for another region (here every
// ECS client of the provider is built for the second region, as a misrouted custom endpoint would be) is refused
// on read, for aliecs_snapshot and aliecs_snapshot_copy alike, with an error naming both regions.
func TestAccSnapshotCopy_readChecksRegion(t *testing.T) {
	var second string
	misrouted := func(ctx context.Context, cfg client.Config) (ecsclient.Client, error) {
		cfg.Region = second
		return ecsclient.New(ctx, cfg)
	}
	env := acctest.NewWithOptions(t, acctest.Options{ClientFactory: misrouted, SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // misroutes the provider's clients
	second, _ = env.SecondRegion(t)
	_, secondDisk := env.SecondRegion(t)
	api := env.ECSClientIn(t, second)
	ctx := context.Background()
	snapID, err := api.CreateSnapshot(ctx, ecsclient.CreateSnapshotInput{DiskID: secondDisk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = api.DeleteSnapshot(ctx, snapID, true) })
	copyID, err := env.ECSClient(t).CopySnapshot(ctx, ecsclient.CopySnapshotInput{SnapshotID: func() string {
		id, err := env.ECSClient(t).CreateSnapshot(ctx, ecsclient.CreateSnapshotInput{DiskID: env.DiskID})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}(), DestinationRegionID: second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = api.DeleteSnapshot(ctx, copyID, true) })
	want := fmt.Sprintf(`(?s)in region %s, but this provider is configured for region %s`, second, env.Region())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config:        env.ProviderConfig() + fmt.Sprintf("resource \"aliecs_snapshot\" \"x\" {\n  disk_id = %q\n}\n", secondDisk),
			ResourceName:  "aliecs_snapshot.x",
			ImportState:   true,
			ImportStateId: snapID,
			ExpectError:   wrapped(want),
		}, {
			Config: env.ProviderConfig() + fmt.Sprintf("resource \"aliecs_snapshot_copy\" \"x\" {\n  source_snapshot_id = \"s-bp1x\"\n  source_region_id = %q\n}\n",
				env.Region()),
			ResourceName:  "aliecs_snapshot_copy.x",
			ImportState:   true,
			ImportStateId: copyID,
			ExpectError:   wrapped(want),
		}},
	})
}

// An apply interrupted while it waits for the copy keeps the copy in the state, tainted, under the ID the
// create's answer named: nothing is orphaned, and destroy leaves nothing in either region. The copy's checks are
// held up (DescribeSnapshots answers after a minute), so the interrupt comes before any check has answered: only
// the ID saved from CopySnapshot's answer keeps the copy. Two aliases of one provider, as users write it, under
// the terraform CLI.
func TestAccSnapshotCopy_interruptedApply(t *testing.T) {
	acctest.Long(t)
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // needs a copy that takes an hour
	t.Parallel()
	home := env.Region()
	second, _ := env.SecondRegion(t)
	b := env.Emulator.Backend()
	b.SetCopyDuration(time.Hour)
	source, err := env.ECSClient(t).CreateSnapshot(t.Context(), ecsclient.CreateSnapshotInput{DiskID: env.DiskID})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.ECSClient(t).DeleteSnapshot(context.Background(), source, true) })
	w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+env.ProviderConfigInRegion(second, `alias = "dr"`)+fmt.Sprintf(`
resource "aliecs_snapshot_copy" "dr" {
  provider           = aliecs.dr
  source_snapshot_id = %q
  source_region_id   = %q
}
`, source, home))
	const addr = "aliecs_snapshot_copy.dr"
	copiesIn := func(region string) []backend.Snapshot {
		var out []backend.Snapshot
		for _, s := range b.Snapshots() {
			if s.RegionId == region {
				out = append(out, s)
			}
		}
		return out
	}
	env.Emulator.SetLatency("DescribeSnapshots", time.Minute)

	apply := acctest.StartBackground(t, "terraform apply", w.Command("apply", "-auto-approve", "-input=false", "-no-color"))
	apply.Until(func() bool {
		return len(copiesIn(second)) > 0 && env.Emulator.CallCounts()["DescribeSnapshots"] > 0
	}, 20*time.Millisecond, 2*time.Minute, "the copy never started")
	err = apply.Interrupt(2 * time.Minute)
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("an interrupted apply must fail, got %v\n%s", err, apply.Output())
	}
	copies := copiesIn(second)
	if len(copies) != 1 {
		t.Fatalf("%s holds %d snapshots after the interrupt, want the one copy", second, len(copies))
	}
	var res map[string]any
	tainted := false
	for _, r := range w.State().Values.RootModule.Resources {
		if r.Address == addr {
			res, tainted = r.AttributeValues, r.Tainted
		}
	}
	switch {
	case res == nil:
		t.Fatalf("%s is not in the state: the copy %s is orphaned\n%s", addr, copies[0].SnapshotId, apply.Output())
	case res["id"] != copies[0].SnapshotId:
		t.Fatalf("the state holds %s as %v, the emulator has %s", addr, res["id"], copies[0].SnapshotId)
	case !tainted:
		t.Errorf("%s is in the state but not tainted", addr)
	}
	if said := strings.Join(strings.Fields(apply.Output()), " "); !strings.Contains(said, "Snapshot copy "+copies[0].SnapshotId+" is kept") {
		t.Errorf("the error should name the kept copy %s:\n%s", copies[0].SnapshotId, apply.Output())
	}

	// Destroy cancels the unfinished copy: nothing is left in the destination, and the source is as it was.
	env.Emulator.SetLatency("DescribeSnapshots", 0)
	w.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	left, err := env.ECSClientIn(t, second).DescribeSnapshots(t.Context(), ecsclient.DescribeSnapshotsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("destroy left %d snapshots in %s", len(left), second)
	}
	if all := b.Snapshots(); len(all) != 1 || all[0].SnapshotId != source {
		t.Errorf("after destroy the emulator holds %d snapshots, want only the source %s", len(all), source)
	}
}

// A resource group the API refuses fails the create as soon as the copy exists, not after the copy has finished:
// the copy is moved before the wait (no ECS call reads resource groups at plan time). The copy is kept in the
// state, tainted, with what to check; fixing resource_group_id replaces it, and destroy leaves nothing behind.
func TestAccSnapshotCopy_unknownResourceGroupFailsEarly(t *testing.T) {
	c := newCopyEnv(t, acctest.Options{})
	c.env.SkipIfRealCloud(t) // the emulator's resource groups
	config := func(rg string) string {
		return c.providers + c.sourceConfig() + fmt.Sprintf(`
resource "aliecs_snapshot_copy" "copy" {
  provider           = aliecsalternate
  source_snapshot_id = aliecs_snapshot.source.id
  source_region_id   = %q
  snapshot_name      = "acc-copy-rg"
  resource_group_id  = %q
}
`, c.source, rg)
	}
	const addr = "aliecs_snapshot_copy.copy"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.env.FactoriesAlternate(),
		CheckDestroy:             c.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: config("rg-nosuchgroup00000"),
				ExpectError: wrapped(`(?s)Cannot move snapshot copy.*Moving copy s-[0-9a-z]+ to resource group rg-nosuchgroup00000 in region ` +
					c.dest + `: ECS JoinResourceGroup failed: InvalidResourceGroup.NotFound.*The API found no such object in region ` + c.dest +
					` \(resource group rg-nosuchgroup00000\).*The copy was made and is kept in the state, tainted`),
			},
			{
				// Kept, tainted and not waited for: the fixed configuration replaces it.
				Config: config("rg-aek2bsxtc4tgwfq"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("resource_group_id"), knownvalue.StringExact("rg-aek2bsxtc4tgwfq")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
				},
			},
		},
	})
}
