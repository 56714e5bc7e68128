package emulator

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The load test runs for -load-duration (or ALIECS_LOAD_DURATION); `make test` keeps the short default and
// `make load` runs the full 10 s.
var loadDuration = flag.Duration("load-duration", 0, "how long TestLoad_concurrentClients runs (default 2s, or $ALIECS_LOAD_DURATION)")

const (
	loadClients         = 50
	defaultLoadDuration = 2 * time.Second
)

func loadTestDuration(t *testing.T) time.Duration {
	if *loadDuration > 0 {
		return *loadDuration
	}
	if v := os.Getenv("ALIECS_LOAD_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("ALIECS_LOAD_DURATION=%q is not a positive duration", v)
		}
		return d
	}
	return defaultLoadDuration
}

// TestLoad_concurrentClients: 50 clients, each with its own connection, sign and send a mix of CreateSnapshot
// (some twice at once with one ClientToken), DescribeSnapshots and DeleteSnapshot for the test's duration.
// Without injected faults nothing may answer 5xx or fail to answer; each client finds every snapshot it made and
// has not deleted, and none it deleted; at the end the emulator holds exactly the snapshots created and not
// deleted, no ID was handed out twice, no disk has two progressing snapshots, and the call counts match.
func TestLoad_concurrentClients(t *testing.T) {
	duration := loadTestDuration(t)
	ts := StartTestServer(t, backend.Options{SnapshotDuration: 50 * time.Millisecond}, Config{})
	disks := loadDisks(t)

	stop := time.Now().Add(duration)
	workers := make([]*loadWorker, loadClients)
	var wg sync.WaitGroup
	for i := range workers {
		w := &loadWorker{
			id: i, ts: ts, disks: disks, rng: rand.New(rand.NewPCG(uint64(i), 42)),
			http:    &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2}, Timeout: 30 * time.Second},
			sent:    map[string]int64{},
			live:    map[string]bool{},
			tokenID: map[string]string{},
		}
		workers[i] = w
		wg.Go(func() { w.run(stop) })
	}
	wg.Wait()
	for _, w := range workers {
		w.http.CloseIdleConnections()
	}

	created := map[string]int{} // ID -> worker
	deleted := map[string]bool{}
	sent := map[string]int64{}
	ops := map[string]int{}
	for _, w := range workers {
		for _, f := range w.failures {
			t.Errorf("client %d: %s", w.id, f)
		}
		for _, id := range w.created {
			if other, dup := created[id]; dup {
				t.Errorf("snapshot %s was handed to client %d and to client %d", id, other, w.id)
			}
			created[id] = w.id
		}
		for _, id := range w.deleted {
			deleted[id] = true
		}
		for a, n := range w.sent {
			sent[a] += n
		}
		ops["create"] += len(w.created)
		ops["delete"] += len(w.deleted)
		ops["describe"] += w.describes
		ops["same-token creates"] += w.sameToken
	}
	t.Logf("%d clients for %v: %v, requests %v", loadClients, duration, ops, sent)
	if ops["create"] == 0 || ops["delete"] == 0 || ops["describe"] == 0 || ops["same-token creates"] == 0 {
		t.Fatalf("the load did not exercise every operation: %v", ops)
	}

	// The emulator's snapshots are exactly those created and not deleted: none lost, none extra.
	left := map[string]bool{}
	progressing := map[string][]string{}
	for _, s := range ts.Backend().Snapshots() {
		left[s.SnapshotId] = true
		if _, ours := created[s.SnapshotId]; !ours {
			t.Errorf("snapshot %s exists but no client was told it was created", s.SnapshotId)
		}
		if deleted[s.SnapshotId] {
			t.Errorf("snapshot %s was deleted but is still there", s.SnapshotId)
		}
		if s.Status == "progressing" {
			progressing[s.SourceDiskId] = append(progressing[s.SourceDiskId], s.SnapshotId)
		}
	}
	for id, w := range created {
		if !deleted[id] && !left[id] {
			t.Errorf("snapshot %s, created by client %d and never deleted, is lost", id, w)
		}
	}
	for disk, ids := range progressing {
		if len(ids) > 1 {
			t.Errorf("disk %s has %d progressing snapshots: %v", disk, len(ids), ids)
		}
	}
	// Every request was counted once, under its action.
	if got := ts.CallCounts(); !maps.Equal(got, sent) {
		t.Errorf("call counts %v, clients sent %v", got, sent)
	}
	// The API agrees with the backend.
	total := describeTotal(t, ts)
	if total != len(left) {
		t.Errorf("DescribeSnapshots says %d snapshots, the backend holds %d", total, len(left))
	}
}

