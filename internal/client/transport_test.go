package client

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	service "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
)

type answer struct{ id string }

func answerID(a *answer) string { return a.id }

// Calls of every product share the slots: never more than TransportSlots in flight, and no two in flight with
// the same read timeout (which is what gives each its own http.Client in tea).
func TestInvoke_slotsBoundCallsInFlightAcrossProducts(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := map[int]bool{}, 0
	release := make(chan struct{})
	send := func(rt *service.RuntimeOptions) (*answer, error) { //nolint:unparam // the shape Invoke takes (SendFunc)
		timeout := tea.IntValue(rt.ReadTimeout)
		mu.Lock()
		if inFlight[timeout] {
			t.Errorf("two calls in flight with read timeout %d", timeout)
		}
		inFlight[timeout] = true
		peak = max(peak, len(inFlight))
		mu.Unlock()
		if tea.BoolValue(rt.Autoretry) || tea.IntValue(rt.MaxAttempts) != 1 {
			t.Errorf("the SDK is allowed to retry: %s", rt)
		}
		<-release
		mu.Lock()
		delete(inFlight, timeout)
		mu.Unlock()
		return &answer{id: "r"}, nil
	}
	var wg sync.WaitGroup
	for i := range 3 * TransportSlots {
		product := []Product{ProductECS, ProductSTS, ProductECD}[i%3]
		wg.Go(func() {
			if _, err := Invoke(context.Background(), NewRetryPolicy(new(0)), Call{Product: product, Action: "X"}, send, answerID); err != nil {
				t.Error(err)
			}
		})
	}
	time.Sleep(100 * time.Millisecond) // let every call reach its slot or the queue for one
	close(release)
	wg.Wait()
	if peak != TransportSlots {
		t.Errorf("peak %d calls in flight, want %d", peak, TransportSlots)
	}
}

func TestInvoke_panicInTheSDKIsAnError(t *testing.T) {
	_, err := Invoke(context.Background(), NewRetryPolicy(new(0)), Call{Product: ProductSTS, Action: "GetCallerIdentity"},
		func(*service.RuntimeOptions) (*answer, error) { panic("boom") }, answerID)
	if !IsCode(err, CodeClientError) || !strings.Contains(err.Error(), "STS SDK panicked: boom") {
		t.Errorf("error %v", err)
	}
}

func TestInvoke_noAnswerIsInvalidResponse(t *testing.T) {
	_, err := Invoke(context.Background(), NewRetryPolicy(new(0)), Call{Product: ProductECS, Action: "X"},
		func(*service.RuntimeOptions) (*answer, error) { return nil, nil }, answerID)
	if !IsCode(err, CodeInvalidResponse) {
		t.Errorf("error %v, want InvalidResponse", err)
	}
}

func TestInvoke_abandonsAnAttemptWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	_, err := Invoke(ctx, NewRetryPolicy(nil), Call{Product: ProductECS, Action: "DescribeSnapshots"},
		func(*service.RuntimeOptions) (*answer, error) {
			cancel()
			<-release
			return &answer{}, nil
		}, answerID)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func TestInvoke_toAnswerWaitsForTheAnswer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	got, err := Invoke(ctx, NewRetryPolicy(nil), Call{Product: ProductECS, Action: "CreateSnapshot", ToAnswer: true},
		func(*service.RuntimeOptions) (*answer, error) {
			cancel()
			time.Sleep(20 * time.Millisecond)
			return &answer{id: "made"}, nil
		}, answerID)
	if err != nil || got == nil || got.id != "made" {
		t.Errorf("Invoke = %v, %v; want the answer despite the interrupt", got, err)
	}
}
