// Package flex converts between the client's plain Go values and the framework's types the same way in
// every resource (the name and the role are those of terraform-provider-aws's internal/flex).
package flex

import (
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Known reports whether v holds a value: neither null nor unknown.
func Known(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}

// KeepKnown sets *v to planned when the plan knew it: for a computed value the API may have moved since the plan,
// where Terraform refuses a result that differs from a known planned value.
func KeepKnown[T interface {
	IsNull() bool
	IsUnknown() bool
}](v *T, planned T) {
	if Known(planned) {
		*v = planned
	}
}

// StringOrNull maps the API's empty string ("not set") to null.
func StringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// PositiveOrNull maps the API's 0 or less ("not set") to null.
func PositiveOrNull(n int) types.Int64 {
	if n <= 0 {
		return types.Int64Null()
	}
	return types.Int64Value(int64(n))
}

// Time writes times as the API does (RFC 3339, UTC, seconds); a time the API left empty is null.
func Time(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// DocumentedSpelling is the one of documented that equals s but for case, or s itself.
func DocumentedSpelling(s string, documented []string) string {
	for _, v := range documented {
		if strings.EqualFold(s, v) {
			return v
		}
	}
	return s
}

// IntPointer is v for an API input whose absence means "not set": nil unless v is known.
func IntPointer(v types.Int64) *int {
	if !Known(v) {
		return nil
	}
	n := int(v.ValueInt64())
	return &n
}

// NullUnknown sets each of vs that is unknown to null: a state saved before the API has answered (right after
// a create) must hold no unknown value.
func NullUnknown[T interface{ IsUnknown() bool }](null T, vs ...*T) {
	for _, v := range vs {
		if (*v).IsUnknown() {
			*v = null
		}
	}
}
