package ecsclient

import (
	"encoding/json"
	"sort"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
)

// Limits of one call, from the API reference; longer lists are split by the caller.
const (
	// describePageSize is the largest MaxResults DescribeSnapshots accepts.
	describePageSize = 100
	// snapshotIDsPerCall is the most IDs SnapshotIds may hold.
	snapshotIDsPerCall = 100
	// resourceIDsPerCall is the most ResourceId.N TagResources and UntagResources accept.
	resourceIDsPerCall = 50
)

const (
	filterCreationStartTime = "CreationStartTime"
	filterCreationEndTime   = "CreationEndTime"
)

func createSnapshotRequest(in CreateSnapshotInput, token string) (*ecs.CreateSnapshotRequest, error) {
	req := &ecs.CreateSnapshotRequest{
		DiskId:      tea.String(in.DiskID),
		ClientToken: tea.String(token),
	}
	req.SnapshotName = optString(in.SnapshotName)
	req.Description = optString(in.Description)
	req.Category = optString(in.Category)
	req.ResourceGroupId = optString(in.ResourceGroupID)
	if in.InstantAccess {
		req.InstantAccess = tea.Bool(true)
	}
	var err error
	if req.RetentionDays, err = optInt32("RetentionDays", in.RetentionDays); err != nil {
		return nil, err
	}
	if req.InstantAccessRetentionDays, err = optInt32("InstantAccessRetentionDays", in.InstantAccessRetentionDays); err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(in.Tags) {
		req.Tag = append(req.Tag, &ecs.CreateSnapshotRequestTag{Key: tea.String(k), Value: tea.String(in.Tags[k])})
	}
	return req, nil
}

// describeSnapshotsRequest carries every filter of in except SnapshotIDs, which the caller sends in chunks,
// and the paging parameters, which the caller sets page by page.
func describeSnapshotsRequest(region string, in DescribeSnapshotsInput) *ecs.DescribeSnapshotsRequest {
	req := &ecs.DescribeSnapshotsRequest{
		RegionId:        tea.String(region),
		InstanceId:      optString(in.InstanceID),
		DiskId:          optString(in.DiskID),
		SnapshotLinkId:  optString(in.SnapshotLinkID),
		SnapshotName:    optString(in.SnapshotName),
		Status:          optString(in.Status),
		SnapshotType:    optString(in.SnapshotType),
		Usage:           optString(in.Usage),
		SourceDiskType:  optString(in.SourceDiskType),
		ResourceGroupId: optString(in.ResourceGroupID),
		KMSKeyId:        optString(in.KMSKeyID),
		Category:        optString(in.Category),
		MaxResults:      tea.Int32(describePageSize),
	}
	if in.Encrypted != nil {
		req.Encrypted = tea.Bool(*in.Encrypted)
	}
	if in.DryRun {
		req.DryRun = tea.Bool(true)
	}
	// The filters are numbered in the order they are present, so that the SDK never flattens a gap.
	if in.CreationStartTime != nil {
		req.Filter = append(req.Filter, &ecs.DescribeSnapshotsRequestFilter{
			Key: tea.String(filterCreationStartTime), Value: tea.String(formatFilterTime(*in.CreationStartTime)),
		})
	}
	if in.CreationEndTime != nil {
		req.Filter = append(req.Filter, &ecs.DescribeSnapshotsRequestFilter{
			Key: tea.String(filterCreationEndTime), Value: tea.String(formatFilterTime(*in.CreationEndTime)),
		})
	}
	for _, k := range sortedKeys(in.Tags) {
		req.Tag = append(req.Tag, &ecs.DescribeSnapshotsRequestTag{Key: tea.String(k), Value: tea.String(in.Tags[k])})
	}
	return req
}

func modifySnapshotAttributeRequest(in ModifySnapshotAttributeInput) (*ecs.ModifySnapshotAttributeRequest, error) {
	req := &ecs.ModifySnapshotAttributeRequest{
		SnapshotId:   tea.String(in.SnapshotID),
		SnapshotName: in.SnapshotName,
		Description:  in.Description,
	}
	if in.RetentionDays != nil {
		days, err := toInt32("RetentionDays", *in.RetentionDays)
		if err != nil {
			return nil, err
		}
		req.RetentionDays = tea.Int32(days)
	}
	return req, nil
}

// snapshotFromSDK copies every field of a DescribeSnapshots item; missing fields give zero values.
func snapshotFromSDK(s *ecs.DescribeSnapshotsResponseBodySnapshotsSnapshot) Snapshot {
	out := Snapshot{
		SnapshotID:                 tea.StringValue(s.SnapshotId),
		SnapshotName:               tea.StringValue(s.SnapshotName),
		Description:                tea.StringValue(s.Description),
		Status:                     tea.StringValue(s.Status),
		Progress:                   parseProgress(tea.StringValue(s.Progress)),
		RemainTime:                 int(tea.Int32Value(s.RemainTime)),
		CreationTime:               parseTime(tea.StringValue(s.CreationTime)),
		LastModifiedTime:           parseTime(tea.StringValue(s.LastModifiedTime)),
		SourceDiskID:               tea.StringValue(s.SourceDiskId),
		SourceDiskSize:             parseSize(tea.StringValue(s.SourceDiskSize)),
		SourceDiskType:             tea.StringValue(s.SourceDiskType),
		SourceStorageType:          tea.StringValue(s.SourceStorageType),
		RetentionDays:              int(tea.Int32Value(s.RetentionDays)),
		InstantAccess:              tea.BoolValue(s.InstantAccess),
		InstantAccessRetentionDays: int(tea.Int32Value(s.InstantAccessRetentionDays)),
		Available:                  tea.BoolValue(s.Available),
		Encrypted:                  tea.BoolValue(s.Encrypted),
		SnapshotType:               tea.StringValue(s.SnapshotType),
		Usage:                      tea.StringValue(s.Usage),
		RegionID:                   tea.StringValue(s.RegionId),
		ResourceGroupID:            tea.StringValue(s.ResourceGroupId),
		Category:                   tea.StringValue(s.Category),
		KMSKeyID:                   tea.StringValue(s.KMSKeyId),
		SnapshotSN:                 tea.StringValue(s.SnapshotSN),
		ProductCode:                tea.StringValue(s.ProductCode),
		SourceSnapshotID:           tea.StringValue(s.SourceSnapshotId),
		SourceRegionID:             tea.StringValue(s.SourceRegionId),
		SnapshotLinkID:             tea.StringValue(s.SnapshotLinkId),
		Tags:                       map[string]string{},
	}
	if s.Tags != nil {
		for _, t := range s.Tags.Tag {
			if t == nil || t.TagKey == nil {
				continue
			}
			out.Tags[*t.TagKey] = tea.StringValue(t.TagValue)
		}
	}
	return out
}

// jsonArray writes ids as the JSON array string that SnapshotIds expects.
func jsonArray(ids []string) string {
	b, err := json.Marshal(ids)
	if err != nil {
		// Marshalling a []string cannot fail; keep the compiler and the linter honest anyway.
		panic(err)
	}
	return string(b)
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return tea.String(s)
}

func optInt32(name string, v int) (*int32, error) {
	if v == 0 {
		return nil, nil
	}
	n, err := toInt32(name, v)
	if err != nil {
		return nil, err
	}
	return tea.Int32(n), nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func stringPtrs(ss []string) []*string {
	out := make([]*string, len(ss))
	for i, s := range ss {
		out[i] = tea.String(s)
	}
	return out
}
