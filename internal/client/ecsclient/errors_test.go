package ecsclient

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// ECS's IsRetryable is client.IsRetryable (tested in package client) plus one code:
// IncorrectDiskStatus.CreatingSnapshot is transient for CreateSnapshot only.
func TestIsRetryable_ecsAddsCreatingSnapshotToCreateOnly(t *testing.T) {
	mk := func(action, code string, status int) error {
		return fmt.Errorf("wrapped: %w", &client.APIError{Action: action, Code: code, HTTPStatus: status})
	}
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{mk("CreateSnapshot", "IncorrectDiskStatus.CreatingSnapshot", 403), true},
		{mk("DeleteSnapshot", "IncorrectDiskStatus.CreatingSnapshot", 400), false},
		{mk("DescribeSnapshots", "IncorrectDiskStatus.CreatingSnapshot", 400), false},
	} {
		if got := IsRetryable(tt.err); got != tt.want {
			t.Errorf("IsRetryable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
	// Everything else is the shared layer's judgement.
	for _, err := range []error{
		mk("CreateSnapshot", "Throttling", 403), mk("CreateSnapshot", "ThrottlingX", 400),
		mk("CreateSnapshot", "InternalError", 500), mk("CreateSnapshot", "IdempotentParameterMismatch", 403),
		mk("DescribeSnapshots", "InvalidSnapshotId.NotFound", 404), mk("DeleteSnapshot", client.CodeConnection, 0),
		fmt.Errorf("x: %w; last: %w", context.Canceled, &client.APIError{Code: client.CodeConnection}),
		errors.New("plain"), nil,
	} {
		if got, shared := IsRetryable(err), client.IsRetryable(err); got != shared {
			t.Errorf("IsRetryable(%v) = %v, client.IsRetryable = %v", err, got, shared)
		}
	}
}
