package ecsclient

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// The shared helpers with ECS's IsRetryable: IncorrectDiskStatus.CreatingSnapshot is transient for
// CreateSnapshot only, on top of everything client.IsRetryable retries.
func TestIsHelpers_ecsRetryable(t *testing.T) {
	mk := func(action, code string, status int) error {
		return fmt.Errorf("wrapped: %w", &client.APIError{Action: action, Code: code, HTTPStatus: status})
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
		{mk("CreateSnapshot", "IncorrectDiskStatus.CreatingSnapshot", 403), false, true, false},
		{mk("DeleteSnapshot", "IncorrectDiskStatus.CreatingSnapshot", 400), false, false, false},
		{mk("CreateSnapshot", "IdempotentParameterMismatch", 403), false, false, false},
		{mk("DescribeSnapshots", "DryRunOperation", 400), false, false, false},
		{mk("DeleteSnapshot", client.CodeConnection, 0), false, true, false},
		{fmt.Errorf("x: %w; last: %w", context.DeadlineExceeded, &client.APIError{Code: "Throttling"}), false, false, true},
		{fmt.Errorf("x: %w; last: %w", context.Canceled, &client.APIError{Code: client.CodeConnection}), false, false, false},
		{errors.New("plain"), false, false, false},
		{nil, false, false, false},
	}
	for _, tt := range tests {
		if got := client.IsNotFound(tt.err); got != tt.notFound {
			t.Errorf("client.IsNotFound(%v) = %v", tt.err, got)
		}
		if got := IsRetryable(tt.err); got != tt.retryable {
			t.Errorf("IsRetryable(%v) = %v", tt.err, got)
		}
		if got := client.IsThrottling(tt.err); got != tt.throttling {
			t.Errorf("client.IsThrottling(%v) = %v", tt.err, got)
		}
	}
	if !client.IsCode(mk("X", "Forbidden.RAM", 403), "Forbidden.RAM") || client.IsCode(mk("X", "Forbidden.RAM", 403), "Forbidden") {
		t.Error("IsCode does not compare codes exactly")
	}
	if !client.IsDryRunOK(mk("DescribeSnapshots", client.CodeDryRunOperation, 400)) {
		t.Error("IsDryRunOK misses DryRunOperation")
	}
}
