// Package batch shares one API call among concurrent lookups of single items by key.
//
// Terraform reads, creates and deletes resources concurrently (up to -parallelism at a time), and each of those
// operations looks up its own item: a Read, every check of a wait. Cloud APIs describe many items by ID in one
// call and rate-limit calls per account, so a Batcher turns lookups that overlap in time into one call, without
// making a lookup that a user waits on wait a fixed time for company.
//
// Policy, per lookup (Batcher.Get):
//
//   - A lookup with no slack (a Read) goes as soon as a call may go: at once when no call is in flight (and no
//     read is expected, below). While calls are in flight it gathers into the next call, which goes when one of
//     them answers, or earlier when it holds at least two keys, fewer than Options.MaxInFlight are out and the
//     last was sent at least a round trip divided by MaxInFlight ago (the round trip as the calls so far took, on
//     average). So calls in flight are spread over a round trip and each carries what arrived since the one
//     before, with no fixed wait for company; a lone lookup waits for an answer rather than make a call of its
//     own. A lookup whose key is already in a call in flight takes that call's answer instead.
//   - A lookup with slack (a poll inside a wait) may wait up to its slack for company. A lookup without slack
//     joining the same gathering call makes it go now; once its slack has passed, a lookup is treated as one
//     without slack (it may still wait for the call in flight to answer).
//   - A lookup may be announced before it comes (Batcher.Announce): the first check after a create or delete call
//     still in flight, or the next check of a wait that sleeps until then. A call whose slack has passed (no
//     lookup without slack in it) holds, for at most Options.MaxHold more, while a lookup announced to come by
//     the end of that hold has neither joined nor been withdrawn, and goes the moment the last of them joins.
//     Operations that terraform started together then share a call even when their own calls answer a little
//     apart, and waits whose checks fall due a few tens of milliseconds apart merge into one call instead of
//     staying apart for every later check; a lookup nobody announced never holds a call.
//   - The first check after a delete may be announced with its key (Batcher.AnnounceGone): every call sent while
//     it is announced asks for that key too, when it has room, and the check, when it comes, first takes the
//     answer of the latest such call: without the key, the item is gone (IDs are not reused, so an item once
//     absent stays so) and the check ends without a call of its own; with it, the answer may predate the delete
//     and the check goes as any other.
//   - A read may be expected before it comes (Batcher.Expect): terraform upgrades a resource's stored state
//     (UpgradeResourceState) a millisecond or a few before it reads it. A call holding a lookup without slack
//     holds, for at most Options.ReadHold from when its first such lookup came, while a key expected less than
//     ReadHold ago has not come, and goes the moment the last of them comes: the reads of a wave, which arrive
//     over some milliseconds, share one call instead of the first going alone and the others a pacing interval
//     later. An expectation older than ReadHold (a state upgraded and never read: a plan with -refresh=false, an
//     apply) holds nothing.
//   - Lookups of several keys made together (Batcher.GetAll) join at once, so they go in the same call whatever
//     their slack (one call per MaxKeys keys), where lookups made one after another would each wait for their own.
//   - A gathering call goes at once when it holds Options.MaxKeys distinct keys, whatever is in flight.
//   - A call out longer than Options.StuckAfter no longer holds the next call back, nor lends its answer to new
//     lookups.
//
// Calls in flight at once: at most MaxInFlight that were not full and are not stuck, plus any number of full ones
// (each carries MaxKeys lookups waiting, so the lookups in flight bound their number) and stuck ones (each older
// than StuckAfter, bounded in number by the fetch's own timeout). Why several, and why spaced: terraform runs up to
// -parallelism operations at once, each doing some milliseconds of work between its reads, so reads arrive in a
// stream. With one call in flight a read waits on average half a round trip for its call to go, and that wait is
// added to every resource a worker of terraform handles; with calls going the moment a read arrives (the official
// provider, one call per read), there is one call per read. Spreading MaxInFlight calls over a round trip cuts
// the wait to 1/MaxInFlight of it while each call still carries every read that arrived in its share of the round
// trip. A full call gains nothing by waiting.
//
// A Batcher holds no goroutine while idle or gathering: timers are callbacks, and each call sent has one
// goroutine, which ends when the call answers.
package batch

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"
)

