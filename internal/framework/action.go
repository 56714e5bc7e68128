package framework

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// Progress sends msg to the CLI as the action's progress (Terraform 1.14 shows it under the action's name as
// it runs) and writes it to the log.
func Progress(ctx context.Context, resp *action.InvokeResponse, msg string) {
	tflog.Info(ctx, msg)
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}
}

// ActionProgress is the wait.ProgressFunc of an action: every pending check becomes a progress message, say's
// wording of the object as last seen ("s-1 at 45%, about 30s left"), followed by when the next check goes.
// A resource's wait only logs its checks (wait.LogProgress); an action has the CLI's attention, as a
// resource's create does not, and nothing else tells the user how far it got.
func ActionProgress[T any](resp *action.InvokeResponse, say func(last T, status string) string) wait.ProgressFunc[T] {
	return func(ctx context.Context, last T, status string, next time.Duration) {
		Progress(ctx, resp, say(last, status)+"; next check in "+next.Round(100*time.Millisecond).String())
	}
}

// InvokeFailed reports err as the action's error. When Terraform was interrupted it also tries to send it as
// progress; but Terraform 1.14 and 1.15 stop listening to an action they interrupt (the stream's context ends
// with StopProvider) and end the apply with "Apply complete!" and exit status 0, showing neither: an action says
// up front what an interrupt leaves behind, and the error is in the provider's log.
func InvokeFailed(ctx context.Context, resp *action.InvokeResponse, summary string, err error) {
	if errors.Is(err, context.Canceled) {
		Progress(ctx, resp, summary+": "+err.Error())
	}
	resp.Diagnostics.AddError(summary, err.Error())
}
