package ecsclient

// DescribeSnapshotGroups' and DeleteSnapshotGroup's answers, read leniently as DescribeAutoSnapshotPolicyEx's:
// what cannot be read becomes the zero value
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshotgroups).

type describeSnapshotGroupsAnswer struct {
	NextToken      flexString `json:"NextToken"`
	SnapshotGroups struct {
		SnapshotGroup []snapshotGroupItem `json:"SnapshotGroup"`
	} `json:"SnapshotGroups"`
}

type snapshotGroupItem struct {
	SnapshotGroupID flexString `json:"SnapshotGroupId"`
	Name            flexString `json:"Name"`
	Description     flexString `json:"Description"`
	InstanceID      flexString `json:"InstanceId"`
	CreationTime    flexString `json:"CreationTime"`
	Status          flexString `json:"Status"`
	ProgressStatus  flexString `json:"ProgressStatus"`
	ResourceGroupID flexString `json:"ResourceGroupId"`
	Tags            tagList    `json:"Tags"`
	Snapshots       struct {
		Snapshot []snapshotGroupMemberItem `json:"Snapshot"`
	} `json:"Snapshots"`
}

type snapshotGroupMemberItem struct {
	SnapshotID                 flexString `json:"SnapshotId"`
	SourceDiskID               flexString `json:"SourceDiskId"`
	SourceDiskType             flexString `json:"SourceDiskType"`
	Progress                   flexString `json:"Progress"`
	Available                  flexBool   `json:"Available"`
	InstantAccess              flexBool   `json:"InstantAccess"`
	InstantAccessRetentionDays flexInt    `json:"InstantAccessRetentionDays"`
	Tags                       tagList    `json:"Tags"`
}

func (g snapshotGroupItem) group() SnapshotGroup {
	out := SnapshotGroup{
		SnapshotGroupID: string(g.SnapshotGroupID),
		Name:            string(g.Name),
		Description:     string(g.Description),
		InstanceID:      string(g.InstanceID),
		CreationTime:    parseTime(string(g.CreationTime)),
		Status:          string(g.Status),
		ProgressStatus:  string(g.ProgressStatus),
		ResourceGroupID: string(g.ResourceGroupID),
		Tags:            map[string]string(g.Tags),
		Snapshots:       []SnapshotGroupMember{},
	}
	if out.Tags == nil {
		out.Tags = map[string]string{}
	}
	for _, s := range g.Snapshots.Snapshot {
		m := SnapshotGroupMember{
			SnapshotID:                 string(s.SnapshotID),
			SourceDiskID:               string(s.SourceDiskID),
			SourceDiskType:             string(s.SourceDiskType),
			Progress:                   parseProgress(string(s.Progress)),
			Available:                  bool(s.Available),
			InstantAccess:              bool(s.InstantAccess),
			InstantAccessRetentionDays: int(s.InstantAccessRetentionDays),
			Tags:                       map[string]string(s.Tags),
		}
		if m.Tags == nil {
			m.Tags = map[string]string{}
		}
		out.Snapshots = append(out.Snapshots, m)
	}
	return out
}

type deleteSnapshotGroupAnswer struct {
	OperationProgressSet struct {
		OperationProgress []struct {
			OperationStatus flexString `json:"OperationStatus"`
			ErrorCode       flexString `json:"ErrorCode"`
			ErrorMsg        flexString `json:"ErrorMsg"`
			RelatedItemSet  struct {
				RelatedItem []struct {
					Name  flexString `json:"Name"`
					Value flexString `json:"Value"`
				} `json:"RelatedItem"`
			} `json:"RelatedItemSet"`
		} `json:"OperationProgress"`
	} `json:"OperationProgressSet"`
}
