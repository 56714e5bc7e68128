package ecs

import (
	"context"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
)

// hideIgnoredTags wraps the ECS client of a data source so that the snapshots it lists carry no tag that the
// provider's ignore_tags names: data sources show tags as the resources do. The provider's default_tags play no
// part in data sources, as in terraform-provider-aws, whose data sources filter ignore_tags only
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging). The tags filter
// argument still reaches the API unchanged, so a data source can select by an ignored key.
func hideIgnoredTags(c ecsclient.Client, ignore tags.IgnoreConfig) ecsclient.Client {
	if c == nil || ignore.Empty() {
		return c
	}
	return ignoredTagsHidden{Client: c, ignore: ignore}
}

type ignoredTagsHidden struct {
	ecsclient.Client
	ignore tags.IgnoreConfig
}

func (c ignoredTagsHidden) DescribeSnapshots(ctx context.Context, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	found, err := c.Client.DescribeSnapshots(ctx, in)
	for i := range found {
		found[i].Tags = c.ignore.Filter(found[i].Tags)
	}
	return found, err
}
