package ecsclient

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	service "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const (
	actionCreateSnapshot          = "CreateSnapshot"
	actionDescribeSnapshots       = "DescribeSnapshots"
	actionDeleteSnapshot          = "DeleteSnapshot"
	actionModifySnapshotAttribute = "ModifySnapshotAttribute"
	actionTagResources            = "TagResources"
	actionUntagResources          = "UntagResources"
	actionJoinResourceGroup       = "JoinResourceGroup"
)

const (
	// Per attempt. The caller's context bounds the whole call, retries included.
	connectTimeout = 10 * time.Second
	readTimeout    = 30 * time.Second

	userAgentProduct = "terraform-provider-aliecs"
)

// sdkClient is the Client over the official SDK. The SDK retries nothing (autoretry off): retries are ours.
type sdkClient struct {
	// sdkConfig makes one SDK client per attempt: the SDK client is not safe for concurrent use (every RPC
	// call writes its Headers field).
	sdkConfig openapi.Config
	region    string
	retry     retryPolicy
}

var (
	_ Client  = (*sdkClient)(nil)
	_ Factory = New
)

// New builds the SDK-backed Client. It makes no call: a wrong credential shows up at the first call.
func New(ctx context.Context, cfg Config) (Client, error) {
	if cfg.Region == "" {
		return nil, errors.New("ecsclient: a region is required")
	}
	if cfg.Credential == nil {
		return nil, errors.New("ecsclient: a credential is required")
	}
	host, protocol, err := resolveEndpoint(cfg.Region, cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	userAgent := userAgentProduct
	if cfg.UserAgent != "" {
		userAgent = cfg.UserAgent
	}
	c := &sdkClient{
		sdkConfig: openapi.Config{
			RegionId:   tea.String(cfg.Region),
			Endpoint:   tea.String(host),
			Protocol:   tea.String(protocol),
			Credential: cfg.Credential,
			UserAgent:  tea.String(userAgent),
		},
		region: cfg.Region,
		retry:  newRetryPolicy(cfg.MaxRetries),
	}
	// Fail now rather than at the first call if the SDK refuses the configuration.
	if _, err := c.newAPI(); err != nil {
		return nil, err
	}
	tflog.Debug(ctx, "ECS client configured", map[string]any{
		"ecs_region": cfg.Region, "ecs_endpoint": protocol + "://" + host, "ecs_max_retries": c.retry.maxRetries,
	})
	return c, nil
}

// resolveEndpoint splits an endpoint URL into the host[:port] and scheme the SDK wants. An empty endpoint is
// the public endpoint of the region over HTTPS; a bare host[:port] is taken as HTTPS too.
func resolveEndpoint(region, endpoint string) (host, protocol string, err error) {
	endpoint = strings.TrimSpace(endpoint)
	if endpoint == "" {
		return "ecs." + region + ".aliyuncs.com", "https", nil
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", "", fmt.Errorf("ecsclient: endpoint %q: %w", endpoint, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", "", fmt.Errorf("ecsclient: endpoint %q: the scheme must be http or https", endpoint)
	case u.Host == "":
		return "", "", fmt.Errorf("ecsclient: endpoint %q has no host", endpoint)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.User != nil:
		return "", "", fmt.Errorf("ecsclient: endpoint %q: only scheme, host and port are allowed", endpoint)
	}
	return u.Host, u.Scheme, nil
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

// invoke sends one action with retries. The SDK takes no context, so each attempt runs in its own goroutine
// and is abandoned (left to finish within the SDK's timeouts, its answer dropped) when ctx ends first.
func invoke[Q, R any](ctx context.Context, c *sdkClient, action string, call sdkCall[Q, R], req *Q, requestID func(*R) string) (*R, error) {
	return invokeAttempts(ctx, c, action, false, call, req, requestID)
}

// invokeToAnswer is invoke for calls that create something: an attempt once sent is waited for until its
// answer (within the SDK's own timeouts) even when ctx ends meanwhile, because the API may have acted on it,
// and only the answer tells what it made; ctx's end still stops further retries. Without this, an interrupt
// (terraform stopped) between the API creating a snapshot and its answer arriving would orphan the snapshot.
func invokeToAnswer[Q, R any](ctx context.Context, c *sdkClient, action string, call sdkCall[Q, R], req *Q, requestID func(*R) string) (*R, error) {
	return invokeAttempts(ctx, c, action, true, call, req, requestID)
}

func invokeAttempts[Q, R any](ctx context.Context, c *sdkClient, action string, toAnswer bool, call sdkCall[Q, R], req *Q, requestID func(*R) string) (*R, error) {
	var out *R
	err := c.retry.do(ctx, action, func(ctx context.Context) (string, error) {
		api, err := c.newAPI()
		if err != nil {
			return "", err
		}
		// Waiting for a slot sends nothing, so it may always be abandoned.
		slot, err := acquireTransportSlot(ctx)
		if err != nil {
			return "", err
		}
		attemptCtx := ctx
		if toAnswer {
			attemptCtx = context.WithoutCancel(ctx)
		}
		resp, err := runBounded(attemptCtx, func() (*R, error) {
			defer releaseTransportSlot(slot)
			return call(api, req, runtimeOptions(slot))
		})
		if err != nil {
			return "", err
		}
		if resp == nil {
			return "", &APIError{Action: action, Code: "InvalidResponse", Message: "the SDK returned neither an answer nor an error"}
		}
		out = resp
		return requestID(resp), nil
	})
	return out, err
}

// runBounded runs fn and returns its result, or ctx's error as soon as ctx ends. A panic in the SDK becomes an error.
func runBounded[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r.err = fmt.Errorf("the ECS SDK panicked: %v", p)
			}
			done <- r
		}()
		r.v, r.err = fn()
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

func (c *sdkClient) CreateSnapshot(ctx context.Context, in CreateSnapshotInput) (string, error) {
	token := in.ClientToken
	if token == "" {
		token = newClientToken()
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
		return "", &APIError{Action: actionCreateSnapshot, Code: "InvalidResponse", Message: "the answer has no SnapshotId", RequestID: requestID(resp)}
	}
	return tea.StringValue(resp.Body.SnapshotId), nil
}

func (c *sdkClient) DescribeSnapshots(ctx context.Context, in DescribeSnapshotsInput) ([]Snapshot, error) {
	base := describeSnapshotsRequest(c.region, in)
	idChunks := chunk(in.SnapshotIDs, snapshotIDsPerCall)
	if len(idChunks) == 0 {
		idChunks = [][]string{nil}
	}
	snapshots := []Snapshot{}
	seen := map[string]bool{}
	for _, ids := range idChunks {
		err := walkPages(ctx, actionDescribeSnapshots, func(ctx context.Context, token string) (string, error) {
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

// TagResources sends the snapshots in groups of 50, the most one call takes. Tags are not split: more than
// the API's 20 is the caller's mistake and the API says so.
func (c *sdkClient) TagResources(ctx context.Context, snapshotIDs []string, tags map[string]string) error {
	if len(tags) == 0 {
		return nil
	}
	var reqTags []*ecs.TagResourcesRequestTag
	for _, k := range sortedKeys(tags) {
		reqTags = append(reqTags, &ecs.TagResourcesRequestTag{Key: tea.String(k), Value: tea.String(tags[k])})
	}
	for _, ids := range chunk(snapshotIDs, resourceIDsPerCall) {
		req := &ecs.TagResourcesRequest{
			RegionId:     tea.String(c.region),
			ResourceType: tea.String(resourceTypeSnapshot),
			ResourceId:   stringPtrs(ids),
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

// UntagResources removes keys from snapshots, 50 snapshots a call. No keys means nothing to do: the API
// would otherwise need All=true, which this client never sends.
func (c *sdkClient) UntagResources(ctx context.Context, snapshotIDs []string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	for _, ids := range chunk(snapshotIDs, resourceIDsPerCall) {
		req := &ecs.UntagResourcesRequest{
			RegionId:     tea.String(c.region),
			ResourceType: tea.String(resourceTypeSnapshot),
			ResourceId:   stringPtrs(ids),
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

func (c *sdkClient) JoinResourceGroup(ctx context.Context, snapshotID, resourceGroupID string) error {
	req := &ecs.JoinResourceGroupRequest{
		RegionId:        tea.String(c.region),
		ResourceType:    tea.String(resourceTypeSnapshot),
		ResourceId:      tea.String(snapshotID),
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
