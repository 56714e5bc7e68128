package ecsclient

import (
	"context"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

const (
	actionDescribeInstances = "DescribeInstances"
	actionDescribeRegions   = "DescribeRegions"
	// instanceIDsPerCall is the most IDs DescribeInstances' InstanceIds takes
	// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeinstances).
	instanceIDsPerCall = 100
)

// Instance is one item of DescribeInstances, with what the provider checks before snapshotting its disks.
type Instance struct {
	InstanceID, Status, ZoneID string
	// LockReasons are the reasons of its operation locks (financial, security, recycling...): a locked instance
	// refuses snapshots.
	LockReasons []string
}

// Region is one item of DescribeRegions.
type Region struct {
	RegionID, LocalName, Status string
}

// DescribeInstances reads the instances of ids in the client's region, every page, 100 IDs a call; an ID the
// region does not have is simply absent from the answer. An empty list asks for nothing.
func (c *sdkClient) DescribeInstances(ctx context.Context, ids []string) ([]Instance, error) {
	out := []Instance{}
	for _, chunk := range client.Chunk(ids, instanceIDsPerCall) {
		err := client.WalkPages(ctx, client.ProductECS, actionDescribeInstances, func(ctx context.Context, token string) (string, error) {
			req := &ecs.DescribeInstancesRequest{
				RegionId:    tea.String(c.region),
				InstanceIds: tea.String(jsonArray(chunk)),
				MaxResults:  tea.Int32(instanceIDsPerCall),
				NextToken:   optString(token),
			}
			resp, err := invoke(ctx, c, actionDescribeInstances, (*ecs.Client).DescribeInstancesWithOptions, req,
				func(r *ecs.DescribeInstancesResponse) string {
					if r.Body == nil {
						return ""
					}
					return tea.StringValue(r.Body.RequestId)
				})
			if err != nil || resp.Body == nil {
				return "", err
			}
			if resp.Body.Instances != nil {
				for _, it := range resp.Body.Instances.Instance {
					if it == nil {
						continue
					}
					inst := Instance{InstanceID: tea.StringValue(it.InstanceId), Status: tea.StringValue(it.Status), ZoneID: tea.StringValue(it.ZoneId)}
					if it.OperationLocks != nil {
						for _, l := range it.OperationLocks.LockReason {
							if l != nil && tea.StringValue(l.LockReason) != "" {
								inst.LockReasons = append(inst.LockReasons, tea.StringValue(l.LockReason))
							}
						}
					}
					out = append(out, inst)
				}
			}
			return tea.StringValue(resp.Body.NextToken), nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DescribeRegions lists the regions ECS offers the account (one call: the API does not page).
func (c *sdkClient) DescribeRegions(ctx context.Context) ([]Region, error) {
	resp, err := invoke(ctx, c, actionDescribeRegions, (*ecs.Client).DescribeRegionsWithOptions,
		&ecs.DescribeRegionsRequest{AcceptLanguage: tea.String("en-US")},
		func(r *ecs.DescribeRegionsResponse) string {
			if r.Body == nil {
				return ""
			}
			return tea.StringValue(r.Body.RequestId)
		})
	if err != nil {
		return nil, err
	}
	out := []Region{}
	if resp.Body == nil || resp.Body.Regions == nil {
		return out, nil
	}
	for _, r := range resp.Body.Regions.Region {
		if r != nil && tea.StringValue(r.RegionId) != "" {
			out = append(out, Region{RegionID: tea.StringValue(r.RegionId), LocalName: tea.StringValue(r.LocalName), Status: tea.StringValue(r.Status)})
		}
	}
	return out, nil
}
