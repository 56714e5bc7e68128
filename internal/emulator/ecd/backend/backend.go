// Package backend holds the rules and state of the emulated Elastic Desktop Service (ECD, API 2020-09-30) for
// what desktop snapshots need: cloud desktops with a system and a data disk, and the snapshots of those disks.
// It knows nothing of HTTP: package ecd (the wire) decodes calls into the inputs here.
package backend

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/statefile"
)

// DefaultCreator is who a snapshot's Creator names when Options.Creator is empty: the example of ECD's
// DescribeSnapshots page.
const DefaultCreator = "Administrator"

// Options configure a Backend.
type Options struct {
	// Fixture is the starting desktops per region, the first region the default; nil = DefaultFixture.
	Fixture []RegionFixture
	// Now is the emulator's clock; the server hands in the ECS backend's, so that advancing the emulator's clock
	// moves ECD snapshots on too. nil = time.Now.
	Now func() time.Time
	// Duration is how long a snapshot created now takes from 0% to 100%, read at each creation; the server hands
	// in the ECS backend's setting so that one control times both products. nil = at once.
	Duration func() time.Duration
	// Creator is the user a snapshot's Creator names (the emulated key pair's RAM user); "" = DefaultCreator.
	Creator string
	// State is the state file ECD keeps its section in, shared with the other products; nil = memory only.
	State *statefile.File
}

// Backend is the emulated ECD account. One mutex guards everything.
type Backend struct {
	mu       sync.Mutex
	now      func() time.Time
	duration func() time.Duration
	creator  string
	start    []RegionFixture
	state    *statefile.File // nil = memory only
	regions  []*region       // fixture order; the first is the default region
	seq      int64           // snapshots made: orders them and backs the paging cursor
}

// region is one region's state, as the state file keeps it.
type region struct {
	ID        string         `json:"region_id"`
	Desktops  []*Desktop     `json:"desktops"`  // fixture order
	Snapshots []*snap        `json:"snapshots"` // creation order (ascending seq)
	FailNext  map[string]int `json:"fail_next"`
}

