package ecsclient

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// The automatic snapshot policy actions and DescribeDisks.
const (
	actionCreateAutoSnapshotPolicy     = "CreateAutoSnapshotPolicy"
	actionModifyAutoSnapshotPolicyEx   = "ModifyAutoSnapshotPolicyEx"
	actionDeleteAutoSnapshotPolicy     = "DeleteAutoSnapshotPolicy"
	actionDescribeAutoSnapshotPolicyEx = "DescribeAutoSnapshotPolicyEx"
	actionApplyAutoSnapshotPolicy      = "ApplyAutoSnapshotPolicy"
	actionCancelAutoSnapshotPolicy     = "CancelAutoSnapshotPolicy"
	actionDescribeDisks                = "DescribeDisks"
	apiVersion                         = "2014-05-26"
	policyPageSize                     = 100 // DescribeAutoSnapshotPolicyEx's largest PageSize
	diskIDsPerCall                     = 100 // DescribeDisks' DiskIds holds at most 100
	diskPageSize                       = 100 // DescribeDisks' MaxResults is 1-500; 100 matches the ID chunks
	// policyDiskIDsPerCall bounds Apply/Cancel's diskIds. The reference gives no limit
	// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-applyautosnapshotpolicy):
	// 100, as DescribeDisks' DiskIds, keeps a call within what the API is known to take.
	policyDiskIDsPerCall                = 100
	fieldAutoSnapshotPolicyIDLowerCamel = "autoSnapshotPolicyId"
	fieldRegionIDLowerCamel             = "regionId"
	fieldDiskIDsLowerCamel              = "diskIds"
	fieldCopyEncryptionEncrypted        = "CopyEncryptionConfiguration.Encrypted"
	fieldCopyEncryptionKMSKeyID         = "CopyEncryptionConfiguration.KMSKeyId"
)

// callRPC sends action with the given query through the generic OpenAPI call (client.InvokeRPC). It is used
// where the SDK's typed request lacks documented parameters: CreateAutoSnapshotPolicy (AssociationType,
// TargetTags.N.*), CancelAutoSnapshotPolicy (autoSnapshotPolicyId) and DescribeAutoSnapshotPolicyEx (whose typed
// answer drops AssociationType and TargetTags), and the snapshot group calls. It returns the answer's body.
func (c *sdkClient) callRPC(ctx context.Context, action string, query map[string]string, toAnswer bool) (map[string]any, error) {
	return client.InvokeRPC(ctx, c.retry, c.rpc(action, query, toAnswer))
}

// rpc is the generic call of action with query, for client.InvokeRPC.
func (c *sdkClient) rpc(action string, query map[string]string, toAnswer bool) client.RPC {
	return client.RPC{
		Call:    client.Call{Product: client.ProductECS, Action: action, ToAnswer: toAnswer},
		Version: apiVersion, Query: query,
		NewAPI: func() (*openapi.Client, error) {
			api, err := c.newAPI()
			if err != nil {
				return nil, err
			}
			return &api.Client, nil // the ECS client is the generic one with typed calls added
		},
	}
}

func requestIDOf(body map[string]any) string {
	id, _ := body["RequestId"].(string)
	return id
}

// createAutoSnapshotPolicyQuery writes CreateAutoSnapshotPolicy's parameters with their documented
// spellings: lower-camel for the original ones, Pascal for the newer ones
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy).
// timePoints and repeatWeekdays are required by the API and always sent.
func createAutoSnapshotPolicyQuery(region string, in AutoSnapshotPolicyInput) map[string]string {
	q := map[string]string{
		fieldRegionIDLowerCamel: region,
		"timePoints":            intJSONArray(in.TimePoints),
		"repeatWeekdays":        intJSONArray(in.RepeatWeekdays),
	}
	writePolicyCommon(q, in)
	if in.ResourceGroupID != "" {
		q["ResourceGroupId"] = in.ResourceGroupID
	}
	for i, k := range sortedKeys(in.Tags) {
		q["Tag."+strconv.Itoa(i+1)+".Key"] = k
		q["Tag."+strconv.Itoa(i+1)+".Value"] = in.Tags[k]
	}
	if in.AssociationType != "" {
		q["AssociationType"] = in.AssociationType
	}
	for i, k := range sortedKeys(in.TargetTags) {
		q["TargetTags."+strconv.Itoa(i+1)+".Key"] = k
		q["TargetTags."+strconv.Itoa(i+1)+".Value"] = in.TargetTags[k]
	}
	return q
}