// Fetch answers the items among keys that exist; a key absent from the map is not found. keys holds each key
// once, in the order first asked for, and at most Options.MaxKeys of them. ctx carries the values of the
// lookup that started the call but none of its deadline or cancellation: it ends only when no lookup waits for
// the answer any more.
type Fetch[K comparable, V any] func(ctx context.Context, keys []K) (map[K]V, error)

const (
	// DefaultMaxKeys is the most IDs the Alibaba Cloud Describe* calls take in one ID list (for example
	// SnapshotIds, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots).
	DefaultMaxKeys = 100
	// DefaultMaxInFlight is the most non-full calls in flight at once, chosen by measurement (make bench, three
	// runs each of 1, 2 and 3, with and without minEarlyKeys): 2 cut the refresh of 200 from 1.76 s to 1.41 s
	// for 70 calls instead of 55, where 3 gave 1.31 s for 83; see the README's Performance section.
	DefaultMaxInFlight = 2
	// DefaultStuckAfter bounds how long a call in flight holds the next one back. A healthy describe-by-IDs call
	// answers in tens of milliseconds, so a second is far enough above it never to split calls in normal
	// operation; a call out that long is being retried (the client backs off from 200 ms, doubling) or hangs on
	// a connection (its timeouts are tens of seconds), and a user's read should not queue behind that. The price
	// is at most one extra call per second while the API is slow.
	DefaultStuckAfter = time.Second
	// DefaultMaxHold bounds how long a call whose slack has passed holds for announced lookups. It covers a
	// create or delete call in flight (a round trip, some tens of milliseconds) and the spread of the checks of
	// one wave of -parallelism waits (terraform starts a wave's operations some tens of milliseconds apart, and
	// each wait aims its next check at its own object's expected end); chosen by make bench (create of 200 and
	// destroy of 200 and 30), see the README's Performance section.
	DefaultMaxHold = 100 * time.Millisecond
	// DefaultReadHold bounds how long a call with a read holds for expected reads (Batcher.Expect). Terraform
	// upgrades a resource's state and reads it within a few milliseconds, even while it works through a wave of
	// -parallelism resources (make bench, the provider's trace of a refresh of 50: 0.5 to 9 ms); chosen by make bench.
	DefaultReadHold = 10 * time.Millisecond
)

// Options configure a Batcher; the zero value of each field means its default.
type Options struct {
	// MaxKeys is the most distinct keys in one call; unset, DefaultMaxKeys.
	MaxKeys int
	// MaxInFlight is the most non-full calls in flight at once; unset, DefaultMaxInFlight. 1 gives one call per
	// round trip at most, each as full as it can be.
	MaxInFlight int
	// StuckAfter is how long a call in flight may hold back the next one; unset, DefaultStuckAfter.
	StuckAfter time.Duration
	// MaxHold is how long past its slack a call may hold for announced lookups; unset, DefaultMaxHold; negative,
	// announcements never hold a call.
	MaxHold time.Duration
	// ReadHold is how long a call with a lookup without slack may hold for expected reads; unset,
	// DefaultReadHold; negative, expectations never hold a call.
	ReadHold time.Duration
	// Clock is the source of time and timers; unset, the real clock. Tests set a fake one.
	Clock Clock
}

