package wait

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// obj is what the fake API answers: a status and a progress.
type obj struct {
	status   string
	progress int
	remain   time.Duration
}

// step is one answer of the fake API: an object, nil for "not found", or an error.
type step struct {
	o   *obj
	err error
}

// script answers one step per check and records the slack each check was given.
type script struct {
	steps  []step
	slacks []time.Duration
}

func (s *script) refresh(_ context.Context, slack time.Duration) (*obj, string, error) {
	if len(s.slacks) >= len(s.steps) {
		panic("checked more often than scripted")
	}
	st := s.steps[len(s.slacks)]
	s.slacks = append(s.slacks, slack)
	if st.err != nil {
		return nil, "", st.err
	}
	if st.o == nil {
		return nil, "", nil
	}
	return st.o, st.o.status, nil
}

// clock is a fake Sleep: it records the delays and, after cancelAfter sleeps, ends the context.
type clock struct {
	delays      []time.Duration
	cancelAfter int
	cancel      func()
}

func (c *clock) sleep(ctx context.Context, d time.Duration) error {
	c.delays = append(c.delays, d)
	if c.cancelAfter > 0 && len(c.delays) >= c.cancelAfter {
		c.cancel()
	}
	return ctx.Err()
}

var errRetryable = errors.New("throttled")

func create(s *script, c *clock) *StateChangeConf[*obj] {
	return &StateChangeConf[*obj]{
		Kind: "snapshot", ID: "s-1", TypeName: "aliecs_snapshot", Goal: "created",
		Pending: []string{"progressing"}, Target: []string{"accomplished"}, Failed: []string{"failed"},
		Refresh:    s.refresh,
		Interval:   Aimed(func(o *obj) time.Duration { return o.remain }),
		FirstSlack: FirstCreateSlack, Slack: Slack, NotFoundChecks: NotFoundChecks,
		Retryable: func(err error) bool { return errors.Is(err, errRetryable) },
		Describe:  func(o *obj) string { return fmt.Sprintf("at %d%%", o.progress) },
		Sleep:     c.sleep,
	}
}

func deletion(s *script, c *clock) *StateChangeConf[*obj] {
	return &StateChangeConf[*obj]{
		Kind: "snapshot", ID: "s-1", TypeName: "aliecs_snapshot", Goal: "deleted",
		Refresh: s.refresh, Interval: Backoff[*obj](MaxDeleteInterval), Slack: Slack,
		Retryable: func(err error) bool { return errors.Is(err, errRetryable) },
		Sleep:     c.sleep,
	}
}

func progressing(p int, remain time.Duration) step {
	return step{o: &obj{status: "progressing", progress: p, remain: remain}}
}

func TestWait_pendingToTargetAimedAtRemainTime(t *testing.T) {
	s := &script{steps: []step{
		progressing(0, time.Minute), // capped at MaxAimedInterval
		progressing(50, 12*time.Second),
		progressing(99, 0), // unknown remaining time: MinInterval
		{o: &obj{status: "accomplished", progress: 100}},
	}}
	c := &clock{}
	var reported []string
	conf := create(s, c)
	conf.Progress = func(_ context.Context, o *obj, status string, next time.Duration) {
		reported = append(reported, fmt.Sprintf("%s %d %s", status, o.progress, next))
	}
	got, err := conf.Wait(t.Context())
	if err != nil || got.status != "accomplished" {
		t.Fatalf("got %+v, %v; want accomplished", got, err)
	}
	if want := []time.Duration{30 * time.Second, 12 * time.Second, time.Second}; !slices.Equal(c.delays, want) {
		t.Errorf("delays %v, want %v", c.delays, want)
	}
	if want := []string{"progressing 0 30s", "progressing 50 12s", "progressing 99 1s"}; !slices.Equal(reported, want) {
		t.Errorf("progress reported %q, want %q", reported, want)
	}
}

// The first check of a create may wait FirstCreateSlack for company, the first of a delete FirstDeleteSlack, the
// later ones Slack.
func TestWait_slackPerCheck(t *testing.T) {
	s := &script{steps: []step{progressing(0, 5*time.Second), progressing(10, 5*time.Second), {o: &obj{status: "accomplished"}}}}
	if _, err := create(s, &clock{}).Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{60 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond}; !slices.Equal(s.slacks, want) {
		t.Errorf("create slacks %v, want %v", s.slacks, want)
	}
	s = &script{steps: []step{{o: &obj{status: "accomplished"}}, {}}}
	del := StateChangeConf[*obj]{Kind: "snapshot", ID: "s-1", TypeName: "aliecs_snapshot", Refresh: s.refresh,
		Sleep: (&clock{}).sleep}
	if _, err := del.ForDelete().Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{10 * time.Millisecond, 10 * time.Millisecond}; !slices.Equal(s.slacks, want) {
		t.Errorf("delete slacks %v, want %v", s.slacks, want)
	}
}

