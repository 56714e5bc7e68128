package ecs

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// A DeleteSnapshot whose answer was lost after the API acted is retried, and the retry is told the snapshot
// does not exist: that is the goal reached, not an error.
func TestDeleteOfGoneSnapshotSucceeds(t *testing.T) {
	client := &deleteStub{err: &ecsclient.APIError{Action: "DeleteSnapshot", Code: "InvalidSnapshotId.NotFound", HTTPStatus: 404, RequestID: "req-4", Attempts: 2}}
	r := &snapshotResource{client: client, sleep: sleepContext}
	st := snapshotState(t, "s-gone")
	resp := &resource.DeleteResponse{State: st}
	r.Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("deleting a snapshot that is already gone: %v", resp.Diagnostics)
	}
}
