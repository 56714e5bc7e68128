package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
)

// tokenlessWorld is an API without idempotency tokens: objects with tags, and a create whose outcome per
// attempt the test scripts.
type tokenlessWorld struct {
	objects map[string]map[string]string // ID -> tags
	next    int
	creates int
	finds   int
}

// outcome of one create attempt: whether the API acts, and the error the caller sees (nil: the answer arrives).
type outcome struct {
	acts bool
	err  error
}

var (
	dropped     = &APIError{Code: CodeConnection, Message: "connection reset", cause: io.EOF}
	refused     = &APIError{Code: CodeConnection, Message: "connection refused", cause: syscall.ECONNREFUSED}
	throttled   = &APIError{Code: "Throttling", HTTPStatus: http.StatusBadRequest}
	internalErr = &APIError{Code: "InternalError", HTTPStatus: http.StatusInternalServerError}
	badParam    = &APIError{Code: "InvalidParameter", HTTPStatus: http.StatusBadRequest}
)

func (w *tokenlessWorld) add(tags map[string]string) string {
	w.next++
	id := fmt.Sprintf("obj-%d", w.next)
	if w.objects == nil {
		w.objects = map[string]map[string]string{}
	}
	w.objects[id] = tags
	return id
}

// create is a TokenlessCreate of the world, with a marker, whose attempts go as script says (then succeed).
func (w *tokenlessWorld) create(m Marker, script ...outcome) TokenlessCreate {
	return TokenlessCreate{
		Product: ProductECS, Action: "CreateThing",
		Send: func(ctx context.Context, retry RetryPolicy) (string, error) {
			var id string
			err := retry.Do(ctx, ProductECS, "CreateThing", func(context.Context) (string, error) {
				o := outcome{acts: true}
				if w.creates < len(script) {
					o = script[w.creates]
				}
				w.creates++
				if o.acts {
					id = w.add(map[string]string{"name": "same", m.Key: m.Value})
				}
				return "R", o.err
			})
			return id, err
		},
		Find: func(context.Context) (string, bool, error) {
			w.finds++
			for id, tags := range w.objects {
				if m.Carried(tags) {
					return id, true, nil
				}
			}
			return "", false, nil
		},
		Unmark: func(_ context.Context, id string) error {
			delete(w.objects[id], m.Key)
			return nil
		},
	}
}

func (w *tokenlessWorld) marked() int {
	n := 0
	for _, tags := range w.objects {
		if _, ok := tags[AttemptMarkerKey]; ok {
			n++
		}
	}
	return n
}

func testPolicy(maxRetries int) RetryPolicy {
	return (&fakeClock{}).policy(&maxRetries)
}

// The answer of the attempt that made the object is lost: the object is found by its marker and adopted, and
// no second create is sent.
func TestCreateWithoutToken_lostAnswerThenFound(t *testing.T) {
	t.Parallel()
	for _, lost := range []*APIError{dropped, internalErr} {
		w := &tokenlessWorld{}
		id, err := CreateWithoutToken(t.Context(), testPolicy(3), w.create(NewMarker(), outcome{acts: true, err: lost}))
		if err != nil || id != "obj-1" {
			t.Fatalf("%s: %q, %v; want obj-1", lost.Code, id, err)
		}
		if w.creates != 1 || len(w.objects) != 1 || w.finds != 1 {
			t.Errorf("%s: %d creates, %d objects, %d finds; want 1, 1, 1", lost.Code, w.creates, len(w.objects), w.finds)
		}
		if w.marked() != 0 {
			t.Errorf("%s: the adopted object still carries the marker", lost.Code)
		}
	}
}

// An object that does not carry this call's marker (the user's, of the same name; another call's) is never
// adopted: the attempt that made nothing is tried again.
func TestCreateWithoutToken_foundWithoutMarkerNotAdopted(t *testing.T) {
	t.Parallel()
	w := &tokenlessWorld{}
	users := w.add(map[string]string{"name": "same"})
	other := w.add(map[string]string{"name": "same", AttemptMarkerKey: NewMarker().Value})
	id, err := CreateWithoutToken(t.Context(), testPolicy(3), w.create(NewMarker(), outcome{acts: false, err: dropped}))
	if err != nil || id == users || id == other || id == "" {
		t.Fatalf("%q, %v; want a new object, not %s nor %s", id, err, users, other)
	}
	if w.creates != 2 || len(w.objects) != 3 {
		t.Errorf("%d creates, %d objects; want 2 and 3", w.creates, len(w.objects))
	}
	if _, ok := w.objects[id][AttemptMarkerKey]; ok {
		t.Errorf("the new object still carries the marker")
	}
}

// Success removes the marker; a removal that fails is no failure of the create.
func TestCreateWithoutToken_markerRemovedAfterSuccess(t *testing.T) {
	t.Parallel()
	w := &tokenlessWorld{}
	m := NewMarker()
	id, err := CreateWithoutToken(t.Context(), testPolicy(3), w.create(m))
	if err != nil || w.objects[id] == nil || w.finds != 0 {
		t.Fatalf("%q, %v, %d finds", id, err, w.finds)
	}
	if m.Carried(w.objects[id]) {
		t.Errorf("marker not removed: %v", w.objects[id])
	}

	w = &tokenlessWorld{}
	c := w.create(m)
	c.Unmark = func(context.Context, string) error { return errors.New("UntagResources: Forbidden.RAM") }
	id, err = CreateWithoutToken(t.Context(), testPolicy(3), c)
	if err != nil || !m.Carried(w.objects[id]) {
		t.Fatalf("%q, %v, tags %v: want the object, its marker left (and hidden by readers)", id, err, w.objects[id])
	}
}