func TestWait_failedEndsAtOnceWithoutAdvice(t *testing.T) {
	s := &script{steps: []step{progressing(10, 20*time.Second), {o: &obj{status: "failed", progress: 50}}}}
	c := &clock{}
	got, err := create(s, c).Wait(t.Context())
	const want = `snapshot s-1 failed to be created (status "failed" at 50%); it is kept in the state as tainted and the next apply replaces it`
	if err == nil || err.Error() != want {
		t.Fatalf("error %q, want %q", err, want)
	}
	if got == nil || got.status != "failed" || len(c.delays) != 1 {
		t.Errorf("got %+v after %d sleeps; want the failed object after 1", got, len(c.delays))
	}
}

func TestWait_unexpectedStatusEnds(t *testing.T) {
	s := &script{steps: []step{{o: &obj{status: "archived", progress: 100}}}}
	_, err := create(s, &clock{}).Wait(t.Context())
	var we *Error
	if !errors.As(err, &we) || we.Reason != ReasonUnexpected || !strings.Contains(err.Error(), `status "archived"`) ||
		!strings.Contains(err.Error(), "(accomplished)") {
		t.Fatalf("error %v, want the unexpected status and the target", err)
	}
}

func TestWait_notFoundAllowance(t *testing.T) {
	s := &script{steps: []step{{}, {}, {o: &obj{status: "accomplished"}}}}
	c := &clock{}
	if _, err := create(s, c).Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{MinInterval, MinInterval}; !slices.Equal(c.delays, want) {
		t.Errorf("delays %v, want %v", c.delays, want)
	}

	s = &script{steps: make([]step, NotFoundChecks+1)}
	_, err := create(s, &clock{}).Wait(t.Context())
	var we *Error
	if !errors.As(err, &we) || we.Reason != ReasonNeverFound || len(s.slacks) != NotFoundChecks+1 ||
		err.Error() != "snapshot s-1 not found after 6 checks while waiting for it to be created" {
		t.Fatalf("error %v after %d checks", err, len(s.slacks))
	}
}

func TestWait_disappeared(t *testing.T) {
	s := &script{steps: []step{progressing(30, 10*time.Second), {}}}
	got, err := create(s, &clock{}).Wait(t.Context())
	if err == nil || !strings.Contains(err.Error(), "snapshot s-1 disappeared while waiting for it to be created (last seen progressing at 30%)") {
		t.Fatalf("error %v", err)
	}
	if strings.Contains(err.Error(), "untaint") {
		t.Errorf("error %q: a snapshot that is gone cannot be kept", err)
	}
	if got == nil || got.progress != 30 {
		t.Errorf("last seen %+v, want the one at 30%%", got)
	}
}

func TestWait_deleteEndsWhenGoneBackingOff(t *testing.T) {
	found := step{o: &obj{status: "accomplished"}}
	s := &script{steps: []step{found, found, found, found, found, {}}}
	c := &clock{}
	if _, err := deletion(s, c).Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}; !slices.Equal(c.delays, want) {
		t.Errorf("delays %v, want %v", c.delays, want)
	}
}

func TestWait_transientErrorsRiddenOut(t *testing.T) {
	s := &script{steps: []step{
		{err: errRetryable}, {err: errRetryable}, // backing off
		progressing(0, 5*time.Second),
		{err: errRetryable}, // the count starts again after a good check
		{o: &obj{status: "accomplished"}},
	}}
	c := &clock{}
	if _, err := create(s, c).Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, time.Second}; !slices.Equal(c.delays, want) {
		t.Errorf("delays %v, want %v", c.delays, want)
	}
}

func TestWait_lastingTransientErrorsEndTheWait(t *testing.T) {
	steps := []step{progressing(10, 5*time.Second)}
	for range TransientFailures + 1 {
		steps = append(steps, step{err: errRetryable})
	}
	s := &script{steps: steps}
	got, err := create(s, &clock{}).Wait(t.Context())
	if !errors.Is(err, errRetryable) || !strings.HasPrefix(err.Error(), "waiting for snapshot s-1 to be created: throttled") {
		t.Fatalf("error %v, want the API's error", err)
	}
	if !strings.Contains(err.Error(), "terraform untaint <address>") {
		t.Errorf("error %q: the snapshot goes on being created and can be kept", err)
	}
	if got == nil || got.progress != 10 || len(s.slacks) != TransientFailures+2 {
		t.Errorf("last seen %+v after %d checks", got, len(s.slacks))
	}
}