// snap is a stored snapshot; Status, Progress and RemainTime follow from the clock.
type snap struct {
	ID          string        `json:"id"`
	Seq         int64         `json:"seq"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	DesktopID   string        `json:"desktop_id"`
	DiskID      string        `json:"disk_id"`
	DiskType    string        `json:"disk_type"` // SYSTEM | DATA
	DiskSize    int           `json:"disk_size"`
	Encrypted   bool          `json:"encrypted"`
	KMSKeyID    string        `json:"kms_key_id,omitempty"`
	Creator     string        `json:"creator"`
	Auto        bool          `json:"auto"`
	Created     time.Time     `json:"created"`
	Duration    time.Duration `json:"duration"`
	Fail        bool          `json:"fail"`
}

// New builds a Backend over opts; with a state file that holds ECD's section, the saved desktops and snapshots
// replace the fixture.
func New(opts Options) (*Backend, error) {
	f := opts.Fixture
	if f == nil {
		f = DefaultFixture()
	}
	b := &Backend{now: opts.Now, duration: opts.Duration, creator: opts.Creator, start: cloneFixture(f), state: opts.State}
	if b.now == nil {
		b.now = time.Now
	}
	if b.duration == nil {
		b.duration = func() time.Duration { return 0 }
	}
	if b.creator == "" {
		b.creator = DefaultCreator
	}
	b.resetLocked()
	if data := opts.State.Section(StateSection); data != nil {
		if err := b.load(data); err != nil {
			return nil, fmt.Errorf("state file %s: ECD: %w", opts.State.Path(), err)
		}
	}
	return b, nil
}

// Reset returns to the starting desktops, with no snapshots and no armed failures.
func (b *Backend) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.resetLocked()
	// Reset cannot report a failed save; the next change saves again and reports it.
	_ = b.saveLocked()
}

func (b *Backend) resetLocked() {
	b.regions = nil
	b.seq = 0
	for _, rf := range cloneFixture(b.start) {
		r := &region{ID: rf.RegionID, FailNext: map[string]int{}}
		for i := range rf.Desktops {
			r.Desktops = append(r.Desktops, &rf.Desktops[i])
		}
		b.regions = append(b.regions, r)
	}
}

// Region is the default region (the fixture's first).
func (b *Backend) Region() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.regions[0].ID
}

func (b *Backend) clock() time.Time { return b.now().UTC() }

// region answers the named region; RegionId is required by every ECD call the emulator serves.
func (b *Backend) region(id string) (*region, *Error) {
	if id == "" {
		return nil, errMissing("RegionId")
	}
	for _, r := range b.regions {
		if r.ID == id {
			return r, nil
		}
	}
	return nil, errRegionNotFound
}

func (r *region) desktop(id string) *Desktop {
	for _, d := range r.Desktops {
		if d.DesktopID == id {
			return d
		}
	}
	return nil
}

func (r *region) snapshot(id string) *snap {
	for _, s := range r.Snapshots {
		if s.ID == id {
			return s
		}
	}
	return nil
}

func (b *Backend) snapshotTaken(id string) bool {
	for _, r := range b.regions {
		if r.snapshot(id) != nil {
			return true
		}
	}
	return false
}

// progress is where creation stands at now, in the current edition's spellings: status, whole percent and
// seconds left (rounded up). A failing snapshot stops half-way, as a real failure does not reach 100%.
func (s *snap) progress(now time.Time) (status string, pct, remain int) {
	elapsed := max(now.Sub(s.Created), 0)
	if s.Fail && elapsed >= s.Duration/2 {
		return SnapshotFailed, percent(s.Duration/2, s.Duration), 0
	}
	if !s.Fail && elapsed >= s.Duration {
		return SnapshotAccomplished, 100, 0
	}
	return SnapshotProgressing, percent(elapsed, s.Duration), int((s.Duration - elapsed + time.Second - 1) / time.Second)
}

func percent(part, whole time.Duration) int {
	if whole <= 0 {
		return 100
	}
	return int(part * 100 / whole)
}

// Snapshot statuses and types as the current edition of DescribeSnapshots spells them (upper case; the oldest
// edition used lower case: https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describesnapshots).
const (
	SnapshotProgressing  = "PROGRESSING"
	SnapshotAccomplished = "ACCOMPLISHED"
	SnapshotFailed       = "FAILED"
	TypeUser             = "USER"
	TypeAuto             = "AUTO"
	DiskSystem           = "SYSTEM"
	DiskData             = "DATA"
)

const wireTime = "2006-01-02T15:04:05Z"

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// regionCodes start the IDs made in a region, as Alibaba Cloud's IDs show them (s-bp1... in cn-hangzhou).
var regionCodes = map[string]string{"cn-hangzhou": "bp1", "cn-shanghai": "uf6", "cn-beijing": "2ze", "cn-shenzhen": "wz9"}

// newSnapshotID is an ID in the shape ECD's snapshots have (s-2zeipxmnhej803x7****: s-, then 20 characters
// starting with the region's code).
func (b *Backend) newSnapshotID(regionID string) string {
	code, ok := regionCodes[regionID]
	if !ok {
		code = "ecd"
	}
	for {
		id := []byte("s-" + code)
		for range 17 {
			id = append(id, idAlphabet[rand.IntN(len(idAlphabet))])
		}
		if !b.snapshotTaken(string(id)) {
			return string(id)
		}
	}
}

// Paging tokens are opaque hex of a versioned payload, so a made-up or corrupted token is refused.
const tokenPrefix = "aliecd1:"

func encodeToken(n int64) string {
	return hex.EncodeToString([]byte(tokenPrefix + strconv.FormatInt(n, 10)))
}

func decodeToken(tok string) (int64, bool) {
	raw, err := hex.DecodeString(tok)
	if err != nil || !strings.HasPrefix(string(raw), tokenPrefix) {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(string(raw), tokenPrefix), 10, 64)
	return n, err == nil && n >= 0
}

// parseMaxResults reads MaxResults: 1-100, def when absent.
func parseMaxResults(s string, def int) (int, *Error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPage {
		return 0, errMaxResults
	}
	return n, nil
}

const maxPage = 100

func validDesktopStatus(s string) bool { return slices.Contains(desktopStatuses, s) }

// autoRetention is how long ECD keeps an automatic snapshot: the user guide keeps the automatic snapshots the
// system takes for 3 days, then deletes them (https://www.alibabacloud.com/help/en/elastic-desktop-service/latest/create-snapshots,
// https://www.alibabacloud.com/help/doc-detail/196952.htm). Snapshots users take are kept until deleted. The guide's
// daily time of the automatic snapshots differs between its pages (00:00 or 01:00), so the emulator takes them
// only when asked (POST /_emulator/ecd/desktops/{id}/auto-snapshot) and releases them 3 days after.
const autoRetention = 3 * 24 * time.Hour

// begin locks the backend and releases the automatic snapshots whose 3 days have passed on the emulator's clock
// (ECS's, which POST /_emulator/ecs/clock moves), so that a release is seen by every call as the clock moves, with
// no timer; the caller must call b.mu.Unlock.
func (b *Backend) begin() {
	b.mu.Lock()
	now := b.clock()
	released := false
	for _, r := range b.regions {
		kept := r.Snapshots[:0]
		for _, s := range r.Snapshots {
			if s.Auto && !now.Before(s.Created.Add(autoRetention)) {
				released = true
				continue
			}
			kept = append(kept, s)
		}
		clear(r.Snapshots[len(kept):])
		r.Snapshots = kept
	}
	if released {
		// A failure to save here is reported by the next change, which saves again.
		_ = b.saveLocked()
	}
}