// Failures that surely made nothing are retried without looking; refusals for good are returned at once.
func TestCreateWithoutToken_surelyNotActedRetriedBlindly(t *testing.T) {
	t.Parallel()
	w := &tokenlessWorld{}
	id, err := CreateWithoutToken(t.Context(), testPolicy(3), w.create(NewMarker(), outcome{err: throttled}, outcome{err: refused}))
	if err != nil || id == "" || w.creates != 3 || w.finds != 0 || len(w.objects) != 1 {
		t.Fatalf("%q, %v: %d creates, %d finds, %d objects; want 3, 0, 1", id, err, w.creates, w.finds, len(w.objects))
	}

	w = &tokenlessWorld{}
	_, err = CreateWithoutToken(t.Context(), testPolicy(3), w.create(NewMarker(), outcome{err: badParam}))
	if !IsCode(err, "InvalidParameter") || w.creates != 1 || w.finds != 0 {
		t.Fatalf("%v: %d creates, %d finds; want the refusal after 1 create and no find", err, w.creates, w.finds)
	}
}

// Every retry lost its answer: the last attempt's object is found once the retries are used up.
func TestCreateWithoutToken_retriesUsedUpLooksOnceMore(t *testing.T) {
	t.Parallel()
	w := &tokenlessWorld{}
	id, err := CreateWithoutToken(t.Context(), testPolicy(1), w.create(NewMarker(),
		outcome{acts: false, err: dropped}, outcome{acts: true, err: dropped}))
	if err != nil || id == "" || w.creates != 2 || len(w.objects) != 1 || w.finds != 2 {
		t.Fatalf("%q, %v: %d creates, %d objects, %d finds; want the object of the 2nd create after 2 finds", id, err, w.creates, len(w.objects), w.finds)
	}

	w = &tokenlessWorld{}
	_, err = CreateWithoutToken(t.Context(), testPolicy(1), w.create(NewMarker(),
		outcome{acts: false, err: dropped}, outcome{acts: false, err: dropped}))
	if !IsCode(err, CodeConnection) || w.creates != 2 || len(w.objects) != 0 {
		t.Fatalf("%v: %d creates, %d objects; want the connection error after 2 creates and nothing made", err, w.creates, len(w.objects))
	}
}

// The caller's context ends while the answer is awaited: what the attempt made is still looked for, in a
// context of its own, and returned.
func TestCreateWithoutToken_interruptedStillFinds(t *testing.T) {
	t.Parallel()
	w := &tokenlessWorld{}
	ctx, cancel := context.WithCancel(t.Context())
	m := NewMarker()
	c := w.create(m)
	c.Send = func(context.Context, RetryPolicy) (string, error) {
		w.creates++
		w.add(map[string]string{m.Key: m.Value})
		cancel() // the user interrupts before the answer is read
		return "", fmt.Errorf("ECS CreateThing stopped after 1 attempts: %w", context.Canceled)
	}
	find := c.Find
	c.Find = func(ctx context.Context) (string, bool, error) {
		if ctx.Err() != nil {
			return "", false, ctx.Err()
		}
		return find(ctx)
	}
	id, err := CreateWithoutToken(ctx, testPolicy(3), c)
	if err != nil || id != "obj-1" || w.creates != 1 {
		t.Fatalf("%q, %v after %d creates; want obj-1 after 1", id, err, w.creates)
	}
}

// Without a way to find what an attempt made, a failure of unknown fate is returned, never retried.
func TestCreateWithoutToken_noFindNeverRetriesUnknownFate(t *testing.T) {
	t.Parallel()
	w := &tokenlessWorld{}
	c := w.create(NewMarker(), outcome{acts: true, err: dropped})
	c.Find = nil
	_, err := CreateWithoutToken(t.Context(), testPolicy(3), c)
	if !IsCode(err, CodeConnection) || w.creates != 1 || !strings.Contains(err.Error(), "may have acted") {
		t.Fatalf("%v after %d creates; want the connection error, explained, after 1", err, w.creates)
	}
}

func TestFateUnknownAndSurelyNotActed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err              error
		unknown, notActs bool
	}{
		{dropped, true, false},
		{internalErr, true, false},
		{&APIError{Code: "ServiceUnavailable", HTTPStatus: 503}, true, false},
		{refused, false, true},
		{throttled, false, true},
		{badParam, false, true},
		{&APIError{Code: CodeUnknownHost}, false, true},
		{context.Canceled, false, false},
		{fmt.Errorf("wrapped: %w", dropped), true, false},
	} {
		if got := FateUnknown(tc.err); got != tc.unknown {
			t.Errorf("FateUnknown(%v) = %v", tc.err, got)
		}
		if got := SurelyNotActed(tc.err); got != tc.notActs {
			t.Errorf("SurelyNotActed(%v) = %v", tc.err, got)
		}
	}
}
