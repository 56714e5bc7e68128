package ecdclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// The actions of ECD 2020-09-30 the provider calls.
const (
	apiVersion              = "2020-09-30"
	actionCreateSnapshot    = "CreateSnapshot"
	actionDescribeSnapshots = "DescribeSnapshots"
	actionDeleteSnapshot    = "DeleteSnapshot"
	actionDescribeDesktops  = "DescribeDesktops"
	fieldRegionID           = "RegionId"
	fieldNextToken          = "NextToken"
	fieldMaxResults         = "MaxResults"
)

// createdSince is how far before a CreateSnapshot call began a snapshot found after an attempt of unknown
// fate may have been made and still count as that attempt's: the API's clock and ours differ by seconds.
const createdSince = time.Minute

// sdkClient is the Client over darabonba-openapi's generic call. The SDK retries nothing: retries are
// package client's.
type sdkClient struct {
	// sdkConfig makes one SDK client per attempt: the SDK client is not safe for concurrent use.
	sdkConfig openapi.Config
	region    string
	retry     client.RetryPolicy
	// now is the clock that dates a create's start; tests replace it.
	now func() time.Time
}

var (
	_ Client  = (*sdkClient)(nil)
	_ Factory = New
)

// New builds the Client. It makes no call: a wrong credential shows up at the first call.
func New(ctx context.Context, cfg client.Config) (Client, error) {
	if cfg.Region == "" {
		return nil, errors.New("ecdclient: a region is required")
	}
	sdkConfig, err := client.OpenAPIConfig(client.ProductECD, cfg)
	if err != nil {
		return nil, fmt.Errorf("ecdclient: %w", err)
	}
	c := &sdkClient{sdkConfig: *sdkConfig, region: cfg.Region, retry: client.NewRetryPolicyFor(client.ProductECD, cfg), now: time.Now}
	if _, err := c.newAPI(); err != nil {
		return nil, err
	}
	tflog.Debug(ctx, "ECD client configured", map[string]any{
		"ecd_region": cfg.Region, "ecd_endpoint": tea.StringValue(sdkConfig.Protocol) + "://" + tea.StringValue(sdkConfig.Endpoint),
		"ecd_max_retries": c.retry.MaxRetries,
	})
	return c, nil
}

func (c *sdkClient) Region() string { return c.region }

func (c *sdkClient) newAPI() (*openapi.Client, error) {
	cfg := c.sdkConfig
	api, err := openapi.NewClient(&cfg)
	if err != nil {
		return nil, fmt.Errorf("ecdclient: building the OpenAPI client: %w", err)
	}
	return api, nil
}

// callRPC sends action with query through client.InvokeRPC (retries by policy, a transport slot per attempt,
// logging, typed errors) and returns the answer's body as JSON.
func (c *sdkClient) callRPC(ctx context.Context, policy client.RetryPolicy, action string, query map[string]string, toAnswer bool) ([]byte, error) {
	body, err := client.InvokeRPC(ctx, policy, client.RPC{
		Call:    client.Call{Product: client.ProductECD, Action: action, ToAnswer: toAnswer},
		Version: apiVersion, Query: query, NewAPI: c.newAPI,
	})
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, &client.APIError{Product: client.ProductECD, Action: action, Code: client.CodeInvalidResponse, Message: err.Error()}
	}
	return b, nil
}

func invalidAnswer(action string, raw []byte, err error) error {
	var head struct {
		RequestID flexString `json:"RequestId"`
	}
	_ = json.Unmarshal(raw, &head)
	return &client.APIError{Product: client.ProductECD, Action: action, Code: client.CodeInvalidResponse,
		Message: fmt.Sprintf("reading the answer: %v", err), RequestID: string(head.RequestID)}
}

// CreateSnapshot runs through client.CreateWithoutToken: the API takes neither a ClientToken nor tags
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-createsnapshot),
// so no marker can go with it, and what a lost attempt made is recognised by a key of its own instead: the
// desktop, name and disk type of the request, and a creation time since the call began (findCreated).
func (c *sdkClient) CreateSnapshot(ctx context.Context, in CreateSnapshotInput) (string, error) {
	q := map[string]string{
		fieldRegionID:    c.region,
		"DesktopId":      in.DesktopID,
		"SnapshotName":   in.SnapshotName,
		"SourceDiskType": in.SourceDiskType,
	}
	if in.Description != "" {
		q["Description"] = in.Description
	}
	started := c.now()
	return client.CreateWithoutToken(ctx, c.retry, client.TokenlessCreate{
		Product: client.ProductECD, Action: actionCreateSnapshot,
		Send: func(ctx context.Context, retry client.RetryPolicy) (string, error) {
			raw, err := c.callRPC(ctx, retry, actionCreateSnapshot, q, true)
			if err != nil {
				return "", err
			}
			var answer struct {
				RequestID  flexString `json:"RequestId"`
				SnapshotID flexString `json:"SnapshotId"`
			}
			if err := json.Unmarshal(raw, &answer); err != nil {
				return "", invalidAnswer(actionCreateSnapshot, raw, err)
			}
			if answer.SnapshotID == "" {
				return "", &client.APIError{Product: client.ProductECD, Action: actionCreateSnapshot, Code: client.CodeInvalidResponse,
					Message: "the answer has no SnapshotId", RequestID: string(answer.RequestID)}
			}
			return string(answer.SnapshotID), nil
		},
		Find: func(ctx context.Context) (string, bool, error) { return c.findCreated(ctx, in, started) },
	})
}

