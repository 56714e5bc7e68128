package ecsclient

import (
	"context"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
)

const (
	actionDescribeRegions = "DescribeRegions"
)

// Region is one item of DescribeRegions.
type Region struct {
	RegionID, LocalName, Status string
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
