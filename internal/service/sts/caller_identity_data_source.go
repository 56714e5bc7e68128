// Package sts holds the provider's data sources over Alibaba Cloud STS (Security Token Service).
package sts

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/stsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*callerIdentityDataSource)(nil)

// callerIdentityDataSource is aliecs_caller_identity: who the provider's credentials are, as
// GetCallerIdentity answers (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-getcalleridentity).
// It is the AWS provider's aws_caller_identity for Alibaba Cloud, and the check assume_role builds on.
type callerIdentityDataSource struct {
	framework.DataSourceWithConfigure
}

// NewCallerIdentityDataSource returns the aliecs_caller_identity data source.
func NewCallerIdentityDataSource() datasource.DataSource { return &callerIdentityDataSource{} }

type callerIdentityModel struct {
	ID           types.String `tfsdk:"id"`
	AccountID    types.String `tfsdk:"account_id"`
	ARN          types.String `tfsdk:"arn"`
	UserID       types.String `tfsdk:"user_id"`
	IdentityType types.String `tfsdk:"identity_type"`
	PrincipalID  types.String `tfsdk:"principal_id"`
	RoleID       types.String `tfsdk:"role_id"`
}

func (d *callerIdentityDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc}
	}
	resp.Schema = schema.Schema{
		Description: "The identity the provider's credentials belong to (STS GetCallerIdentity): the account, and the RAM user or " +
			"assumed role. Useful to check which account a configuration acts on before it acts.",
		Attributes: map[string]schema.Attribute{
			"id":            computed("The account ID, as account_id."),
			"account_id":    computed("The ID of the Alibaba Cloud account (the UID of the account owner)."),
			"arn":           computed("The Alibaba Cloud Resource Name of the caller, such as acs:ram::<account>:user/<name>, or acs:ram::<account>:role/<role>/<session> for an assumed role (the form AssumeRole documents)."),
			"user_id":       computed("The ID of the Alibaba Cloud account or RAM user that calls; null for an assumed role, as the API documents."),
			"identity_type": computed("The kind of identity: Account, RAMUser or AssumedRoleUser."),
			"principal_id":  computed("The ID of the principal: the RAM user ID, or <role ID>:<session name> for an assumed role."),
			"role_id":       computed("The ID of the RAM role, for an assumed role; null otherwise."),
		},
	}
}

func (d *callerIdentityDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.Ready(&resp.Diagnostics) {
		return
	}
	sts, err := d.Meta().STS(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the caller identity", err.Error())
		return
	}
	id, err := sts.GetCallerIdentity(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the caller identity", err.Error())
		return
	}
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, flattenCallerIdentity(id))...)
}

func flattenCallerIdentity(id stsclient.CallerIdentity) callerIdentityModel {
	return callerIdentityModel{
		ID:           types.StringValue(id.AccountID),
		AccountID:    types.StringValue(id.AccountID),
		ARN:          types.StringValue(id.ARN),
		UserID:       flex.StringOrNull(id.UserID),
		IdentityType: types.StringValue(id.IdentityType),
		PrincipalID:  types.StringValue(id.PrincipalID),
		RoleID:       flex.StringOrNull(id.RoleID),
	}
}
