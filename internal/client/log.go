package client

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Log fields of every attempt, the same for every product so that one filter finds them all. Credentials
// never reach the logger: no function here is handed a key, secret or token.
const (
	LogFieldProduct    = "api_product"
	LogFieldAction     = "api_action"
	LogFieldAttempt    = "api_attempt"
	LogFieldRequestID  = "api_request_id"
	LogFieldDurationMS = "api_duration_ms"
	LogFieldErrorCode  = "api_error_code"
	LogFieldHTTPStatus = "api_http_status"
	LogFieldBackoffMS  = "api_backoff_ms"
	LogFieldEndpoint   = "api_endpoint"
	LogFieldRefusedMS  = "api_refused_ms"
)

// logAttempt records one attempt: its outcome is apiErr (nil on success) or ctxErr when the caller gave up on it.
func logAttempt(ctx context.Context, product Product, action string, attempt int, requestID string, elapsed time.Duration, apiErr *APIError, ctxErr error) {
	fields := map[string]any{
		LogFieldProduct:    product.String(),
		LogFieldAction:     action,
		LogFieldAttempt:    attempt,
		LogFieldDurationMS: elapsed.Milliseconds(),
	}
	if requestID != "" {
		fields[LogFieldRequestID] = requestID
	}
	switch {
	case ctxErr != nil:
		fields[LogFieldErrorCode] = ctxErr.Error()
		tflog.Debug(ctx, product.String()+" API attempt abandoned", fields)
	case apiErr != nil:
		fields[LogFieldErrorCode] = apiErr.Code
		if apiErr.RequestID != "" {
			fields[LogFieldRequestID] = apiErr.RequestID
		}
		if apiErr.HTTPStatus != 0 {
			fields[LogFieldHTTPStatus] = apiErr.HTTPStatus
		}
		tflog.Debug(ctx, product.String()+" API attempt failed", fields)
	default:
		tflog.Debug(ctx, product.String()+" API attempt succeeded", fields)
	}
}

func logRetry(ctx context.Context, product Product, action string, attempt int, delay time.Duration, apiErr *APIError) {
	tflog.Debug(ctx, product.String()+" API call will be retried", map[string]any{
		LogFieldProduct:   product.String(),
		LogFieldAction:    action,
		LogFieldAttempt:   attempt,
		LogFieldErrorCode: apiErr.Code,
		LogFieldBackoffMS: delay.Milliseconds(),
	})
}

// logRefusedRetry is a WARN line, not DEBUG as other retries: a call waiting on an endpoint that refuses
// connections may wait RefusedBudget, and TF_LOG=WARN shows why the run stands still.
func logRefusedRetry(ctx context.Context, p RetryPolicy, product Product, action string, attempt int, delay, refusedFor time.Duration) {
	endpoint := p.Endpoint
	if endpoint == "" {
		endpoint = "the endpoint"
	}
	tflog.Warn(ctx, fmt.Sprintf("%s refused the connection for %s %s (attempt %d, refused for %s of the %s allowed); retrying in %s",
		endpoint, product, action, attempt, refusedFor.Round(time.Millisecond), p.RefusedBudget, delay.Round(time.Millisecond)),
		map[string]any{
			LogFieldProduct:   product.String(),
			LogFieldAction:    action,
			LogFieldAttempt:   attempt,
			LogFieldEndpoint:  p.Endpoint,
			LogFieldErrorCode: CodeConnection,
			LogFieldBackoffMS: delay.Milliseconds(),
			LogFieldRefusedMS: refusedFor.Milliseconds(),
		})
}
