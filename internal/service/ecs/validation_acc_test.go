package ecs_test

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// invalidConfig is one configuration that breaks one validation rule, and the diagnostic that must refuse it:
// want names the attribute and the rule.
type invalidConfig struct {
	name string
	body string
	want string // a regular expression in which every space also matches a line break
}

// resourceInvalidConfigs breaks every plan-time rule of aliecs_snapshot that needs no prior state (the
// retention rule, which does, is TestAccValidation_retentionShrinkRefusedWithoutAPICall).
func resourceInvalidConfigs() []invalidConfig {
	long := func(n int) string { return "a" + strings.Repeat("b", n-1) }
	return []invalidConfig{
		{"disk_id empty", `disk_id = ""`, `Attribute disk_id string length must be at least 1, got: 0`},
		{"disk_id missing", `snapshot_name = "x1"`, `The argument "disk_id" is required`},
		{"snapshot_name too short", `snapshot_name = "x"`, `Attribute snapshot_name must be 2 to 128 characters long, got: "x"`},
		{"snapshot_name too long", fmt.Sprintf(`snapshot_name = %q`, long(129)), `Attribute snapshot_name must be 2 to 128 characters long, got: "ab{128}"`},
		{"snapshot_name url", `snapshot_name = "http://x"`, `Attribute snapshot_name must not start with "http://" or "https://"`},
		{"snapshot_name first character", `snapshot_name = "1st"`, `Attribute snapshot_name must start with a letter, got: "1st"`},
		{"snapshot_name auto", `snapshot_name = "auto-nightly"`, `Attribute snapshot_name must not start with "auto", got: "auto-nightly"`},
		{"snapshot_name characters", `snapshot_name = "my snap"`, `Attribute snapshot_name must contain only letters, digits, colons \(:\), underscores \(_\) and hyphens \(-\), got: "my snap"`},
		{"description too short", `description = "x"`, `Attribute description must be 2 to 256 characters long, got: "x"`},
		{"description too long", fmt.Sprintf(`description = %q`, long(257)), `Attribute description must be 2 to 256 characters long, got: "ab{256}"`},
		{"description url", `description = "https://example.com"`, `Attribute description must not start with "http://" or "https://"`},
		{"retention_days low", `retention_days = 0`, `Attribute retention_days value must be between 1 and 65536, got: 0`},
		{"retention_days high", `retention_days = 65537`, `Attribute retention_days value must be between 1 and 65536, got: 65537`},
		{"resource_group_id empty", `resource_group_id = ""`, `Attribute resource_group_id string length must be at least 1, got: 0`},
		{"category value", `category = "archive"`, `(?s)Attribute category value must be one of: \["Standard" "Flash"\], got: "archive"`},
		{"category with instant_access", "category = \"Standard\"\n  instant_access = true",
			`(?s)Attribute "instant_access" cannot be specified when "category" is specified`},
		{"instant_access with category", "category = \"Flash\"\n  instant_access = false",
			`(?s)Attribute "category" cannot be specified when "instant_access" is specified`},
		{"instant_access_retention_days without instant_access", `instant_access_retention_days = 3`,
			`(?s)Attribute "instant_access" must be specified when "instant_access_retention_days" is specified`},
		{"instant_access_retention_days with instant_access false", "instant_access = false\n  instant_access_retention_days = 3",
			`Attribute instant_access_retention_days \(3\) is only valid with instant_access = true, got instant_access = false`},
		{"instant_access_retention_days low", "instant_access = true\n  instant_access_retention_days = 0",
			`Attribute instant_access_retention_days value must be between 1 and 65535, got: 0`},
		{"instant_access_retention_days high", "instant_access = true\n  instant_access_retention_days = 65536",
			`Attribute instant_access_retention_days value must be between 1 and 65535, got: 65536`},
		// The timeouts block's own diagnostic names the attribute only in the source line it quotes.
		{"timeouts create", "timeouts {\n    create = \"forever\"\n  }",
			`(?s)Invalid Attribute Value Time Duration.*create = "forever".*"forever" must be a string containing a sequence of decimal numbers`},
		{"timeouts update", "timeouts {\n    update = \"10\"\n  }",
			`(?s)Invalid Attribute Value Time Duration.*update = "10".*"10" must be a string containing a sequence of decimal numbers`},
		{"timeouts delete", "timeouts {\n    delete = \"5 minutes\"\n  }",
			`(?s)Invalid Attribute Value Time Duration.*delete = "5 minutes".*"5 minutes" must be a string containing a sequence of decimal numbers`},
		{"timeouts create negative", "timeouts {\n    create = \"-5m\"\n  }",
			`Attribute timeouts.create must be a positive duration such as 30s, 40m or 2h, got: "-5m"`},
		{"timeouts delete zero", "timeouts {\n    delete = \"0s\"\n  }",
			`Attribute timeouts.delete must be a positive duration such as 30s, 40m or 2h, got: "0s"`},
	}
}

