package ecdclient

import (
	"encoding/json"
	"testing"
)

// Every documented form of a DescribeSnapshots answer reads to the same Snapshot: the oldest edition's
// lower-case values and string RemainTime, the current upper case and number RemainTime, SourceDiskSize as a
// string (2020-09-30) or a number (2020-10-02), and Snapshots as a bare array or wrapped.
func TestDescribeSnapshotsAnswer_everyDocumentedForm(t *testing.T) {
	oldest := `{"NextToken":"AAA","RequestId":"R1","Snapshots":[{"Status":"accomplished","Progress":"100%",
		"Description":"testDescription","DesktopId":"ecd-g03l3tlm8djoj","SnapshotName":"testSnapshotName",
		"SnapshotId":"s-2zeipxmnhej803x7","SourceDiskSize":"150","CreationTime":"2020-12-20T14:52:28Z",
		"SnapshotType":"user","RemainTime":"30","SourceDiskType":"system"}]}`
	current := `{"NextToken":"AAA","RequestId":"R1","Snapshots":[{"Status":"ACCOMPLISHED","Progress":"100%",
		"Description":"testDescription","DesktopId":"ecd-g03l3tlm8djoj","SnapshotName":"testSnapshotName",
		"SnapshotId":"s-2zeipxmnhej803x7","SourceDiskSize":150,"CreationTime":"2020-12-20T14:52:28Z",
		"SnapshotType":"USER","RemainTime":30,"SourceDiskType":"SYSTEM"}]}`
	wrapped := `{"NextToken":"AAA","RequestId":"R1","Snapshots":{"Snapshot":[{"Status":"Accomplished","Progress":"100",
		"Description":"testDescription","DesktopId":"ecd-g03l3tlm8djoj","SnapshotName":"testSnapshotName",
		"SnapshotId":"s-2zeipxmnhej803x7","SourceDiskSize":"150","CreationTime":"2020-12-20T14:52:28Z",
		"SnapshotType":"User","RemainTime":30.0,"SourceDiskType":"System"}]}}`
	for name, body := range map[string]string{"oldest": oldest, "current": current, "wrapped": wrapped} {
		t.Run(name, func(t *testing.T) {
			var a describeSnapshotsAnswer
			if err := json.Unmarshal([]byte(body), &a); err != nil {
				t.Fatal(err)
			}
			if a.NextToken != "AAA" || len(a.Snapshots) != 1 {
				t.Fatalf("answer %+v", a)
			}
			s := a.Snapshots[0].snapshot()
			if s.Status != StatusAccomplished || s.SnapshotType != SnapshotTypeUser || s.SourceDiskType != SourceDiskTypeSystem ||
				s.RemainTime != 30 || s.SourceDiskSize != 150 || s.ProgressPercent != 100 || s.SnapshotID != "s-2zeipxmnhej803x7" {
				t.Errorf("snapshot %+v", s)
			}
		})
	}
}

func TestDescribeSnapshotsAnswer_missingValues(t *testing.T) {
	var a describeSnapshotsAnswer
	if err := json.Unmarshal([]byte(`{"RequestId":"R","Snapshots":[{"SnapshotId":"s-1","RemainTime":null,"SourceDiskSize":"","Progress":""}]}`), &a); err != nil {
		t.Fatal(err)
	}
	s := a.Snapshots[0].snapshot()
	if s.RemainTime != -1 || s.SourceDiskSize != 0 || s.ProgressPercent != -1 {
		t.Errorf("snapshot %+v: want RemainTime -1 (unknown), SourceDiskSize 0, ProgressPercent -1", s)
	}
	for _, body := range []string{`{"Snapshots":null}`, `{}`, `{"Snapshots":{}}`, `{"Snapshots":[]}`} {
		var a describeSnapshotsAnswer
		if err := json.Unmarshal([]byte(body), &a); err != nil || len(a.Snapshots) != 0 {
			t.Errorf("%s: %v, %d snapshots", body, err, len(a.Snapshots))
		}
	}
}

func TestDescribeSnapshotsAnswer_refusesWhatIsNoNumber(t *testing.T) {
	for _, body := range []string{
		`{"Snapshots":[{"RemainTime":"soon"}]}`,
		`{"Snapshots":[{"SourceDiskSize":"1.5"}]}`,
		`{"Snapshots":[{"SnapshotId":{"a":1}}]}`,
		`{"Snapshots":"s-1"}`,
	} {
		var a describeSnapshotsAnswer
		if err := json.Unmarshal([]byte(body), &a); err == nil {
			t.Errorf("%s: read without error: %+v", body, a)
		}
	}
}

func TestParsePercent_forms(t *testing.T) {
	for in, want := range map[string]int{"100%": 100, "45": 45, " 7 % ": 7, "12.5%": 12, "": -1, "n/a": -1} {
		if got := ParsePercent(in); got != want {
			t.Errorf("ParsePercent(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestDescribeDesktopsAnswer_disks(t *testing.T) {
	var a describeDesktopsAnswer
	body := `{"Desktops":[{"DesktopId":"ecd-1","DesktopStatus":"Running","Disks":[{"DiskId":"d-1","DiskType":"system","DiskSize":"80"},{"DiskId":"d-2","DiskType":"DATA","DiskSize":100}]}]}`
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatal(err)
	}
	d := a.Desktops[0].desktop()
	if len(d.Disks) != 2 || d.Disks[0].DiskType != SourceDiskTypeSystem || d.Disks[0].DiskSize != 80 || d.Disks[1].DiskSize != 100 {
		t.Errorf("desktop %+v", d)
	}
}