// Clock is the time a Batcher sees. AfterFunc runs f in its own goroutine once d has passed, as time.AfterFunc.
type Clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a timer started by Clock.AfterFunc.
type Timer interface {
	// Stop prevents the timer's function from running, if it has not started, and reports whether it did.
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time                            { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Batcher shares calls of one Fetch among concurrent lookups; see the package documentation for its policy.
// It is safe for concurrent use; one per API client, so that every lookup through that client can share calls.
type Batcher[K comparable, V any] struct {
	fetch       Fetch[K, V]
	maxKeys     int
	maxInFlight int
	stuckAfter  time.Duration
	maxHold     time.Duration
	readHold    time.Duration
	clock       Clock

	mu sync.Mutex
	// gathering is the call new lookups join; nil when none is being assembled.
	gathering *call[K, V]
	// pacers are the non-full calls in flight, neither stuck nor abandoned, that hold gathering back; lastSent
	// is when the latest of them went.
	pacers   map[*call[K, V]]struct{}
	lastSent time.Time
	// rtt is the average time a call took to answer (a moving average), zero until one has answered: it spaces
	// the calls in flight.
	rtt time.Duration
	// spacing is the timer that sends gathering once the space after lastSent has passed; nil when not armed.
	spacing Timer
	// lending maps a key to the call in flight whose answer new lookups of that key may take: calls neither
	// stuck nor abandoned.
	lending map[K]*call[K, V]
	// announced are the lookups announced and not yet come (joined) nor withdrawn; announcedSeq numbers them.
	announced    map[*Announcement]struct{}
	announcedSeq uint64
	// asked maps an announced lookup of a key that may be gone (AnnounceGone) to the latest call sent that asked
	// for its key on the way; its lookup takes that call's answer when it does not hold the key.
	asked map[*Announcement]*call[K, V]
	// expected are the keys whose reads are expected (Expect) and have not come, with when each was expected.
	expected map[K]time.Time
	// readHoldTimer re-dispatches the gathering call when its hold for expected reads may have ended.
	readHoldTimer Timer
}

// New returns a Batcher over fetch.
func New[K comparable, V any](fetch Fetch[K, V], opts Options) *Batcher[K, V] {
	b := &Batcher[K, V]{fetch: fetch, maxKeys: opts.MaxKeys, maxInFlight: opts.MaxInFlight, stuckAfter: opts.StuckAfter,
		maxHold: opts.MaxHold, readHold: opts.ReadHold, clock: opts.Clock, lending: map[K]*call[K, V]{},
		pacers: map[*call[K, V]]struct{}{}, announced: map[*Announcement]struct{}{}, expected: map[K]time.Time{},
		asked: map[*Announcement]*call[K, V]{}}
	if b.maxKeys <= 0 {
		b.maxKeys = DefaultMaxKeys
	}
	if b.maxInFlight <= 0 {
		b.maxInFlight = DefaultMaxInFlight
	}
	if b.stuckAfter <= 0 {
		b.stuckAfter = DefaultStuckAfter
	}
	if b.maxHold == 0 {
		b.maxHold = DefaultMaxHold
	}
	if b.readHold == 0 {
		b.readHold = DefaultReadHold
	}
	if b.clock == nil {
		b.clock = realClock{}
	}
	return b
}

// call is one Fetch and the lookups waiting for it. Fields above done are guarded by the batcher's mutex;
// found and err are written once, before done is closed.
type call[K comparable, V any] struct {
	// ctx is the call's: the first lookup's values, cancelled when no lookup waits any more, so that one caller
	// giving up never cancels the others' call.
	ctx    context.Context
	cancel context.CancelFunc

	order    []K       // keys in the order first asked for, including some whose lookups left
	want     map[K]int // lookups waiting per key, while gathering
	distinct int       // keys with a lookup waiting, while gathering
	waiters  int

	// urgent: a lookup without slack (or past it) joined, so go as soon as allowed. It stays set when that
	// lookup leaves: going a little early only costs the patient ones some company.
	urgent bool
	// readSince is when the first lookup without slack joined (zero if none has): the call holds for expected
	// reads until readSince + ReadHold at most.
	readSince time.Time
	deadline  time.Time // the earliest slack deadline; zero when none
	// holdUntil is when a hold for announced lookups ends, set when the slack first ran out; zero before.
	holdUntil time.Time
	// announcedBefore is the number of the first announcement made after the call began gathering: it holds only
	// for those made before (the operations already under way when its first lookup came), so that a stream of
	// operations, each announcing its own, cannot chain a call's hold to its end.
	announcedBefore uint64
	timerSeq        int   // invalidates deadline and hold timers armed before the last change
	timer           Timer // the deadline or hold timer, if armed

	sent    bool
	sentAt  time.Time
	stuck   Timer // fires StuckAfter after the call was sent
	keys    []K   // the keys sent
	settled bool  // answered or abandoned: it no longer paces or lends

	done  chan struct{}
	found map[K]V
	err   error
}

// Get looks key up, sharing the call with other lookups as the package documentation describes. slack is how
// long this lookup may wait for company: zero (or less) for a lookup a user waits on. It returns the item and true, or
// found false when the answer does not hold the key; the call's error, which every lookup of the call gets; or
// ctx's error when ctx ends first (other lookups of the call are not affected). Items are shared by every
// lookup of a call: V should be a value, or treated as read-only.
func (b *Batcher[K, V]) Get(ctx context.Context, key K, slack time.Duration) (v V, found bool, err error) {
	if err := ctx.Err(); err != nil {
		return v, false, err
	}
	if c := b.askedOnTheWay(ctx, key); c != nil {
		select {
		case <-c.done:
			if _, found := c.found[key]; c.err == nil && !found {
				return v, false, nil
			}
		case <-ctx.Done():
			return v, false, ctx.Err()
		}
	}
	return b.await(ctx, b.join(ctx, key, slack), key)
}

// await is the answer of c for key: the item and whether it was found, or c's error; or ctx's error when ctx ends
// first, in which case the lookup of key leaves c (leave).
func (b *Batcher[K, V]) await(ctx context.Context, c *call[K, V], key K) (v V, found bool, err error) {
	select {
	case <-c.done:
		if c.err != nil {
			return v, false, c.err
		}
		v, found = c.found[key]
		return v, found, nil
	case <-ctx.Done():
		b.leave(c, key)
		return v, false, ctx.Err()
	}
}

func (b *Batcher[K, V]) join(ctx context.Context, key K, slack time.Duration) *call[K, V] {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.settleCtxAnnouncement(ctx) {
		defer b.releaseHold() // once the lookup is in the call
	}
	c := b.add(ctx, key, slack)
	b.dispatch()
	return c
}

// GetAll looks keys up together: each as Get would, but all joined at once, so that they go in the same call (in
// calls of MaxKeys), never one behind another, whatever their slack; a key already in a call in flight takes that
// call's answer, as with Get, when slack is zero. It returns the items found (a key absent was not found); the
// error of the first of their calls, in the order of keys, that failed; or ctx's error when ctx ends first. A key
// announced by AnnounceGone is looked up as any other.
//
// Lookups of one operation made one after another (the disks an attribute names, the snapshots of a group being
// deleted) each wait for their own call: with GetAll they take one round trip, and one call per MaxKeys keys.
func (b *Batcher[K, V]) GetAll(ctx context.Context, keys []K, slack time.Duration) (map[K]V, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	calls := b.joinAll(ctx, keys, slack)
	found := make(map[K]V, len(keys))
	for i, c := range calls {
		v, ok, err := b.await(ctx, c, keys[i])
		if err != nil {
			// The lookups not yet answered leave their calls, as this one did if ctx ended.
			for j := i + 1; j < len(calls); j++ {
				b.leave(calls[j], keys[j])
			}
			return nil, err
		}
		if ok {
			found[keys[i]] = v
		}
	}
	return found, nil
}

// joinAll adds a lookup of each key (add) under one hold of the lock, sending each call that fills up (MaxKeys) as
// it does, then the last one if it is due.
func (b *Batcher[K, V]) joinAll(ctx context.Context, keys []K, slack time.Duration) []*call[K, V] {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.settleCtxAnnouncement(ctx) {
		defer b.releaseHold()
	}
	calls := make([]*call[K, V], len(keys))
	for i, key := range keys {
		calls[i] = b.add(ctx, key, slack)
		if g := b.gathering; g != nil && g.distinct >= b.maxKeys {
			b.dispatch()
		}
	}
	b.dispatch()
	return calls
}

// settleCtxAnnouncement settles the announcement ctx carries, if b made it: the announced lookup has come and no
// longer holds a call, whichever call it joins. It reports whether it did, for the caller to release a hold
// (releaseHold) once the lookup is in its call. b.mu is held.
func (b *Batcher[K, V]) settleCtxAnnouncement(ctx context.Context) bool {
	a := announcementOf(ctx)
	return a != nil && a.owner == any(b) && b.settleAnnouncement(a)
}

// add puts a lookup of key in the call it belongs to: a call in flight that lends key (slack zero), or the
// gathering call, which it starts if there is none. It sends nothing (dispatch). b.mu is held.
func (b *Batcher[K, V]) add(ctx context.Context, key K, slack time.Duration) *call[K, V] {
	// An expected read has come, whichever call it joins or takes its answer from.
	delete(b.expected, key)
	// Only a lookup without slack takes an answer asked for before it was: it wants the soonest answer, while a
	// patient one (a poll) gains nothing by it and may be waiting for a change that answer predates.
	if c := b.lending[key]; c != nil && slack <= 0 {
		c.waiters++
		return c
	}
	c := b.gathering
	if c == nil {
		callCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		c = &call[K, V]{ctx: callCtx, cancel: cancel, want: map[K]int{}, done: make(chan struct{}), announcedBefore: b.announcedSeq}
		b.gathering = c
	}
	n, asked := c.want[key]
	if !asked {
		c.order = append(c.order, key)
	}
	if n == 0 {
		c.distinct++
	}
	c.want[key]++
	c.waiters++
	if slack <= 0 {
		c.urgent = true
		if c.readSince.IsZero() {
			c.readSince = b.clock.Now()
		}
	} else if d := b.clock.Now().Add(slack); !c.urgent && (c.deadline.IsZero() || d.Before(c.deadline)) {
		c.deadline = d
		b.armDeadline(c, slack)
	}
	return c
}

// armDeadline makes c's slack run out after d (slackOver), replacing the timer of an earlier (later-expiring)
// deadline.
func (b *Batcher[K, V]) armDeadline(c *call[K, V], d time.Duration) {
	b.armTimer(c, d, func() { b.slackOver(c) })
}

// armTimer runs f under the batcher's lock after d, unless c has been sent, abandoned or given another timer since.
func (b *Batcher[K, V]) armTimer(c *call[K, V], d time.Duration, f func()) {
	if c.timer != nil {
		c.timer.Stop()
	}
	c.timerSeq++
	seq := c.timerSeq
	c.timer = b.clock.AfterFunc(d, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.gathering != c || c.timerSeq != seq { // sent, abandoned, or re-armed since
			return
		}
		f()
	})
}

// slackOver is c's slack running out: c goes as soon as allowed, unless an announced lookup due within the hold
// has still to come, in which case it holds until those have come (releaseHold) or the hold ends.
func (b *Batcher[K, V]) slackOver(c *call[K, V]) {
	if c.holdUntil.IsZero() && b.maxHold > 0 {
		c.holdUntil = c.deadline.Add(b.maxHold)
	}
	if b.awaits(c) {
		b.armTimer(c, c.holdUntil.Sub(b.clock.Now()), func() { b.urge(c) })
		return
	}
	b.urge(c)
}

// urge makes c go as soon as the calls in flight allow (dispatch).
func (b *Batcher[K, V]) urge(c *call[K, V]) {
	c.urgent = true
	b.dispatch()
}

// awaits reports whether c, past its slack, still holds: its hold has not ended and a lookup announced to come
// by then has not.
func (b *Batcher[K, V]) awaits(c *call[K, V]) bool {
	if c.holdUntil.IsZero() || !b.clock.Now().Before(c.holdUntil) {
		return false
	}
	for a := range b.announced {
		if a.seq < c.announcedBefore && !a.at.After(c.holdUntil) {
			return true
		}
	}
	return false
}

// releaseHold sends the gathering call if it was holding only for announced lookups that have all come or been
// withdrawn.
func (b *Batcher[K, V]) releaseHold() {
	c := b.gathering
	if c == nil || c.urgent || c.holdUntil.IsZero() || b.awaits(c) {
		return
	}
	b.urge(c)
}

// Announcement is a lookup announced to a Batcher before it comes (Batcher.Announce).
type Announcement struct {
	owner    any       // the *Batcher it was made by
	seq      uint64    // the order in which the batcher was told
	at       time.Time // when the lookup is expected
	withdraw func()
	// key is the key of a lookup announced by AnnounceGone; nil otherwise.
	key any
}

// Announce tells b that a lookup will come in about in: 0 for the first check after a call in flight (a create
// or a delete, which answers within a round trip), the sleep before the next check of a wait. The lookup carries
// the announcement in its context (WithAnnouncement) and settles it by joining; Withdraw settles it when the
// lookup will not come (the call failed, the wait ended). An announcement left unsettled costs at most
// Options.MaxHold to each call that holds for it.
func (b *Batcher[K, V]) Announce(in time.Duration) *Announcement {
	return b.announce(in, nil)
}

// AnnounceGone announces, as Announce(0) does, the first lookup of key after a call that deletes key's item,
// about to be made: the lookup that tells whether the item is gone. While it is announced, each call the batcher
// sends asks for key too when it has room for it (MaxKeys), and the lookup, when it comes, first takes the answer
// of the latest of those calls: an answer that does not hold key says the item is gone, whenever the call was
// sent, because an item gone never comes back (IDs are not reused), and the lookup then returns not found without
// a call of its own. An answer that holds key may predate the delete: the lookup then goes as any other.
//
// Terraform's destroy starts a delete every few milliseconds at -parallelism 10 (its own work between two is the
// bottleneck), and the first checks of the deletes, each after its own delete answers, went in calls of four or
// five (a destroy of 200 made 45-50 calls for them). A call sent while deletes are in flight reaches the API
// after them, and its answer tells that they are done: those deletes end as soon as their own call answers,
// without a check of their own.
func (b *Batcher[K, V]) AnnounceGone(key K) *Announcement {
	return b.announce(0, key)
}

func (b *Batcher[K, V]) announce(in time.Duration, key any) *Announcement {
	b.mu.Lock()
	defer b.mu.Unlock()
	a := &Announcement{owner: b, seq: b.announcedSeq, at: b.clock.Now().Add(in), key: key}
	b.announcedSeq++
	a.withdraw = func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.settleAnnouncement(a) {
			b.releaseHold()
		}
	}
	b.announced[a] = struct{}{}
	return a
}

