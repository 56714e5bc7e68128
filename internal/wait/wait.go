// Package wait is the one waiter of the provider, after terraform-provider-aws's retry.StateChangeConfOf
// (https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/retry/state.go): a status function,
// pending, target and failed statuses, a schedule of checks, an allowance for an object not visible yet, rides
// over transient API failures, progress through a callback, and one wording for a wait that ends without its
// goal. Each resource keeps its own find/status/wait functions at the foot of its file, built on this.
package wait

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const (
	// TransientFailures is how many checks in a row may fail with a retryable error (throttling, 5xx, a
	// dropped connection, each already retried by the client) before a wait gives up: a long wait should not
	// fail on one bad minute of the API.
	TransientFailures = 5
	// MinInterval is the shortest delay between checks: after a transient failure, after a miss of a new
	// object, and the start of every backoff.
	MinInterval = 1 * time.Second
	// MaxTransientInterval bounds the backoff after failed checks.
	MaxTransientInterval = 5 * time.Second
	// MaxAimedInterval bounds a check aimed at the end the API expects (Aimed): long operations are still
	// checked this often, to catch an early end and report progress; with batching those checks are shared
	// by every wait in the provider.
	MaxAimedInterval = 30 * time.Second
	// MaxDeleteInterval bounds the backoff while waiting for a deleted object to disappear.
	MaxDeleteInterval = 5 * time.Second
	// NotFoundChecks is how many times an object just created may be missing from its describe call
	// (eventual consistency) before a create wait gives up.
	NotFoundChecks = 5

	// FirstCreateSlack is how long the first check after a create may wait to share its call with other
	// operations' checks. Terraform starts the creates of a wave (up to -parallelism) within some tens of
	// milliseconds of each other; a slack that covers that spread puts the wave's first checks in one call, so
	// that they answer together and the wave's later checks, aimed at the same RemainTime, share one call too
	// (about two calls per wave instead of four or five, which also keeps the next wave together). It is not
	// free: RemainTime is rounded up to whole seconds, so the next check comes RemainTime after this one, and
	// every millisecond this check waits delays the end of the wait by as much. Measured by `make bench`
	// (create of 100 snapshots at -parallelism 10): 200 ms (Slack 50 ms) took 53.7 s for 0.2 calls per
	// snapshot, 40 ms (with Slack 10 ms) 51.7 s for 0.49 as waves split apart, 60 ms 51.7 s for 0.26; the
	// targets are <= 52 s and <= 0.3.
	FirstCreateSlack = 60 * time.Millisecond
	// Slack is the slack of the later checks of a wait. The checks of a wave whose first checks shared a call
	// wake at the same moment, give or take scheduling, so a few milliseconds let them share one call; more
	// would only add to every wait (checks are aimed at whole seconds of RemainTime or back off by seconds, so
	// waits that wake far apart gain nothing from tens of milliseconds).
	Slack = 10 * time.Millisecond
	// FirstDeleteSlack is how long the first check after a delete may wait for company. Terraform deletes in
	// waves of -parallelism, and the first checks of a wave (which nearly always confirm the object gone) arrive
	// as their delete calls answer; without slack the first of them goes alone and the rest follow in calls of
	// one or two (a destroy of 30 made 16-20 DescribeSnapshots calls). Each delete announces its first check
	// while its call is in flight (batch.Batcher.Announce), and a check past its slack holds for the deletes
	// already under way, so the slack only has to gather the deletes terraform starts a little after the first
	// answer. It is added to each delete's time: make bench, three runs each with the hold, destroy of 200 made
	// at once: 25 ms 3.25 s for 110 calls, 10 ms 3.02 s for 109, none 3.12 s for 161 (destroy of 30: 0.556,
	// 0.527 and 0.526 s for 11, 12 and 18 calls); see the README's Performance section.
	FirstDeleteSlack = 10 * time.Millisecond
)

// Announcer tells the finder behind a wait's checks that a check comes in the given delay, so that a call
// gathering other waits' checks can hold for it (batch.Batcher.Announce): it returns the context for that check and
// the function that withdraws the announcement if the check does not come.
type Announcer func(ctx context.Context, in time.Duration) (context.Context, func())

// Sleep waits d or until ctx is done, whichever comes first, and returns ctx's error in the latter case.
// Tests replace it with a fake clock.
type Sleep func(ctx context.Context, d time.Duration) error

