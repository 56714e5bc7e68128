package ecsclient

import (
	"context"
	"fmt"
	"maps"
	"strconv"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// The snapshot-consistent group actions
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshotgroup and siblings).
const (
	actionCreateSnapshotGroup    = "CreateSnapshotGroup"
	actionDescribeSnapshotGroups = "DescribeSnapshotGroups"
	actionModifySnapshotGroup    = "ModifySnapshotGroup"
	actionDeleteSnapshotGroup    = "DeleteSnapshotGroup"
	// snapshotGroupIDsPerCall is the most SnapshotGroupId.N holds (N = 1-10).
	snapshotGroupIDsPerCall = 10
	// snapshotGroupPageSize is DescribeSnapshotGroups' largest MaxResults (1-100).
	snapshotGroupPageSize = 100
)

// All four calls go through the generic RPC call: the query is written with the documented names
// (DiskId.N, ExcludeDiskId.N, SnapshotGroupId.N, Status.N, Tag.N.Key/Value), and the answer is read leniently
// like DescribeAutoSnapshotPolicyEx's.

func createSnapshotGroupQuery(region string, in CreateSnapshotGroupInput, token string) map[string]string {
	q := map[string]string{"RegionId": region, "ClientToken": token}
	groupSetIf(q, "InstanceId", in.InstanceID)
	groupSetIf(q, "Name", in.Name)
	groupSetIf(q, "Description", in.Description)
	groupSetIf(q, "ResourceGroupId", in.ResourceGroupID)
	for i, id := range in.DiskIDs {
		q["DiskId."+strconv.Itoa(i+1)] = id
	}
	for i, id := range in.ExcludeDiskIDs {
		q["ExcludeDiskId."+strconv.Itoa(i+1)] = id
	}
	if in.InstantAccess {
		q["InstantAccess"] = "true"
	}
	if in.InstantAccessRetentionDays != 0 {
		q["InstantAccessRetentionDays"] = strconv.Itoa(in.InstantAccessRetentionDays)
	}
	groupWriteTags(q, in.Tags)
	return q
}

func groupSetIf(q map[string]string, k, v string) {
	if v != "" {
		q[k] = v
	}
}

func groupWriteTags(q map[string]string, tags map[string]string) {
	for i, k := range sortedKeys(tags) {
		q["Tag."+strconv.Itoa(i+1)+".Key"] = k
		q["Tag."+strconv.Itoa(i+1)+".Value"] = tags[k]
	}
}

// CreateSnapshotGroup waits for an attempt once sent until its answer (ToAnswer): only the answer names the
// group, and the ClientToken makes a retried call safe.
func (c *sdkClient) CreateSnapshotGroup(ctx context.Context, in CreateSnapshotGroupInput) (string, error) {
	token := in.ClientToken
	if token == "" {
		token = client.NewClientToken()
	}
	ctx = tflog.SetField(ctx, "ecs_client_token", token)
	body, err := c.callRPC(ctx, actionCreateSnapshotGroup, createSnapshotGroupQuery(c.region, in, token), true)
	if err != nil {
		return "", err
	}
	id, _ := scalarString(body["SnapshotGroupId"])
	if id == "" {
		return "", &client.APIError{Product: client.ProductECS, Action: actionCreateSnapshotGroup, Code: client.CodeInvalidResponse,
			Message: "the answer has no SnapshotGroupId", RequestID: requestIDOf(body)}
	}
	return id, nil
}

func describeSnapshotGroupsQuery(region string, in DescribeSnapshotGroupsInput) map[string]string {
	q := map[string]string{"RegionId": region, "MaxResults": strconv.Itoa(snapshotGroupPageSize)}
	groupSetIf(q, "InstanceId", in.InstanceID)
	groupSetIf(q, "Name", in.Name)
	groupSetIf(q, "ResourceGroupId", in.ResourceGroupID)
	for i, s := range in.Statuses {
		q["Status."+strconv.Itoa(i+1)] = s
	}
	groupWriteTags(q, in.Tags)
	return q
}