func TestWait_otherErrorsEndAtOnce(t *testing.T) {
	refused := errors.New("Forbidden.RAM")
	s := &script{steps: []step{{err: refused}}}
	if _, err := create(s, &clock{}).Wait(t.Context()); !errors.Is(err, refused) || len(s.slacks) != 1 {
		t.Fatalf("error %v after %d checks", err, len(s.slacks))
	}
}

// Timeout and interruption are worded the same for every resource: how far the object got, that it is kept
// and tainted, its ID and the command that keeps it.
func TestWait_timeoutAndCancelWording(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ctx    func() (context.Context, context.CancelFunc)
		prefix string
	}{
		{"cancelled", func() (context.Context, context.CancelFunc) { return context.WithCancel(t.Context()) }, "cancelled waiting for"},
		{"timed out", func() (context.Context, context.CancelFunc) {
			// The clock's "cancel" lets the deadline pass, as a timeout does.
			ctx, cancel := context.WithTimeout(t.Context(), time.Millisecond)
			return ctx, func() { <-ctx.Done(); cancel() }
		}, "timed out waiting for"},
	} {
		ctx, cancel := tc.ctx()
		s := &script{steps: []step{progressing(40, 10*time.Minute)}}
		conf := create(s, &clock{cancelAfter: 1, cancel: cancel})
		conf.Kind, conf.ID, conf.TypeName = "snapshot copy", "s-kept", "aliecs_snapshot_copy"
		got, err := conf.Wait(ctx)
		cancel()
		if got == nil || got.progress != 40 {
			t.Errorf("%s: last seen %+v", tc.name, got)
		}
		if err == nil {
			t.Fatalf("%s: no error", tc.name)
		}
		msg := err.Error()
		wantStart := tc.prefix + " snapshot copy s-kept to be created (last seen progressing at 40%): "
		if !strings.HasPrefix(msg, wantStart) {
			t.Errorf("%s: %q does not start with %q", tc.name, msg, wantStart)
		}
		for _, want := range []string{"Snapshot copy s-kept is kept", "tainted", "next apply would delete it",
			"terraform untaint <address>", "aliecs_snapshot_copy.example"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: %q does not say %q", tc.name, msg, want)
			}
		}
		if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v does not wrap the context's error", tc.name, err)
		}
	}
}

func TestWait_interruptedBeforeAnyStatus(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s := &script{steps: []step{{err: context.Canceled}}}
	_, err := create(s, &clock{}).Wait(ctx)
	if err == nil || !strings.HasPrefix(err.Error(), "cancelled waiting for snapshot s-1 to be created (no status seen yet)") ||
		!strings.Contains(err.Error(), "Snapshot s-1 is kept") {
		t.Fatalf("error %v", err)
	}
}

func TestWait_deleteTimeoutSaysItStays(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	s := &script{steps: []step{{o: &obj{status: "accomplished"}}}}
	_, err := deletion(s, &clock{cancelAfter: 1, cancel: cancel}).Wait(ctx)
	if err == nil || !strings.HasPrefix(err.Error(), "cancelled waiting for snapshot s-1 to be deleted (last seen accomplished)") ||
		!strings.Contains(err.Error(), "Snapshot s-1 stays in the state") || strings.Contains(err.Error(), "untaint") {
		t.Fatalf("error %v", err)
	}
}

func TestStatusOf_notFoundIsNoStatus(t *testing.T) {
	find := func(_ context.Context, _ string, slack time.Duration) (*obj, error) {
		if slack > 0 {
			return nil, fmt.Errorf("lookup: %w", &NotFoundError{Kind: "snapshot", ID: "s-1"})
		}
		return &obj{status: "accomplished"}, nil
	}
	status := StatusOf(find, "s-1", func(o *obj) string { return o.status })
	if o, st, err := status(t.Context(), 0); err != nil || st != "accomplished" || o == nil {
		t.Errorf("found: %v, %q, %v", o, st, err)
	}
	if o, st, err := status(t.Context(), time.Millisecond); err != nil || st != "" || o != nil {
		t.Errorf("not found: %v, %q, %v; want nil, \"\", nil", o, st, err)
	}
	if !IsNotFound(fmt.Errorf("x: %w", &NotFoundError{})) || IsNotFound(errors.New("snapshot s-1 not found")) {
		t.Error("IsNotFound must recognize the type, not the words")
	}
}

