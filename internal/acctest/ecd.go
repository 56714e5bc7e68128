package acctest

import (
	"os"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
)

// EnvDesktopID names a Running cloud desktop that the desktop snapshot tests snapshot in a real account;
// against the emulator they find one through DescribeDesktops.
const EnvDesktopID = "ALIECS_ACC_DESKTOP_ID"

// ECDClient is an ECD client of the provider's region built from the test's environment, as ECSClient is:
// CheckDestroy of desktop snapshots goes through it, never through the emulator's backend.
func (e *Env) ECDClient(t *testing.T) ecdclient.Client {
	t.Helper()
	c, err := ecdclient.New(t.Context(), e.clientConfig(t, e.Region(), "ALIECS_ECD_ENDPOINT"))
	if err != nil {
		t.Fatalf("the test's ECD client: %v", err)
	}
	return c
}

// RunningDesktopID is a Running cloud desktop to snapshot: EnvDesktopID against the real cloud, else the
// first Running desktop the emulator's DescribeDesktops lists. The test skips when there is none.
func (e *Env) RunningDesktopID(t *testing.T) string {
	t.Helper()
	if e.Emulator == nil {
		id := os.Getenv(EnvDesktopID)
		if id == "" {
			t.Skipf("set %s to a Running cloud desktop to run the desktop snapshot tests against the real cloud", EnvDesktopID)
		}
		return id
	}
	desktops, err := e.ECDClient(t).DescribeDesktops(t.Context(), ecdclient.DescribeDesktopsInput{DesktopStatus: "Running"})
	if err != nil {
		t.Fatalf("DescribeDesktops: %v", err)
	}
	for _, d := range desktops {
		if d.DesktopStatus == "Running" {
			return d.DesktopID
		}
	}
	t.Fatal("the emulator's fixture has no Running cloud desktop")
	return ""
}