// tagsInvalidConfigs breaks every rule on tags, shared by the resource and the data source.
func tagsInvalidConfigs() []invalidConfig {
	many := make([]string, 21)
	for i := range many {
		many[i] = fmt.Sprintf("k%02d = \"v\"", i)
	}
	return []invalidConfig{
		{"tags count", "tags = {\n" + strings.Join(many, "\n") + "\n}", `Attribute tags map must contain at most 20 elements, got: 21`},
		{"tag key empty", `tags = { "" = "v" }`, `Attribute tags\[""\] must be 1 to 128 characters long, got: ""`},
		{"tag key too long", fmt.Sprintf(`tags = { %q = "v" }`, strings.Repeat("k", 129)), `Attribute tags\["k{129}"\] must be 1 to 128 characters long, got: "k{129}"`},
		{"tag key aliyun", `tags = { "aliyun-env" = "x" }`, `Attribute tags\["aliyun-env"\] must not start with "aliyun" or "acs:", got: "aliyun-env"`},
		{"tag key acs", `tags = { "acs:owner" = "x" }`, `Attribute tags\["acs:owner"\] must not start with "aliyun" or "acs:", got: "acs:owner"`},
		{"tag key url", `tags = { "see-https://x" = "v" }`, `Attribute tags\["see-https://x"\] must not contain "http://" or "https://", got: "see-https://x"`},
		{"tag value too long", fmt.Sprintf(`tags = { env = %q }`, strings.Repeat("v", 129)), `Attribute tags\["env"\] must be 0 to 128 characters long, got: "v{129}"`},
		{"tag value acs", `tags = { env = "acs:prod" }`, `Attribute tags\["env"\] must not start with "acs:", got: "acs:prod"`},
		{"tag value url", `tags = { env = "see http://x" }`, `Attribute tags\["env"\] must not contain "http://" or "https://", got: "see http://x"`},
	}
}

// dataSourceInvalidConfigs breaks every plan-time rule of aliecs_snapshots.
func dataSourceInvalidConfigs() []invalidConfig {
	var cases []invalidConfig
	for _, attr := range []string{"instance_id", "disk_id", "snapshot_link_id", "snapshot_name", "resource_group_id", "kms_key_id"} {
		cases = append(cases, invalidConfig{attr + " empty", attr + ` = ""`, `Attribute ` + attr + ` string length must be at least 1, got: 0`})
	}
	return append(cases, []invalidConfig{
		{"ids element empty", `ids = ["s-1", ""]`, `Attribute ids\[1\] string length must be at least 1, got: 0`},
		{"status", `status = "done"`, `Attribute status value must be one of: \["progressing" "accomplished" "failed" "all"\], got: "done"`},
		{"snapshot_type", `snapshot_type = "manual"`, `Attribute snapshot_type value must be one of: \["auto" "timer" "user" "all"\], got: "manual"`},
		{"usage", `usage = "images"`, `Attribute usage value must be one of: \["image" "disk" "image_disk" "none"\], got: "images"`},
		{"source_disk_type", `source_disk_type = "root"`, `Attribute source_disk_type value must be one of: \["system" "data"\], got: "root"`},
		{"category", `category = "premium"`, `Attribute category value must be one of: \["Standard" "Flash" "archive"\], got: "premium"`},
		{"name_regex", `name_regex = "app-("`, `Attribute name_regex value must be a valid regular expression \(Go RE2 syntax\)`},
		{"creation_start_time format", `creation_start_time = "2024-05-01"`,
			`Attribute creation_start_time value must be a time as yyyy-MM-ddTHH:mmZ or RFC 3339`},
		{"creation_end_time format", `creation_end_time = "yesterday"`,
			`Attribute creation_end_time value must be a time as yyyy-MM-ddTHH:mmZ or RFC 3339`},
		{"creation_start_time year", `creation_start_time = "0001-01-01T00:30:00+01:00"`,
			`Attribute creation_start_time value must be a time .* is outside the years 0001 to 9999`},
		{"creation window", "creation_start_time = \"2024-05-01T09:00Z\"\n  creation_end_time = \"2024-05-01T16:30:00+08:00\"",
			`Attribute creation_end_time \("2024-05-01T16:30:00\+08:00", 2024-05-01T08:30Z UTC\) must not be earlier than creation_start_time`},
	}...)
}