// findCreated looks for the snapshot an attempt of unknown fate made: same desktop, name and disk type,
// created since the call began (less createdSince); the newest if several.
func (c *sdkClient) findCreated(ctx context.Context, in CreateSnapshotInput, started time.Time) (string, bool, error) {
	found, err := c.DescribeSnapshots(ctx, DescribeSnapshotsInput{DesktopID: in.DesktopID, SnapshotName: in.SnapshotName})
	if err != nil {
		return "", false, err
	}
	var bestID string
	var best time.Time
	for _, s := range found {
		if s.SnapshotName != in.SnapshotName || s.DesktopID != in.DesktopID || !equalFold(s.SourceDiskType, in.SourceDiskType) {
			continue
		}
		created, err := time.Parse(time.RFC3339, s.CreationTime)
		if err != nil || created.Before(started.Add(-createdSince)) {
			continue
		}
		if bestID == "" || created.After(best) {
			bestID, best = s.SnapshotID, created
		}
	}
	return bestID, bestID != "", nil
}

func describeSnapshotsQuery(region string, in DescribeSnapshotsInput) map[string]string {
	q := map[string]string{fieldRegionID: region, fieldMaxResults: strconv.Itoa(PageSize)}
	for k, v := range map[string]string{
		"DesktopId":      in.DesktopID,
		"DesktopName":    in.DesktopName,
		"SnapshotId":     in.SnapshotID,
		"SnapshotName":   in.SnapshotName,
		"SourceDiskType": in.SourceDiskType,
		"SnapshotType":   in.SnapshotType,
		"Creator":        in.Creator,
		"StartTime":      in.StartTime,
		"EndTime":        in.EndTime,
		"OsType":         in.OsType,
	} {
		if v != "" {
			q[k] = v
		}
	}
	return q
}

func (c *sdkClient) DescribeSnapshots(ctx context.Context, in DescribeSnapshotsInput) ([]Snapshot, error) {
	base := describeSnapshotsQuery(c.region, in)
	snapshots := []Snapshot{}
	seen := map[string]bool{}
	err := client.WalkPages(ctx, client.ProductECD, actionDescribeSnapshots, func(ctx context.Context, token string) (string, error) {
		q := maps.Clone(base)
		if token != "" {
			q[fieldNextToken] = token
		}
		raw, err := c.callRPC(ctx, c.retry, actionDescribeSnapshots, q, false)
		if err != nil {
			return "", err
		}
		var answer describeSnapshotsAnswer
		if err := json.Unmarshal(raw, &answer); err != nil {
			return "", invalidAnswer(actionDescribeSnapshots, raw, err)
		}
		for _, item := range answer.Snapshots {
			s := item.snapshot()
			// A snapshot that moves between pages while they are walked must not be listed twice.
			if s.SnapshotID != "" && seen[s.SnapshotID] {
				continue
			}
			seen[s.SnapshotID] = true
			snapshots = append(snapshots, s)
		}
		return string(answer.NextToken), nil
	})
	if err != nil {
		return nil, err
	}
	return snapshots, nil
}

func (c *sdkClient) DeleteSnapshot(ctx context.Context, snapshotIDs []string) error {
	for _, ids := range client.Chunk(snapshotIDs, MaxDeleteIDs) {
		q := map[string]string{fieldRegionID: c.region}
		for i, id := range ids {
			q["SnapshotId."+strconv.Itoa(i+1)] = id
		}
		if _, err := c.callRPC(ctx, c.retry, actionDeleteSnapshot, q, false); err != nil {
			return err
		}
	}
	return nil
}

func (c *sdkClient) DescribeDesktops(ctx context.Context, in DescribeDesktopsInput) ([]Desktop, error) {
	idChunks := client.Chunk(in.DesktopIDs, MaxDesktopIDs)
	if len(idChunks) == 0 {
		if in.DesktopIDs != nil {
			return []Desktop{}, nil
		}
		idChunks = [][]string{nil}
	}
	desktops := []Desktop{}
	seen := map[string]bool{}
	for _, ids := range idChunks {
		base := map[string]string{fieldRegionID: c.region, fieldMaxResults: strconv.Itoa(PageSize)}
		if in.DesktopStatus != "" {
			base["DesktopStatus"] = in.DesktopStatus
		}
		for i, id := range ids {
			base["DesktopId."+strconv.Itoa(i+1)] = id
		}
		err := client.WalkPages(ctx, client.ProductECD, actionDescribeDesktops, func(ctx context.Context, token string) (string, error) {
			q := maps.Clone(base)
			if token != "" {
				q[fieldNextToken] = token
			}
			raw, err := c.callRPC(ctx, c.retry, actionDescribeDesktops, q, false)
			if err != nil {
				return "", err
			}
			var answer describeDesktopsAnswer
			if err := json.Unmarshal(raw, &answer); err != nil {
				return "", invalidAnswer(actionDescribeDesktops, raw, err)
			}
			for _, item := range answer.Desktops {
				d := item.desktop()
				if d.DesktopID != "" && seen[d.DesktopID] {
					continue
				}
				seen[d.DesktopID] = true
				desktops = append(desktops, d)
			}
			return string(answer.NextToken), nil
		})
		if err != nil {
			return nil, err
		}
	}
	return desktops, nil
}