// askedOnTheWay is the call a lookup of key announced by AnnounceGone takes its answer from first: the latest
// call that asked for key on the way, answered or in flight and neither stuck nor abandoned (a call that hangs
// should not hold the lookup). It settles the announcement: the lookup has come. Nil when there is none.
func (b *Batcher[K, V]) askedOnTheWay(ctx context.Context, key K) *call[K, V] {
	a := announcementOf(ctx)
	if a == nil || a.owner != any(b) || a.key == nil || a.key != any(key) {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.asked[a]
	if c == nil {
		return nil
	}
	if b.settleAnnouncement(a) {
		b.releaseHold()
	}
	select {
	case <-c.done:
		return c
	default:
	}
	if c.settled { // stuck or abandoned
		return nil
	}
	return c
}

// settleAnnouncement forgets a, whose lookup has come or will not: it no longer holds calls, nor is its key asked
// on the way. It reports whether a was still announced, in which case a call may have held for it
// (releaseHold, which the caller makes once the lookup is where it goes).
func (b *Batcher[K, V]) settleAnnouncement(a *Announcement) bool {
	delete(b.asked, a)
	_, ok := b.announced[a]
	delete(b.announced, a)
	return ok
}

// Withdraw settles the announcement without a lookup; it does nothing once the lookup has come. Safe on nil.
func (a *Announcement) Withdraw() {
	if a != nil {
		a.withdraw()
	}
}

type announcementKey struct{}

// WithAnnouncement is ctx carrying a, for the lookup a announced: its Get settles a when it joins.
func WithAnnouncement(ctx context.Context, a *Announcement) context.Context {
	return context.WithValue(ctx, announcementKey{}, a)
}

func announcementOf(ctx context.Context) *Announcement {
	a, _ := ctx.Value(announcementKey{}).(*Announcement)
	return a
}

// Expect tells b that a lookup of key without slack (a read) is about to come: terraform has just upgraded the
// stored state of the resource it reads. The lookup settles it by coming; an expectation that does not come holds
// calls for at most Options.ReadHold after it was made.
func (b *Batcher[K, V]) Expect(key K) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.readHold < 0 {
		return
	}
	now := b.clock.Now()
	// Expectations nobody settles (states upgraded and never read) are dropped once stale, a few at a time.
	if len(b.expected) >= expectedPruneAt {
		for k, at := range b.expected {
			if now.Sub(at) >= b.readHold {
				delete(b.expected, k)
			}
		}
	}
	b.expected[key] = now
}

