package tags

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The provider's default_tags and ignore_tags, applied as terraform-provider-aws applies its own
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging):
//   - tags_all is default_tags merged with the resource's tags, the resource's value winning for a key in both,
//     less the keys ignore_tags names. It is what the API is asked to hold, and updates diff old against new
//     tags_all, so ignored keys are never sent, never removed and never shown as drift.
//   - reading back, tags_all is every tag the API answers (less ignored and system tags), and tags is that less
//     the default tags the API holds with their default value, except keys the configuration (prior state)
//     sets itself: as AWS's ResolveDuplicates, a key set in both places stays in tags, so that it shows no
//     difference. An import has no prior tags, so tags is what is not a default tag.

// Config is the provider's default_tags and ignore_tags. The zero value applies none.
type Config struct {
	Default map[string]string
	Ignore  IgnoreConfig
}

// IgnoreConfig names tag keys that resources neither show nor manage: keys equal to one of Keys or starting with
// one of KeyPrefixes.
type IgnoreConfig struct {
	Keys        []string
	KeyPrefixes []string
}

// Ignored reports whether key is one of the ignored keys.
func (c IgnoreConfig) Ignored(key string) bool {
	if slices.Contains(c.Keys, key) {
		return true
	}
	for _, p := range c.KeyPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// Empty reports whether the configuration ignores nothing.
func (c IgnoreConfig) Empty() bool { return len(c.Keys) == 0 && len(c.KeyPrefixes) == 0 }

// Filter is m without its ignored keys; m itself is not changed (the caller's map may be shared). nil stays nil.
func (c IgnoreConfig) Filter(m map[string]string) map[string]string {
	if m == nil || c.Empty() {
		return m
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if !c.Ignored(k) {
			out[k] = v
		}
	}
	return out
}

// IgnoredKeys are the keys of m that the configuration ignores, sorted.
func (c IgnoreConfig) IgnoredKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		if c.Ignored(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// Merge is defaults overlaid by resource tags: for a key in both, the resource's value wins.
func Merge(defaults, resource map[string]string) map[string]string {
	out := make(map[string]string, len(defaults)+len(resource))
	maps.Copy(out, defaults)
	maps.Copy(out, resource)
	return out
}

// All is the tags a resource with these tags of its own is to hold: default tags merged with them, less the
// ignored keys. Never nil.
func (c Config) All(resource map[string]string) map[string]string {
	return c.Ignore.Filter(Merge(c.Default, resource))
}

// Own is the part of all (a resource's tags as the API holds them, ignored keys already gone) that belongs in
// the resource's tags: every key but those holding their default value, except the keys of prior (the tags of
// the configuration or state read over), which stay. prior nil means an import: no key of the configuration
// is known.
func (c Config) Own(all, prior map[string]string) map[string]string {
	out := make(map[string]string, len(all))
	for k, v := range all {
		if def, ok := c.Default[k]; ok && def == v {
			if _, configured := prior[k]; !configured {
				continue
			}
		}
		out[k] = v
	}
	return out
}

// MergeProblems explains why a resource's own tags cannot be merged with the provider's: a key that ignore_tags
// ignores (it would never be sent, and would show as a difference forever), or more tags than the API holds.
// attribute names the resource's tags argument in the messages. Empty when there is no problem.
func (c Config) MergeProblems(attribute string, resource map[string]string) []string {
	var problems []string
	if keys := c.Ignore.IgnoredKeys(resource); len(keys) > 0 {
		problems = append(problems, fmt.Sprintf("%s sets %s, which the provider's ignore_tags ignores: the provider never sends "+
			"nor reads ignored keys, so the tag would never be applied and would always show as a change. Remove %s from %s, "+
			"or from the provider's ignore_tags.", attribute, quoted(keys), pronoun(keys), attribute))
	}
	if all := c.All(resource); len(all) > MaxTags {
		problems = append(problems, fmt.Sprintf("%s (%d tags) merged with the provider's default_tags (%d tags) gives %d tags, "+
			"and the API holds at most %d per resource (a key in both counts once, ignored keys do not count). "+
			"Remove tags from %s or from the provider's default_tags.",
			attribute, len(resource), len(c.Ignore.Filter(c.Default)), len(all), MaxTags, attribute))
	}
	return problems
}

func quoted(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	if len(q) == 1 {
		return "the key " + q[0]
	}
	return "the keys " + strings.Join(q, ", ")
}

func pronoun(keys []string) string {
	if len(keys) == 1 {
		return "it"
	}
	return "them"
}

// Map reads a known map of strings without a context (null, unknown and non-string elements read as absent).
// ok is false when m is unknown or holds an unknown value.
func Map(m types.Map) (tags map[string]string, ok bool) {
	if m.IsUnknown() {
		return nil, false
	}
	if m.IsNull() {
		return nil, true
	}
	tags = make(map[string]string, len(m.Elements()))
	for k, v := range m.Elements() {
		s, isString := v.(types.String)
		if !isString || s.IsUnknown() {
			return nil, false
		}
		if !s.IsNull() {
			tags[k] = s.ValueString()
		}
	}
	return tags, true
}
