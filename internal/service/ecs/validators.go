package ecs

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/helpers/validatordiag"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The API's limits on names, descriptions and tags (ecs-CreateSnapshot.txt, and NOTES.md for tags).
const (
	maxSnapshotTags   = 20
	maxTagKeyLength   = 128
	maxTagValueLength = 128
)

// stringRule is one documented rule on a string. Each rule is its own validator, so that a diagnostic
// says which rule the value broke, not only that it broke one.
type stringRule struct {
	rule string // completes "must ...", e.g. "be 2 to 128 characters long"
	ok   func(string) bool
}

func (r stringRule) Description(context.Context) string         { return "must " + r.rule }
func (r stringRule) MarkdownDescription(context.Context) string { return "must " + r.rule }

func (r stringRule) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if v := req.ConfigValue.ValueString(); !r.ok(v) {
		// "Attribute snapshot_name must not start with "auto" ..., got: "auto-1"": attribute, rule and value.
		resp.Diagnostics.Append(validatordiag.InvalidAttributeValueDiagnostic(req.Path, r.Description(ctx), fmt.Sprintf("%q", v)))
	}
}

func lengthBetween(minLen, maxLen int) stringRule {
	return stringRule{
		rule: fmt.Sprintf("be %d to %d characters long", minLen, maxLen),
		ok: func(s string) bool {
			n := utf8.RuneCountInString(s)
			return n >= minLen && n <= maxLen
		},
	}
}

func notPrefix(prefixes ...string) stringRule {
	return stringRule{
		rule: "not start with " + quoteJoin(prefixes),
		ok: func(s string) bool {
			for _, p := range prefixes {
				if strings.HasPrefix(s, p) {
					return false
				}
			}
			return true
		},
	}
}

func notContain(parts ...string) stringRule {
	return stringRule{
		rule: "not contain " + quoteJoin(parts),
		ok: func(s string) bool {
			for _, p := range parts {
				if strings.Contains(s, p) {
					return false
				}
			}
			return true
		},
	}
}

func quoteJoin(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " or ")
}

// startsWithLetter and nameCharacters take "letter" as Unicode does: the API documents letters and the
// console accepts Chinese names, and a plan-time check must never refuse what the API accepts.
var startsWithLetter = stringRule{
	rule: "start with a letter",
	ok: func(s string) bool {
		r, _ := utf8.DecodeRuneInString(s)
		return unicode.IsLetter(r)
	},
}

var nameCharacters = stringRule{
	rule: "contain only letters, digits, colons (:), underscores (_) and hyphens (-)",
	ok: func(s string) bool {
		for _, r := range s {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ':' && r != '_' && r != '-' {
				return false
			}
		}
		return true
	},
}

// snapshotNameValidators are CreateSnapshot's rules for SnapshotName. "auto" is refused because the API
// takes such names for automatic snapshots. The http(s) rule is implied by the character set but gets its
// own message, since it is the rule the user is likely to have in mind.
func snapshotNameValidators() []validator.String {
	return []validator.String{
		lengthBetween(2, 128),
		notPrefix("http://", "https://"),
		startsWithLetter,
		notPrefix("auto"),
		nameCharacters,
	}
}

// snapshotDescriptionValidators are CreateSnapshot's rules for Description.
func snapshotDescriptionValidators() []validator.String {
	return []validator.String{
		lengthBetween(2, 256),
		notPrefix("http://", "https://"),
	}
}

// tagKeyValidators and tagValueValidators are the tag rules of CreateSnapshot and TagResources.
func tagKeyValidators() []validator.String {
	return []validator.String{
		lengthBetween(1, maxTagKeyLength),
		notPrefix("aliyun", "acs:"),
		notContain("http://", "https://"),
	}
}

func tagValueValidators() []validator.String {
	return []validator.String{
		lengthBetween(0, maxTagValueLength),
		notPrefix("acs:"),
		notContain("http://", "https://"),
	}
}

// snapshotTagsValidators checks a whole tags map: at most 20 tags, each key and value by the rules above.
func snapshotTagsValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.SizeAtMost(maxSnapshotTags),
		mapvalidator.KeysAre(tagKeyValidators()...),
		mapvalidator.ValueStringsAre(tagValueValidators()...),
	}
}

// positiveDuration refuses a timeout of zero or less: the timeouts library accepts any Go duration, and a
// negative one would make every wait fail at once, after the snapshot was already created.
func positiveDuration() validator.String {
	return stringRule{rule: "be a positive duration such as 30s, 40m or 2h", ok: func(s string) bool {
		d, err := time.ParseDuration(s)
		return err != nil || d > 0 // a malformed value is the timeouts library's own error
	}}
}
