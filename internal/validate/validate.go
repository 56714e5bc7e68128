// Package validate holds the plan-time rules that the resources and data sources of the provider share. Each rule is
// its own validator, so that a diagnostic names the attribute, the value and the one rule it broke.
package validate

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/helpers/validatordiag"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// StringRule is one documented rule on a string.
type StringRule struct {
	Rule string // completes "must ...", e.g. "be 2 to 128 characters long"
	OK   func(string) bool
}

var _ validator.String = StringRule{}

func (r StringRule) Description(context.Context) string         { return "must " + r.Rule }
func (r StringRule) MarkdownDescription(context.Context) string { return "must " + r.Rule }

func (r StringRule) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if v := req.ConfigValue.ValueString(); !r.OK(v) {
		// "Attribute snapshot_name must not start with "auto" ..., got: "auto-1"": attribute, rule and value.
		resp.Diagnostics.Append(validatordiag.InvalidAttributeValueDiagnostic(req.Path, r.Description(ctx), fmt.Sprintf("%q", v)))
	}
}

// LengthBetween counts characters, not bytes: the API documents lengths in characters.
func LengthBetween(minLen, maxLen int) StringRule {
	return StringRule{
		Rule: fmt.Sprintf("be %d to %d characters long", minLen, maxLen),
		OK: func(s string) bool {
			n := utf8.RuneCountInString(s)
			return n >= minLen && n <= maxLen
		},
	}
}

func NotPrefix(prefixes ...string) StringRule {
	return StringRule{
		Rule: "not start with " + quoteJoin(prefixes),
		OK: func(s string) bool {
			for _, p := range prefixes {
				if strings.HasPrefix(s, p) {
					return false
				}
			}
			return true
		},
	}
}

func NotContain(parts ...string) StringRule {
	return StringRule{
		Rule: "not contain " + quoteJoin(parts),
		OK: func(s string) bool {
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

// StartsWithLetter and NameCharacters take "letter" as Unicode does: the API documents letters and the
// console accepts Chinese names, and a plan-time check must never refuse what the API accepts.
var StartsWithLetter = StringRule{
	Rule: "start with a letter",
	OK: func(s string) bool {
		r, _ := utf8.DecodeRuneInString(s)
		return unicode.IsLetter(r)
	},
}

// NameCharacters is the character set ECS documents for names (snapshots, policies, groups).
var NameCharacters = StringRule{
	Rule: "contain only letters, digits, colons (:), underscores (_) and hyphens (-)",
	OK: func(s string) bool {
		for _, r := range s {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ':' && r != '_' && r != '-' {
				return false
			}
		}
		return true
	},
}

// PositiveDuration refuses a timeout of zero or less: the timeouts library accepts any Go duration, and a
// negative one would make every wait fail at once, after the resource was already created.
func PositiveDuration() validator.String {
	return StringRule{Rule: "be a positive duration such as 30s, 40m or 2h", OK: func(s string) bool {
		d, err := time.ParseDuration(s)
		return err != nil || d > 0 // a malformed value is the timeouts library's own error
	}}
}

// Parses refuses, at plan time, a value that check cannot read, and says why.
type Parses struct {
	Rule  string // the whole sentence, e.g. "value must be a valid regular expression"
	Check func(string) error
}

var _ validator.String = Parses{}

func (v Parses) Description(context.Context) string         { return v.Rule }
func (v Parses) MarkdownDescription(context.Context) string { return v.Rule }

func (v Parses) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.Check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(validatordiag.InvalidAttributeValueDiagnostic(req.Path,
			fmt.Sprintf("%s (%v)", v.Description(ctx), err), req.ConfigValue.String()))
	}
}

// TimeOrder refuses, at plan time, a data source's End time earlier than its Start time: a window the API
// would answer with nothing. Values that are not set, not known yet or not readable by Parse are left to the
// attributes' own validators.
type TimeOrder struct {
	Start, End string // attribute names
	Parse      func(string) (time.Time, error)
	Rule       string // the description, e.g. "end_time must not be before start_time"
	Summary    string
	Detail     func(start, end types.String, s, e time.Time) string
}

var _ datasource.ConfigValidator = TimeOrder{}

func (v TimeOrder) Description(context.Context) string         { return v.Rule }
func (v TimeOrder) MarkdownDescription(context.Context) string { return v.Rule }

func (v TimeOrder) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var start, end types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(v.Start), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(v.End), &end)...)
	if resp.Diagnostics.HasError() || start.IsNull() || start.IsUnknown() || end.IsNull() || end.IsUnknown() {
		return
	}
	s, errS := v.Parse(start.ValueString())
	e, errE := v.Parse(end.ValueString())
	if errS == nil && errE == nil && e.Before(s) {
		resp.Diagnostics.AddAttributeError(path.Root(v.End), v.Summary, v.Detail(start, end, s, e))
	}
}