// TestAccValidation_refusedAtPlanWithoutAPICalls: every invalid configuration of the tables fails at plan with a
// diagnostic, attached to its own block, that names the attribute and the rule; and not one API call reaches the
// emulator. All cases share one configuration (one block each), since Terraform reports every block's
// diagnostics at once: one plan instead of sixty keeps the test fast.
func TestAccValidation_refusedAtPlanWithoutAPICalls(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	var config strings.Builder
	config.WriteString(env.ProviderConfig())
	// want maps each block's header, as Terraform quotes it in a diagnostic, to the diagnostic it must get.
	want := map[string]invalidConfig{}
	for _, tc := range append(resourceInvalidConfigs(), tagsInvalidConfigs()...) {
		name := blockName(tc.name)
		disk := fmt.Sprintf("disk_id = %q", env.DiskID)
		if tc.name == "disk_id missing" || strings.HasPrefix(tc.body, "disk_id") {
			disk = ""
		}
		fmt.Fprintf(&config, "\nresource \"aliecs_snapshot\" %q {\n  %s\n  %s\n}\n", name, disk, tc.body)
		want[fmt.Sprintf(`in resource "aliecs_snapshot" %q`, name)] = tc
	}
	for _, tc := range append(dataSourceInvalidConfigs(), tagsInvalidConfigs()...) {
		name := blockName(tc.name)
		fmt.Fprintf(&config, "\ndata \"aliecs_snapshots\" %q {\n  %s\n}\n", name, tc.body)
		want[fmt.Sprintf(`in data "aliecs_snapshots" %q`, name)] = tc
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		// No ExpectError: ErrorCheck reads the whole error and finds each case's diagnostic in it. A plan that
		// succeeded would not be empty, and PlanOnly would fail the step.
		ErrorCheck: func(err error) error { return expectDiagnostics(err, want) },
		Steps:      []resource.TestStep{{Config: config.String(), PlanOnly: true}},
	})
	expectNoAPICalls(t, env)
}

// expectDiagnostics checks that err holds, for every block of want, a diagnostic matching the block's case.
func expectDiagnostics(err error, want map[string]invalidConfig) error {
	var diags []string
	for _, d := range strings.Split(err.Error(), "Error: ")[1:] {
		diags = append(diags, strings.Join(strings.Fields(d), " ")) // undo Terraform's line wrapping
	}
	var problems []string
	for _, block := range slices.Sorted(maps.Keys(want)) {
		tc := want[block]
		pattern := wrapped(tc.want)
		var found, matched bool
		for _, d := range diags {
			if strings.Contains(d, block+":") {
				found = true
				matched = matched || pattern.MatchString(d)
			}
		}
		switch {
		case !found:
			problems = append(problems, fmt.Sprintf("%s (%s): accepted, want %q", block, tc.body, tc.want))
		case !matched:
			problems = append(problems, fmt.Sprintf("%s (%s): refused, but no diagnostic matches %q", block, tc.body, tc.want))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d of %d invalid configurations were not refused as expected:\n%s\n\nthe plan said:\n%v",
			len(problems), len(want), strings.Join(problems, "\n"), err)
	}
	return nil
}

// blockName turns a case name into a block label.
func blockName(caseName string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(caseName))
}

// TestAccValidation_retentionShrinkRefusedWithoutAPICall: the one rule that needs the prior state refuses a
// shorter retention at plan, having only read the snapshot, never modified it.
func TestAccValidation_retentionShrinkRefusedWithoutAPICall(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // reads the emulator's call counts
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(env),
		Steps: []resource.TestStep{
			{Config: resConfig(env, `retention_days = 30`)},
			{
				PreConfig:   env.Emulator.ResetCallCounts,
				Config:      resConfig(env, `retention_days = 7`),
				PlanOnly:    true,
				ExpectError: wrapped(`(?s)Retention can only be extended.*retention_days cannot go from 30 down to 7`),
			},
			{
				PreConfig: func() {
					for action, n := range env.Emulator.CallCounts() {
						if !strings.HasPrefix(action, "Describe") {
							t.Errorf("the refused plan made %d %s call(s); only reads are expected", n, action)
						}
					}
				},
				Config: resConfig(env, `retention_days = 30`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// expectNoAPICalls fails the test if the emulator received any API call, naming them.
func expectNoAPICalls(t *testing.T, env *acctest.Env) {
	t.Helper()
	if env.Emulator == nil {
		return
	}
	counts := env.Emulator.CallCounts()
	if len(counts) == 0 {
		return
	}
	var calls []string
	for _, action := range slices.Sorted(maps.Keys(counts)) {
		calls = append(calls, fmt.Sprintf("%s=%d", action, counts[action]))
	}
	t.Errorf("an invalid configuration reached the API: %s", strings.Join(calls, ", "))
	env.Emulator.ResetCallCounts()
}

// dsPhrase matches text however terraform wraps it across lines.
func dsPhrase(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}
