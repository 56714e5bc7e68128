package ecs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/batch"
	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// instancePowerAction is aliecs_stop_instance and aliecs_start_instance, one piece of code for both directions
// (as terraform-provider-aws's aws_ec2_stop_instance, with its start counterpart): check the instance, change its
// power state unless it is there already, and wait until it is. A roll-back (aliecs_reset_disk) needs the
// instance stopped: stop, reset, start is the runbook these make.
type instancePowerAction struct {
	framework.ActionWithConfigure
	power powerChange
	sleep wait.Sleep
}

// powerChange is one direction: the status it leaves, passes through and reaches, and its call.
type powerChange struct {
	verb, ing, past, done string // "stop", "stopping", "stopped", "stopped" (the wait's goal)
	from, through, to     string // Running, Stopping, Stopped
	defaultTimeout        time.Duration
	call                  func(ctx context.Context, c ecsclient.Client, id string, m instancePowerModel) ([]ecsclient.InstanceOperation, error)
	description           string
}

var (
	stopInstance = powerChange{verb: "stop", ing: "stopping", past: "stopped", done: "stopped", from: ecsclient.InstanceStatusRunning,
		through: ecsclient.InstanceStatusStopping, to: ecsclient.InstanceStatusStopped, defaultTimeout: 10 * time.Minute,
		call: func(ctx context.Context, c ecsclient.Client, id string, m instancePowerModel) ([]ecsclient.InstanceOperation, error) {
			return c.StopInstances(ctx, ecsclient.StopInstancesInput{InstanceIDs: []string{id}, ForceStop: m.Force.ValueBool(),
				StoppedMode: m.StoppedMode.ValueString()})
		},
		description: "Stops an ECS instance (StopInstances) and waits until it is `Stopped`, as a step of a runbook " +
			"(stop, `aliecs_reset_disk`, `aliecs_start_instance`) or before a change of another resource. An instance " +
			"already `Stopped` is left as it is. Requires Terraform 1.14 or later; OpenTofu has no actions. " +
			"Stopping interrupts what runs on the instance, and nothing in Terraform's state records it: a resource that " +
			"manages the instance's power state sees the change at its next refresh.",
	}
	startInstance = powerChange{verb: "start", ing: "starting", past: "started", done: "running", from: ecsclient.InstanceStatusStopped,
		through: ecsclient.InstanceStatusStarting, to: ecsclient.InstanceStatusRunning, defaultTimeout: 10 * time.Minute,
		call: func(ctx context.Context, c ecsclient.Client, id string, _ instancePowerModel) ([]ecsclient.InstanceOperation, error) {
			return c.StartInstances(ctx, ecsclient.StartInstancesInput{InstanceIDs: []string{id}})
		},
		description: "Starts an ECS instance (StartInstances) and waits until it is `Running`: the last step of a " +
			"roll-back runbook (`aliecs_stop_instance`, `aliecs_reset_disk`, start). An instance already `Running` is left " +
			"as it is. Requires Terraform 1.14 or later; OpenTofu has no actions.",
	}
)

// NewStopInstanceAction is the aliecs_stop_instance action.
func NewStopInstanceAction() action.Action {
	return &instancePowerAction{power: stopInstance, sleep: wait.Context}
}

// NewStartInstanceAction is the aliecs_start_instance action.
func NewStartInstanceAction() action.Action {
	return &instancePowerAction{power: startInstance, sleep: wait.Context}
}

