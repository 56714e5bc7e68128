package tags

import (
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// systemKeyPrefixes start the keys of the tags Alibaba Cloud adds itself (system tags): the resource group
// (acs:rm:rgId), the creator (acs:tag:createdby), ECS and other services (acs:ecs:..., acs:autoscaling:...).
// Users cannot set such keys (TagResources refuses them:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources), and the
// alicloud provider leaves keys with these prefixes out of what it reads and removes
// (https://github.com/aliyun/terraform-provider-alicloud/blob/master/alicloud/tags.go). Matching is
// case-sensitive, as there.
var systemKeyPrefixes = []string{"acs:", "aliyun"}

// IsSystemKey reports whether a tag key belongs to the cloud or to the provider rather than to the user: a
// system key, or the marker that a create without an idempotency token puts on what it makes
// (client.AttemptMarkerKey). The marker is removed once the create has its answer; when that removal fails it
// stays on the object, and is hidden as system tags are, so that tags and tags_all show only the user's tags and
// plans stay clean. Configurations cannot set it (KeyValidators).
func IsSystemKey(key string) bool {
	if key == client.AttemptMarkerKey {
		return true
	}
	for _, p := range systemKeyPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// WithoutSystem is the user's part of the tags a resource carries: a configuration can never hold a system
// tag, so showing one would be a difference no plan could resolve. The input is left untouched; nil stays nil.
func WithoutSystem(all map[string]string) map[string]string {
	if all == nil {
		return nil
	}
	out := make(map[string]string, len(all))
	for k, v := range all {
		if !IsSystemKey(k) {
			out[k] = v
		}
	}
	return out
}

// UserKeys drops system keys from a list of keys to remove, so that an update never asks UntagResources to
// remove what the cloud put there (a state written before system tags were filtered may still hold some).
// The input is left untouched.
func UserKeys(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if !IsSystemKey(k) {
			out = append(out, k)
		}
	}
	return out
}
