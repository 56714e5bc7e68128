package ecsclient

import (
	"context"
	"fmt"
	"slices"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	service "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

const (
	actionResetDisk         = "ResetDisk"
	actionStopInstances     = "StopInstances"
	actionStartInstances    = "StartInstances"
	actionDescribeInstances = "DescribeInstances"

	codeIncorrectDiskStatus     = "IncorrectDiskStatus"
	codeIncorrectInstanceStatus = "IncorrectInstanceStatus"
)

// None of ResetDisk, StopInstances and StartInstances takes an idempotency token, so a call is never repeated
// blindly after a failure of unknown fate (no answer, a 5xx: client.FateUnknown), which may have acted. It is
// repeated, after the backoff, and the answer of the repeat is read knowing that an earlier attempt may have
// acted:
//
//   - ResetDisk: the roll-back an earlier attempt started shows as the disk's roll-back status
//     (DiskStatusReIniting), which the repeat meets as IncorrectDiskStatus. The client then reads the disk, and
//     a disk rolling back is that attempt's roll-back: success. The API says no more (no field names the
//     snapshot a disk is rolling back to), and with the instance stopped nobody else is expected to roll the same
//     disk back at the same moment. A disk found usable again (the roll-back ended between the repeat's answer
//     and the read) is rolled back once more, and that answer is final. A repeat that the API accepts (the
//     earlier attempt acted and the roll-back has already ended, or it never acted) rolls the disk back to the
//     same snapshot again: nothing was written to the disk of a stopped instance in between, so the disk ends as
//     one roll-back leaves it.
//   - StopInstances / StartInstances: an instance an earlier attempt changed is met by the repeat as
//     IncorrectInstanceStatus (Stopping or Stopped after a stop, Starting or Running after a start): the whole
//     call with BatchAllTogether, that instance's outcome with BatchSuccessFirst. The client then reads the
//     instances, and one already on its way to (or at) the asked state counts as succeeded, with a Message that
//     says so. Outside that case IncorrectInstanceStatus is the API's answer, returned as it is: stopping an
//     instance that was already stopped before the call is the caller's to judge.
//
// Each attempt once sent is waited for until its answer (client.Call.ToAnswer), so that an interrupted call
// still says whether it acted.

// powerRetry is the policy for the first attempts of a call without a token: only failures after which the
// API surely did nothing are retried blindly.
func (c *sdkClient) powerRetry() client.RetryPolicy {
	safe := c.retry
	retryable := c.retry.Retryable
	if retryable == nil {
		retryable = IsRetryable
	}
	safe.Retryable = func(err error) bool { return retryable(err) && client.SurelyNotActed(err) }
	return safe
}

// repeatUnknown runs send until it succeeds or fails for good: after a failure of unknown fate it waits the
// backoff and sends again, up to the policy's MaxRetries such repeats. send is told whether an earlier attempt
// may have acted.
func (c *sdkClient) repeatUnknown(ctx context.Context, action string, send func(ctx context.Context, retry client.RetryPolicy, mayHaveActed bool) error) error {
	safe := c.powerRetry()
	mayHaveActed := false
	for round := 1; ; round++ {
		err := send(ctx, safe, mayHaveActed)
		if err == nil || !client.FateUnknown(err) || client.IsContextDone(err) || round > c.retry.MaxRetries {
			return err
		}
		mayHaveActed = true
		delay := c.retry.Backoff(round)
		tflog.Debug(ctx, fmt.Sprintf("ECS %s got no answer and may have acted: sending it again in %s, reading its answer knowing that", action, delay),
			map[string]any{client.LogFieldProduct: client.ProductECS.String(), client.LogFieldAction: action, client.LogFieldAttempt: round + 1})
		if serr := c.retry.Sleep(ctx, delay); serr != nil {
			return fmt.Errorf("%w (stopped before trying again: %w)", err, serr)
		}
	}
}

func (c *sdkClient) ResetDisk(ctx context.Context, in ResetDiskInput) error {
	if in.DiskID == "" || in.SnapshotID == "" {
		return &client.APIError{Product: client.ProductECS, Action: actionResetDisk, Code: client.CodeClientError,
			Message: fmt.Sprintf("ResetDisk needs a disk ID and a snapshot ID (got disk %q, snapshot %q)", in.DiskID, in.SnapshotID)}
	}
	req := &ecs.ResetDiskRequest{DiskId: tea.String(in.DiskID), SnapshotId: tea.String(in.SnapshotID)}
	if in.DryRun {
		req.DryRun = tea.Bool(true)
	}
	send := func(ctx context.Context, retry client.RetryPolicy) error {
		_, err := invokeWith(ctx, c, retry, actionResetDisk, (*ecs.Client).ResetDiskWithOptions, req,
			func(r *ecs.ResetDiskResponse) string {
				if r.Body == nil {
					return ""
				}
				return tea.StringValue(r.Body.RequestId)
			})
		return err
	}
	return c.repeatUnknown(ctx, actionResetDisk, func(ctx context.Context, retry client.RetryPolicy, mayHaveActed bool) error {
		err := send(ctx, retry)
		if err == nil || !mayHaveActed || in.DryRun || !client.IsCode(err, codeIncorrectDiskStatus) {
			return err
		}
		disks, derr := c.DescribeDisks(ctx, DescribeDisksInput{DiskIDs: []string{in.DiskID}})
		if derr != nil {
			return fmt.Errorf("%w (and reading the disk to tell whether an earlier attempt started the roll-back failed: %w)", err, derr)
		}
		if len(disks) != 1 {
			return err
		}
		switch disks[0].Status {
		case DiskStatusReIniting:
			tflog.Warn(ctx, fmt.Sprintf("ECS ResetDisk: an attempt whose answer was lost started rolling %s back (it is %s)", in.DiskID, DiskStatusReIniting),
				map[string]any{client.LogFieldProduct: client.ProductECS.String(), client.LogFieldAction: actionResetDisk})
			return nil
		case DiskStatusInUse, DiskStatusAvailable:
			// The roll-back ended between the repeat's answer and this read: the earlier attempt's, most likely, but
			// the read cannot tell. One more roll-back to the same snapshot is safe (see above) and its answer is final.
			return send(ctx, retry)
		}
		return err
	})
}

func (c *sdkClient) StopInstances(ctx context.Context, in StopInstancesInput) ([]InstanceOperation, error) {
	if err := checkInstanceIDs(actionStopInstances, in.InstanceIDs); err != nil {
		return nil, err
	}
	req := &ecs.StopInstancesRequest{
		RegionId:          tea.String(c.region),
		InstanceId:        stringPtrs(in.InstanceIDs),
		StoppedMode:       optString(in.StoppedMode),
		BatchOptimization: optString(in.BatchOptimization),
	}
	if in.ForceStop {
		req.ForceStop = tea.Bool(true)
	}
	if in.DryRun {
		req.DryRun = tea.Bool(true)
	}
	send := func(ctx context.Context, retry client.RetryPolicy) ([]InstanceOperation, error) {
		resp, err := invokeWith(ctx, c, retry, actionStopInstances, (*ecs.Client).StopInstancesWithOptions, req,
			func(r *ecs.StopInstancesResponse) string {
				if r.Body == nil {
					return ""
				}
				return tea.StringValue(r.Body.RequestId)
			})
		if err != nil || resp.Body == nil || resp.Body.InstanceResponses == nil {
			return nil, err
		}
		return instanceOperations(resp.Body.InstanceResponses.InstanceResponse,
			func(o *ecs.StopInstancesResponseBodyInstanceResponsesInstanceResponse) [5]*string {
				return [5]*string{o.InstanceId, o.PreviousStatus, o.CurrentStatus, o.Code, o.Message}
			}), nil
	}
	return c.changePower(ctx, actionStopInstances, in.InstanceIDs, in.DryRun, []string{InstanceStatusStopping, InstanceStatusStopped}, send)
}

func (c *sdkClient) StartInstances(ctx context.Context, in StartInstancesInput) ([]InstanceOperation, error) {
	if err := checkInstanceIDs(actionStartInstances, in.InstanceIDs); err != nil {
		return nil, err
	}
	req := &ecs.StartInstancesRequest{
		RegionId:          tea.String(c.region),
		InstanceId:        stringPtrs(in.InstanceIDs),
		BatchOptimization: optString(in.BatchOptimization),
	}
	if in.DryRun {
		req.DryRun = tea.Bool(true)
	}
	send := func(ctx context.Context, retry client.RetryPolicy) ([]InstanceOperation, error) {
		resp, err := invokeWith(ctx, c, retry, actionStartInstances, (*ecs.Client).StartInstancesWithOptions, req,
			func(r *ecs.StartInstancesResponse) string {
				if r.Body == nil {
					return ""
				}
				return tea.StringValue(r.Body.RequestId)
			})
		if err != nil || resp.Body == nil || resp.Body.InstanceResponses == nil {
			return nil, err
		}
		return instanceOperations(resp.Body.InstanceResponses.InstanceResponse,
			func(o *ecs.StartInstancesResponseBodyInstanceResponsesInstanceResponse) [5]*string {
				return [5]*string{o.InstanceId, o.PreviousStatus, o.CurrentStatus, o.Code, o.Message}
			}), nil
	}
	return c.changePower(ctx, actionStartInstances, in.InstanceIDs, in.DryRun, []string{InstanceStatusStarting, InstanceStatusRunning}, send)
}

// checkInstanceIDs refuses what the API would: no instance, or more than one call takes. Splitting a longer list
// would make one StopInstances several, and with BatchAllTogether no longer all or nothing.
func checkInstanceIDs(action string, ids []string) error {
	if len(ids) == 0 || len(ids) > instanceIDsPerCall {
		return &client.APIError{Product: client.ProductECS, Action: action, Code: client.CodeClientError,
			Message: fmt.Sprintf("%s takes 1 to %d instance IDs, got %d", action, instanceIDsPerCall, len(ids))}
	}
	return nil
}

// changePower sends StopInstances or StartInstances (send) and, after an earlier attempt of unknown fate, counts
// an instance already in one of reached (the states on the way to the asked one, and that one) as succeeded.
func (c *sdkClient) changePower(ctx context.Context, action string, ids []string, dryRun bool, reached []string,
	send func(ctx context.Context, retry client.RetryPolicy) ([]InstanceOperation, error),
) ([]InstanceOperation, error) {
	var ops []InstanceOperation
	err := c.repeatUnknown(ctx, action, func(ctx context.Context, retry client.RetryPolicy, mayHaveActed bool) error {
		got, err := send(ctx, retry)
		if err == nil {
			ops = got
		}
		if !mayHaveActed || dryRun {
			return err
		}
		wholeRefused := err != nil && client.IsCode(err, codeIncorrectInstanceStatus)
		someRefused := err == nil && slices.ContainsFunc(ops, func(o InstanceOperation) bool { return o.Code == codeIncorrectInstanceStatus })
		if !wholeRefused && !someRefused {
			return err
		}
		current, derr := c.DescribeInstances(ctx, DescribeInstancesInput{InstanceIDs: ids})
		if derr != nil {
			if err != nil {
				return fmt.Errorf("%w (and reading the instances to tell whether an earlier attempt changed them failed: %w)", err, derr)
			}
			return nil // the per-instance outcomes stand as the API gave them
		}
		status := map[string]string{}
		for _, in := range current {
			status[in.InstanceID] = in.Status
		}
		if wholeRefused {
			for _, id := range ids {
				if !slices.Contains(reached, status[id]) {
					return err
				}
			}
			ops = make([]InstanceOperation, 0, len(ids))
			for _, id := range ids {
				ops = append(ops, InstanceOperation{InstanceID: id, CurrentStatus: status[id], Code: InstanceOperationSucceeded,
					Message: "already " + status[id] + ": an earlier attempt whose answer was lost changed it"})
			}
			return nil
		}
		for i, o := range ops {
			if o.Code == codeIncorrectInstanceStatus && slices.Contains(reached, status[o.InstanceID]) {
				ops[i] = InstanceOperation{InstanceID: o.InstanceID, CurrentStatus: status[o.InstanceID], Code: InstanceOperationSucceeded,
					Message: "already " + status[o.InstanceID] + ": an earlier attempt whose answer was lost changed it"}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ops, nil
}

// DescribeInstances splits InstanceIDs into groups of 100 (the most InstanceIds holds) and walks every page of
// each with NextToken/MaxResults.
func (c *sdkClient) DescribeInstances(ctx context.Context, in DescribeInstancesInput) ([]Instance, error) {
	idChunks := client.Chunk(in.InstanceIDs, instanceIDsPerCall)
	if len(idChunks) == 0 {
		if in.InstanceIDs != nil {
			// An empty, non-nil list asks for no instances; sending no InstanceIds would ask for all of them.
			return []Instance{}, nil
		}
		idChunks = [][]string{nil}
	}
	out := []Instance{}
	seen := map[string]bool{}
	for _, ids := range idChunks {
		err := client.WalkPages(ctx, client.ProductECS, actionDescribeInstances, func(ctx context.Context, token string) (string, error) {
			req := &ecs.DescribeInstancesRequest{
				RegionId:   tea.String(c.region),
				Status:     optString(in.Status),
				MaxResults: tea.Int32(instanceIDsPerCall),
				NextToken:  optString(token),
			}
			if ids != nil {
				req.InstanceIds = tea.String(jsonArray(ids))
			}
			resp, err := invoke(ctx, c, actionDescribeInstances, (*ecs.Client).DescribeInstancesWithOptions, req,
				func(r *ecs.DescribeInstancesResponse) string {
					if r.Body == nil {
						return ""
					}
					return tea.StringValue(r.Body.RequestId)
				})
			if err != nil {
				return "", err
			}
			body := resp.Body
			if body == nil {
				return "", nil
			}
			if body.Instances != nil {
				for _, item := range body.Instances.Instance {
					if item == nil || seen[tea.StringValue(item.InstanceId)] {
						continue
					}
					inst := instanceFromSDK(item)
					seen[inst.InstanceID] = true
					out = append(out, inst)
				}
			}
			return tea.StringValue(body.NextToken), nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func instanceFromSDK(item *ecs.DescribeInstancesResponseBodyInstancesInstance) Instance {
	inst := Instance{
		InstanceID: tea.StringValue(item.InstanceId), RegionID: tea.StringValue(item.RegionId), ZoneID: tea.StringValue(item.ZoneId),
		Status: tea.StringValue(item.Status), InstanceName: tea.StringValue(item.InstanceName), LockReasons: []string{},
	}
	if item.OperationLocks != nil {
		for _, l := range item.OperationLocks.LockReason {
			if l != nil && tea.StringValue(l.LockReason) != "" {
				inst.LockReasons = append(inst.LockReasons, tea.StringValue(l.LockReason))
			}
		}
	}
	return inst
}

// invokeWith is invokeToAnswer with the retry policy given: an attempt once sent is waited for until its answer.
func invokeWith[Q, R any](ctx context.Context, c *sdkClient, retry client.RetryPolicy, action string, call sdkCall[Q, R], req *Q, requestID func(*R) string) (*R, error) {
	return client.Invoke(ctx, retry, client.Call{Product: client.ProductECS, Action: action, ToAnswer: true},
		func(rt *service.RuntimeOptions) (*R, error) {
			api, err := c.newAPI()
			if err != nil {
				return nil, err
			}
			return call(api, req, rt)
		}, requestID)
}

// instanceOperations converts the per-instance answers of StopInstances or StartInstances, two SDK types with the
// same fields; fields gives an answer's InstanceId, PreviousStatus, CurrentStatus, Code and Message.
func instanceOperations[T any](answers []*T, fields func(*T) [5]*string) []InstanceOperation {
	var ops []InstanceOperation
	for _, o := range answers {
		if o == nil {
			continue
		}
		f := fields(o)
		ops = append(ops, InstanceOperation{InstanceID: tea.StringValue(f[0]), PreviousStatus: tea.StringValue(f[1]),
			CurrentStatus: tea.StringValue(f[2]), Code: tea.StringValue(f[3]), Message: tea.StringValue(f[4])})
	}
	return ops
}
