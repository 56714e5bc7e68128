package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// AttemptMarkerKey is the key of the tag that marks what one create call makes, for the create APIs that take
// tags but no idempotency token (ECS CreateAutoSnapshotPolicy:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy).
// The API accepts it (keys of 1 to 128 characters, not starting with "aliyun" or "acs:", without "http://"
// or "https://": https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources),
// the provider's name in it keeps it apart from users' keys, and the tag rules of the resources refuse it in
// a configuration, so that the only object carrying it with a given value is the one that create made. It
// is removed once the create has its answer; where that fails, readers hide it as they hide system tags.
const AttemptMarkerKey = "aliecs:create-attempt"

// Marker is the tag of one create call: AttemptMarkerKey with a random value, sent with each of the call's
// attempts, so that whichever attempt acted made the only object carrying it.
type Marker struct{ Key, Value string }

// NewMarker is a marker no other create call shares: a random version-4 UUID as the value.
func NewMarker() Marker { return Marker{Key: AttemptMarkerKey, Value: NewClientToken()} }

// Carried reports whether tags hold this marker, key and value.
func (m Marker) Carried(tags map[string]string) bool {
	v, ok := tags[m.Key]
	return ok && v == m.Value
}

// TokenlessCreate is a create call whose API takes no idempotency token (no ClientToken): repeating an attempt
// that acted makes a second object. CreateWithoutToken runs it.
type TokenlessCreate struct {
	Product Product
	Action  string
	// Send makes the create and returns the new object's ID. It must send through retry (which retries only the
	// failures after which the API surely made nothing) with Call.ToAnswer, so that an attempt once sent is
	// waited for until its answer.
	Send func(ctx context.Context, retry RetryPolicy) (id string, err error)
	// Find looks for the object that an attempt of this call may have made, and answers found only for an object
	// certainly this call's: one carrying its Marker, or, for an API that takes no tag, one matching a key no
	// object made before the call can match. nil when the API offers no such key: a failure of unknown fate is
	// then returned, never retried.
	Find func(ctx context.Context) (id string, found bool, err error)
	// Unmark, when set, removes the marker from the object made. Its failure is logged, not returned: the object
	// is this call's all the same, and the marker is hidden from what the resources show (package tags).
	Unmark func(ctx context.Context, id string) error
}

// lookupGrace bounds the last look for what an interrupted create made, after the caller's context ended:
// only that look can tell the ID of an object made by an attempt whose answer never came.
const lookupGrace = 30 * time.Second

// CreateWithoutToken runs a create whose API takes no idempotency token, so that no failure makes a second
// object. An attempt is retried at once only after a failure that surely made nothing (SurelyNotActed). After
// one whose fate is unknown (no answer, a 5xx), it waits the backoff and looks for what the attempt made
// (c.Find) before trying again, and adopts only what Find answers; when the retries or the caller's time run
// out, it looks once more, so that an object made by the last attempt is returned, not left behind. The
// retries follow retry (MaxRetries, backoff, the caller's context).
func CreateWithoutToken(ctx context.Context, retry RetryPolicy, c TokenlessCreate) (string, error) {
	id, err := c.create(ctx, retry)
	if err != nil {
		return "", err
	}
	if c.Unmark != nil {
		if uerr := c.Unmark(ctx, id); uerr != nil {
			tflog.Warn(ctx, fmt.Sprintf("%s made %s, but removing its create-attempt marker failed: the tag %s stays on it, hidden",
				callName(c.Product, c.Action), id, AttemptMarkerKey), map[string]any{
				LogFieldProduct: c.Product.String(), LogFieldAction: c.Action, "error": uerr.Error()})
		}
	}
	return id, nil
}

func (c TokenlessCreate) create(ctx context.Context, retry RetryPolicy) (string, error) {
	safe := retry
	safe.Retryable = func(err error) bool { return retry.retryable(err) && SurelyNotActed(err) }
	for round := 1; ; round++ {
		id, err := c.Send(ctx, safe)
		if err == nil {
			return id, nil
		}
		// A context that ended may have cut the wait for an attempt in flight, whose fate is then unknown too.
		if !FateUnknown(err) && !IsContextDone(err) {
			return "", err
		}
		if c.Find == nil {
			return "", fmt.Errorf("%w\n\nThe API may have acted on the call before its answer was lost, and it offers no way to tell "+
				"what the call made: check for an object made just now, and import it or delete it", err)
		}
		lookCtx := ctx
		giveUp := round > retry.MaxRetries || ctx.Err() != nil
		if !giveUp {
			// Waiting first gives the object time to show in the API's lists before it is looked for.
			if sleepErr := retry.Sleep(ctx, retry.Backoff(round)); sleepErr != nil {
				giveUp = true
			}
		}
		if ctx.Err() != nil {
			giveUp = true
			var cancel context.CancelFunc
			lookCtx, cancel = context.WithTimeout(context.WithoutCancel(ctx), lookupGrace)
			defer cancel()
		}
		found, ok, lookErr := c.Find(lookCtx)
		if lookErr != nil {
			return "", fmt.Errorf("%w (and looking for what the call may have made failed: %w)", err, lookErr)
		}
		if ok {
			tflog.Warn(ctx, fmt.Sprintf("%s got no answer, but the object it made was found: %s", callName(c.Product, c.Action), found),
				map[string]any{LogFieldProduct: c.Product.String(), LogFieldAction: c.Action, "error": err.Error()})
			return found, nil
		}
		if giveUp {
			return "", err
		}
		tflog.Debug(ctx, callName(c.Product, c.Action)+" got no answer and made nothing that can be found: trying again",
			map[string]any{LogFieldProduct: c.Product.String(), LogFieldAction: c.Action, LogFieldAttempt: round + 1})
	}
}

// SurelyNotActed reports whether a failed call surely made nothing: the API answered with a 4xx (it refused
// the request: throttling, a bad parameter, a resource in the wrong state), or no connection was made (refused,
// or a host that does not resolve). Only such failures are retried blindly by a create without a token.
func SurelyNotActed(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		return false
	}
	return apiErr.HTTPStatus >= 400 && apiErr.HTTPStatus < 500 || isRefused(apiErr) || apiErr.Code == CodeUnknownHost
}

// FateUnknown reports whether a failed call may have acted although it failed: the request went out and no
// answer came (a dropped connection, a timeout), or the API answered a 5xx, which does not say whether the work
// was done before the failure.
func FateUnknown(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		return false
	}
	return apiErr.Code == CodeConnection && !isRefused(apiErr) || apiErr.HTTPStatus >= 500
}
