// Package conns is what the configured provider hands every resource and data source (the role of
// terraform-provider-aws's internal/conns): a client per API product, per region where a resource works in
// another region than the provider's (a copy's source), and the batched lookups that concurrent operations
// share. Service packages import it and never one another.
package conns

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/batch"
	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/stsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
)

// Factories build the product clients. The provider is given them so that a test can hand in others (a
// fault-injecting wrapper, say); a nil field means the SDK-backed client.
type Factories struct {
	ECS ecsclient.Factory
	STS stsclient.Factory
	ECD ecdclient.Factory
}

func (f Factories) withDefaults() Factories {
	if f.ECS == nil {
		f.ECS = ecsclient.New
	}
	if f.STS == nil {
		f.STS = stsclient.New
	}
	if f.ECD == nil {
		f.ECD = ecdclient.New
	}
	return f
}

// Endpoints override the public endpoint of a product, as URLs with scheme; "" means the product's public
// endpoint of the region a call is made in.
type Endpoints struct {
	ECS, STS, ECD string
}

// Config is what the provider resolved from its arguments, the environment and the credential chain.
type Config struct {
	Region     string // the provider's region: every call goes there unless a resource names another
	Endpoints  Endpoints
	Credential credentials.Credential
	MaxRetries *int // nil: client.DefaultMaxRetries
	UserAgent  string
	// CredentialSource says where Credential came from; errors that refuse the credential name it.
	CredentialSource string
	// Tags is the provider's default_tags and ignore_tags, which every taggable resource applies (package tags).
	Tags tags.Config
}

// Client holds one configured provider's product clients; Terraform makes a new resource value for every
// operation, so what operations share lives here. Safe for concurrent use.
type Client struct {
	cfg       Config
	factories Factories

	mu  sync.Mutex
	ecs map[string]*ecsConn // by region
	sts stsclient.Client
	ecd map[string]*ecdConn // by region, built on first use (ecd.go)
}

// ecsConn is one region's ECS client and its batched snapshot and disk lookups.
type ecsConn struct {
	client    ecsclient.Client
	snapshots *batch.Batcher[string, ecsclient.Snapshot] // nil: one DescribeSnapshots call per lookup
	disks     *batch.Batcher[string, ecsclient.Disk]     // nil: one DescribeDisks call per lookup
	// groups: snapshot-consistent groups (snapshot_group.go); nil: one DescribeSnapshotGroups call per lookup.
	groups *batch.Batcher[string, ecsclient.SnapshotGroup]
}

// New builds the provider's region's ECS client at once, so that a configuration error shows at Configure;
// other products and regions are built on first use.
func New(ctx context.Context, cfg Config, f Factories) (*Client, error) {
	c := &Client{cfg: cfg, factories: f.withDefaults(), ecs: map[string]*ecsConn{}}
	if _, err := c.ecsConn(ctx, cfg.Region); err != nil {
		return nil, err
	}
	return c, nil
}

// ForECSClient wraps an ECS client that is already built as the provider's region's, with lookups
// unbatched: for tests that configure a resource or data source directly, outside a provider. The region is
// left unnamed, so that test doubles need not answer Region.
func ForECSClient(ecs ecsclient.Client) *Client {
	return &Client{factories: Factories{}.withDefaults(), ecs: map[string]*ecsConn{"": {client: ecs}}}
}

// ForECSClientIn is ForECSClient for a provider of region, for tests whose messages name the region.
func ForECSClientIn(region string, ecs ecsclient.Client) *Client {
	return &Client{cfg: Config{Region: region}, factories: Factories{}.withDefaults(), ecs: map[string]*ecsConn{region: {client: ecs}}}
}

// Region is the provider's region.
func (c *Client) Region() string { return c.cfg.Region }

// TagsConfig is the provider's default_tags and ignore_tags; none for a nil Client (a provider not configured).
func (c *Client) TagsConfig() tags.Config {
	if c == nil {
		return tags.Config{}
	}
	return c.cfg.Tags
}

// ECS is the ECS client of region ("" is the provider's region).
func (c *Client) ECS(ctx context.Context, region string) (ecsclient.Client, error) {
	conn, err := c.ecsConn(ctx, region)
	if err != nil {
		return nil, err
	}
	return conn.client, nil
}

// HomeECS is the ECS client of the provider's region, which New has built.
func (c *Client) HomeECS() ecsclient.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ecs[c.cfg.Region].client
}

// FindSnapshot looks up one snapshot of region ("" is the provider's) by ID, sharing the DescribeSnapshots
// call with the other lookups of that region made at about the same time (package batch). slack is how long
// the lookup may wait for company: 0 for a read a user waits on, more for a poll inside a long wait.
func (c *Client) FindSnapshot(ctx context.Context, region, id string, slack time.Duration) (ecsclient.Snapshot, bool, error) {
	conn, err := c.ecsConn(ctx, region)
	if err != nil {
		return ecsclient.Snapshot{}, false, err
	}
	if conn.snapshots != nil {
		return conn.snapshots.Get(ctx, id, slack)
	}
	found, err := conn.client.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{id}})
	if err != nil {
		return ecsclient.Snapshot{}, false, err
	}
	for _, s := range found {
		if s.SnapshotID == id {
			return s, true, nil
		}
	}
	return ecsclient.Snapshot{}, false, nil
}