// writePolicyCommon writes the parameters Create and Modify share, those that are set.
func writePolicyCommon(q map[string]string, in AutoSnapshotPolicyInput) {
	if in.Name != nil {
		q["autoSnapshotPolicyName"] = *in.Name
	}
	if in.RetentionDays != nil {
		q["retentionDays"] = strconv.Itoa(*in.RetentionDays)
	}
	if in.EnableCrossRegionCopy != nil {
		q["EnableCrossRegionCopy"] = strconv.FormatBool(*in.EnableCrossRegionCopy)
	}
	if in.TargetCopyRegions != nil {
		q["TargetCopyRegions"] = jsonArray(in.TargetCopyRegions)
	}
	if in.CopiedSnapshotsRetentionDays != nil {
		q["CopiedSnapshotsRetentionDays"] = strconv.Itoa(*in.CopiedSnapshotsRetentionDays)
	}
	if in.CopyEncrypted != nil {
		q[fieldCopyEncryptionEncrypted] = strconv.FormatBool(*in.CopyEncrypted)
	}
	if in.CopyKMSKeyID != nil {
		q[fieldCopyEncryptionKMSKeyID] = *in.CopyKMSKeyID
	}
}

// maxPolicyTags is how many Tag.N CreateAutoSnapshotPolicy takes (N = 1 to 20):
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy.
const maxPolicyTags = 20

// CreateAutoSnapshotPolicy always goes through the generic call, so that Create has one wire shape whether or
// not the tag-based association is used. The API takes no ClientToken (see the reference above), so the call
// runs through client.CreateWithoutToken: an attempt once sent is waited for until its answer (ToAnswer), only
// failures that surely made nothing are retried at once, and after a failure of unknown fate (a dropped
// connection, a 5xx) the policy the attempt may have made is looked for by a marker tag before trying again. The
// marker (client.AttemptMarkerKey with a value of this call's own) goes with every attempt of the call: the tag
// filter of DescribeAutoSnapshotPolicyEx finds it
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeautosnapshotpolicyex),
// and no policy the user made, even of the same name, carries it. It is removed once the policy's ID is known.
// A name is no such key: names need not be unique, and a user's policy of the same name would be taken over.
// With the 20 tags the API takes already in use there is no room for the marker: a failure of unknown fate is
// then returned, not retried, rather than risking a second policy.
func (c *sdkClient) CreateAutoSnapshotPolicy(ctx context.Context, in AutoSnapshotPolicyInput) (string, error) {
	q := createAutoSnapshotPolicyQuery(c.region, in)
	create := client.TokenlessCreate{
		Product: client.ProductECS, Action: actionCreateAutoSnapshotPolicy,
		Send: func(ctx context.Context, retry client.RetryPolicy) (string, error) {
			body, err := client.InvokeRPC(ctx, retry, c.rpc(actionCreateAutoSnapshotPolicy, q, true))
			if err != nil {
				return "", err
			}
			id, _ := body["AutoSnapshotPolicyId"].(string)
			if id == "" {
				return "", &client.APIError{Product: client.ProductECS, Action: actionCreateAutoSnapshotPolicy, Code: client.CodeInvalidResponse,
					Message: "the answer has no AutoSnapshotPolicyId", RequestID: requestIDOf(body)}
			}
			return id, nil
		},
	}
	if len(in.Tags) < maxPolicyTags {
		marker := client.NewMarker()
		// After the caller's tags, which keep their numbers (Tag.1 to Tag.n, sorted by key).
		n := strconv.Itoa(len(in.Tags) + 1)
		q["Tag."+n+".Key"], q["Tag."+n+".Value"] = marker.Key, marker.Value
		create.Find = func(ctx context.Context) (string, bool, error) {
			return c.findMarkedPolicy(ctx, marker)
		}
		create.Unmark = func(ctx context.Context, id string) error {
			return c.UntagResources(ctx, ResourceTypeAutoSnapshotPolicy, []string{id}, []string{marker.Key})
		}
	}
	return client.CreateWithoutToken(ctx, c.retry, create)
}

