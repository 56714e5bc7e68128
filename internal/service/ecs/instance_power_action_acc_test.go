package ecs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// aliecs_stop_instance leaves a Stopped instance as it is (no StopInstances call), refuses an instance locked for
// security and one that is Starting, each saying why; aliecs_start_instance starts the stopped one.
func TestAccStopInstanceAction_statuses(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // uses the emulator's locked and starting instances
	acctest.SkipWithoutActions(t)
	t.Parallel()
	const (
		stopped  = "i-bp1g6zv0ce8oghu7k7ww"
		starting = "i-bp1d3k8mzl2q7wxr5c9e"
		locked   = "i-bp1f8s2hx1a9zq4ne0lk"
	)
	w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+`
action "aliecs_stop_instance" "stopped" {
  config {
    instance_id = "`+stopped+`"
  }
}
action "aliecs_stop_instance" "starting" {
  config {
    instance_id = "`+starting+`"
  }
}
action "aliecs_stop_instance" "locked" {
  config {
    instance_id = "`+locked+`"
    force       = true
  }
}
action "aliecs_start_instance" "stopped" {
  config {
    instance_id = "`+stopped+`"
  }
}
`)
	env.Emulator.Backend().SetPowerDuration(500 * time.Millisecond)
	before := env.Emulator.CallCounts()["StopInstances"]
	out := w.Run("apply", "-invoke=action.aliecs_stop_instance.stopped", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Instance "+stopped+" is already Stopped: nothing to do") || env.Emulator.CallCounts()["StopInstances"] != before {
		t.Errorf("stopping a Stopped instance must do nothing and say so:\n%s", out)
	}
	for name, want := range map[string]string{
		"starting": "Instance " + starting + " is Starting; it can be stopped only when Running",
		"locked":   "Instance " + locked + " is locked for security",
	} {
		out, err := w.Command("apply", "-invoke=action.aliecs_stop_instance."+name, "-auto-approve", "-input=false", "-no-color").CombinedOutput()
		if said := strings.Join(strings.Fields(string(out)), " "); err == nil || !strings.Contains(said, want) {
			t.Errorf("%s: err %v; want the error %q:\n%s", name, err, want, out)
		}
	}
	if got := env.Emulator.CallCounts()["StopInstances"]; got != before {
		t.Errorf("refused stops made %d StopInstances calls", got-before)
	}
	out = w.Run("apply", "-invoke=action.aliecs_start_instance.stopped", "-auto-approve", "-input=false", "-no-color")
	if s := instanceStatus(t, env, stopped); s != "Running" || !strings.Contains(out, "Instance "+stopped+" is Running") {
		t.Errorf("after the start the instance is %s:\n%s", s, out)
	}
}