type instancePowerModel struct {
	InstanceID  types.String   `tfsdk:"instance_id"`
	Force       types.Bool     `tfsdk:"force"`
	StoppedMode types.String   `tfsdk:"stopped_mode"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

// config reads either direction's configuration into one model: aliecs_start_instance has no stop options, which
// stay null.
func (a *instancePowerAction) config(ctx context.Context, cfg tfsdk.Config, diags *diag.Diagnostics) instancePowerModel {
	m := instancePowerModel{Force: types.BoolNull(), StoppedMode: types.StringNull()}
	attrs := map[string]any{"instance_id": &m.InstanceID, "timeouts": &m.Timeouts}
	if a.power.verb == stopInstance.verb {
		attrs["force"], attrs["stopped_mode"] = &m.Force, &m.StoppedMode
	}
	for name, target := range attrs {
		diags.Append(cfg.GetAttribute(ctx, path.Root(name), target)...)
	}
	return m
}

func (a *instancePowerAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	p := a.power
	attrs := map[string]schema.Attribute{
		"instance_id": schema.StringAttribute{Required: true, Validators: []validator.String{validate.InstanceID.String()},
			Description:         fmt.Sprintf("ID of the instance to %s (`InstanceId.1`): `i-` followed by lower-case letters and digits.", p.verb),
			MarkdownDescription: fmt.Sprintf("ID of the instance to %s (`InstanceId.1`): `i-` followed by lower-case letters and digits.", p.verb)},
	}
	if p.verb == stopInstance.verb {
		forceD, forceMD := schemas.Described("Stop at once, as a power cut does (`ForceStop`): data not yet written from the " +
			"operating system's cache may be lost. Default: `false`, a shutdown through the operating system.")
		modeD, modeMD := schemas.Described("What a pay-as-you-go instance is billed while stopped (`StoppedMode`): `StopCharging` " +
			"(computing resources are released and not billed; the instance may not start again if they run short) or " +
			"`KeepCharging`. Not set: the API's default (the account's economical mode setting).")
		attrs["force"] = schema.BoolAttribute{Optional: true, Description: forceD, MarkdownDescription: forceMD}
		attrs["stopped_mode"] = schema.StringAttribute{Optional: true, Description: modeD, MarkdownDescription: modeMD,
			Validators: []validator.String{stringvalidator.OneOf(ecsclient.StoppedModeStopCharging, ecsclient.StoppedModeKeepCharging)}}
	}
	resp.Schema = schema.Schema{
		Description: schemas.Plain(p.description), MarkdownDescription: p.description, Attributes: attrs,
		Blocks: map[string]schema.Block{
			"timeouts": schemas.InvokeTimeout(ctx, fmt.Sprintf("the instance to be `%s`", p.to), p.defaultTimeout,
				fmt.Sprintf("the instance goes on %s.", p.ing)),
		},
	}
}

// instancesByID is the lookup of instances by ID: DescribeInstances by InstanceIds, up to 100 a call.
var instancesByID = conns.ByIDs("ecs/instances", (*conns.Client).ECS, ecsclient.Client.DescribeInstances,
	func(ids []string) ecsclient.DescribeInstancesInput {
		return ecsclient.DescribeInstancesInput{InstanceIDs: ids}
	},
	func(i ecsclient.Instance) string { return i.InstanceID }, batch.Options{})

func findInstanceByID(ctx context.Context, conn *conns.Client, id string, slack time.Duration) (*ecsclient.Instance, error) {
	i, found, err := instancesByID.Get(ctx, conn, "", id, slack)
	return wait.Found(i, found, err, "instance", id)
}

func (a *instancePowerAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	m := a.config(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !a.Ready(&resp.Diagnostics) {
		return
	}
	p := a.power
	timeout, diags := m.Timeouts.Invoke(ctx, p.defaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := m.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)
	summary := fmt.Sprintf("Cannot %s instance", p.verb)

	inst, err := findInstanceByID(ctx, a.Meta(), id, 0)
	switch {
	case wait.IsNotFound(err):
		resp.Diagnostics.AddError(summary, fmt.Sprintf("Instance %s was not found in region %s: check instance_id and the provider's region.",
			id, a.Meta().Region()))
		return
	case err != nil:
		resp.Diagnostics.AddError(summary, fmt.Sprintf("Reading instance %s: %s", id, err))
		return
	case inst.LockedForSecurity():
		resp.Diagnostics.AddError(summary, fmt.Sprintf("Instance %s is locked for security (OperationLocks: security): the API "+
			"allows no operation on it until the lock is lifted; see the ECS console's security notices.", id))
		return
	case inst.Status == p.to:
		framework.Progress(ctx, resp, fmt.Sprintf("Instance %s is already %s: nothing to do", id, p.to))
		return
	case inst.Status == p.from:
		ops, err := p.call(ctx, a.Meta().HomeECS(), id, m)
		if err == nil {
			err = operationError(ops)
		}
		if err != nil {
			resp.Diagnostics.AddError(summary, fmt.Sprintf("%s instance %s (it was %s): %s", strings.ToUpper(p.ing[:1])+p.ing[1:], id, inst.Status, err))
			return
		}
	case inst.Status == p.through:
		// Someone else's request is under way: waiting for it is what this one would do.
	default:
		resp.Diagnostics.AddError(summary, fmt.Sprintf("Instance %s is %s; it can be %s only when %s. Wait until it is, "+
			"and run the action again.", id, inst.Status, p.past, p.from))
		return
	}
	framework.Progress(ctx, resp, fmt.Sprintf("Instance %s %s (was %s); waiting until it is %s (timeout %s)",
		id, p.ing, inst.Status, p.to, schemas.ShortDuration(timeout)))
	conf := &wait.StateChangeConf[*ecsclient.Instance]{
		Kind: "instance", ID: id, Goal: p.done,
		Pending: []string{p.from, p.through}, Target: []string{p.to},
		Refresh: wait.StatusOf(func(ctx context.Context, id string, slack time.Duration) (*ecsclient.Instance, error) {
			return findInstanceByID(ctx, a.Meta(), id, slack)
		}, id, func(i *ecsclient.Instance) string { return i.Status }),
		Interval: wait.Backoff[*ecsclient.Instance](5 * time.Second), Slack: wait.Slack,
		Retryable: client.IsRetryable, Sleep: a.sleep,
	}
	if _, ok := framework.WaitInvoked(ctx, resp, conf, func(i *ecsclient.Instance, status string) string {
		return fmt.Sprintf("%s %s", i.InstanceID, status)
	}, fmt.Sprintf("goes on %s: the API has the request.", p.ing), fmt.Sprintf("Instance not %s", p.done)); ok {
		framework.Progress(ctx, resp, fmt.Sprintf("Instance %s is %s", id, p.to))
	}
}

// operationError is the failure StopInstances or StartInstances reports for an instance, if any.
func operationError(ops []ecsclient.InstanceOperation) error {
	if i := slices.IndexFunc(ops, func(o ecsclient.InstanceOperation) bool { return !o.Succeeded() }); i >= 0 {
		return fmt.Errorf("%s: %s", ops[i].Code, ops[i].Message)
	}
	return nil
}
