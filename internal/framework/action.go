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

// WaitInvoked waits with conf for what an action started, each pending check a progress message worded by say;
// untracked says what becomes of the object should the wait end early (no state holds it). A wait that ends
// without its goal is the action's error, under summary. ok reports whether the goal was reached.
func WaitInvoked[T any](ctx context.Context, resp *action.InvokeResponse, conf *wait.StateChangeConf[T],
	say func(last T, status string) string, untracked, summary string) (last T, ok bool) {
	conf.Progress = ActionProgress(resp, say)
	conf.Untracked = untracked
	last, err := conf.Wait(ctx)
	if err != nil {
		InvokeFailed(ctx, resp, summary, err)
		return last, false
	}
	return last, true
}