func (c *sdkClient) DescribeSnapshotGroups(ctx context.Context, in DescribeSnapshotGroupsInput) ([]SnapshotGroup, error) {
	idChunks := client.Chunk(in.SnapshotGroupIDs, snapshotGroupIDsPerCall)
	if len(idChunks) == 0 {
		if in.SnapshotGroupIDs != nil {
			// An empty, non-nil list asks for no group; sending no SnapshotGroupId.N would ask for all of them.
			return []SnapshotGroup{}, nil
		}
		idChunks = [][]string{nil}
	}
	base := describeSnapshotGroupsQuery(c.region, in)
	groups := []SnapshotGroup{}
	seen := map[string]bool{}
	for _, ids := range idChunks {
		err := client.WalkPages(ctx, client.ProductECS, actionDescribeSnapshotGroups, func(ctx context.Context, token string) (string, error) {
			q := maps.Clone(base)
			for i, id := range ids {
				q["SnapshotGroupId."+strconv.Itoa(i+1)] = id
			}
			groupSetIf(q, "NextToken", token)
			body, err := c.callRPC(ctx, actionDescribeSnapshotGroups, q, false)
			if err != nil {
				return "", err
			}
			var answer describeSnapshotGroupsAnswer
			if err := decodeBody(body, &answer); err != nil {
				return "", &client.APIError{Product: client.ProductECS, Action: actionDescribeSnapshotGroups, Code: client.CodeInvalidResponse,
					Message: fmt.Sprintf("reading the answer: %v", err), RequestID: requestIDOf(body)}
			}
			for _, item := range answer.SnapshotGroups.SnapshotGroup {
				g := item.group()
				if g.SnapshotGroupID != "" && seen[g.SnapshotGroupID] {
					continue
				}
				seen[g.SnapshotGroupID] = true
				groups = append(groups, g)
			}
			return string(answer.NextToken), nil
		})
		if err != nil {
			return nil, err
		}
	}
	return groups, nil
}

func (c *sdkClient) ModifySnapshotGroup(ctx context.Context, in ModifySnapshotGroupInput) error {
	q := map[string]string{"RegionId": c.region, "SnapshotGroupId": in.SnapshotGroupID}
	if in.Name != nil {
		q["Name"] = *in.Name
	}
	if in.Description != nil {
		q["Description"] = *in.Description
	}
	_, err := c.callRPC(ctx, actionModifySnapshotGroup, q, false)
	return err
}

func (c *sdkClient) DeleteSnapshotGroup(ctx context.Context, id string) ([]SnapshotGroupOperation, error) {
	body, err := c.callRPC(ctx, actionDeleteSnapshotGroup, map[string]string{"RegionId": c.region, "SnapshotGroupId": id}, false)
	if err != nil {
		return nil, err
	}
	var answer deleteSnapshotGroupAnswer
	if err := decodeBody(body, &answer); err != nil {
		return nil, &client.APIError{Product: client.ProductECS, Action: actionDeleteSnapshotGroup, Code: client.CodeInvalidResponse,
			Message: fmt.Sprintf("reading the answer: %v", err), RequestID: requestIDOf(body)}
	}
	ops := []SnapshotGroupOperation{}
	for _, p := range answer.OperationProgressSet.OperationProgress {
		op := SnapshotGroupOperation{OperationStatus: string(p.OperationStatus), ErrorCode: string(p.ErrorCode), ErrorMsg: string(p.ErrorMsg)}
		for _, item := range p.RelatedItemSet.RelatedItem {
			if string(item.Name) == "SnapshotId" && item.Value != "" {
				op.SnapshotIDs = append(op.SnapshotIDs, string(item.Value))
			}
		}
		ops = append(ops, op)
	}
	return ops, nil
}
