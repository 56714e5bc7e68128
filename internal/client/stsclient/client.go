// Package stsclient is the provider's door to the STS API (2015-04-01): an interface in plain Go types and an
// implementation over the official SDK. Retries, typed errors, logging and transport are package client's,
// shared with the other products.
package stsclient

import (
	"context"
	"fmt"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	sts "github.com/alibabacloud-go/sts-20150401/v2/client"
	service "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// Client is every STS call the provider makes. Implementations must be safe for concurrent use.
type Client interface {
	// GetCallerIdentity says who the configured credential is
	// (https://www.alibabacloud.com/help/doc-detail/43767.htm).
	// Failures are *client.APIError, or wrap one together with the context's error.
	GetCallerIdentity(ctx context.Context) (CallerIdentity, error)
}

// Factory builds a Client from the provider's configuration; tests hand the provider another one.
type Factory func(ctx context.Context, cfg client.Config) (Client, error)

// CallerIdentity is GetCallerIdentity's answer in plain types. UserID is set only for an Alibaba Cloud account
// or a RAM user, RoleID only for an assumed RAM role, as the API documents.
type CallerIdentity struct {
	AccountID    string
	UserID       string
	ARN          string
	IdentityType string // Account, RAMUser or AssumedRoleUser
	PrincipalID  string
	RoleID       string
}

const actionGetCallerIdentity = "GetCallerIdentity"

// sdkClient is the Client over the official SDK. The SDK retries nothing (autoretry off): retries are
// package client's.
type sdkClient struct {
	// sdkConfig makes one SDK client per attempt: the SDK client, like every darabonba client, is not safe
	// for concurrent use.
	sdkConfig openapi.Config
	retry     client.RetryPolicy
}

var (
	_ Client  = (*sdkClient)(nil)
	_ Factory = New
)

// New builds the SDK-backed Client. It makes no call. Without Endpoint, the region's STS endpoint is used, or
// the central sts.aliyuncs.com without a region (see client.DefaultEndpoint).
func New(ctx context.Context, cfg client.Config) (Client, error) {
	sdkConfig, err := client.OpenAPIConfig(client.ProductSTS, cfg)
	if err != nil {
		return nil, fmt.Errorf("stsclient: %w", err)
	}
	c := &sdkClient{sdkConfig: *sdkConfig, retry: client.NewRetryPolicyFor(client.ProductSTS, cfg)}
	// Fail now rather than at the first call if the SDK refuses the configuration.
	if _, err := c.newAPI(); err != nil {
		return nil, err
	}
	tflog.Debug(ctx, "STS client configured", map[string]any{
		"sts_region": cfg.Region, "sts_endpoint": tea.StringValue(sdkConfig.Protocol) + "://" + tea.StringValue(sdkConfig.Endpoint),
		"sts_max_retries": c.retry.MaxRetries,
	})
	return c, nil
}

func (c *sdkClient) newAPI() (*sts.Client, error) {
	cfg := c.sdkConfig
	api, err := sts.NewClient(&cfg)
	if err != nil {
		return nil, fmt.Errorf("stsclient: building the STS SDK client: %w", err)
	}
	return api, nil
}

func (c *sdkClient) GetCallerIdentity(ctx context.Context) (CallerIdentity, error) {
	requestID := func(r *sts.GetCallerIdentityResponse) string {
		if r.Body == nil {
			return ""
		}
		return tea.StringValue(r.Body.RequestId)
	}
	resp, err := client.Invoke(ctx, c.retry, client.Call{Product: client.ProductSTS, Action: actionGetCallerIdentity},
		func(rt *service.RuntimeOptions) (*sts.GetCallerIdentityResponse, error) {
			api, err := c.newAPI()
			if err != nil {
				return nil, err
			}
			return api.GetCallerIdentityWithOptions(rt)
		}, requestID)
	if err != nil {
		return CallerIdentity{}, err
	}
	body := resp.Body
	if body == nil || tea.StringValue(body.AccountId) == "" {
		// Every identity belongs to an account: an answer without one is not an answer to this call.
		return CallerIdentity{}, &client.APIError{Product: client.ProductSTS, Action: actionGetCallerIdentity,
			Code: client.CodeInvalidResponse, Message: "the answer has no AccountId", RequestID: requestID(resp)}
	}
	return CallerIdentity{
		AccountID:    tea.StringValue(body.AccountId),
		UserID:       tea.StringValue(body.UserId),
		ARN:          tea.StringValue(body.Arn),
		IdentityType: tea.StringValue(body.IdentityType),
		PrincipalID:  tea.StringValue(body.PrincipalId),
		RoleID:       tea.StringValue(body.RoleId),
	}, nil
}