// expectedPruneAt is how many expectations b keeps before Expect drops the stale ones: a refresh expects at most
// -parallelism reads at a time, so the map only grows past it with expectations nobody settles.
const expectedPruneAt = 64

// holdsForReads reports whether c, a call with a read, holds for expected reads: its read hold has not ended and
// a read expected less than ReadHold ago has not come. When it holds, a timer dispatches again once it may not.
func (b *Batcher[K, V]) holdsForReads(c *call[K, V]) bool {
	if c.readSince.IsZero() || b.readHold <= 0 || len(b.expected) == 0 {
		return false
	}
	now := b.clock.Now()
	until := c.readSince.Add(b.readHold)
	if !now.Before(until) {
		return false
	}
	var soonest time.Time // when the first of the pending expectations goes stale
	for k, at := range b.expected {
		stale := at.Add(b.readHold)
		if !now.Before(stale) {
			delete(b.expected, k)
			continue
		}
		if soonest.IsZero() || stale.Before(soonest) {
			soonest = stale
		}
	}
	if soonest.IsZero() {
		return false
	}
	if soonest.Before(until) {
		until = soonest
	}
	if b.readHoldTimer != nil {
		b.readHoldTimer.Stop()
	}
	b.readHoldTimer = b.clock.AfterFunc(until.Sub(now), func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.dispatch()
	})
	return true
}

