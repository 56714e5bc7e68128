package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"github.com/alibabacloud-go/tea/tea"
)

// sdkError builds the error the SDK makes of an API error answer (see darabonba-openapi's DoRequest).
func sdkError(status int, code, message, requestID string) *tea.SDKError {
	return tea.NewSDKError(map[string]any{
		"code":    code,
		"message": fmt.Sprintf("code: %d, %s request id: %s", status, message, requestID),
		"data": map[string]any{
			"RequestId": requestID, "HostId": "ecs.aliyuncs.com", "Code": code, "Message": message,
			"statusCode": tea.Int(status),
		},
	})
}

func TestToAPIError_fromSDKError(t *testing.T) {
	got := toAPIError(ProductECS, "DescribeSnapshots", sdkError(403, "InvalidSnapshotIds.Malformed", "The amount of specified snapshot Ids exceeds the limit.", "RID-1"))
	want := APIError{Product: ProductECS, Action: "DescribeSnapshots", Code: "InvalidSnapshotIds.Malformed",
		Message: "The amount of specified snapshot Ids exceeds the limit.", RequestID: "RID-1", HTTPStatus: 403}
	var sdkErr *tea.SDKError
	if !errors.As(got, &sdkErr) {
		t.Error("the SDK error is not reachable through Unwrap")
	}
	got.cause = nil
	if *got != want {
		t.Errorf("got %+v, want %+v", *got, want)
	}
	msg := got.Error()
	for _, part := range []string{"DescribeSnapshots", "InvalidSnapshotIds.Malformed", "exceeds the limit", "RID-1", "HTTP 403"} {
		if !strings.Contains(msg, part) {
			t.Errorf("Error() %q lacks %q", msg, part)
		}
	}
	if strings.Contains(msg, "attempts") {
		t.Errorf("Error() %q mentions attempts after one", msg)
	}
}

func TestToAPIError_fromBareSDKError(t *testing.T) {
	// An SDK error without an API body (one the SDK raises itself) keeps what it has.
	got := toAPIError(ProductECS, "CreateSnapshot", tea.NewSDKError(map[string]any{"code": "ParameterMissing", "message": "'config' can not be unset"}))
	if got.Code != "ParameterMissing" || got.Message != "'config' can not be unset" || got.HTTPStatus != 0 || got.RequestID != "" {
		t.Errorf("got %+v", *got)
	}
	got = toAPIError(ProductECS, "CreateSnapshot", &tea.SDKError{})
	if got.Code != "Unknown" {
		t.Errorf("code %q, want Unknown", got.Code)
	}
}

func TestToAPIError_connectionErrors(t *testing.T) {
	for _, err := range []error{
		&url.Error{Op: "Post", URL: "http://x", Err: io.EOF},
		&url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}},
		io.ErrUnexpectedEOF,
		fmt.Errorf("read: %w", syscall.ECONNRESET),
	} {
		got := toAPIError(ProductECS, "DeleteSnapshot", err)
		if got.Code != CodeConnection || !IsRetryable(got) {
			t.Errorf("%v: code %q retryable %v", err, got.Code, IsRetryable(got))
		}
		if !errors.Is(got, err) {
			t.Errorf("%v is not reachable through Unwrap", err)
		}
	}
	other := toAPIError(ProductECS, "DeleteSnapshot", errors.New("json: cannot unmarshal"))
	if other.Code != CodeClientError || IsRetryable(other) {
		t.Errorf("a local failure became %+v", *other)
	}
	if toAPIError(ProductECS, "DeleteSnapshot", nil) != nil {
		t.Error("nil error converted to non-nil")
	}
}

