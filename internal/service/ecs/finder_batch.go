package ecs

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// Lookups of single snapshots (every wait's check, every Read in a plan) are made concurrently by terraform, up
// to -parallelism at a time, and the API rate-limits per account. The batcher turns the lookups that arrive
// close together into one DescribeSnapshots call by SnapshotIds, so a hundred waits cost about as many calls as
// a few. Each lookup says how long it may wait for company (its slack, see withLookupSlack); a batch is sent at
// the earliest deadline among its lookups, or at once when it holds batchMaxIDs IDs.
const (
	// batchWindow is the slack of a lookup that names none: about one round trip.
	batchWindow = 25 * time.Millisecond
	// batchMaxIDs is the most IDs SnapshotIds takes in one call.
	batchMaxIDs = 100
	// readLookupSlack is the slack of Read: terraform starts a plan's reads one after the other, tens of
	// milliseconds apart, so a read waits that long for the next ones to share its call.
	readLookupSlack = 200 * time.Millisecond
)

type lookupSlackKey struct{}

// withLookupSlack lets lookups made with ctx wait up to d for others to share their call: worth it where being
// a little later costs nothing (a first check of a snapshot that takes minutes, the Reads of a plan).
func withLookupSlack(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, lookupSlackKey{}, d)
}

func lookupSlack(ctx context.Context, fallback time.Duration) time.Duration {
	if d, ok := ctx.Value(lookupSlackKey{}).(time.Duration); ok && d >= 0 {
		return d
	}
	return fallback
}

// describeByIDs returns the snapshots among ids that exist.
type describeByIDs func(ctx context.Context, ids []string) ([]ecsclient.Snapshot, error)

// timerFunc starts a timer of d and returns its channel and its stop function; tests use a fake.
type timerFunc func(d time.Duration) (<-chan time.Time, func() bool)

func realTimer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// snapshotBatcher shares DescribeSnapshots calls among concurrent lookups; one per configured provider. It holds
// no goroutine while idle: each batch has one, which ends when the batch has its answer.
type snapshotBatcher struct {
	describe describeByIDs
	window   time.Duration // slack of lookups whose context names none
	timer    timerFunc
	now      func() time.Time

	mu   sync.Mutex
	open *lookupBatch // the batch new lookups join; nil when none is gathering
}

func newSnapshotBatcher(client ecsclient.Client) *snapshotBatcher {
	return &snapshotBatcher{
		describe: func(ctx context.Context, ids []string) ([]ecsclient.Snapshot, error) {
			return client.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{SnapshotIDs: ids})
		},
		window: batchWindow,
		timer:  realTimer,
		now:    time.Now,
	}
}

// lookupBatch is one DescribeSnapshots call and the lookups waiting for it. Fields above done are guarded by the
// batcher's mutex; found and err are written once, before done is closed.
type lookupBatch struct {
	// ctx is the call's: the values (loggers) of the first lookup, none of its deadline or cancellation, and
	// cancelled when no lookup waits any more, so that one caller giving up never cancels the others' call.
	ctx    context.Context
	cancel context.CancelFunc

	order    []string       // IDs in the order they were first asked for
	want     map[string]int // lookups waiting per ID
	distinct int            // IDs with at least one lookup waiting
	waiters  int
	sealed   bool          // the call's IDs are fixed
	full     chan struct{} // closed when distinct reaches batchMaxIDs
	deadline time.Time     // the earliest deadline of the lookups that joined
	sooner   chan struct{} // signalled (never blocking) when deadline moves earlier

	done  chan struct{}
	found map[string]*ecsclient.Snapshot
	err   error
}

// find is a snapshotFinder: the snapshot with this ID, *notFoundError when the answer does not hold it, or the
// call's error (every lookup of a batch gets it), or ctx's error when ctx ends first.
func (b *snapshotBatcher) find(ctx context.Context, id string) (*ecsclient.Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	batch := b.join(ctx, id)
	select {
	case <-batch.done:
		if batch.err != nil {
			return nil, batch.err
		}
		s, ok := batch.found[id]
		if !ok {
			return nil, &notFoundError{ID: id}
		}
		c := *s // each caller its own copy; the tags map is only read
		return &c, nil
	case <-ctx.Done():
		b.leave(batch, id)
		return nil, ctx.Err()
	}
}

func (b *snapshotBatcher) join(ctx context.Context, id string) *lookupBatch {
	b.mu.Lock()
	defer b.mu.Unlock()
	deadline := b.now().Add(lookupSlack(ctx, b.window))
	batch := b.open
	if batch == nil {
		callCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		batch = &lookupBatch{ctx: callCtx, cancel: cancel, want: map[string]int{}, deadline: deadline,
			full: make(chan struct{}), sooner: make(chan struct{}, 1), done: make(chan struct{})}
		b.open = batch
		go b.flushWhenDue(batch)
	} else if deadline.Before(batch.deadline) {
		batch.deadline = deadline
		select {
		case batch.sooner <- struct{}{}:
		default: // already signalled
		}
	}
	n, asked := batch.want[id]
	if !asked {
		batch.order = append(batch.order, id)
	}
	if n == 0 {
		batch.distinct++
	}
	batch.want[id]++
	batch.waiters++
	if batch.distinct >= batchMaxIDs {
		b.open = nil
		close(batch.full)
	}
	return batch
}

// leave withdraws a lookup whose context ended. Its ID leaves a batch not yet sent; a batch nobody waits for
// is abandoned (not sent, or its call cancelled), and new lookups start another.
func (b *snapshotBatcher) leave(batch *lookupBatch, id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	batch.waiters--
	if !batch.sealed {
		batch.want[id]--
		if batch.want[id] == 0 {
			batch.distinct--
		}
	}
	if batch.waiters == 0 {
		if b.open == batch {
			b.open = nil
		}
		batch.cancel()
	}
}

// flushWhenDue sends the batch at its deadline (which a lookup joining may bring forward), when it is full, or
// abandons it when nobody waits.
func (b *snapshotBatcher) flushWhenDue(batch *lookupBatch) {
	for due := false; !due; {
		b.mu.Lock()
		wait := batch.deadline.Sub(b.now())
		b.mu.Unlock()
		tick, stop := b.timer(max(wait, 0))
		select {
		case <-tick:
			due = true
		case <-batch.sooner:
		case <-batch.full:
			due = true
		case <-batch.ctx.Done():
			due = true
		}
		stop()
	}

	b.mu.Lock()
	if b.open == batch {
		b.open = nil
	}
	batch.sealed = true
	ids := make([]string, 0, batch.distinct)
	for _, id := range batch.order {
		if batch.want[id] > 0 {
			ids = append(ids, id)
		}
	}
	b.mu.Unlock()

	defer close(batch.done)
	defer batch.cancel()
	if len(ids) == 0 {
		batch.err = context.Canceled // nobody is left to read it
		return
	}
	tflog.Debug(batch.ctx, "DescribeSnapshots for a batch of lookups", map[string]any{"snapshot_ids": ids})
	snapshots, err := b.describe(batch.ctx, ids)
	if err != nil {
		batch.err = err
		return
	}
	batch.found = make(map[string]*ecsclient.Snapshot, len(snapshots))
	for i := range snapshots {
		batch.found[snapshots[i].SnapshotID] = &snapshots[i]
	}
}
