package snapshot

import (
	"regexp"

	"github.com/aliecs/terraform-provider-aliecs/internal/ecsclient"
)

// selectSnapshots applies the client-side arguments to what the API returned: name_regex (a nil regexp
// keeps every snapshot), then most_recent. The order of the API is kept.
func selectSnapshots(in []ecsclient.Snapshot, nameRegex *regexp.Regexp, mostRecent bool) []ecsclient.Snapshot {
	out := make([]ecsclient.Snapshot, 0, len(in))
	for _, s := range in {
		if nameRegex == nil || nameRegex.MatchString(s.SnapshotName) {
			out = append(out, s)
		}
	}
	if !mostRecent || len(out) == 0 {
		return out
	}
	newest := out[0]
	for _, s := range out[1:] {
		if newerSnapshot(s, newest) {
			newest = s
		}
	}
	return []ecsclient.Snapshot{newest}
}

// newerSnapshot orders by creation time, then by ID, so that most_recent picks the same snapshot
// whatever order the pages came in.
func newerSnapshot(a, b ecsclient.Snapshot) bool {
	if !a.CreationTime.Equal(b.CreationTime) {
		return a.CreationTime.After(b.CreationTime)
	}
	return a.SnapshotID > b.SnapshotID
}
