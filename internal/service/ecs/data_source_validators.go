package ecs

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/helpers/validatordiag"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The API's own time format for Filter.N.Value, and RFC 3339 for users who have a full timestamp at hand.
const apiFilterTimeLayout = "2006-01-02T15:04Z"

// parseCreationTime accepts yyyy-MM-ddTHH:mmZ or RFC 3339 and returns the time in UTC, truncated to the
// minute because the API takes no seconds.
func parseCreationTime(s string) (time.Time, error) {
	t, err := time.Parse(apiFilterTimeLayout, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, fmt.Errorf("%q is neither yyyy-MM-ddTHH:mmZ (2024-05-01T08:00Z) nor RFC 3339 (2024-05-01T16:00:00+08:00)", s)
		}
	}
	t = t.UTC().Truncate(time.Minute)
	// An offset can push 0000-01-01 or 9999-12-31 out of the four-digit years the API's format has.
	if t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("%q is outside the years 0001 to 9999 once converted to UTC", s)
	}
	return t, nil
}

// parsesValidator refuses, at plan time, a value that check cannot read, and says why.
type parsesValidator struct {
	description string
	check       func(string) error
}

func (v parsesValidator) Description(context.Context) string         { return v.description }
func (v parsesValidator) MarkdownDescription(context.Context) string { return v.description }

func (v parsesValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(validatordiag.InvalidAttributeValueDiagnostic(req.Path,
			fmt.Sprintf("%s (%v)", v.Description(ctx), err), req.ConfigValue.String()))
	}
}

// creationTimeValidator checks creation_start_time / creation_end_time.
var creationTimeValidator = parsesValidator{"value must be a time as yyyy-MM-ddTHH:mmZ or RFC 3339",
	func(s string) error { _, err := parseCreationTime(s); return err }}

// regexpValidator checks name_regex, so that a typo fails before any call is made.
var regexpValidator = parsesValidator{"value must be a valid regular expression (Go RE2 syntax)",
	func(s string) error { _, err := regexp.Compile(s); return err }}

// creationWindowValidator rejects a creation_end_time earlier than creation_start_time, which could only
// ever return nothing.
type creationWindowValidator struct{}

var _ datasource.ConfigValidator = creationWindowValidator{}

func (v creationWindowValidator) Description(ctx context.Context) string {
	return v.MarkdownDescription(ctx)
}

func (creationWindowValidator) MarkdownDescription(context.Context) string {
	return "creation_end_time must not be earlier than creation_start_time"
}

func (v creationWindowValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var start, end types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("creation_start_time"), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("creation_end_time"), &end)...)
	if resp.Diagnostics.HasError() || start.IsNull() || start.IsUnknown() || end.IsNull() || end.IsUnknown() {
		return
	}
	s, errS := parseCreationTime(start.ValueString())
	e, errE := parseCreationTime(end.ValueString())
	if errS != nil || errE != nil {
		return // the attribute validators report these
	}
	if e.Before(s) {
		resp.Diagnostics.AddAttributeError(path.Root("creation_end_time"), "Invalid Attribute Combination",
			fmt.Sprintf("Attribute creation_end_time (%s, %s UTC) must not be earlier than creation_start_time (%s, %s UTC).",
				end, e.Format(apiFilterTimeLayout), start, s.Format(apiFilterTimeLayout)))
	}
}
