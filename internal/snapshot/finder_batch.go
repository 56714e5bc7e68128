package snapshot

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/ecsclient"
)

// Lookups of single snapshots (every wait's poll, every Read in a plan) are made concurrently by terraform, up
// to -parallelism at a time, and the API rate-limits per account. The batcher turns the lookups that arrive
// within a short window into one DescribeSnapshots call by SnapshotIds, so a hundred waits cost about as many
// calls as one.
const (
	// batchWindow is how long the first lookup of a batch waits for others: about one round trip, which is
	// what terraform needs to start its next operations after the previous ones answered.
	batchWindow = 25 * time.Millisecond
	// batchMaxIDs is the most IDs SnapshotIds takes in one call; a full batch goes at once.
	batchMaxIDs = 100
)

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
	window   time.Duration
	timer    timerFunc

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
	batch := b.open
	if batch == nil {
		callCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		batch = &lookupBatch{ctx: callCtx, cancel: cancel, want: map[string]int{}, full: make(chan struct{}), done: make(chan struct{})}
		b.open = batch
		go b.flushWhenDue(batch)
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

// flushWhenDue sends the batch when its window ends, when it is full, or abandons it when nobody waits.
func (b *snapshotBatcher) flushWhenDue(batch *lookupBatch) {
	tick, stop := b.timer(b.window)
	select {
	case <-tick:
	case <-batch.full:
	case <-batch.ctx.Done():
	}
	stop()

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
