package ecsclient

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Log fields. Credentials never reach the logger: no function here is handed a key, secret or token.
const (
	logFieldAction     = "ecs_action"
	logFieldAttempt    = "ecs_attempt"
	logFieldRequestID  = "ecs_request_id"
	logFieldDurationMS = "ecs_duration_ms"
	logFieldErrorCode  = "ecs_error_code"
	logFieldHTTPStatus = "ecs_http_status"
	logFieldBackoffMS  = "ecs_backoff_ms"
)

// logAttempt records one attempt: its outcome is apiErr (nil on success) or ctxErr when the caller gave up on it.
func logAttempt(ctx context.Context, action string, attempt int, requestID string, elapsed time.Duration, apiErr *APIError, ctxErr error) {
	fields := map[string]any{
		logFieldAction:     action,
		logFieldAttempt:    attempt,
		logFieldDurationMS: elapsed.Milliseconds(),
	}
	if requestID != "" {
		fields[logFieldRequestID] = requestID
	}
	switch {
	case ctxErr != nil:
		fields[logFieldErrorCode] = ctxErr.Error()
		tflog.Debug(ctx, "ECS API attempt abandoned", fields)
	case apiErr != nil:
		fields[logFieldErrorCode] = apiErr.Code
		if apiErr.RequestID != "" {
			fields[logFieldRequestID] = apiErr.RequestID
		}
		if apiErr.HTTPStatus != 0 {
			fields[logFieldHTTPStatus] = apiErr.HTTPStatus
		}
		tflog.Debug(ctx, "ECS API attempt failed", fields)
	default:
		tflog.Debug(ctx, "ECS API attempt succeeded", fields)
	}
}

func logRetry(ctx context.Context, action string, attempt int, delay time.Duration, apiErr *APIError) {
	tflog.Debug(ctx, "ECS API call will be retried", map[string]any{
		logFieldAction:    action,
		logFieldAttempt:   attempt,
		logFieldErrorCode: apiErr.Code,
		logFieldBackoffMS: delay.Milliseconds(),
	})
}
