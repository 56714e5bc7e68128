package framework

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
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

// Launch is what an action reports and waits for once the API accepted the object it creates, in one wording for
// every create action: with wait = false that the object started and what becomes of it; otherwise that it
// started, what an interrupt or a timeout leaves (said up front, see InvokeFailed), and then the wait itself.
type Launch[T any] struct {
	Started   string        // "Snapshot s-1 of disk d-1": the object, named in full
	Noun      string        // "the snapshot": the object, named again
	Goal      string        // "it is accomplished": what the wait waits for
	Untracked string        // what becomes of the object, as untrackedSnapshot words it ("is kept: ...")
	Summary   string        // the error's summary should the wait fail ("Snapshot not created")
	Timeout   time.Duration // the invoke timeout, named in the message
	Wait      types.Bool    // the action's wait argument: null means true
	Conf      *wait.StateChangeConf[T]
	Say       func(last T, status string) string // words a pending check (ActionProgress)
}

// Run reports and waits as Launch says. ok reports whether the object reached the wait's goal; false also
// when the action does not wait (wait = false), in which case nothing failed.
func (l Launch[T]) Run(ctx context.Context, resp *action.InvokeResponse) (last T, ok bool) {
	if !l.Wait.IsNull() && !l.Wait.ValueBool() {
		Progress(ctx, resp, l.Started+" started (not waiting: wait = false). It "+l.Untracked)
		return last, false
	}
	Progress(ctx, resp, fmt.Sprintf("%s started; waiting until %s (timeout %s). Interrupted or timed out, %s %s",
		l.Started, l.Goal, schemas.ShortDuration(l.Timeout), l.Noun, l.Untracked))
	return WaitInvoked(ctx, resp, l.Conf, l.Say, l.Untracked, l.Summary)
}
