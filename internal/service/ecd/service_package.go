package ecd

import "github.com/aliecs/terraform-provider-aliecs/internal/framework"

// ServicePackage registers the Elastic Desktop (ECD) resources, data sources, list resources and actions.
type ServicePackage struct{}

func (ServicePackage) Resources() []framework.ResourceSpec {
	return []framework.ResourceSpec{
		{TypeName: "aliecs_desktop_snapshot", Factory: NewDesktopSnapshotResource, Identity: framework.IDIdentity("desktop snapshot"),
			List: func() framework.Lister { return desktopSnapshotLister{} }, ExpectRead: framework.ExpectByAttribute(desktopSnapshotsByID, "id"),
			UnchangedPlan: desktopSnapshotUnchanged},
	}
}

func (ServicePackage) DataSources() []framework.DataSourceSpec {
	return []framework.DataSourceSpec{{TypeName: "aliecs_desktop_snapshots", Factory: NewDesktopSnapshotsDataSource}}
}

func (ServicePackage) Actions() []framework.ActionSpec {
	return []framework.ActionSpec{{TypeName: "aliecs_create_desktop_snapshot", Factory: NewCreateDesktopSnapshotAction}}
}
