package backend

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// System tags are the tags Alibaba Cloud adds to a resource itself: the resource group (acs:rm:rgId), the
// creator (acs:tag:createdby), services such as ECS or Auto Scaling (acs:ecs:..., acs:autoscaling:...). Their
// keys start with acs: or aliyun, which is exactly what TagResources refuses from users
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources), so no ECS
// call can add one: SetSystemTags is the control that plays the cloud's part. They are stored with the user's
// tags and shown wherever those are (DescribeSnapshots' Tags, ListTagResources). Whether they count towards
// the 20 tags a resource may carry is not documented for ECS; the emulator counts them (one list), the
// cautious choice: a client that stays within the quota here stays within it on the real service.
//
// The documents are silent on UntagResources and system keys. Only user tags can be removed (the tag
// service's own wording for its system category), so the emulator refuses a system key there with the
// documented NoPermission.Tag of the tagging calls (403), and All=true removes the user's tags only. A client
// that asked to remove a system tag then fails visibly instead of succeeding against the emulator alone.

func isSystemTagKey(k string) bool {
	return strings.HasPrefix(k, "acs:") || strings.HasPrefix(k, "aliyun")
}

var errSystemTagKey = apiErr(403, "NoPermission.Tag", "The operator is not permission for the tag.")

// SetSystemTags adds system tags to a snapshot (in any region), or overwrites the values of those it has, as
// the cloud does when a snapshot joins a resource group or a service marks it. Every key must be a system key
// (acs: or aliyun, 1 to 128 characters) and every value at most 128 characters; user tags go through
// TagResources. The 20-tag limit is not applied: it binds users, and the cloud adds its tags regardless.
func (b *Backend) SetSystemTags(snapshotID string, tags map[string]string) error {
	b.begin()
	defer b.mu.Unlock()
	if len(tags) == 0 {
		return apiErr(400, "InvalidParameter", "No system tags given.")
	}
	keys := make([]string, 0, len(tags))
	for k, v := range tags {
		if !isSystemTagKey(k) || utf8.RuneCountInString(k) > 128 {
			return apiErr(400, "InvalidParameter", fmt.Sprintf(
				"System tag key %q must start with acs: or aliyun and have at most 128 characters; set user tags with TagResources.", k))
		}
		if utf8.RuneCountInString(v) > 128 {
			return apiErr(400, "InvalidParameter", fmt.Sprintf("The value of system tag %q has more than 128 characters.", k))
		}
		keys = append(keys, k)
	}
	_, s := b.w.findSnapshot(snapshotID)
	if s == nil {
		return errSnapshotNotFound
	}
	sort.Strings(keys) // a map has no order: sorted keys give every run the same tag order
	add := make([]Tag, 0, len(keys))
	for _, k := range keys {
		add = append(add, Tag{Key: k, Value: tags[k]})
	}
	s.Tags = mergeTags(s.Tags, add)
	return b.saveLocked()
}

// checkUntagKeys refuses the removal of system tags (see the comment at the top of this file).
func checkUntagKeys(keys []string) *Error {
	for _, k := range keys {
		if isSystemTagKey(k) {
			return errSystemTagKey
		}
	}
	return nil
}

// withoutUserTags is what UntagResources with All=true leaves: the system tags.
func withoutUserTags(tags []SnapshotTag) []SnapshotTag {
	var kept []SnapshotTag
	for _, t := range tags {
		if isSystemTagKey(t.TagKey) {
			kept = append(kept, t)
		}
	}
	return kept
}
