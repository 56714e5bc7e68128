package ecsclient

import (
	"context"
	"time"

	service "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
)

// The SDK's HTTP layer (tea) keeps one process-wide http.Client per combination of host and timeouts, and
// rewrites that client's Timeout field on every request while other requests read it: a data race whenever two
// calls to the same host overlap. Each in-flight call therefore holds a slot, and slot k asks for a read timeout
// k milliseconds longer than the base, which gives it an http.Client of its own. The number of slots bounds
// both the calls in flight in the process and the http.Clients tea keeps.
const transportSlots = 16

var freeSlots = func() chan int {
	ch := make(chan int, transportSlots)
	for k := range transportSlots {
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
