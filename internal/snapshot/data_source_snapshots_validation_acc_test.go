package snapshot_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// dsPhrase matches text however terraform wraps it across lines.
func dsPhrase(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// Plan-time validation needs no API call, so these steps run against the real cloud as well.
func TestAccSnapshotsDataSource_validation(t *testing.T) {
	env := acctest.New(t)
	tests := []struct {
		body string
		want string
	}{
		{`status = "done"`, `Attribute status value must be one of: ["progressing" "accomplished" "failed" "all"], got: "done"`},
		{`snapshot_type = "manual"`, `Attribute snapshot_type value must be one of: ["auto" "timer" "user" "all"], got: "manual"`},
		{`usage = "images"`, `Attribute usage value must be one of: ["image" "disk" "image_disk" "none"], got: "images"`},
		{`source_disk_type = "root"`, `Attribute source_disk_type value must be one of: ["system" "data"], got: "root"`},
		{`category = "premium"`, `Attribute category value must be one of: ["Standard" "Flash" "archive"], got: "premium"`},
		{`disk_id = ""`, `Attribute disk_id string length must be at least 1, got: 0`},
		{`ids = ["s-1", ""]`, `Attribute ids[1] string length must be at least 1, got: 0`},
		{`name_regex = "app-("`, `Attribute name_regex value must be a valid regular expression (Go RE2 syntax)`},
		{`creation_start_time = "2024-05-01"`, `Attribute creation_start_time value must be a time as yyyy-MM-ddTHH:mmZ or RFC 3339`},
		{"creation_start_time = \"2024-05-01T09:00Z\"\n  creation_end_time = \"2024-05-01T16:30:00+08:00\"",
			`Attribute creation_end_time ("2024-05-01T16:30:00+08:00", 2024-05-01T08:30Z UTC) must not be earlier than creation_start_time`},
		{`tags = { "acs:owner" = "me" }`, `must not start with "aliyun" or "acs:", got: "acs:owner"`},
		{`tags = { owner = "see https://example.com" }`, `Attribute tags["owner"] must not contain "http://" or "https://"`},
		{fmt.Sprintf("tags = {\n%s}", dsManyTags(21)), `Attribute tags map must contain at most 20 elements, got: 21`},
	}
	steps := make([]resource.TestStep, 0, len(tests))
	for _, tt := range tests {
		steps = append(steps, resource.TestStep{
			Config:      dsConfig(env, map[string]string{"invalid": tt.body}),
			PlanOnly:    true,
			ExpectError: dsPhrase(tt.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories, Steps: steps})
}

func dsManyTags(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "    k%02d = \"v\"\n", i)
	}
	return b.String()
}
