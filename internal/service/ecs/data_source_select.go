package ecs

import (
	"regexp"
	"slices"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// selectSnapshots applies the client-side arguments to what the API returned and orders the result newest
// first: name_regex (a nil regexp keeps every snapshot), then most_recent. The input is left untouched.
func selectSnapshots(in []ecsclient.Snapshot, nameRegex *regexp.Regexp, mostRecent bool) []ecsclient.Snapshot {
	out := make([]ecsclient.Snapshot, 0, len(in))
	for _, s := range in {
		if nameRegex == nil || nameRegex.MatchString(s.SnapshotName) {
			out = append(out, s)
		}
	}
	// ECS answers newest first, but more than 100 ids take several calls, each newest first on its own:
	// one sort gives a single order, the same whatever the calls.
	// Usually the answer is in that order already: checking is linear, sorting only when needed.
	if !slices.IsSortedFunc(out, compareNewestFirst) {
		slices.SortStableFunc(out, compareNewestFirst)
	}
	if mostRecent && len(out) > 1 {
		out = out[:1]
	}
	return out
}

// compareNewestFirst orders by creation time, latest first, then by snapshot ID, greatest first, so that
// the order (and most_recent's pick) never depends on the order of pages.
func compareNewestFirst(a, b ecsclient.Snapshot) int {
	if c := b.CreationTime.Compare(a.CreationTime); c != 0 {
		return c
	}
	switch {
	case a.SnapshotID > b.SnapshotID:
		return -1
	case a.SnapshotID < b.SnapshotID:
		return 1
	}
	return 0
}