// dispatch sends the gathering call if it is due: full, or urgent, not holding for expected reads and allowed to
// go by the calls in flight (paceWait).
func (b *Batcher[K, V]) dispatch() {
	c := b.gathering
	if c == nil {
		return
	}
	full := c.distinct >= b.maxKeys
	if !full {
		if !c.urgent || b.holdsForReads(c) {
			return
		}
		wait := b.paceWait(c)
		if wait > 0 && b.spacing == nil {
			b.spacing = b.clock.AfterFunc(wait, func() {
				b.mu.Lock()
				defer b.mu.Unlock()
				b.spacing = nil
				b.dispatch()
			})
		}
		if wait != 0 {
			return
		}
	}
	b.gathering = nil
	c.timerSeq++
	if c.timer != nil {
		c.timer.Stop()
	}
	c.sent = true
	c.sentAt = b.clock.Now()
	c.keys = make([]K, 0, c.distinct)
	for _, k := range c.order {
		if c.want[k] > 0 {
			c.keys = append(c.keys, k)
			b.lending[k] = c
		}
	}
	b.askOnTheWay(c)
	c.order, c.want = nil, nil
	if !full {
		b.pacers[c] = struct{}{}
		b.lastSent = c.sentAt
	}
	c.stuck = b.clock.AfterFunc(b.stuckAfter, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.settle(c)
	})
	go b.run(c)
}