// findMarkedPolicy is the policy carrying marker, key and value: the tag filter is checked again on the answer,
// so that a filter the API ignored never makes another policy look like this call's. Of several (an attempt
// whose policy did not show yet in the list when it was looked for), the oldest.
func (c *sdkClient) findMarkedPolicy(ctx context.Context, marker client.Marker) (string, bool, error) {
	found, err := c.DescribeAutoSnapshotPolicies(ctx, DescribeAutoSnapshotPoliciesInput{Tags: map[string]string{marker.Key: marker.Value}})
	if err != nil {
		return "", false, err
	}
	var best *AutoSnapshotPolicy
	for i := range found {
		p := &found[i]
		if p.ID == "" || !marker.Carried(p.Tags) {
			continue
		}
		if best == nil || p.CreationTime.Before(best.CreationTime) {
			best = p
		}
	}
	if best == nil {
		return "", false, nil
	}
	return best.ID, true, nil
}

func modifyAutoSnapshotPolicyRequest(region, id string, in AutoSnapshotPolicyInput) (*ecs.ModifyAutoSnapshotPolicyExRequest, error) {
	req := &ecs.ModifyAutoSnapshotPolicyExRequest{
		RegionId:               tea.String(region),
		AutoSnapshotPolicyId:   tea.String(id),
		AutoSnapshotPolicyName: in.Name,
		EnableCrossRegionCopy:  in.EnableCrossRegionCopy,
	}
	if in.TimePoints != nil {
		req.TimePoints = tea.String(intJSONArray(in.TimePoints))
	}
	if in.RepeatWeekdays != nil {
		req.RepeatWeekdays = tea.String(intJSONArray(in.RepeatWeekdays))
	}
	if in.TargetCopyRegions != nil {
		req.TargetCopyRegions = tea.String(jsonArray(in.TargetCopyRegions))
	}
	var err error
	if req.RetentionDays, err = int32Ptr("retentionDays", in.RetentionDays); err != nil {
		return nil, err
	}
	if req.CopiedSnapshotsRetentionDays, err = int32Ptr("CopiedSnapshotsRetentionDays", in.CopiedSnapshotsRetentionDays); err != nil {
		return nil, err
	}
	if in.CopyEncrypted != nil || in.CopyKMSKeyID != nil {
		req.CopyEncryptionConfiguration = &ecs.ModifyAutoSnapshotPolicyExRequestCopyEncryptionConfiguration{
			Encrypted: in.CopyEncrypted,
			KMSKeyId:  in.CopyKMSKeyID,
		}
	}
	return req, nil
}

func (c *sdkClient) ModifyAutoSnapshotPolicy(ctx context.Context, id string, in AutoSnapshotPolicyInput) error {
	req, err := modifyAutoSnapshotPolicyRequest(c.region, id, in)
	if err != nil {
		return err
	}
	_, err = invoke(ctx, c, actionModifyAutoSnapshotPolicyEx,
		(*ecs.Client).ModifyAutoSnapshotPolicyExWithOptions, req,
		func(r *ecs.ModifyAutoSnapshotPolicyExResponse) string {
			if r.Body == nil {
				return ""
			}
			return tea.StringValue(r.Body.RequestId)
		})
	return err
}

func (c *sdkClient) DeleteAutoSnapshotPolicy(ctx context.Context, id string) error {
	req := &ecs.DeleteAutoSnapshotPolicyRequest{RegionId: tea.String(c.region), AutoSnapshotPolicyId: tea.String(id)}
	_, err := invoke(ctx, c, actionDeleteAutoSnapshotPolicy,
		(*ecs.Client).DeleteAutoSnapshotPolicyWithOptions, req,
		func(r *ecs.DeleteAutoSnapshotPolicyResponse) string {
			if r.Body == nil {
				return ""
			}
			return tea.StringValue(r.Body.RequestId)
		})
	return err
}

