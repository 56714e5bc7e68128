package ecsclient

import (
	"context"
	"sync"
	"testing"
)

// The Client interface promises safety for concurrent use; Terraform calls it from parallel resources.
func TestClient_concurrentCalls(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				if _, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if n := len(fake.Calls()); n != 40 {
		t.Errorf("%d calls, want 40", n)
	}
}