// askOnTheWay adds to c, about to be sent, the keys of lookups announced by AnnounceGone that c does not ask for,
// while it has room, and records c as the latest call that asked for each (AnnounceGone). They are not lent:
// only those lookups take the answer for them.
func (b *Batcher[K, V]) askOnTheWay(c *call[K, V]) {
	var gone []*Announcement
	for a := range b.announced {
		if a.key != nil {
			gone = append(gone, a)
		}
	}
	// In the order announced, so that the call's keys do not depend on the map's order.
	slices.SortFunc(gone, func(x, y *Announcement) int { return cmp.Compare(x.seq, y.seq) })
	var added map[K]bool
	for _, a := range gone {
		k, ok := a.key.(K)
		if !ok { // only this batcher's AnnounceGone sets key, always a K
			continue
		}
		if c.want[k] == 0 && !added[k] {
			if len(c.keys) >= b.maxKeys {
				continue
			}
			if added == nil {
				added = map[K]bool{}
			}
			added[k] = true
			c.keys = append(c.keys, k)
		}
		b.asked[a] = c
	}
}

// minEarlyKeys is the fewest keys a call needs to go while others are in flight, before one answers: a lone
// lookup arriving while reads trickle in (terraform's refresh on a busy CPU) would otherwise make a call of its
// own each time, for a gain of part of a round trip.
const minEarlyKeys = 2

