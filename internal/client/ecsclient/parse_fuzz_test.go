package ecsclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// FuzzParseProgress_roundTrip: a percentage as the API writes it ("NN%") reads back as NN, clamped to 0..100.
func FuzzParseProgress_roundTrip(f *testing.F) {
	for _, n := range []int{0, 37, 100, -1, 101, 1 << 40} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int) {
		want := clamp(n, 0, 100)
		for _, s := range []string{fmt.Sprintf("%d%%", n), fmt.Sprintf(" %d %% ", n), fmt.Sprint(n)} {
			if got := parseProgress(s); got != want {
				t.Fatalf("parseProgress(%q) = %d, want %d", s, got, want)
			}
		}
	})
}

// FuzzParseSize_roundTrip: a size written as the API writes it (a decimal string) reads back, clamped to 0..MaxInt32.
func FuzzParseSize_roundTrip(f *testing.F) {
	for _, n := range []int64{0, 40, 2048, -1, 1 << 31, 1 << 40} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		want := int(max(0, min(n, 1<<31-1)))
		if got := parseSize(fmt.Sprint(n)); got != want {
			t.Fatalf("parseSize(%d) = %d, want %d", n, got, want)
		}
		if got := parseSize(fmt.Sprintf("%d.0", n)); n >= 0 && n < 1<<31 && got != want {
			t.Fatalf("parseSize(%d.0) = %d, want %d", n, got, want)
		}
	})
}

// FuzzParseTime_roundTrip: any time the API could print (RFC 3339 with seconds, any offset) reads back as the
// same instant in UTC, and the filter format reads back to the minute.
func FuzzParseTime_roundTrip(f *testing.F) {
	f.Add(int64(1597935148), 8*60)
	f.Add(int64(0), 0)
	f.Add(int64(-62135596800), -60)
	f.Add(int64(253402300799), 14*60)
	f.Fuzz(func(t *testing.T, unix int64, offset int) {
		// Years 0001 to 9999 and offsets within a day: what RFC 3339 can write.
		unix = -62135596800 + (unix%315537897600+315537897600)%315537897600
		offset = offset % (24 * 60) * 60 // whole minutes: RFC 3339 has no seconds in an offset
		in := time.Unix(unix, 0).In(time.FixedZone("x", offset))
		if in.Year() < 1 || in.Year() > 9999 {
			return
		}
		s := in.Format(time.RFC3339)
		got := parseTime(s)
		if !got.Equal(in) || got.Location() != time.UTC {
			t.Fatalf("parseTime(%q) = %v, want %v in UTC", s, got, in.UTC())
		}
		filter := formatFilterTime(in)
		if back := parseTime(filter); !back.Equal(in.UTC().Truncate(time.Minute)) {
			t.Fatalf("filter time %q reads back as %v, want %v", filter, back, in.UTC().Truncate(time.Minute))
		}
	})
}

// FuzzDescribeSnapshots_anyResponse: whatever body and status a server answers, DescribeSnapshots returns a result
// or an error, without panicking and without hanging (a repeated NextToken must end the paging).
func FuzzDescribeSnapshots_anyResponse(f *testing.F) {
	f.Add(`{"RequestId":"R","TotalCount":1,"Snapshots":{"Snapshot":[{"SnapshotId":"s-1","Progress":"50%","SourceDiskSize":"40","CreationTime":"2020-08-20T14:52:28Z"}]}}`, 200)
	f.Add(`{"NextToken":"again","Snapshots":{"Snapshot":[]}}`, 200)
	f.Add(`{"Snapshots":{"Snapshot":[null,{"Tags":{"Tag":[null,{"TagKey":null}]}}]}}`, 200)
	f.Add(`{"Snapshots":{"Snapshot":[{"RemainTime":"soon","SourceDiskSize":40,"Progress":100}]}}`, 200)
	f.Add(`{"RequestId":"R","Code":"Throttling","Message":"x"}`, 503)
	f.Add(`not json`, 200)
	f.Add(``, 204)
	var answer struct {
		sync.Mutex
		body   string
		status int
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		answer.Lock()
		body, status := answer.body, answer.status
		answer.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body)) // the client may hang up on a body it does not want
	}))
	f.Cleanup(srv.Close)
	c, err := New(context.Background(), client.Config{Region: "cn-hangzhou", Endpoint: srv.URL, Credential: accessKeyCredential(f, "ak", "sk"), MaxRetries: new(0)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b string, s int) {
		status := 200 + (s%400+400)%400
		answer.Lock()
		answer.body, answer.status = b, status
		answer.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := c.DescribeSnapshots(ctx, DescribeSnapshotsInput{})
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			t.Fatalf("DescribeSnapshots hung on status %d body %q", status, b)
		}
	})
}