// ApplyAutoSnapshotPolicy sends the disks in groups of policyDiskIDsPerCall.
func (c *sdkClient) ApplyAutoSnapshotPolicy(ctx context.Context, policyID string, diskIDs []string) error {
	for _, ids := range client.Chunk(diskIDs, policyDiskIDsPerCall) {
		req := &ecs.ApplyAutoSnapshotPolicyRequest{
			RegionId:             tea.String(c.region),
			AutoSnapshotPolicyId: tea.String(policyID),
			DiskIds:              tea.String(jsonArray(ids)),
		}
		_, err := invoke(ctx, c, actionApplyAutoSnapshotPolicy,
			(*ecs.Client).ApplyAutoSnapshotPolicyWithOptions, req,
			func(r *ecs.ApplyAutoSnapshotPolicyResponse) string {
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

// CancelAutoSnapshotPolicy uses the generic call: the SDK's typed request has no autoSnapshotPolicyId, which
// the API documents (needed when a disk carries more than one policy).
func (c *sdkClient) CancelAutoSnapshotPolicy(ctx context.Context, policyID string, diskIDs []string) error {
	for _, ids := range client.Chunk(diskIDs, policyDiskIDsPerCall) {
		q := map[string]string{fieldRegionIDLowerCamel: c.region, fieldDiskIDsLowerCamel: jsonArray(ids)}
		if policyID != "" {
			q[fieldAutoSnapshotPolicyIDLowerCamel] = policyID
		}
		if _, err := c.callRPC(ctx, actionCancelAutoSnapshotPolicy, q, false); err != nil {
			return err
		}
	}
	return nil
}

func describeAutoSnapshotPoliciesQuery(region string, in DescribeAutoSnapshotPoliciesInput) map[string]string {
	q := map[string]string{"RegionId": region, "PageSize": strconv.Itoa(policyPageSize)}
	if in.PolicyID != "" {
		q["AutoSnapshotPolicyId"] = in.PolicyID
	}
	if in.PolicyName != "" {
		q["AutoSnapshotPolicyName"] = in.PolicyName
	}
	if in.ResourceGroupID != "" {
		q["ResourceGroupId"] = in.ResourceGroupID
	}
	for i, k := range sortedKeys(in.Tags) {
		q["Tag."+strconv.Itoa(i+1)+".Key"] = k
		q["Tag."+strconv.Itoa(i+1)+".Value"] = in.Tags[k]
	}
	return q
}

// DescribeAutoSnapshotPolicies walks PageNumber from 1 until a page is short or empty, or TotalCount is
// reached. The generic call is used because the SDK's typed answer drops AssociationType and TargetTags, and
// fails outright on a list sent as a JSON array instead of the documented JSON-in-a-string.
func (c *sdkClient) DescribeAutoSnapshotPolicies(ctx context.Context, in DescribeAutoSnapshotPoliciesInput) ([]AutoSnapshotPolicy, error) {
	base := describeAutoSnapshotPoliciesQuery(c.region, in)
	policies := []AutoSnapshotPolicy{}
	seen := map[string]bool{}
	err := client.WalkPages(ctx, client.ProductECS, actionDescribeAutoSnapshotPolicyEx, func(ctx context.Context, token string) (string, error) {
		page := 1
		if token != "" {
			page, _ = strconv.Atoi(token)
		}
		q := maps.Clone(base)
		q["PageNumber"] = strconv.Itoa(page)
		body, err := c.callRPC(ctx, actionDescribeAutoSnapshotPolicyEx, q, false)
		if err != nil {
			return "", err
		}
		var answer describePoliciesAnswer
		if err := decodeBody(body, &answer); err != nil {
			return "", &client.APIError{Product: client.ProductECS, Action: actionDescribeAutoSnapshotPolicyEx, Code: client.CodeInvalidResponse,
				Message: fmt.Sprintf("reading the answer: %v", err), RequestID: requestIDOf(body)}
		}
		items := answer.AutoSnapshotPolicies.AutoSnapshotPolicy
		for _, item := range items {
			p := item.policy()
			if p.ID != "" && seen[p.ID] {
				continue
			}
			seen[p.ID] = true
			policies = append(policies, p)
		}
		total := int(answer.TotalCount)
		if len(items) == 0 || len(items) < policyPageSize || (total > 0 && page*policyPageSize >= total) {
			return "", nil
		}
		return strconv.Itoa(page + 1), nil
	})
	if err != nil {
		return nil, err
	}
	return policies, nil
}

// DescribeDisks splits DiskIDs into groups of 100 (the most DiskIds holds) and walks every page of each with
// NextToken/MaxResults.
func (c *sdkClient) DescribeDisks(ctx context.Context, in DescribeDisksInput) ([]Disk, error) {
	idChunks := client.Chunk(in.DiskIDs, diskIDsPerCall)
	if len(idChunks) == 0 {
		if in.DiskIDs != nil {
			// An empty, non-nil list asks for no disks; sending no DiskIds would ask for all of them.
			return []Disk{}, nil
		}
		idChunks = [][]string{nil}
	}
	disks := []Disk{}
	seen := map[string]bool{}
	for _, ids := range idChunks {
		err := client.WalkPages(ctx, client.ProductECS, actionDescribeDisks, func(ctx context.Context, token string) (string, error) {
			req := &ecs.DescribeDisksRequest{
				RegionId:             tea.String(c.region),
				InstanceId:           optString(in.InstanceID),
				AutoSnapshotPolicyId: optString(in.AutoSnapshotPolicyID),
				MaxResults:           tea.Int32(diskPageSize),
				NextToken:            optString(token),
			}
			if ids != nil {
				req.DiskIds = tea.String(jsonArray(ids))
			}
			resp, err := invoke(ctx, c, actionDescribeDisks,
				(*ecs.Client).DescribeDisksWithOptions, req,
				func(r *ecs.DescribeDisksResponse) string {
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
			if body.Disks != nil {
				for _, item := range body.Disks.Disk {
					if item == nil {
						continue
					}
					d := diskFromSDK(item)
					if d.DiskID != "" && seen[d.DiskID] {
						continue
					}
					seen[d.DiskID] = true
					disks = append(disks, d)
				}
			}
			return tea.StringValue(body.NextToken), nil
		})
		if err != nil {
			return nil, err
		}
	}
	return disks, nil
}

func diskFromSDK(d *ecs.DescribeDisksResponseBodyDisksDisk) Disk {
	return Disk{
		DiskID:                        tea.StringValue(d.DiskId),
		RegionID:                      tea.StringValue(d.RegionId),
		ZoneID:                        tea.StringValue(d.ZoneId),
		InstanceID:                    tea.StringValue(d.InstanceId),
		Status:                        tea.StringValue(d.Status),
		Type:                          tea.StringValue(d.Type),
		Category:                      tea.StringValue(d.Category),
		SizeGiB:                       int(tea.Int32Value(d.Size)),
		AutoSnapshotPolicyID:          tea.StringValue(d.AutoSnapshotPolicyId),
		EnableAutomatedSnapshotPolicy: tea.BoolValue(d.EnableAutomatedSnapshotPolicy),
	}
}

func int32Ptr(name string, v *int) (*int32, error) {
	if v == nil {
		return nil, nil
	}
	n, err := toInt32(name, *v)
	if err != nil {
		return nil, err
	}
	return tea.Int32(n), nil
}

// intJSONArray writes hours or weekdays as the API's JSON array of strings: ["0","1"]
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy).
func intJSONArray(ns []int) string {
	ss := make([]string, len(ns))
	for i, n := range ns {
		ss[i] = strconv.Itoa(n)
	}
	return jsonArray(ss)
}

// decodeBody re-reads the generic call's decoded body (numbers kept as json.Number) into v.
func decodeBody(body map[string]any, v any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
