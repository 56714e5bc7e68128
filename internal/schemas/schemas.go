// Package schemas holds the pieces every resource schema of the provider shares: the timeouts block with its
// plan-time rule, the computed attributes that keep their value, and the plain-text form of Markdown descriptions.
package schemas

import (
	"context"
	"fmt"
	"strings"
	"time"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

// Plain drops the Markdown backticks for a Description beside its MarkdownDescription.
func Plain(md string) string { return strings.ReplaceAll(md, "`", "") }

// Described returns the plain and the Markdown form of one description.
func Described(md string) (plain, markdown string) { return Plain(md), md }

// StableString plans a string from the state while it is unknown: for a value that does not change once known.
func StableString() []planmodifier.String {
	return []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
}

// ComputedString is a computed string attribute that does not change once known, described by md.
func ComputedString(md string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, PlanModifiers: StableString(), Description: Plain(md), MarkdownDescription: md}
}

// ComputedInt is a computed number attribute that does not change once known, described by md.
func ComputedInt(md string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, Description: Plain(md), MarkdownDescription: md,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
}

// ShortDuration prints 40m rather than time.Duration's 40m0s.
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Timeouts is the timeouts block of opts, described, with every timeout refused at plan time unless it is a
// positive duration: the timeouts library accepts any Go duration, and a zero or negative one would make every
// wait fail at once, after the resource was already created.
func Timeouts(ctx context.Context, opts timeouts.Opts) schema.Block {
	block := timeouts.Block(ctx, opts)
	nested, ok := block.(schema.SingleNestedBlock)
	if !ok {
		return block
	}
	var ops []string
	for _, op := range []struct {
		name string
		on   bool
	}{{"create", opts.Create}, {"read", opts.Read}, {"update", opts.Update}, {"delete", opts.Delete}} {
		if op.on {
			ops = append(ops, op.name)
		}
	}
	if n := len(ops); n > 1 {
		ops = append(ops[:n-2], strings.Join(ops[n-2:], " and "))
	}
	desc := "Timeouts of " + strings.Join(ops, ", ") + ", as Go durations such as `30s`, `40m` or `2h`."
	nested.Description, nested.MarkdownDescription = Plain(desc), desc
	for name, attr := range nested.Attributes {
		if a, ok := attr.(schema.StringAttribute); ok {
			a.Validators = append(append([]validator.String{}, a.Validators...), validate.PositiveDuration())
			nested.Attributes[name] = a
		}
	}
	return nested
}

// WaitTimeouts is the timeouts block of a resource whose create waits for the object: createGoal is what the
// create waits for ("the snapshot to be `accomplished`"), what names the object kept tainted when it runs out,
// deleteGoal what the delete waits for ("the snapshot"); update 0 means the resource has no update timeout. One
// wording for every resource, so that the untaint advice reads the same everywhere.
func WaitTimeouts(ctx context.Context, what, createGoal, deleteGoal string, create, update, del time.Duration) schema.Block {
	opts := timeouts.Opts{Create: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long to wait for %s, as a Go duration (`90m`). Default: `%s`. When it runs out "+
			"the apply fails and the %s stays in the state, tainted (`terraform untaint` keeps it).", createGoal, ShortDuration(create), what),
		DeleteDescription: fmt.Sprintf("How long to wait for %s to be gone. Default: `%s`.", deleteGoal, ShortDuration(del)),
	}
	if update > 0 {
		opts.Update = true
		opts.UpdateDescription = fmt.Sprintf("How long in-place changes may take. Default: `%s`.", ShortDuration(update))
	}
	return Timeouts(ctx, opts)
}

// InvokeTimeout is an action's timeouts block: how long it waits for goal, def when not set.
func InvokeTimeout(ctx context.Context, goal string, def time.Duration, untracked string) actionschema.Block {
	b := actiontimeouts.BlockWithOpts(ctx, actiontimeouts.Opts{InvokeDescription: fmt.Sprintf(
		"How long to wait for %s, as a Go duration (`90m`). Default: `%s`. When it runs out the action fails; %s",
		goal, ShortDuration(def), untracked)})
	if nested, ok := b.(actionschema.SingleNestedBlock); ok {
		nested.Description = "How long the action waits."
		nested.MarkdownDescription = nested.Description
		return nested
	}
	return b
}