// FindDisk looks up one disk of region ("" is the provider's) by ID, sharing the DescribeDisks call with the
// other lookups of that region made at about the same time, as FindSnapshot does: a refresh of many policy
// attachments reads their disks in a few calls. slack as for FindSnapshot.
func (c *Client) FindDisk(ctx context.Context, region, id string, slack time.Duration) (ecsclient.Disk, bool, error) {
	conn, err := c.ecsConn(ctx, region)
	if err != nil {
		return ecsclient.Disk{}, false, err
	}
	if conn.disks != nil {
		return conn.disks.Get(ctx, id, slack)
	}
	found, err := conn.client.DescribeDisks(ctx, ecsclient.DescribeDisksInput{DiskIDs: []string{id}})
	if err != nil {
		return ecsclient.Disk{}, false, err
	}
	for _, d := range found {
		if d.DiskID == id {
			return d, true, nil
		}
	}
	return ecsclient.Disk{}, false, nil
}

// STS is the STS client, built on first use.
func (c *Client) STS(ctx context.Context) (stsclient.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sts != nil {
		return c.sts, nil
	}
	sts, err := c.factories.STS(ctx, c.clientConfig(c.cfg.Region, c.cfg.Endpoints.STS))
	if err != nil {
		return nil, fmt.Errorf("cannot create the STS client: %w", err)
	}
	c.sts = sts
	return sts, nil
}

func (c *Client) ecsConn(ctx context.Context, region string) (*ecsConn, error) {
	if region == "" {
		region = c.cfg.Region
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if conn, ok := c.ecs[region]; ok {
		return conn, nil
	}
	// An endpoint override names the one place every ECS call goes, whatever its region: a private endpoint,
	// a proxy or the emulator, which serves every region on one port and takes the region from the call.
	ecs, err := c.factories.ECS(ctx, c.clientConfig(region, c.cfg.Endpoints.ECS))
	if err != nil {
		return nil, fmt.Errorf("cannot create the ECS client for region %s: %w", region, err)
	}
	conn := &ecsConn{client: ecs, snapshots: batch.New(describeSnapshotsByID(ecs), batch.Options{}),
		disks: batch.New(describeDisksByID(ecs), batch.Options{}), groups: newSnapshotGroupBatcher(ecs)}
	c.ecs[region] = conn
	return conn, nil
}

func (c *Client) clientConfig(region, endpoint string) client.Config {
	return client.Config{
		Region: region, Endpoint: endpoint, Credential: c.cfg.Credential,
		MaxRetries: c.cfg.MaxRetries, UserAgent: c.cfg.UserAgent, CredentialSource: c.cfg.CredentialSource,
	}
}

// describeSnapshotsByID is the batched call: DescribeSnapshots by SnapshotIds, up to 100 a call.
func describeSnapshotsByID(ecs ecsclient.Client) batch.Fetch[string, ecsclient.Snapshot] {
	return func(ctx context.Context, ids []string) (map[string]ecsclient.Snapshot, error) {
		tflog.Debug(ctx, "DescribeSnapshots for a batch of lookups", map[string]any{"snapshot_ids": ids})
		found, err := ecs.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{SnapshotIDs: ids})
		if err != nil {
			return nil, err
		}
		byID := make(map[string]ecsclient.Snapshot, len(found))
		for _, s := range found {
			byID[s.SnapshotID] = s
		}
		return byID, nil
	}
}

// describeDisksByID is the batched call: DescribeDisks by DiskIds, up to 100 a call (batch.DefaultMaxKeys,
// the documented length of the DiskIds list:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks).
func describeDisksByID(ecs ecsclient.Client) batch.Fetch[string, ecsclient.Disk] {
	return func(ctx context.Context, ids []string) (map[string]ecsclient.Disk, error) {
		tflog.Debug(ctx, "DescribeDisks for a batch of lookups", map[string]any{"disk_ids": ids})
		found, err := ecs.DescribeDisks(ctx, ecsclient.DescribeDisksInput{DiskIDs: ids})
		if err != nil {
			return nil, err
		}
		byID := make(map[string]ecsclient.Disk, len(found))
		for _, d := range found {
			byID[d.DiskID] = d
		}
		return byID, nil
	}
}

// FromProviderData is the *Client a resource or data source was configured with. who names it in the
// error shown when the provider handed something else, which only a bug can cause.
func FromProviderData(data any, who string, diags *diag.Diagnostics) *Client {
	if c, ok := data.(*Client); ok && c != nil {
		return c
	}
	diags.AddError("Unexpected provider data",
		fmt.Sprintf("%s expected *conns.Client, got %T. This is a bug in the provider.", who, data))
	return nil
}
