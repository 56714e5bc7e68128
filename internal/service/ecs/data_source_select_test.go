package ecs

import (
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

func snapshotAt(id, name string, minute int) ecsclient.Snapshot {
	return ecsclient.Snapshot{SnapshotID: id, SnapshotName: name, CreationTime: time.Date(2024, 5, 1, 8, minute, 0, 0, time.UTC)}
}

func selectedIDs(in []ecsclient.Snapshot) []string {
	ids := []string{}
	for _, s := range in {
		ids = append(ids, s.SnapshotID)
	}
	return ids
}

func TestSelectSnapshots(t *testing.T) {
	all := []ecsclient.Snapshot{
		snapshotAt("s-a", "app-data-1", 1),
		snapshotAt("s-b", "app-data-3", 3),
		snapshotAt("s-c", "web-1", 9),
		snapshotAt("s-d", "", 5),
		snapshotAt("s-e", "app-data-2", 2),
	}
	tests := []struct {
		name       string
		regex      string // "" = no name_regex
		mostRecent bool
		want       []string
	}{
		{"nothing, newest first", "", false, []string{"s-c", "s-d", "s-b", "s-e", "s-a"}},
		{"regex", "^app-data-", false, []string{"s-b", "s-e", "s-a"}},
		{"regex is unanchored", "data", false, []string{"s-b", "s-e", "s-a"}},
		{"regex matches empty names", "^$", false, []string{"s-d"}},
		{"regex matches nothing", "^db-", false, []string{}},
		{"most recent of all", "", true, []string{"s-c"}},
		{"most recent after regex", "^app-", true, []string{"s-b"}},
		{"most recent of nothing is empty", "^db-", true, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var re *regexp.Regexp
			if tt.regex != "" {
				re = regexp.MustCompile(tt.regex)
			}
			got := selectedIDs(selectSnapshots(all, re, tt.mostRecent))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSelectSnapshots_orderIgnoresPageOrder(t *testing.T) {
	// Two calls for more than 100 ids: each newest first, together not.
	a, b, c, d := snapshotAt("s-a", "x", 4), snapshotAt("s-b", "x", 4), snapshotAt("s-c", "x", 9), snapshotAt("s-d", "x", 1)
	for _, in := range [][]ecsclient.Snapshot{{a, b, c, d}, {c, b, a, d}, {b, d, a, c}} {
		if got := selectedIDs(selectSnapshots(in, nil, false)); !reflect.DeepEqual(got, []string{"s-c", "s-b", "s-a", "s-d"}) {
			t.Errorf("from %v got %v, want [s-c s-b s-a s-d]", selectedIDs(in), got)
		}
	}
	for _, in := range [][]ecsclient.Snapshot{{a, b}, {b, a}} {
		if got := selectedIDs(selectSnapshots(in, nil, true)); !reflect.DeepEqual(got, []string{"s-b"}) {
			t.Errorf("most_recent from %v got %v, want [s-b]", selectedIDs(in), got)
		}
	}
}

func TestSelectSnapshots_doesNotModifyInput(t *testing.T) {
	in := []ecsclient.Snapshot{snapshotAt("s-a", "x", 1), snapshotAt("s-b", "y", 2), snapshotAt("s-c", "y", 3)}
	selectSnapshots(in, regexp.MustCompile("y"), true)
	if got := selectedIDs(in); !reflect.DeepEqual(got, []string{"s-a", "s-b", "s-c"}) {
		t.Errorf("input changed: %v", got)
	}
}
