package ecs

import "github.com/aliecs/terraform-provider-aliecs/internal/framework"

// ServicePackage registers the ECS resources, data sources, list resources and actions.
type ServicePackage struct{}

func (ServicePackage) Resources() []framework.ResourceSpec {
	return []framework.ResourceSpec{
		{TypeName: "aliecs_snapshot", Factory: NewSnapshotResource, Identity: framework.IDIdentity("snapshot"),
			List: func() framework.Lister { return snapshotLister{} }, ExpectRead: framework.ExpectByAttribute(snapshotsByID, "id"),
			UnchangedPlan: snapshotUnchanged},
		{TypeName: "aliecs_snapshot_copy", Factory: NewSnapshotCopyResource, Identity: framework.IDIdentity("copy (a snapshot of the provider's region)"),
			List: func() framework.Lister { return snapshotCopyLister{} }, ExpectRead: framework.ExpectByAttribute(snapshotsByID, "id"),
			UnchangedPlan: snapshotCopyUnchanged},
		{TypeName: "aliecs_auto_snapshot_policy", Factory: NewAutoSnapshotPolicyResource, Identity: framework.IDIdentity("automatic snapshot policy"),
			List: func() framework.Lister { return autoSnapshotPolicyLister{} }, UnchangedPlan: autoSnapshotPolicyUnchanged},
		{TypeName: "aliecs_auto_snapshot_policy_attachment", Factory: NewAutoSnapshotPolicyAttachmentResource, Identity: framework.Identity{
			Attributes: []framework.IdentityAttribute{
				{Name: "auto_snapshot_policy_id", Description: "ID of the automatic snapshot policy (sp-...)."},
				{Name: "disk_id", Description: "ID of the disk the policy applies to (d-...)."},
			}, Mutable: true},
			List:          func() framework.Lister { return autoSnapshotPolicyAttachmentLister{} },
			ExpectRead:    framework.ExpectByAttribute(disksByID, "disk_id"),
			UnchangedPlan: autoSnapshotPolicyAttachmentUnchanged},
		{TypeName: "aliecs_snapshot_group", Factory: NewSnapshotGroupResource, Identity: framework.IDIdentity("snapshot-consistent group"),
			List: func() framework.Lister { return snapshotGroupLister{} }, ExpectRead: framework.ExpectByAttribute(snapshotGroupsByID, "id"),
			UnchangedPlan: snapshotGroupUnchanged},
	}
}

func (ServicePackage) DataSources() []framework.DataSourceSpec {
	return []framework.DataSourceSpec{
		{TypeName: "aliecs_snapshot", Factory: NewSnapshotDataSource},
		{TypeName: "aliecs_snapshots", Factory: NewSnapshotsDataSource},
		{TypeName: "aliecs_auto_snapshot_policies", Factory: NewAutoSnapshotPoliciesDataSource},
		{TypeName: "aliecs_snapshot_groups", Factory: NewSnapshotGroupsDataSource},
	}
}

func (ServicePackage) Actions() []framework.ActionSpec {
	return []framework.ActionSpec{
		{TypeName: "aliecs_create_snapshot", Factory: NewCreateSnapshotAction},
		{TypeName: "aliecs_create_snapshot_group", Factory: NewCreateSnapshotGroupAction},
		{TypeName: "aliecs_reset_disk", Factory: NewResetDiskAction},
		{TypeName: "aliecs_start_instance", Factory: NewStartInstanceAction},
		{TypeName: "aliecs_stop_instance", Factory: NewStopInstanceAction},
	}
}
