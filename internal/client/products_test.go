package client_test

import (
	"context"
	"sync"
	"testing"

	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/stsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// ECS and STS on one host (the emulator serves both on one port) share tea's per-host http.Clients, so calls of
// both in flight at once must share the transport slots too. Run with -race: a slot pool per product would race.
func TestProducts_shareTheTransportOnOneHost(t *testing.T) {
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{})
	cred, err := credentials.NewCredential(&credentials.Config{
		Type: tea.String("access_key"), AccessKeyId: tea.String(ts.AccessKeyID), AccessKeySecret: tea.String(ts.AccessKeySecret),
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := client.Config{Region: ts.Region, Endpoint: ts.URL, Credential: cred}
	ctx := context.Background()
	ecs, err := ecsclient.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	sts, err := stsclient.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 2 * client.TransportSlots {
		wg.Go(func() {
			if _, err := ecs.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{}); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			if _, err := sts.GetCallerIdentity(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	counts := ts.CallCounts()
	if counts["DescribeSnapshots"] != 2*client.TransportSlots || counts["GetCallerIdentity"] != 2*client.TransportSlots {
		t.Errorf("call counts %v", counts)
	}
}