// loadDisks are the default fixture's disks that accept snapshots.
func loadDisks(t *testing.T) []string {
	disks := backend.DefaultFixture().SnapshottableDisks()
	if len(disks) < 2 {
		t.Fatalf("the fixture has %d snapshottable disks", len(disks))
	}
	return disks
}

// loadWorker is one client. Only its own goroutine touches it until the test reads it after Wait.
type loadWorker struct {
	id        int
	ts        *TestServer
	disks     []string
	rng       *rand.Rand
	http      *http.Client
	sent      map[string]int64
	sentMu    sync.Mutex // the same-token creates send from two goroutines
	created   []string
	deleted   []string
	live      map[string]bool
	tokenID   map[string]string
	describes int
	sameToken int
	failures  []string
	nonce     int
}

// loadAnswer is what one call answered.
type loadAnswer struct {
	status int
	code   string
	body   map[string]any
	err    error
}

func (w *loadWorker) run(stop time.Time) {
	for time.Now().Before(stop) && len(w.failures) < 5 {
		switch r := w.rng.IntN(10); {
		case r < 4:
			w.create()
		case r < 7 || len(w.live) == 0:
			w.describe()
		default:
			w.delete()
		}
	}
}

func (w *loadWorker) fail(format string, args ...any) {
	w.failures = append(w.failures, fmt.Sprintf(format, args...))
}

func (w *loadWorker) create() {
	disk := w.disks[w.rng.IntN(len(w.disks))]
	q := url.Values{"RegionId": {w.ts.Region}, "DiskId": {disk}, "SnapshotName": {fmt.Sprintf("load-%d", w.id)}}
	var answers []loadAnswer
	if w.rng.IntN(8) == 0 {
		// The same create twice at once, as a client that retries too early would send it: one snapshot at most.
		token := fmt.Sprintf("load-%d-%d", w.id, w.nonce)
		q.Set("ClientToken", token)
		answers = make([]loadAnswer, 2)
		var wg sync.WaitGroup
		for i := range answers {
			nonce := w.nextNonce()
			wg.Go(func() { answers[i] = w.call("CreateSnapshot", q, nonce) })
		}
		wg.Wait()
		w.sameToken++
	} else {
		answers = []loadAnswer{w.call("CreateSnapshot", q, w.nextNonce())}
	}
	id := ""
	for _, a := range answers {
		switch {
		case a.err != nil:
			w.fail("CreateSnapshot: %v", a.err)
		case a.status == http.StatusOK:
			got, _ := a.body["SnapshotId"].(string)
			if got == "" || (id != "" && got != id) {
				w.fail("CreateSnapshot with one ClientToken answered %q and %q", id, got)
			}
			id = got
		case a.code == "IncorrectDiskStatus.CreatingSnapshot" || a.code == "QuotaExceed.Snapshot":
			// The disk is busy or full: the answers the API gives under this load.
		default:
			w.fail("CreateSnapshot of %s: %d %s", disk, a.status, a.code)
		}
	}
	if id != "" {
		if w.live[id] {
			w.fail("CreateSnapshot answered %s, which this client already had", id)
		}
		w.created = append(w.created, id)
		w.live[id] = true
	}
}