// paceWait is how long an urgent non-full call must wait before it may go: 0 when it may go now, a duration
// when it may go once that has passed, -1 when it must wait for a call in flight to answer (MaxInFlight are
// out, or no call has answered yet to say how long a round trip takes).
func (b *Batcher[K, V]) paceWait(c *call[K, V]) time.Duration {
	n := len(b.pacers)
	switch {
	case n == 0:
		return 0
	case n >= b.maxInFlight || b.rtt == 0 || c.distinct < minEarlyKeys:
		return -1
	}
	space := b.rtt / time.Duration(b.maxInFlight)
	if since := b.clock.Now().Sub(b.lastSent); since < space {
		return space - since
	}
	return 0
}

func (b *Batcher[K, V]) run(c *call[K, V]) {
	found, err := b.fetch(c.ctx, c.keys)
	b.mu.Lock()
	defer b.mu.Unlock()
	c.found, c.err = found, err
	if c.stuck.Stop() && err == nil { // answered in time: its round trip says how long one takes
		took := b.clock.Now().Sub(c.sentAt)
		if b.rtt == 0 {
			b.rtt = took
		} else {
			b.rtt += (took - b.rtt) / 4
		}
	}
	b.settle(c)
	close(c.done)
	c.cancel()
}

// settle ends c's part in pacing and lending: it answered, was abandoned, or is stuck. The next call may go.
func (b *Batcher[K, V]) settle(c *call[K, V]) {
	if c.settled {
		return
	}
	c.settled = true
	for _, k := range c.keys {
		if b.lending[k] == c {
			delete(b.lending, k)
		}
	}
	delete(b.pacers, c)
	b.dispatch()
}

// leave withdraws a lookup whose context ended. Its key leaves a call not yet sent; a call nobody waits for is
// abandoned: never sent, or its context cancelled (and it no longer holds the next call back).
func (b *Batcher[K, V]) leave(c *call[K, V], key K) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c.waiters--
	if !c.sent {
		c.want[key]--
		if c.want[key] == 0 {
			c.distinct--
		}
	}
	if c.waiters > 0 {
		return
	}
	c.cancel()
	if c.sent {
		b.settle(c)
		return
	}
	if b.gathering == c {
		b.gathering = nil
		c.timerSeq++
		if c.timer != nil {
			c.timer.Stop()
		}
	}
}
