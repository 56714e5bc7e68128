package validate

import (
	"fmt"
	"strings"
)

// ECS resource IDs are a prefix naming the kind of resource ("d" disk, "s" snapshot), a hyphen, then lower-case
// letters and digits (DescribeSnapshots shows d-bp67acfmxazb4ph****, s-bp67acfmxazb4p****, with the masked
// part made of the same characters:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots).
// The API documents no length, so none is checked: a plan-time check must never refuse an ID the API accepts.

// IDRule is the rule on the ID of one kind of ECS resource, for attributes and import IDs alike.
type IDRule struct {
	Prefix string // "d", "s"
	Kind   string // "disk", "snapshot"
}

// DiskID, SnapshotID and AutoSnapshotPolicyID are the ID rules of disks, snapshots and automatic snapshot
// policies (sp-bp12m37ccmxvbmi5****:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy).
var (
	DiskID               = IDRule{Prefix: "d", Kind: "disk"}
	SnapshotID           = IDRule{Prefix: "s", Kind: "snapshot"}
	AutoSnapshotPolicyID = IDRule{Prefix: "sp", Kind: "automatic snapshot policy"}
)

// InstanceID and SnapshotGroupID are the ID rules of instances (i-bp67acfmxazb4ph****) and snapshot-consistent
// groups (ssg-j6ciyh3k52qp7ovm****:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshotgroups).
var (
	InstanceID      = IDRule{Prefix: "i", Kind: "instance"}
	SnapshotGroupID = IDRule{Prefix: "ssg", Kind: "snapshot group"}
)

// Form describes the expected form, e.g. `a disk ID: "d-" followed by lower-case letters and digits, such as d-bp1a3r2m5jxl7hq0w8ke`.
func (r IDRule) Form() string {
	article := "a"
	if strings.ContainsAny(r.Kind[:1], "aeiou") {
		article = "an"
	}
	return fmt.Sprintf("%s %s ID: %q followed by lower-case letters and digits, such as %s-bp1a3r2m5jxl7hq0w8ke", article, r.Kind, r.Prefix+"-", r.Prefix)
}

// OK reports whether id has the form.
func (r IDRule) OK(id string) bool {
	rest, found := strings.CutPrefix(id, r.Prefix+"-")
	if !found || rest == "" {
		return false
	}
	for _, c := range rest {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// String is the rule as an attribute validator: "Attribute disk_id must be a disk ID: ..., got: "D-1"".
func (r IDRule) String() StringRule {
	return StringRule{Rule: "be " + r.Form(), OK: r.OK}
}
