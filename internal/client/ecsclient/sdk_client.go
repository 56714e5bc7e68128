package ecsclient

import (
	"context"
	"errors"
	"fmt"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	service "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// The actions of ECS 2014-05-26 the provider calls.
const (
	actionCreateSnapshot          = "CreateSnapshot"
	actionDescribeSnapshots       = "DescribeSnapshots"
	actionDeleteSnapshot          = "DeleteSnapshot"
	actionModifySnapshotAttribute = "ModifySnapshotAttribute"
	actionTagResources            = "TagResources"
	actionUntagResources          = "UntagResources"
	actionJoinResourceGroup       = "JoinResourceGroup"
)

// sdkClient is the Client over the official SDK. The SDK retries nothing (autoretry off): retries are
// package client's.
type sdkClient struct {
	// sdkConfig makes one SDK client per attempt: the SDK client is not safe for concurrent use (every RPC
	// call writes its Headers field).
	sdkConfig openapi.Config
	region    string
	retry     client.RetryPolicy
}

var (
	_ Client  = (*sdkClient)(nil)
	_ Factory = New
)

// New builds the SDK-backed Client. It makes no call: a wrong credential shows up at the first call.
func New(ctx context.Context, cfg client.Config) (Client, error) {
	if cfg.Region == "" {
		return nil, errors.New("ecsclient: a region is required")
	}
	sdkConfig, err := client.OpenAPIConfig(client.ProductECS, cfg)
	if err != nil {
		return nil, fmt.Errorf("ecsclient: %w", err)
	}
	retry := client.NewRetryPolicyFor(client.ProductECS, cfg)
	retry.Retryable = IsRetryable
	c := &sdkClient{sdkConfig: *sdkConfig, region: cfg.Region, retry: retry}
	// Fail now rather than at the first call if the SDK refuses the configuration.
	if _, err := c.newAPI(); err != nil {
		return nil, err
	}
	tflog.Debug(ctx, "ECS client configured", map[string]any{
		"ecs_region": cfg.Region, "ecs_endpoint": tea.StringValue(sdkConfig.Protocol) + "://" + tea.StringValue(sdkConfig.Endpoint),
		"ecs_max_retries": c.retry.MaxRetries,
	})
	return c, nil
}

func (c *sdkClient) Region() string { return c.region }

func (c *sdkClient) newAPI() (*ecs.Client, error) {
	cfg := c.sdkConfig
	api, err := ecs.NewClient(&cfg)
	if err != nil {
		return nil, fmt.Errorf("ecsclient: building the ECS SDK client: %w", err)
	}
	return api, nil
}

// sdkCall is an SDK client's XxxWithOptions method as a method expression, e.g. (*ecs.Client).DeleteSnapshotWithOptions.
type sdkCall[Q, R any] func(api *ecs.Client, req *Q, rt *service.RuntimeOptions) (*R, error)

// invoke sends one action through client.Invoke, on a fresh SDK client per attempt. Attempts are abandoned
// when ctx ends.
func invoke[Q, R any](ctx context.Context, c *sdkClient, action string, call sdkCall[Q, R], req *Q, requestID func(*R) string) (*R, error) {
	return invokeAttempts(ctx, c, client.Call{Product: client.ProductECS, Action: action}, call, req, requestID)
}

// invokeToAnswer is invoke for calls that create something: an attempt once sent is waited for until its
// answer (see client.Call.ToAnswer).
func invokeToAnswer[Q, R any](ctx context.Context, c *sdkClient, action string, call sdkCall[Q, R], req *Q, requestID func(*R) string) (*R, error) {
	return invokeAttempts(ctx, c, client.Call{Product: client.ProductECS, Action: action, ToAnswer: true}, call, req, requestID)
}

func invokeAttempts[Q, R any](ctx context.Context, c *sdkClient, cc client.Call, call sdkCall[Q, R], req *Q, requestID func(*R) string) (*R, error) {
	return client.Invoke(ctx, c.retry, cc, func(rt *service.RuntimeOptions) (*R, error) {
		api, err := c.newAPI()
		if err != nil {
			return nil, err
		}
		return call(api, req, rt)
	}, requestID)
}

func (c *sdkClient) CreateSnapshot(ctx context.Context, in CreateSnapshotInput) (string, error) {
	token := in.ClientToken
	if token == "" {
		token = client.NewClientToken()
	}
	req, err := createSnapshotRequest(in, token)
	if err != nil {
		return "", err
	}
	ctx = tflog.SetField(ctx, "ecs_client_token", token)
	requestID := func(r *ecs.CreateSnapshotResponse) string {
		if r.Body == nil {
			return ""
		}
		return tea.StringValue(r.Body.RequestId)
	}
	resp, err := invokeToAnswer(ctx, c, actionCreateSnapshot, (*ecs.Client).CreateSnapshotWithOptions, req, requestID)
	if err != nil {
		return "", err
	}
	if resp.Body == nil || tea.StringValue(resp.Body.SnapshotId) == "" {
		return "", &client.APIError{Product: client.ProductECS, Action: actionCreateSnapshot, Code: client.CodeInvalidResponse, Message: "the answer has no SnapshotId", RequestID: requestID(resp)}
	}
	return tea.StringValue(resp.Body.SnapshotId), nil
}

func (c *sdkClient) DescribeSnapshots(ctx context.Context, in DescribeSnapshotsInput) ([]Snapshot, error) {
	base := describeSnapshotsRequest(c.region, in)
	idChunks := client.Chunk(in.SnapshotIDs, snapshotIDsPerCall)
	if len(idChunks) == 0 {
		idChunks = [][]string{nil}
	}
	snapshots := []Snapshot{}
	seen := map[string]bool{}
	for _, ids := range idChunks {
		err := client.WalkPages(ctx, client.ProductECS, actionDescribeSnapshots, func(ctx context.Context, token string) (string, error) {
			// A fresh request per page: an abandoned attempt may still be reading the previous one.
			req := *base
			if ids != nil {
				req.SnapshotIds = tea.String(jsonArray(ids))
			}
			req.NextToken = optString(token)
			resp, err := invoke(ctx, c, actionDescribeSnapshots,
				(*ecs.Client).DescribeSnapshotsWithOptions, &req,
				func(r *ecs.DescribeSnapshotsResponse) string {
					if r.Body == nil {
						return ""
					}
					return tea.StringValue(r.Body.RequestId)
				})
			if err != nil {
				return "", err
			}
			body := resp.Body
			if body == nil {
				return "", nil
			}
			if body.Snapshots != nil {
				for _, item := range body.Snapshots.Snapshot {
					if item == nil {
						continue
					}
					s := snapshotFromSDK(item)
					if s.SnapshotID != "" && seen[s.SnapshotID] {
						continue
					}
					seen[s.SnapshotID] = true
					snapshots = append(snapshots, s)
				}
			}
			return tea.StringValue(body.NextToken), nil
		})
		if err != nil {
			return nil, err
		}
	}
	return snapshots, nil
}

func (c *sdkClient) DeleteSnapshot(ctx context.Context, snapshotID string, force bool) error {
	req := &ecs.DeleteSnapshotRequest{SnapshotId: tea.String(snapshotID)}
	if force {
		req.Force = tea.Bool(true)
	}
	_, err := invoke(ctx, c, actionDeleteSnapshot,
		(*ecs.Client).DeleteSnapshotWithOptions, req,
		func(r *ecs.DeleteSnapshotResponse) string {
			if r.Body == nil {
				return ""
			}
			return tea.StringValue(r.Body.RequestId)
		})
	return err
}

func (c *sdkClient) ModifySnapshotAttribute(ctx context.Context, in ModifySnapshotAttributeInput) error {
	req, err := modifySnapshotAttributeRequest(in)
	if err != nil {
		return err
	}
	_, err = invoke(ctx, c, actionModifySnapshotAttribute,
		(*ecs.Client).ModifySnapshotAttributeWithOptions, req,
		func(r *ecs.ModifySnapshotAttributeResponse) string {
			if r.Body == nil {
				return ""
			}
			return tea.StringValue(r.Body.RequestId)
		})
	return err
}

// TagResources sends the resources in groups of 50, the most one call takes. Tags are not split: more than
// the API's 20 is the caller's mistake and the API says so.
func (c *sdkClient) TagResources(ctx context.Context, resourceType string, ids []string, tags map[string]string) error {
	if len(tags) == 0 {
		return nil
	}
	var reqTags []*ecs.TagResourcesRequestTag
	for _, k := range sortedKeys(tags) {
		reqTags = append(reqTags, &ecs.TagResourcesRequestTag{Key: tea.String(k), Value: tea.String(tags[k])})
	}
	for _, chunk := range client.Chunk(ids, resourceIDsPerCall) {
		req := &ecs.TagResourcesRequest{
			RegionId:     tea.String(c.region),
			ResourceType: tea.String(resourceType),
			ResourceId:   stringPtrs(chunk),
			Tag:          reqTags,
		}
		_, err := invoke(ctx, c, actionTagResources,
			(*ecs.Client).TagResourcesWithOptions, req,
			func(r *ecs.TagResourcesResponse) string {
				if r.Body == nil {
					return ""
				}
				return tea.StringValue(r.Body.RequestId)
			})
		if err != nil {
			return err
		}
	}
	return nil
}

// UntagResources removes keys from resources, 50 a call. No keys means nothing to do: the API
// would otherwise need All=true, which this client never sends.
func (c *sdkClient) UntagResources(ctx context.Context, resourceType string, ids []string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	for _, chunk := range client.Chunk(ids, resourceIDsPerCall) {
		req := &ecs.UntagResourcesRequest{
			RegionId:     tea.String(c.region),
			ResourceType: tea.String(resourceType),
			ResourceId:   stringPtrs(chunk),
			TagKey:       stringPtrs(keys),
		}
		_, err := invoke(ctx, c, actionUntagResources,
			(*ecs.Client).UntagResourcesWithOptions, req,
			func(r *ecs.UntagResourcesResponse) string {
				if r.Body == nil {
					return ""
				}
				return tea.StringValue(r.Body.RequestId)
			})
		if err != nil {
			return err
		}
	}
	return nil
}

func (c *sdkClient) JoinResourceGroup(ctx context.Context, resourceType, id, resourceGroupID string) error {
	req := &ecs.JoinResourceGroupRequest{
		RegionId:        tea.String(c.region),
		ResourceType:    tea.String(resourceType),
		ResourceId:      tea.String(id),
		ResourceGroupId: tea.String(resourceGroupID),
	}
	_, err := invoke(ctx, c, actionJoinResourceGroup,
		(*ecs.Client).JoinResourceGroupWithOptions, req,
		func(r *ecs.JoinResourceGroupResponse) string {
			if r.Body == nil {
				return ""
			}
			return tea.StringValue(r.Body.RequestId)
		})
	return err
}