func TestFound(t *testing.T) {
	if v, err := Found(obj{status: "a"}, true, nil, "snapshot", "s-1"); err != nil || v.status != "a" {
		t.Errorf("found: %v, %v", v, err)
	}
	if v, err := Found(obj{}, false, nil, "snapshot", "s-1"); v != nil || !IsNotFound(err) || err.Error() != "snapshot s-1 not found" {
		t.Errorf("not found: %v, %v", v, err)
	}
	failed := errors.New("Forbidden.RAM")
	if v, err := Found(obj{}, false, failed, "snapshot", "s-1"); v != nil || !errors.Is(err, failed) {
		t.Errorf("error: %v, %v", v, err)
	}
}

func TestContext_stopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := Context(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if err := Context(t.Context(), time.Millisecond); err != nil {
		t.Fatalf("got %v after the delay", err)
	}
}

// An object no state holds (an action made it) is never said to be "kept in the state as tainted": the wait
// says what becomes of it instead, for every way the wait can end early.
func TestWait_untrackedObjectsGetTheirOwnAdvice(t *testing.T) {
	const keep = "is kept and no Terraform state holds it: delete it with DeleteSnapshot if unwanted."
	cases := map[string]struct {
		steps       []step
		cancelAfter int
		want        string
	}{
		"failed": {steps: []step{progressing(10, time.Second), {o: &obj{status: "failed", progress: 50}}},
			want: "snapshot s-1 failed to be created (status \"failed\" at 50%).\n\nSnapshot s-1 " + keep},
		"unknown status": {steps: []step{{o: &obj{status: "archived", progress: 100}}},
			want: "snapshot s-1 is in status \"archived\" at 100% while waiting for it to be created (accomplished): the provider does not know this status.\n\nSnapshot s-1 " + keep},
		"interrupted": {steps: []step{progressing(10, time.Second), progressing(40, time.Second)}, cancelAfter: 2,
			want: "cancelled waiting for snapshot s-1 to be created (last seen progressing at 40%): context canceled\n\nSnapshot s-1 " + keep},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			c := &clock{cancelAfter: tc.cancelAfter, cancel: cancel}
			conf := create(&script{steps: tc.steps}, c)
			conf.Untracked = keep
			_, err := conf.Wait(ctx)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error:\n%v\nwant:\n%s", err, tc.want)
			}
			if strings.Contains(err.Error(), "tainted") || strings.Contains(err.Error(), "untaint") {
				t.Errorf("an untracked object's error speaks of the state: %v", err)
			}
		})
	}
}

type announcedKey struct{}

// Each check after the first is announced, before the wait sleeps, with the delay until it; the check carries what
// the announcement returned, and every announcement is withdrawn once its check is made or the wait ends without
// it (an interrupted sleep).
func TestWait_announcesEachNextCheck(t *testing.T) {
	s := &script{steps: []step{progressing(0, 5*time.Second), progressing(90, time.Second), {o: &obj{status: "accomplished"}}}}
	var announced []time.Duration
	var carried []any
	withdrawn := 0
	conf := create(s, &clock{})
	refresh := conf.Refresh
	conf.Refresh = func(ctx context.Context, slack time.Duration) (*obj, string, error) {
		carried = append(carried, ctx.Value(announcedKey{}))
		return refresh(ctx, slack)
	}
	conf.Announce = func(ctx context.Context, in time.Duration) (context.Context, func()) {
		announced = append(announced, in)
		n := len(announced)
		return context.WithValue(ctx, announcedKey{}, n), func() { withdrawn++ }
	}
	if _, err := conf.Wait(context.WithValue(t.Context(), announcedKey{}, 0)); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{5 * time.Second, time.Second}; !slices.Equal(announced, want) {
		t.Errorf("announced %v, want %v", announced, want)
	}
	if want := []any{0, 1, 2}; !slices.Equal(carried, want) {
		t.Errorf("the checks carried announcements %v, want %v (the caller's, then each in turn)", carried, want)
	}
	if withdrawn != 2 {
		t.Errorf("%d announcements withdrawn, want 2", withdrawn)
	}

	// An interrupted sleep withdraws the announcement of the check that will not come.
	ctx, cancel := context.WithCancel(t.Context())
	s = &script{steps: []step{progressing(0, 5*time.Second)}}
	conf = create(s, &clock{cancelAfter: 1, cancel: cancel})
	withdrawn = 0
	conf.Announce = func(ctx context.Context, _ time.Duration) (context.Context, func()) {
		return ctx, func() { withdrawn++ }
	}
	if _, err := conf.Wait(ctx); err == nil {
		t.Fatal("the wait ended without error when its context did")
	}
	if withdrawn != 1 {
		t.Errorf("%d announcements withdrawn after the interrupted sleep, want 1", withdrawn)
	}
}
