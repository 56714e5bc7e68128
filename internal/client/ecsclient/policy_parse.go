package ecsclient

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// DescribeAutoSnapshotPolicyEx's answer, read leniently: the documents promise JSON-in-a-string lists
// (TimePoints "[\"1\"]") and numbers, but older editions sent RetentionDays as a string
// (https://www.alibabacloud.com/help/doc-detail/25530.htm). Nothing here fails on a value of the wrong JSON type:
// what cannot be read becomes the zero value, as for DescribeSnapshots.

type describePoliciesAnswer struct {
	TotalCount           flexInt `json:"TotalCount"`
	AutoSnapshotPolicies struct {
		AutoSnapshotPolicy []policyItem `json:"AutoSnapshotPolicy"`
	} `json:"AutoSnapshotPolicies"`
}

type policyItem struct {
	AutoSnapshotPolicyID         flexString `json:"AutoSnapshotPolicyId"`
	AutoSnapshotPolicyName       flexString `json:"AutoSnapshotPolicyName"`
	RegionID                     flexString `json:"RegionId"`
	CreationTime                 flexString `json:"CreationTime"`
	TimePoints                   flexList   `json:"TimePoints"`
	RepeatWeekdays               flexList   `json:"RepeatWeekdays"`
	RetentionDays                flexInt    `json:"RetentionDays"`
	DiskNums                     flexInt    `json:"DiskNums"`
	VolumeNums                   flexInt    `json:"VolumeNums"`
	Status                       flexString `json:"Status"`
	Type                         flexString `json:"Type"`
	EnableCrossRegionCopy        flexBool   `json:"EnableCrossRegionCopy"`
	TargetCopyRegions            flexList   `json:"TargetCopyRegions"`
	CopiedSnapshotsRetentionDays flexInt    `json:"CopiedSnapshotsRetentionDays"`
	CopyEncryptionConfiguration  struct {
		Encrypted flexBool   `json:"Encrypted"`
		KMSKeyID  flexString `json:"KMSKeyId"`
	} `json:"CopyEncryptionConfiguration"`
	Tags            tagList    `json:"Tags"`
	ResourceGroupID flexString `json:"ResourceGroupId"`
	AssociationType flexString `json:"AssociationType"`
	// TargetTags is not in the answer's documentation; it is read in the shape of Tags
	// ({"TargetTag":[{"Key":..,"Value":..}]}, a bare array, TagKey/TagValue or Key/Value).
	TargetTags tagList `json:"TargetTags"`
}

func (p policyItem) policy() AutoSnapshotPolicy {
	return AutoSnapshotPolicy{
		ID:                           string(p.AutoSnapshotPolicyID),
		Name:                         string(p.AutoSnapshotPolicyName),
		RegionID:                     string(p.RegionID),
		CreationTime:                 parseTime(string(p.CreationTime)),
		TimePoints:                   parseIntList(p.TimePoints),
		RepeatWeekdays:               parseIntList(p.RepeatWeekdays),
		RetentionDays:                int(p.RetentionDays),
		DiskNums:                     int(p.DiskNums),
		VolumeNums:                   int(p.VolumeNums),
		Status:                       string(p.Status),
		Type:                         string(p.Type),
		EnableCrossRegionCopy:        bool(p.EnableCrossRegionCopy),
		TargetCopyRegions:            []string(p.TargetCopyRegions),
		CopiedSnapshotsRetentionDays: int(p.CopiedSnapshotsRetentionDays),
		CopyEncrypted:                bool(p.CopyEncryptionConfiguration.Encrypted),
		CopyKMSKeyID:                 string(p.CopyEncryptionConfiguration.KMSKeyID),
		Tags:                         map[string]string(p.Tags),
		ResourceGroupID:              string(p.ResourceGroupID),
		AssociationType:              string(p.AssociationType),
		TargetTags:                   map[string]string(p.TargetTags),
	}
}

// parseJSONList reads a list the API sends inside a string: a JSON array of strings or numbers
// (`["1","2"]`, `[1,2]`), or, failing that, comma-separated values (`1,2`, `[1, 2`). Items are trimmed; empty
// items are dropped. It never panics.
func parseJSONList(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if strings.HasPrefix(s, "[") {
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var items []any
		if err := d.Decode(&items); err == nil && !d.More() {
			out := []string{}
			for _, item := range items {
				if v, ok := scalarString(item); ok && v != "" {
					out = append(out, v)
				}
			}
			return out
		}
		s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	}
	out := []string{}
	for _, part := range strings.Split(s, ",") {
		part = strings.Trim(strings.TrimSpace(part), `"`)
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// parseIntList reads hours or weekdays; items that are not whole numbers are dropped.
func parseIntList(items []string) []int {
	if items == nil {
		return nil
	}
	out := []int{}
	for _, item := range items {
		if n, err := strconv.Atoi(strings.TrimSpace(item)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// scalarString is a JSON scalar as text: strings trimmed, numbers as written, booleans as true/false.
func scalarString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v), true
	case json.Number:
		return v.String(), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// decodeAny decodes one JSON value keeping numbers as json.Number; invalid JSON gives nil.
func decodeAny(b []byte) any {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil
	}
	return v
}

// flexList is a list sent as JSON-in-a-string, a JSON array, a comma-separated string or a single scalar.
type flexList []string

func (l *flexList) UnmarshalJSON(b []byte) error {
	switch v := decodeAny(b).(type) {
	case string:
		*l = parseJSONList(v)
	case []any:
		*l = parseJSONList(string(b))
	case nil:
		*l = nil
	default:
		if s, ok := scalarString(v); ok {
			*l = []string{s}
		}
	}
	return nil
}

// flexString is a string that may come as a number or a boolean.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	if v, ok := scalarString(decodeAny(b)); ok {
		*s = flexString(v)
	}
	return nil
}

// flexInt is an integer that may come as a string or a decimal.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	if v, ok := scalarString(decodeAny(b)); ok {
		*n = flexInt(parseNumber(v))
	}
	return nil
}

// flexBool is a boolean that may come as "true"/"false".
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	if v, ok := scalarString(decodeAny(b)); ok {
		parsed, _ := strconv.ParseBool(v)
		*f = flexBool(parsed)
	}
	return nil
}

// tagList reads {"Tag":[...]} (any single wrapper key, e.g. TargetTag) or a bare array of {TagKey, TagValue}
// or {Key, Value}.
type tagList map[string]string

func (t *tagList) UnmarshalJSON(b []byte) error {
	v := decodeAny(b)
	if wrapper, ok := v.(map[string]any); ok {
		v = nil
		for _, inner := range wrapper {
			if list, ok := inner.([]any); ok {
				v = list
				break
			}
		}
	}
	list, ok := v.([]any)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		key, _ := scalarString(firstOf(m, "TagKey", "Key"))
		if key == "" {
			continue
		}
		value, _ := scalarString(firstOf(m, "TagValue", "Value"))
		out[key] = value
	}
	*t = out
	return nil
}

func firstOf(m map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := m[k]; ok {
			return v
		}
	}
	return nil
}
