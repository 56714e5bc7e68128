// Package tags holds what every taggable resource of the provider shares: the API's tag rules as
// validators, and the conversions between Terraform maps and the client's plain maps.
package tags

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

// The limits of TagResources and of the Tag.N parameters of ECS create calls:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources
const (
	MaxTags        = 20
	MaxKeyLength   = 128
	MaxValueLength = 128
)

// KeyValidators and ValueValidators are the rules of a tag key and value: keys starting with aliyun or acs:
// are the cloud's own (system tags) and cannot be set.
func KeyValidators() []validator.String {
	return []validator.String{
		validate.LengthBetween(1, MaxKeyLength),
		validate.NotPrefix("aliyun", "acs:"),
		validate.NotContain("http://", "https://"),
		notAttemptMarker,
	}
}

// notAttemptMarker keeps client.AttemptMarkerKey for the provider: an object carrying it with a create call's
// value is adopted by that call, and readers hide the key (IsSystemKey), so a user's tag of that key would
// never show.
var notAttemptMarker = validate.StringRule{
	Rule: "not be " + client.AttemptMarkerKey + ", which the provider keeps for marking what a create makes",
	OK:   func(s string) bool { return s != client.AttemptMarkerKey },
}

func ValueValidators() []validator.String {
	return []validator.String{
		validate.LengthBetween(0, MaxValueLength),
		validate.NotPrefix("acs:"),
		validate.NotContain("http://", "https://"),
	}
}

// MapValidators checks a whole tags map: at most MaxTags tags, each key and value by the rules above.
func MapValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.SizeAtMost(MaxTags),
		mapvalidator.KeysAre(KeyValidators()...),
		mapvalidator.ValueStringsAre(ValueValidators()...),
	}
}

// Expand reads a configured map; null and unknown read as no tags.
func Expand(ctx context.Context, m types.Map) (map[string]string, diag.Diagnostics) {
	if m.IsNull() || m.IsUnknown() {
		return nil, nil
	}
	tags := map[string]string{}
	diags := m.ElementsAs(ctx, &tags, false)
	return tags, diags
}

// Diff says which tags to set (new keys and changed values) and which keys to remove to go from old to
// new. Removed keys are sorted so that calls are reproducible.
func Diff(oldTags, newTags map[string]string) (set map[string]string, remove []string) {
	set = map[string]string{}
	for k, v := range newTags {
		if old, ok := oldTags[k]; !ok || old != v {
			set[k] = v
		}
	}
	for k := range oldTags {
		if _, ok := newTags[k]; !ok {
			remove = append(remove, k)
		}
	}
	slices.Sort(remove)
	return set, remove
}

// Flatten gives an empty map rather than null for no tags, so that lookups such as
// lookup(s.tags, "env", "") work on every element of a data source's list.
func Flatten(tags map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(tags))
	for k, v := range maps.All(tags) {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// FlattenResource keeps an empty map empty when the configuration says tags = {}, and null otherwise, so
// that neither form shows a difference against an untagged resource.
func FlattenResource(tags map[string]string, prior types.Map) types.Map {
	if len(tags) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.MapNull(types.StringType)
	}
	return Flatten(tags)
}
