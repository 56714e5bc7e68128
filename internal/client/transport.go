package client

import (
	"context"
	"fmt"
	"time"

	service "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
)

// Timeouts of one attempt. The caller's context bounds the whole call, retries included.
const (
	connectTimeout = 10 * time.Second
	readTimeout    = 30 * time.Second
)

// The SDKs' HTTP layer (tea, under every darabonba client: ECS, STS, ECD alike) keeps one process-wide
// http.Client per combination of host and timeouts, and rewrites that client's Timeout field on every request
// while other requests read it: a data race whenever two calls to the same host overlap. Each in-flight call
// therefore holds a slot, and slot k asks for a read timeout k milliseconds longer than the base, which gives
// it an http.Client of its own. The slots are one pool for every product, because two products can share a
// host (the emulator serves them all on one port) and with it tea's clients. The number of slots bounds both
// the calls in flight in the process and the http.Clients tea keeps. A cleaner fix, a caller-supplied HTTP
// client, needs darabonba-openapi >= 2.1, which ecs-20140526/v4 does not accept.
const TransportSlots = 16

var freeSlots = func() chan int {
	ch := make(chan int, TransportSlots)
	for k := range TransportSlots {
		ch <- k
	}
	return ch
}()

func acquireTransportSlot(ctx context.Context) (int, error) {
	select {
	case k := <-freeSlots:
		return k, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func releaseTransportSlot(k int) { freeSlots <- k }

// runtimeOptions are made for every attempt: timeouts per slot, and no retries by the SDK, which are ours.
func runtimeOptions(slot int) *service.RuntimeOptions {
	return &service.RuntimeOptions{
		Autoretry:      tea.Bool(false),
		MaxAttempts:    tea.Int(1),
		ConnectTimeout: tea.Int(int(connectTimeout / time.Millisecond)),
		ReadTimeout:    tea.Int(int(readTimeout/time.Millisecond) + slot),
	}
}

// Call names one API call for Invoke.
type Call struct {
	Product Product
	Action  string
	// ToAnswer is for calls that create something: an attempt once sent is waited for until its answer
	// (within the SDK's own timeouts) even when ctx ends meanwhile, because the API may have acted on it and
	// only the answer tells what it made; ctx's end still stops further retries. Without it, an interrupt
	// (terraform stopped) between the API creating a resource and its answer arriving would orphan the resource.
	ToAnswer bool
}

// SendFunc makes one attempt with the runtime options Invoke chose. It must build its own SDK client: the
// SDK clients are not safe for concurrent use (every call writes the client's Headers field).
type SendFunc[R any] func(rt *service.RuntimeOptions) (*R, error)

// Invoke sends one call with retries (retry), a transport slot per attempt, logging and typed errors. The
// SDKs take no context, so each attempt runs in its own goroutine and is abandoned (left to finish within the
// SDK's timeouts, its answer dropped) when ctx ends first, unless call.ToAnswer. requestID reads the request
// ID of an answer for the logs.
func Invoke[R any](ctx context.Context, retry RetryPolicy, call Call, send SendFunc[R], requestID func(*R) string) (*R, error) {
	var out *R
	err := retry.Do(ctx, call.Product, call.Action, func(ctx context.Context) (string, error) {
		// Waiting for a slot sends nothing, so it may always be abandoned.
		slot, err := acquireTransportSlot(ctx)
		if err != nil {
			return "", err
		}
		attemptCtx := ctx
		if call.ToAnswer {
			attemptCtx = context.WithoutCancel(ctx)
		}
		resp, err := runBounded(attemptCtx, call.Product, func() (*R, error) {
			defer releaseTransportSlot(slot)
			return send(runtimeOptions(slot))
		})
		if err != nil {
			return "", err
		}
		if resp == nil {
			return "", &APIError{Product: call.Product, Action: call.Action, Code: CodeInvalidResponse,
				Message: "the SDK returned neither an answer nor an error"}
		}
		out = resp
		return requestID(resp), nil
	})
	return out, err
}

// runBounded runs fn and returns its result, or ctx's error as soon as ctx ends. A panic in the SDK becomes an error.
func runBounded[T any](ctx context.Context, product Product, fn func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r.err = fmt.Errorf("the %s SDK panicked: %v", product, p)
			}
			done <- r
		}()
		r.v, r.err = fn()
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
