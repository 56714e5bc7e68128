package backend

import (
	"errors"
	"strconv"
	"testing"
	"time"
)

// FuzzParsePaging_windowWithinList: any PageNumber/PageSize/NextToken/MaxResults either is refused with a 400 or gives a page
// size of 1 to 100 and a window inside the list, whose next token reads back as where the window ends.
func FuzzParsePaging_windowWithinList(f *testing.F) {
	f.Add("1", "10", "", "", 25)
	f.Add("99999999999999999999", "100", "", "", 3)
	f.Add("", "", encodeToken("7"), "5", 10)
	f.Add("", "0", "zz", "101", 0)
	f.Add("-1", "1e3", encodeToken("-3"), "", 1)
	f.Add("9223372036854775807", "100", "", "", 1000)
	f.Fuzz(func(t *testing.T, pageNumber, pageSize, nextToken, maxResults string, n int) {
		p, err := parsePaging(pageNumber, pageSize, nextToken, maxResults)
		if err != nil {
			if err.HTTPStatus != 400 {
				t.Fatalf("refused with %d %s", err.HTTPStatus, err.Code)
			}
			return
		}
		if p.size < 1 || p.size > maxPageSize || (!p.tokenMode && p.number < 1) {
			t.Fatalf("paging %+v out of bounds", p)
		}
		n = max(0, n%100_000)
		from, to, number, next, werr := p.window(n)
		if werr != nil {
			if werr.HTTPStatus != 400 {
				t.Fatalf("window refused with %d %s", werr.HTTPStatus, werr.Code)
			}
			return
		}
		if from < 0 || from > to || to > n || to-from > p.size || number < 1 {
			t.Fatalf("window [%d, %d) page %d of %d items with %+v", from, to, number, n, p)
		}
		if next != "" {
			payload, ok := decodeToken(next)
			if off, err := strconv.Atoi(payload); !ok || err != nil || off != to {
				t.Fatalf("next token %q reads %q, want offset %d", next, payload, to)
			}
		}
	})
}

// FuzzToken_roundTrip: every payload survives encoding, and no string that is not a token of ours decodes.
func FuzzToken_roundTrip(f *testing.F) {
	f.Add("1700000000000000000.42", "")
	f.Add("", "616c6965637331")
	f.Add("\x00\xff", "zz")
	f.Fuzz(func(t *testing.T, payload, arbitrary string) {
		if got, ok := decodeToken(encodeToken(payload)); !ok || got != payload {
			t.Fatalf("token of %q decodes to %q, %v", payload, got, ok)
		}
		if got, ok := decodeToken(arbitrary); ok && encodeToken(got) != arbitrary && encodeToken(got) != toLowerHex(arbitrary) {
			t.Fatalf("%q decoded to %q, which encodes differently", arbitrary, got)
		}
	})
}

