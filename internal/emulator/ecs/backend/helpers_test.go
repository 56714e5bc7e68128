package backend

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// Disks of the default fixture, named for the rule each exercises.
const (
	diskWebSys    = "d-bp1a3r2m5jxl7hq0w8ke" // system, cloud_essd, Running instance
	diskWebData   = "d-bp1c8n4x2w6yz0t5pq3s" // data, cloud_essd, Running instance
	diskBatchSys  = "d-bp1e2f7t9k4m6n1r3vx8" // system, cloud_efficiency, Stopped instance
	diskEncrypted = "d-bp1g5h0j3k8l2m7n4pq1" // data, cloud_essd, KMS-encrypted, 2000 GiB
	diskScratch   = "d-bp1t7y2u9i4o6p1a3sd5" // data, cloud_efficiency
	diskFresh     = "d-bp1k9w3e6r1t8y4u2io5" // on an instance never started
	diskBooting   = "d-bp1p6o9i2u5y8t1r4ew7" // on a Starting instance
	diskLocked    = "d-bp1s3d6f9g2h5j8k1lq0" // on an instance locked for security
	diskDetached  = "d-bp1q2w3e4r5t6y7u8i9o" // detached, used before
	diskSpare     = "d-bp1m4n7b2v5c8x1z3lk6" // never attached
	instWeb       = "i-bp1h6jmbefj2cyqs6vrq"
	instBatch     = "i-bp1g6zv0ce8oghu7k7ww"
	rgDefault     = "rg-acfmzw2jz2z4fxa"
	rgOther       = "rg-aek2bsxtc4tgwfq"
	kmsKey        = "0e478b7a-4262-4802-b8cb-00d3fb408262"
	region        = "cn-hangzhou"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestBackend(t testing.TB, duration time.Duration) (*Backend, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: time.Date(2024, 5, 22, 10, 0, 0, 0, time.UTC)}
	b, err := New(Options{Now: clk.Now, SnapshotDuration: duration})
	if err != nil {
		t.Fatal(err)
	}
	return b, clk
}

func wantAPIError(t *testing.T, err error, status int, code string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want %d %s, got %v", status, code, err)
	}
	if e.HTTPStatus != status || e.Code != code {
		t.Fatalf("want %d %s, got %d %s (%s)", status, code, e.HTTPStatus, e.Code, e.Message)
	}
	if e.Message == "" {
		t.Fatalf("%s has no message", code)
	}
}

func apiMessage(t *testing.T, err error) string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want an API error, got %v", err)
	}
	return e.Message
}

func mustCreate(t testing.TB, b *Backend, in CreateSnapshotInput) string {
	t.Helper()
	out, err := b.CreateSnapshot(in)
	if err != nil {
		t.Fatalf("CreateSnapshot(%+v): %v", in, err)
	}
	return out.SnapshotId
}

func mustSnapshot(t *testing.T, b *Backend, id string) Snapshot {
	t.Helper()
	s, ok := b.Snapshot(id)
	if !ok {
		t.Fatalf("snapshot %s not found", id)
	}
	return s
}
