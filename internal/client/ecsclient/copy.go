package ecsclient

import (
	"context"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

const actionCopySnapshot = "CopySnapshot"

// CopySnapshotInput holds CopySnapshot's parameters; zero values are not sent. RegionId is the client's
// region: the source snapshot's.
type CopySnapshotInput struct {
	SnapshotID                     string
	DestinationRegionID            string
	DestinationSnapshotName        string
	DestinationSnapshotDescription string
	RetentionDays                  int
	Encrypted                      bool
	KMSKeyID                       string
	ResourceGroupID                string
	Tags                           map[string]string
	ClientToken                    string
}

func copySnapshotRequest(region string, in CopySnapshotInput, token string) (*ecs.CopySnapshotRequest, error) {
	req := &ecs.CopySnapshotRequest{
		RegionId:            tea.String(region),
		SnapshotId:          tea.String(in.SnapshotID),
		DestinationRegionId: tea.String(in.DestinationRegionID),
		ClientToken:         tea.String(token),
	}
	req.DestinationSnapshotName = optString(in.DestinationSnapshotName)
	req.DestinationSnapshotDescription = optString(in.DestinationSnapshotDescription)
	req.KMSKeyId = optString(in.KMSKeyID)
	req.ResourceGroupId = optString(in.ResourceGroupID)
	if in.Encrypted {
		req.Encrypted = tea.Bool(true)
	}
	var err error
	if req.RetentionDays, err = optInt32("RetentionDays", in.RetentionDays); err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(in.Tags) {
		req.Tag = append(req.Tag, &ecs.CopySnapshotRequestTag{Key: tea.String(k), Value: tea.String(in.Tags[k])})
	}
	return req, nil
}

func (c *sdkClient) CopySnapshot(ctx context.Context, in CopySnapshotInput) (string, error) {
	token := in.ClientToken
	if token == "" {
		token = client.NewClientToken()
	}
	req, err := copySnapshotRequest(c.region, in, token)
	if err != nil {
		return "", err
	}
	ctx = tflog.SetField(ctx, "ecs_client_token", token)
	requestID := func(r *ecs.CopySnapshotResponse) string {
		if r.Body == nil {
			return ""
		}
		return tea.StringValue(r.Body.RequestId)
	}
	resp, err := invokeToAnswer(ctx, c, actionCopySnapshot, (*ecs.Client).CopySnapshotWithOptions, req, requestID)
	if err != nil {
		return "", err
	}
	if resp.Body == nil || tea.StringValue(resp.Body.SnapshotId) == "" {
		return "", &client.APIError{Product: client.ProductECS, Action: actionCopySnapshot, Code: client.CodeInvalidResponse, Message: "the answer has no SnapshotId", RequestID: requestID(resp)}
	}
	return tea.StringValue(resp.Body.SnapshotId), nil
}
