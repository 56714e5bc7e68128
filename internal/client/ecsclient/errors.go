package ecsclient

import (
	"errors"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// codeDiskCreatingSnapshot is CreateSnapshot's answer while the disk's previous snapshot is still being made
// (https://www.alibabacloud.com/help/doc-detail/25524.htm): waiting helps.
const codeDiskCreatingSnapshot = "IncorrectDiskStatus.CreatingSnapshot"

// IsRetryable is client.IsRetryable plus what is transient for ECS alone: IncorrectDiskStatus.CreatingSnapshot,
// for CreateSnapshot only (the disk's previous snapshot is still being made). Cancellation or the deadline of
// the caller's context is never retryable.
func IsRetryable(err error) bool {
	if client.IsRetryable(err) {
		return true
	}
	if err == nil || client.IsContextDone(err) {
		return false
	}
	apiErr, ok := errors.AsType[*client.APIError](err)
	return ok && apiErr.Action == actionCreateSnapshot && apiErr.Code == codeDiskCreatingSnapshot
}
