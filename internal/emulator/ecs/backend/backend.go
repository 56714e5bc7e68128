package backend

import (
	"sort"
	"sync"
	"time"
)

// Backend is the emulated ECS account in one region. One mutex guards everything: calls are short, and
// DescribeSnapshots walks an ordered slice instead of sorting.
type Backend struct {
	mu        sync.Mutex
	now       func() time.Time
	duration  time.Duration
	stateFile string
	start     Fixture // what Reset returns to
	w         *world
}

// world is everything a state file holds.
type world struct {
	Region         string               `json:"region"`
	Instances      []Instance           `json:"instances"` // fixture order, which DescribeInstances keeps
	Disks          []Disk               `json:"disks"`
	ResourceGroups []string             `json:"resource_groups"`
	Snapshots      []*snap              `json:"snapshots"` // ascending by (Created, Seq): newest last
	Seq            int64                `json:"seq"`
	Tokens         map[string]tokenUse  `json:"tokens"`
	FailNext       map[string]int       `json:"fail_next"`
	Links          map[string]string    `json:"links"` // disk ID -> snapshot chain ID
	byID           map[string]*snap     // rebuilt, never persisted
	byDisk         map[string][]*snap   // rebuilt; per-disk lists for the quota and in-progress checks
	instByID       map[string]*Instance // rebuilt
	diskByID       map[string]*Disk     // rebuilt
	nextExpiry     time.Time            // earliest retention end among snapshots; zero = none
}

// tokenUse remembers what a ClientToken created, so a retried CreateSnapshot answers the same ID.
type tokenUse struct {
	Fingerprint string `json:"fingerprint"`
	SnapshotID  string `json:"snapshot_id"`
}

// New builds a Backend from opts; with a StateFile that exists, the saved world replaces the fixture.
func New(opts Options) (*Backend, error) {
	f := opts.Fixture
	if f == nil {
		f = DefaultFixture()
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	b := &Backend{now: now, duration: opts.SnapshotDuration, stateFile: opts.StateFile, start: f.clone()}
	b.w = newWorld(b.start)
	if opts.StateFile != "" {
		w, err := loadState(opts.StateFile)
		if err != nil {
			return nil, err
		}
		if w != nil {
			b.w = w
		}
	}
	return b, nil
}

func newWorld(f Fixture) *world {
	c := f.clone()
	w := &world{
		Region: c.RegionID, Instances: c.Instances, Disks: c.Disks, ResourceGroups: c.ResourceGroups,
		Tokens: map[string]tokenUse{}, FailNext: map[string]int{}, Links: map[string]string{},
	}
	w.reindex()
	return w
}

// reindex rebuilds the lookup maps after the slices changed or were loaded.
func (w *world) reindex() {
	w.instByID = make(map[string]*Instance, len(w.Instances))
	for i := range w.Instances {
		w.instByID[w.Instances[i].InstanceID] = &w.Instances[i]
	}
	w.diskByID = make(map[string]*Disk, len(w.Disks))
	for i := range w.Disks {
		w.diskByID[w.Disks[i].DiskID] = &w.Disks[i]
	}
	w.indexSnapshots()
	if w.Tokens == nil {
		w.Tokens = map[string]tokenUse{}
	}
	if w.FailNext == nil {
		w.FailNext = map[string]int{}
	}
	if w.Links == nil {
		w.Links = map[string]string{}
	}
}

// indexSnapshots rebuilds the snapshot lookups from the ordered slice.
func (w *world) indexSnapshots() {
	w.byID = make(map[string]*snap, len(w.Snapshots))
	w.byDisk = map[string][]*snap{}
	for _, s := range w.Snapshots {
		w.byID[s.ID] = s
		w.byDisk[s.DiskID] = append(w.byDisk[s.DiskID], s)
	}
	w.recomputeExpiry()
}

func (w *world) defaultResourceGroup() string {
	if len(w.ResourceGroups) == 0 {
		return ""
	}
	return w.ResourceGroups[0]
}

func (w *world) hasResourceGroup(id string) bool {
	for _, rg := range w.ResourceGroups {
		if rg == id {
			return true
		}
	}
	return false
}

// insert keeps Snapshots ordered; new snapshots almost always go last, so this is O(1) in practice.
func (w *world) insert(s *snap) {
	i := sort.Search(len(w.Snapshots), func(i int) bool { return s.before(w.Snapshots[i]) })
	w.Snapshots = append(w.Snapshots, nil)
	copy(w.Snapshots[i+1:], w.Snapshots[i:])
	w.Snapshots[i] = s
	w.byID[s.ID] = s
	w.byDisk[s.DiskID] = append(w.byDisk[s.DiskID], s)
	if exp, ok := s.expiry(); ok && (w.nextExpiry.IsZero() || exp.Before(w.nextExpiry)) {
		w.nextExpiry = exp
	}
}

func (w *world) remove(id string) {
	s, ok := w.byID[id]
	if !ok {
		return
	}
	delete(w.byID, id)
	w.Snapshots = dropSnap(w.Snapshots, s)
	w.byDisk[s.DiskID] = dropSnap(w.byDisk[s.DiskID], s)
	if len(w.byDisk[s.DiskID]) == 0 {
		delete(w.byDisk, s.DiskID)
	}
}

func dropSnap(list []*snap, s *snap) []*snap {
	for i, x := range list {
		if x == s {
			copy(list[i:], list[i+1:])
			list[len(list)-1] = nil
			return list[:len(list)-1]
		}
	}
	return list
}

func (w *world) recomputeExpiry() {
	w.nextExpiry = time.Time{}
	for _, s := range w.Snapshots {
		if exp, ok := s.expiry(); ok && (w.nextExpiry.IsZero() || exp.Before(w.nextExpiry)) {
			w.nextExpiry = exp
		}
	}
}

// expire releases snapshots whose retention has passed. ECS releases them in the background; observing
// lazily gives callers the same view. Reports whether anything was released.
func (w *world) expire(now time.Time) bool {
	if w.nextExpiry.IsZero() || now.Before(w.nextExpiry) {
		return false
	}
	kept := w.Snapshots[:0]
	for _, s := range w.Snapshots {
		if exp, ok := s.expiry(); ok && !now.Before(exp) {
			continue
		}
		kept = append(kept, s)
	}
	clear(w.Snapshots[len(kept):])
	w.Snapshots = kept
	w.indexSnapshots()
	return true
}

// begin locks the backend and brings the world up to now; the caller must call b.mu.Unlock.
func (b *Backend) begin() time.Time {
	b.mu.Lock()
	now := b.now().UTC()
	if b.w.expire(now) {
		// A failure to save here is reported by the next mutating call, which saves again.
		_ = b.saveLocked()
	}
	return now
}

func (b *Backend) checkRegion(region string, required bool) *Error {
	if region == "" {
		if required {
			return ErrMissingParameter("RegionId")
		}
		return nil
	}
	if region != b.w.Region {
		return errRegionNotFound()
	}
	return nil
}

// Region is the one region this backend serves.
func (b *Backend) Region() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Region
}
