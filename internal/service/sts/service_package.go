package sts

import "github.com/aliecs/terraform-provider-aliecs/internal/framework"

// ServicePackage registers the STS data source.
type ServicePackage struct{}

func (ServicePackage) Resources() []framework.ResourceSpec { return nil }

func (ServicePackage) DataSources() []framework.DataSourceSpec {
	return []framework.DataSourceSpec{{TypeName: "aliecs_caller_identity", Factory: NewCallerIdentityDataSource}}
}

func (ServicePackage) Actions() []framework.ActionSpec { return nil }
