package acctest

import "testing"

// Long marks a scenario test, one of two kinds: the API or the network misbehaving (faults, lost answers,
// throttling, timeouts, interrupted runs, refusals only the API can make, failures that leave an object tainted),
// and long walks through interop (an emulated week of automatic snapshots, both ways the API may answer defaults,
// regions through the CLI, generated configuration, tags the cloud adds, calls counted per import). `go test -short`
// skips them: make test runs with it and stays quick, while make test-full, make test-race and every testacc-*
// target (all in CI) run them.
//
// Why a tier and not a faster test: on a 2-core machine the acceptance tests are bound by CPU, and more than 90%
// of it is terraform's own start-up and work (about 0.2 s of CPU for each plan, apply or show, of which a plugin
// test step runs six to eight), not the provider or the emulator. Main takes what can be taken from each command;
// beyond that the only way to spend less is to run fewer terraform commands.
func Long(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("a long scenario: make test-full, make test-race and the testacc-* targets run it (skipped by -short)")
	}
}
