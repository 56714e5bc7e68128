package snapshot

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/ecsclient"
)

// A DeleteSnapshot whose answer was lost after the API acted is retried, and the retry is told the snapshot
// does not exist: that is the goal reached, not an error.
func TestDeleteOfGoneSnapshotSucceeds(t *testing.T) {
	client := &deleteStub{err: &ecsclient.APIError{Action: "DeleteSnapshot", Code: "InvalidSnapshotId.NotFound", HTTPStatus: 404, RequestID: "req-4", Attempts: 2}}
	r := &snapshotResource{client: client, sleep: sleepContext}
	s, typ := testSchemaObject(t)
	st := tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(typ, nil)}
	m := flattenSnapshotResource(&ecsclient.Snapshot{SnapshotID: "s-gone"}, snapshotResourceModel{Tags: types.MapNull(types.StringType)})
	m.Timeouts.Object = types.ObjectNull(timeoutsAttrTypes)
	if d := st.Set(context.Background(), m); d.HasError() {
		t.Fatal(d)
	}
	resp := &resource.DeleteResponse{State: st}
	r.Delete(context.Background(), resource.DeleteRequest{State: st}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("deleting a snapshot that is already gone: %v", resp.Diagnostics)
	}
}