// Context is the real Sleep.
func Context(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// NotFoundError is what a finder returns for an object its API does not know: one type for every finder, so
// that Read, import and the waiters tell "gone" from a failed call the same way.
type NotFoundError struct {
	Kind string // "snapshot", "desktop snapshot"
	ID   string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %s not found", e.Kind, e.ID) }

// IsNotFound reports whether err is (or wraps) a *NotFoundError.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// StatusFunc reports the object and its status. A status of "" without error means the object is not found.
// slack is how long the lookup may wait for other lookups to share its call (see FirstCreateSlack).
type StatusFunc[T any] func(ctx context.Context, slack time.Duration) (T, string, error)

// StatusOf is the StatusFunc for object id of a finder that answers a missing object with a *NotFoundError.
func StatusOf[T any](find func(ctx context.Context, id string, slack time.Duration) (T, error), id string, status func(T) string) StatusFunc[T] {
	return func(ctx context.Context, slack time.Duration) (T, string, error) {
		v, err := find(ctx, id, slack)
		if IsNotFound(err) {
			var zero T
			return zero, "", nil
		}
		if err != nil {
			return v, "", err
		}
		return v, status(v), nil
	}
}

// Found turns a lookup's answer (the value, whether there is one, the error) into a finder's: the value, or a
// *NotFoundError naming kind and id.
func Found[T any](v T, found bool, err error, kind, id string) (*T, error) {
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, &NotFoundError{Kind: kind, ID: id}
	}
	return &v, nil
}

// Interval chooses the delay before the next check from the object last seen pending; pending counts the
// checks that have seen it pending so far (1 after the first).
type Interval[T any] func(last T, pending int) time.Duration

// Aimed aims each check at the end the API expects (remain of the object, as its RemainTime), between
// MinInterval and MaxAimedInterval. RemainTime is rounded up to whole seconds, so a check at that time finds
// the end already reached rather than just missed; an unknown remaining time (0 or less) checks again soon.
// A wait usually takes two checks: one to learn the remaining time and one to see the end.
func Aimed[T any](remain func(T) time.Duration) Interval[T] {
	return func(last T, _ int) time.Duration {
		return min(max(remain(last), MinInterval), MaxAimedInterval)
	}
}

// Backoff is MinInterval, doubling with every pending check, up to limit: for what the API gives no
// remaining time for.
func Backoff[T any](limit time.Duration) Interval[T] {
	return func(_ T, pending int) time.Duration {
		return min(MinInterval<<min(pending-1, 8), limit)
	}
}

// ProgressFunc is told of every check that finds the object pending, with the delay before the next one.
// Resources log it (LogProgress); an action sends it to the CLI.
type ProgressFunc[T any] func(ctx context.Context, last T, status string, next time.Duration)

// LogProgress is the ProgressFunc that writes one tflog Info line per check: msg, the status, the delay
// before the next check, and the fields of the object.
func LogProgress[T any](msg string, fields func(T) map[string]any) ProgressFunc[T] {
	return func(ctx context.Context, last T, status string, next time.Duration) {
		f := map[string]any{"status": status, "next_check_in": next.String()}
		if fields != nil {
			for k, v := range fields(last) {
				f[k] = v
			}
		}
		tflog.Info(ctx, msg, f)
	}
}

// StateChangeConf is one wait: Refresh is checked, and checked again after Interval, until it answers a
// Target status (or, with no Target, until the object is gone: a delete), a Failed status, or an error; ctx
// bounds it (the operation's timeout, or the user's interrupt).
type StateChangeConf[T any] struct {
	// Kind, ID and TypeName name the object in messages: "snapshot", its ID, and its resource type
	// ("aliecs_snapshot"), which the advice on untainting shows.
	Kind, ID, TypeName string
	// Goal is what the wait is for, as in "waiting for snapshot s-1 to be <Goal>": "created", "deleted".
	Goal string

	// Pending statuses are waited through; nil waits through every status but Target and Failed. Another
	// status ends the wait with an error.
	Pending []string
	// Target statuses end the wait; none means that the object being gone is the target (a delete).
	Target []string
	// Failed statuses end the wait with an error: the operation failed and will not finish.
	Failed []string

	Refresh  StatusFunc[T]
	Interval Interval[T]
	// FirstSlack is the slack of the first check, Slack of the later ones (FirstCreateSlack, Slack).
	FirstSlack, Slack time.Duration
	// NotFoundChecks is how many checks may miss an object that has not been seen yet before the wait gives
	// up; an object that was seen and then missed has disappeared. Ignored when the target is its absence.
	NotFoundChecks int
	// Retryable tells the errors worth another check (the client's judgement); nil retries none.
	Retryable func(error) bool

	// Describe tells how far the object got, after its status ("at 40%, about 600s remaining"), for
	// messages; may be nil.
	Describe func(T) string
	// Progress is told of every pending check; may be nil.
	Progress ProgressFunc[T]
	// Sleep is Context, or a fake clock in tests.
	Sleep Sleep
	// Announce, when set, tells the finder behind Refresh when the next check comes. May be nil.
	Announce Announcer
	// Untracked, when set, is what becomes of an object that no Terraform state holds (one an action made),
	// said in place of the advice on tainted resources: "is kept ... delete it with ...".
	Untracked string
}

// Wait checks until the object reaches its goal. It returns the object as last seen (the zero value if it
// never was) and, for a wait that ends without its goal, an *Error.
func (c *StateChangeConf[T]) Wait(ctx context.Context) (T, error) {
	var last T
	lastStatus := ""
	seen := false
	misses, failures, pending := 0, 0, 0
	checkCtx, withdraw := ctx, func() {}
	for check := 0; ; check++ {
		slack := c.Slack
		if check == 0 {
			slack = c.FirstSlack
		}
		v, status, err := c.Refresh(checkCtx, slack)
		withdraw()
		if err == nil {
			failures = 0
		}
		var delay time.Duration
		switch {
		case err != nil && c.transient(ctx, err, &failures):
			delay = TransientDelay(failures)
			tflog.Warn(ctx, fmt.Sprintf("checking %s %s failed; trying again", c.Kind, c.ID), map[string]any{
				"id": c.ID, "error": err.Error(), "next_check_in": delay.String(),
			})
		case err != nil:
			return last, c.fail(ctx, ReasonError, lastStatus, last, seen, err)
		case status == "" && len(c.Target) == 0:
			return v, nil
		case status == "" && seen:
			return last, c.fail(ctx, ReasonDisappeared, lastStatus, last, seen, nil)
		case status == "":
			misses++
			if misses > c.NotFoundChecks {
				return last, &Error{Kind: c.Kind, ID: c.ID, Goal: c.Goal, Reason: ReasonNeverFound, Checks: misses}
			}
			delay = MinInterval
		case slices.Contains(c.Target, status):
			return v, nil
		case slices.Contains(c.Failed, status):
			return v, c.fail(ctx, ReasonFailed, status, v, true, nil)
		case c.Pending != nil && !slices.Contains(c.Pending, status):
			return v, c.fail(ctx, ReasonUnexpected, status, v, true, nil)
		default:
			last, lastStatus, seen = v, status, true
			pending++
			delay = c.Interval(v, pending)
			if c.Progress != nil {
				c.Progress(ctx, v, status, delay)
			}
		}
		if c.Announce != nil {
			checkCtx, withdraw = c.Announce(ctx, delay)
		}
		if err := c.Sleep(ctx, delay); err != nil {
			withdraw()
			return last, c.fail(ctx, ReasonError, lastStatus, last, seen, err)
		}
	}
}

func (c *StateChangeConf[T]) transient(ctx context.Context, err error, failures *int) bool {
	if ctx.Err() != nil || c.Retryable == nil || !c.Retryable(err) {
		return false
	}
	*failures++
	return *failures <= TransientFailures
}

// TransientDelay backs off after failed checks: MinInterval, doubling, up to MaxTransientInterval.
func TransientDelay(failures int) time.Duration {
	return min(MinInterval<<min(failures-1, 8), MaxTransientInterval)
}

func (c *StateChangeConf[T]) fail(ctx context.Context, reason Reason, status string, last T, seen bool, err error) *Error {
	e := &Error{Kind: c.Kind, ID: c.ID, TypeName: c.TypeName, Goal: c.Goal, Reason: reason, Err: err,
		Target: strings.Join(c.Target, " or "), Untracked: c.Untracked}
	if seen {
		e.Status = status
		if c.Describe != nil {
			e.Progress = c.Describe(last)
		}
	}
	if reason == ReasonError && ctx.Err() != nil {
		e.Reason, e.Err = ReasonTimedOut, ctx.Err()
		if errors.Is(e.Err, context.Canceled) {
			e.Reason = ReasonCancelled
		}
	}
	return e
}

// Reason is why a wait ended without its goal.
type Reason int

const (
	// ReasonTimedOut: the operation's timeout ran out.
	ReasonTimedOut Reason = iota + 1
	// ReasonCancelled: Terraform was interrupted.
	ReasonCancelled
	// ReasonError: a check failed, not transiently, or too often in a row.
	ReasonError
	// ReasonFailed: the object reached a Failed status.
	ReasonFailed
	// ReasonUnexpected: the object reached a status neither pending, target nor failed.
	ReasonUnexpected
	// ReasonDisappeared: the object was seen, then no longer found.
	ReasonDisappeared
	// ReasonNeverFound: the object was never found within the allowance (NotFoundChecks).
	ReasonNeverFound
)

// Error is a wait that ended without its goal, worded the same way for every resource: what happened, where
// the object was last seen, and what becomes of it.
type Error struct {
	Kind, ID, TypeName, Goal string
	Reason                   Reason
	// Status and Progress are where the object was last seen; Status "" when it never was.
	Status, Progress string
	Target           string
	Checks           int   // checks that missed the object, for ReasonNeverFound
	Err              error // the context's or the API's error
	// Untracked is StateChangeConf.Untracked: what becomes of an object no state holds.
	Untracked string
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	if e.Untracked != "" && (e.Reason == ReasonFailed || e.Reason == ReasonUnexpected) {
		return e.untracked()
	}
	what := e.Kind + " " + e.ID
	var msg string
	switch e.Reason {
	case ReasonTimedOut, ReasonCancelled:
		verb := "timed out"
		if e.Reason == ReasonCancelled {
			verb = "cancelled"
		}
		seen := "no status seen yet"
		if e.Status != "" {
			seen = "last seen " + e.seen()
		}
		msg = fmt.Sprintf("%s waiting for %s to be %s (%s): %s", verb, what, e.Goal, seen, e.Err)
	case ReasonError:
		msg = fmt.Sprintf("waiting for %s to be %s: %s", what, e.Goal, e.Err)
	case ReasonFailed:
		return fmt.Sprintf("%s failed to be %s (status %q%s); it is kept in the state as tainted and the next apply "+
			"replaces it", what, e.Goal, e.Status, spaced(e.Progress))
	case ReasonUnexpected:
		return fmt.Sprintf("%s is in status %q%s while waiting for it to be %s (%s): the provider does not know "+
			"this status; it is kept in the state as tainted and the next apply replaces it",
			what, e.Status, spaced(e.Progress), e.Goal, e.Target)
	case ReasonDisappeared:
		return fmt.Sprintf("%s disappeared while waiting for it to be %s (last seen %s): it was deleted, or what it "+
			"was made from was released", what, e.Goal, e.seen())
	case ReasonNeverFound:
		return fmt.Sprintf("%s not found after %d checks while waiting for it to be %s", what, e.Checks, e.Goal)
	}
	return msg + e.advice()
}

func (e *Error) seen() string { return e.Status + spaced(e.Progress) }

// untracked words a failed or unknown status of an object no state holds.
func (e *Error) untracked() string {
	what := e.Kind + " " + e.ID
	if e.Reason == ReasonFailed {
		return fmt.Sprintf("%s failed to be %s (status %q%s).%s", what, e.Goal, e.Status, spaced(e.Progress), e.advice())
	}
	return fmt.Sprintf("%s is in status %q%s while waiting for it to be %s (%s): the provider does not know this status.%s",
		what, e.Status, spaced(e.Progress), e.Goal, e.Target, e.advice())
}

// advice tells what becomes of an object whose wait ended early while the API goes on with it. Terraform
// taints a resource whose create fails, and would delete the object, finished by then, to make a new one:
// untainting keeps it. A resource whose delete fails stays in the state as it was.
func (e *Error) advice() string {
	subject := strings.ToUpper(e.Kind[:1]) + e.Kind[1:] + " " + e.ID
	if e.Untracked != "" {
		return fmt.Sprintf("\n\n%s %s", subject, e.Untracked)
	}
	if e.Goal != "created" {
		return fmt.Sprintf("\n\n%s stays in the state: the API may still be working on it. The next apply (or destroy) "+
			"checks it again.", subject)
	}
	return fmt.Sprintf("\n\n%s is kept: the API accepted it and goes on creating it. Terraform keeps it in the state "+
		"as tainted, so the next apply would delete it and create a new one. To keep this one instead, run "+
		"terraform untaint <address> with this resource's address (shown above, e.g. %s.example); the next apply "+
		"then keeps it, and a refresh shows its progress.", subject, e.TypeName)
}

// spaced is s after a space, or nothing when s is empty.
func spaced(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

// ForCreate is c set up to wait for a new object to go from pending to target, failing at failed, checking
// at interval, with the create waits' slack and not-found allowance.
func (c StateChangeConf[T]) ForCreate(pending, target, failed string, interval Interval[T]) *StateChangeConf[T] {
	c.Goal, c.Pending, c.Target, c.Failed, c.Interval = "created", []string{pending}, []string{target}, []string{failed}, interval
	c.FirstSlack, c.Slack, c.NotFoundChecks = FirstCreateSlack, Slack, NotFoundChecks
	return &c
}

// ForDelete is c set up to wait for a deleted object to be gone, backing off to MaxDeleteInterval; the
// first check goes at once, with FirstDeleteSlack for company.
func (c StateChangeConf[T]) ForDelete() *StateChangeConf[T] {
	c.Goal, c.Interval, c.FirstSlack, c.Slack = "deleted", Backoff[T](MaxDeleteInterval), FirstDeleteSlack, Slack
	return &c
}