func (w *loadWorker) describe() {
	w.describes++
	q := url.Values{"RegionId": {w.ts.Region}}
	var mine []string
	for _, id := range slices.Sorted(maps.Keys(w.live)) {
		if len(mine) < 10 {
			mine = append(mine, id)
		}
	}
	if len(w.deleted) > 0 {
		mine = append(mine, w.deleted[w.rng.IntN(len(w.deleted))])
	}
	switch w.rng.IntN(3) {
	case 0:
		if len(mine) == 0 {
			q.Set("MaxResults", "100")
			break
		}
		ids, _ := json.Marshal(mine)
		q.Set("SnapshotIds", string(ids))
		q.Set("MaxResults", "100")
	case 1:
		q.Set("DiskId", w.disks[w.rng.IntN(len(w.disks))])
		q.Set("MaxResults", "100")
	default:
		q.Set("PageSize", "10")
		q.Set("PageNumber", strconv.Itoa(1+w.rng.IntN(3)))
	}
	a := w.call("DescribeSnapshots", q, w.nextNonce())
	if a.err != nil || a.status != http.StatusOK {
		w.fail("DescribeSnapshots %v: %d %s %v", q, a.status, a.code, a.err)
		return
	}
	if q.Get("SnapshotIds") == "" {
		return
	}
	// Only this client deletes its snapshots, so what it asked for by ID is exactly what it has.
	found := map[string]bool{}
	snaps, _ := a.body["Snapshots"].(map[string]any)
	list, _ := snaps["Snapshot"].([]any)
	for _, s := range list {
		if m, ok := s.(map[string]any); ok {
			if id, ok := m["SnapshotId"].(string); ok {
				found[id] = true
			}
		}
	}
	for _, id := range mine {
		if w.live[id] != found[id] {
			w.fail("DescribeSnapshots by ID: %s found=%v, but this client has it=%v", id, found[id], w.live[id])
		}
	}
}

func (w *loadWorker) delete() {
	ids := slices.Sorted(maps.Keys(w.live))
	id := ids[w.rng.IntN(len(ids))]
	a := w.call("DeleteSnapshot", url.Values{"RegionId": {w.ts.Region}, "SnapshotId": {id}}, w.nextNonce())
	if a.err != nil || a.status != http.StatusOK {
		w.fail("DeleteSnapshot %s: %d %s %v", id, a.status, a.code, a.err)
		return
	}
	delete(w.live, id)
	w.deleted = append(w.deleted, id)
}

func (w *loadWorker) nextNonce() string {
	w.nonce++
	return fmt.Sprintf("load-%d-%d-%d", w.id, w.nonce, time.Now().UnixNano())
}

// call signs and sends one V3 request; a transport failure or a 5xx is never expected here.
func (w *loadWorker) call(action string, q url.Values, nonce string) loadAnswer {
	req, err := v3Request{action: action, query: q, nonce: nonce}.newRequest(w.ts)
	if err != nil {
		return loadAnswer{err: err}
	}
	w.sentMu.Lock()
	w.sent[action]++
	w.sentMu.Unlock()
	resp, err := w.http.Do(req)
	if err != nil {
		return loadAnswer{err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return loadAnswer{status: resp.StatusCode, err: err}
	}
	a := loadAnswer{status: resp.StatusCode}
	if err := json.Unmarshal(raw, &a.body); err != nil {
		a.err = fmt.Errorf("%d answer is not JSON: %q", resp.StatusCode, raw)
		return a
	}
	a.code, _ = a.body["Code"].(string)
	if resp.StatusCode >= 500 {
		a.err = fmt.Errorf("%d %s with no fault injected: %s", resp.StatusCode, a.code, raw)
	}
	return a
}

// describeTotal is DescribeSnapshots' TotalCount of every snapshot.
func describeTotal(t *testing.T, ts *TestServer) int {
	t.Helper()
	status, body, _ := v3Request{action: "DescribeSnapshots", query: url.Values{"RegionId": {ts.Region}, "MaxResults": {"1"}}}.do(t, ts)
	if status != http.StatusOK {
		t.Fatalf("DescribeSnapshots: %d %s", status, body)
	}
	var out struct{ TotalCount int }
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	return out.TotalCount
}