func TestIsHelpers_codesAndStatuses(t *testing.T) {
	mk := func(action, code string, status int) error {
		return fmt.Errorf("wrapped: %w", &APIError{Action: action, Code: code, HTTPStatus: status})
	}
	tests := []struct {
		err                             error
		notFound, retryable, throttling bool
	}{
		{mk("DescribeSnapshots", "InvalidSnapshotId.NotFound", 404), true, false, false},
		{mk("CreateSnapshot", "InvalidDiskId.NotFound", 404), true, false, false},
		{mk("DescribeSnapshots", "InvalidStatus.NotFound", 404), false, false, false},
		{mk("DescribeSnapshots", "InvalidFilterKey.NotFound", 404), false, false, false},
		{mk("CreateSnapshot", "Throttling", 403), false, true, true},
		{mk("CreateSnapshot", "Throttling.User", 403), false, true, true},
		{mk("CreateSnapshot", "Throttling.Api", 400), false, true, true},
		{mk("CreateSnapshot", "ThrottlingX", 400), false, false, false},
		{mk("CreateSnapshot", "ServiceUnavailable", 503), false, true, false},
		{mk("CreateSnapshot", "InternalError", 500), false, true, false},
		{mk("CreateSnapshot", "SomethingNew", 502), false, true, false},
		{mk("CreateSnapshot", "IdempotentProcessing", 403), false, true, false},
		// Transient for ECS CreateSnapshot only: ecsclient.IsRetryable adds it, the shared layer does not.
		{mk("CreateSnapshot", "IncorrectDiskStatus.CreatingSnapshot", 403), false, false, false},
		{mk("DeleteSnapshot", "IncorrectDiskStatus.CreatingSnapshot", 400), false, false, false},
		{mk("CreateSnapshot", "IdempotentParameterMismatch", 403), false, false, false},
		{mk("DescribeSnapshots", "DryRunOperation", 400), false, false, false},
		{mk("DeleteSnapshot", CodeConnection, 0), false, true, false},
		{fmt.Errorf("x: %w; last: %w", context.DeadlineExceeded, &APIError{Code: "Throttling"}), false, false, true},
		{fmt.Errorf("x: %w; last: %w", context.Canceled, &APIError{Code: CodeConnection}), false, false, false},
		{errors.New("plain"), false, false, false},
		{nil, false, false, false},
	}
	for _, tt := range tests {
		if got := IsNotFound(tt.err); got != tt.notFound {
			t.Errorf("IsNotFound(%v) = %v", tt.err, got)
		}
		if got := IsRetryable(tt.err); got != tt.retryable {
			t.Errorf("IsRetryable(%v) = %v", tt.err, got)
		}
		if got := IsThrottling(tt.err); got != tt.throttling {
			t.Errorf("IsThrottling(%v) = %v", tt.err, got)
		}
	}
	if !IsCode(mk("X", "Forbidden.RAM", 403), "Forbidden.RAM") || IsCode(mk("X", "Forbidden.RAM", 403), "Forbidden") {
		t.Error("IsCode does not compare codes exactly")
	}
	if !IsDryRunOK(mk("DescribeSnapshots", CodeDryRunOperation, 400)) {
		t.Error("IsDryRunOK misses DryRunOperation")
	}
}

func TestAPIErrorMessage_withoutAnswer(t *testing.T) {
	e := &APIError{Product: ProductECS, Action: "CreateSnapshot", Code: CodeConnection, Message: "EOF", Attempts: 3}
	want := "ECS CreateSnapshot failed: ConnectionError: EOF (after 3 attempts)"
	if e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
}

func TestAPIErrorMessage_namesProductWhenSet(t *testing.T) {
	e := &APIError{Product: ProductSTS, Action: "GetCallerIdentity", Code: "Forbidden.RAM", RequestID: "r-1", HTTPStatus: 403}
	if want := "STS GetCallerIdentity failed: Forbidden.RAM (HTTP 403, request ID r-1)"; e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	if bare := (&APIError{Action: "DescribeSnapshots", Code: "X"}).Error(); bare != "DescribeSnapshots failed: X" {
		t.Errorf("without product: %q", bare)
	}
}

func TestToAPIError_keepsAPIErrorAndFillsProduct(t *testing.T) {
	orig := &APIError{Action: "DescribeSnapshots", Code: CodeInvalidResponse, Attempts: 1}
	got := toAPIError(ProductECS, "DescribeSnapshots", fmt.Errorf("wrapped: %w", orig))
	if got == orig || got.Product != ProductECS || got.Code != CodeInvalidResponse {
		t.Errorf("got %+v (same pointer: %v), want a copy naming ECS", *got, got == orig)
	}
	if orig.Product != "" {
		t.Error("the original error was changed")
	}
}