func toLowerHex(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'F' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// FuzzSnapshotCursor_roundTrip: a DescribeSnapshots cursor reads back as the creation time and sequence it holds.
func FuzzSnapshotCursor_roundTrip(f *testing.F) {
	f.Add(int64(1700000000000000000), int64(42), "1.2")
	f.Add(int64(-1), int64(0), "a.b")
	f.Add(int64(0), int64(-9223372036854775808), "..")
	f.Fuzz(func(t *testing.T, nano, seq int64, arbitrary string) {
		s := &snap{Created: time.Unix(0, nano), Seq: seq}
		gotNano, gotSeq, ok := parseSnapCursor(snapCursor(s))
		if !ok || gotNano != nano || gotSeq != seq {
			t.Fatalf("cursor of (%d, %d) reads (%d, %d, %v)", nano, seq, gotNano, gotSeq, ok)
		}
		_, _, _ = parseSnapCursor(arbitrary) // must only not panic
	})
}

// FuzzParseIDList_atMostOneHundred: SnapshotIds, DiskIds and InstanceIds are JSON arrays of at most 100 strings; anything
// else is refused, and an accepted list yields at most 100 IDs.
func FuzzParseIDList_atMostOneHundred(f *testing.F) {
	f.Add(`["s-1","s-2"]`)
	f.Add(`[]`)
	f.Add(`null`)
	f.Add(`["s-1",2]`)
	f.Add(`{"a":1}`)
	f.Add(`[" s-1 ","s-1"]`)
	f.Fuzz(func(t *testing.T, s string) {
		set, ok := parseIDList(s)
		if ok && len(set) > maxIDsPerList {
			t.Fatalf("%d IDs accepted", len(set))
		}
		if !ok && set != nil {
			t.Fatal("a refused list returned IDs")
		}
	})
}

// FuzzParseFilterTime_canonicalForm: an accepted CreationStartTime/CreationEndTime is a UTC time that reads back the same from
// its canonical form (time.Parse is lenient about digit counts, so the input itself may differ).
func FuzzParseFilterTime_canonicalForm(f *testing.F) {
	f.Add("2024-05-01T08:00Z")
	f.Add("2024-05-01T08:00:59Z")
	f.Add("2024-02-30T08:00Z")
	f.Add("0000-01-01T00:00Z")
	f.Fuzz(func(t *testing.T, s string) {
		tm, ok := parseFilterTime(s)
		if !ok {
			return
		}
		if tm.Location() != time.UTC {
			t.Fatalf("%q parsed as %v, not UTC", s, tm)
		}
		if again, ok := parseFilterTime(tm.Format(wireTime)); !ok || !again.Equal(tm) {
			t.Fatalf("%q parsed as %v, whose canonical form reads %v, %v", s, tm, again, ok)
		}
	})
}

// FuzzCreateSnapshot_anyInput: whatever strings CreateSnapshot receives, it answers a snapshot that
// DescribeSnapshots then shows, or an API error of status 4xx; never a panic or a 5xx.
func FuzzCreateSnapshot_anyInput(f *testing.F) {
	f.Add(diskWebData, "nightly", "db", "7", "", "", "", "env", "prod", "tok-1")
	f.Add(diskWebData, "auto-x", "http://x", "0", "Flash", "true", "65536", "acs:x", "", "")
	f.Add(diskEncrypted, "", "", "65536", "", "TRUE", "1", "", "http://v", "\xff")
	f.Add("", "中文名字", "ab", "abc", "standard", "yes", "-1", "aliyun", "v", "0123456789012345678901234567890123456789012345678901234567890123456789")
	f.Fuzz(func(t *testing.T, disk, name, desc, retention, category, instant, iaRetention, tagKey, tagValue, token string) {
		b, _ := newTestBackend(t, 0)
		in := CreateSnapshotInput{
			RegionID: region, DiskID: disk, SnapshotName: name, Description: desc, RetentionDays: retention,
			Category: category, InstantAccess: instant, InstantAccessRetentionDays: iaRetention, ClientToken: token,
		}
		if tagKey != "" || tagValue != "" {
			in.Tags = []Tag{{Key: tagKey, Value: tagValue}}
		}
		out, err := b.CreateSnapshot(in)
		if err != nil {
			expectClientError(t, err)
			return
		}
		if _, ok := b.Snapshot(out.SnapshotId); !ok {
			t.Fatalf("created %s is not there", out.SnapshotId)
		}
		list, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region, SnapshotIDs: `["` + out.SnapshotId + `"]`})
		if err != nil || len(list.Snapshots.Snapshot) != 1 {
			t.Fatalf("DescribeSnapshots of %s: %v, %+v", out.SnapshotId, err, list)
		}
		if got := list.Snapshots.Snapshot[0].SnapshotName; got != name {
			t.Fatalf("name %q reads back as %q", name, got)
		}
	})
}

// FuzzDescribeSnapshots_anyInput: arbitrary filters and paging are answered with a page or a 4xx, never a panic,
// and a page never holds more than its size.
func FuzzDescribeSnapshots_anyInput(f *testing.F) {
	f.Add("", "", `["s-1"]`, "all", "user", "image", "Data", "false", "standard", "CreationStartTime", "2024-05-01T08:00Z", "1", "10", "", "")
	f.Add(instWeb, diskWebData, "[", "x", "x", "x", "x", "maybe", "x", "Bogus", "x", "0", "0", "zz", "0")
	f.Add("", "", "", "", "", "", "", "", "", "CreationEndTime", "9999-12-31T23:59Z", "", "", "", "100")
	f.Fuzz(func(t *testing.T, instance, disk, ids, status, snapType, usage, sourceType, encrypted, category,
		filterKey, filterValue, pageNumber, pageSize, nextToken, maxResults string) {
		b, _ := newTestBackend(t, 0)
		for range 3 {
			if _, err := b.CreateSnapshot(CreateSnapshotInput{RegionID: region, DiskID: diskWebData}); err != nil {
				t.Fatal(err)
			}
		}
		out, err := b.DescribeSnapshots(DescribeSnapshotsInput{
			RegionID: region, InstanceID: instance, DiskID: disk, SnapshotIDs: ids, Status: status, SnapshotType: snapType,
			Usage: usage, SourceDiskType: sourceType, Encrypted: encrypted, Category: category,
			Filters:    []Filter{{Key: filterKey, Value: filterValue}},
			PageNumber: pageNumber, PageSize: pageSize, NextToken: nextToken, MaxResults: maxResults,
		})
		if err != nil {
			expectClientError(t, err)
			return
		}
		if n := len(out.Snapshots.Snapshot); n > maxPageSize || n > out.TotalCount || (out.PageSize > 0 && n > out.PageSize) {
			t.Fatalf("%d snapshots in a page of %d, total %d", n, out.PageSize, out.TotalCount)
		}
	})
}

func expectClientError(t *testing.T, err error) {
	t.Helper()
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T %v is not an API error", err, err)
	}
	if apiErr.HTTPStatus < 400 || apiErr.HTTPStatus > 499 || apiErr.Code == "" {
		t.Fatalf("answered %d %q for bad input: %s", apiErr.HTTPStatus, apiErr.Code, apiErr.Message)
	}
}
