package backend

import (
	"sort"
	"sync"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/statefile"
)

// Backend is the emulated ECS account: one or more regions, each with its instances, disks, resource groups,
// snapshots, client tokens and tags. One mutex guards everything: calls are short, and DescribeSnapshots walks
// an ordered slice instead of sorting.
type Backend struct {
	mu       sync.Mutex
	now      func() time.Time
	duration time.Duration
	copyDur  time.Duration // what a CopySnapshot copy takes (SetCopyDuration)
	// powerDur and rollbackDur time the instances' and disks' transitions (SetPowerDuration, SetRollbackDuration).
	powerDur, rollbackDur time.Duration
	omitPolicyDefaults    bool                            // PolicyDefaultsOmit (SetPolicyDefaults)
	desktopViews          func() map[string][]DesktopView // SetDesktopViews
	state                 *statefile.File                 // nil = memory only
	start                 Fixture                         // what Reset returns to
	w                     *world
}

// world is everything a state file holds: the regions, and the sequence that numbers snapshots account-wide.
type world struct {
	Regions []*regionState `json:"regions"` // fixture order; the first is the default region
	Seq     int64          `json:"seq"`     // snapshots made in any region: orders same-instant snapshots, numbers serials
	// ClockOffset is what AdvanceClock added to the injected clock; kept so a restarted emulator's clock does
	// not jump back before the snapshots it took.
	ClockOffset time.Duration `json:"clock_offset"`
	// FailCopies arms the next copies of a source snapshot (by ID) to end failed (FailNextCopies).
	FailCopies map[string]int `json:"fail_copies,omitempty"`
	byName     map[string]*regionState
}

// regionState is one region's state. IDs are unique across regions, as on ECS.
type regionState struct {
	Region         string               `json:"region"`
	Instances      []Instance           `json:"instances"` // fixture order, which DescribeInstances keeps
	Disks          []Disk               `json:"disks"`
	ResourceGroups []string             `json:"resource_groups"`
	KMSKeys        []string             `json:"kms_keys,omitempty"` // besides the keys of its disks
	Snapshots      []*snap              `json:"snapshots"`          // ascending by (Created, Seq): newest last
	Tokens         map[string]tokenUse  `json:"tokens"`
	FailNext       map[string]int       `json:"fail_next"`
	Links          map[string]string    `json:"links"`    // disk ID -> snapshot chain ID
	Policies       []*policy            `json:"policies"` // automatic snapshot policies, creation order
	Applied        map[string]string    `json:"applied"`  // disk ID -> the policy applied to it (one per disk)
	Through        time.Time            `json:"through"`  // automatic snapshots are taken for every time point up to here
	byID           map[string]*snap     // rebuilt, never persisted
	byDisk         map[string][]*snap   // rebuilt; per-disk lists for the quota and in-progress checks
	instByID       map[string]*Instance // rebuilt
	diskByID       map[string]*Disk     // rebuilt
	nextExpiry     time.Time            // earliest retention end among snapshots; zero = none

	// Snapshot-consistent groups (snapshot_group.go), creation order; their client tokens; their sequence.
	Groups      []*snapGroup          `json:"groups,omitempty"`
	GroupTokens map[string]groupToken `json:"group_tokens,omitempty"`
	GroupSeq    int64                 `json:"group_seq,omitempty"`
}

// tokenUse remembers what a ClientToken created, so a retried CreateSnapshot answers the same ID.
type tokenUse struct {
	Fingerprint string `json:"fingerprint"`
	SnapshotID  string `json:"snapshot_id"`
}

// New builds a Backend from opts; with a state file that holds ECS's section, the saved world replaces the fixture.
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
	copyDur := opts.CopyDuration
	if copyDur == 0 {
		copyDur = opts.SnapshotDuration
	}
	state := opts.State
	if state == nil && opts.StateFile != "" {
		var err error
		if state, err = statefile.Open(opts.StateFile, StateSection); err != nil {
			return nil, err
		}
	}
	b := &Backend{now: now, duration: opts.SnapshotDuration, copyDur: copyDur, state: state, start: f.clone(),
		powerDur:    transitionDuration(opts.PowerDuration, DefaultPowerDuration),
		rollbackDur: transitionDuration(opts.RollbackDuration, DefaultRollbackDuration)}
	if err := b.SetPolicyDefaults(opts.PolicyDefaults); err != nil {
		return nil, err
	}
	b.w = newWorld(b.start)
	if data := state.Section(StateSection); data != nil {
		w, err := loadState(data, state.Path())
		if err != nil {
			return nil, err
		}
		b.w = w
	}
	return b, nil
}

func newWorld(f Fixture) *world {
	w := &world{}
	for _, rf := range f.regions() {
		c := rf.clone()
		w.Regions = append(w.Regions, &regionState{
			Region: c.RegionID, Instances: c.Instances, Disks: c.Disks, ResourceGroups: c.ResourceGroups, KMSKeys: c.KMSKeys,
		})
	}
	w.reindex()
	return w
}

// reindex rebuilds every lookup after the regions changed or were loaded.
func (w *world) reindex() {
	w.byName = make(map[string]*regionState, len(w.Regions))
	for _, r := range w.Regions {
		w.byName[r.Region] = r
		r.reindex()
	}
}

// region is the named region, nil when there is none.
func (w *world) region(name string) *regionState { return w.byName[name] }

// findSnapshot is the region holding the snapshot and the snapshot, or nils.
func (w *world) findSnapshot(id string) (*regionState, *snap) {
	for _, r := range w.Regions {
		if s, ok := r.byID[id]; ok {
			return r, s
		}
	}
	return nil, nil
}

// findDisk is the region holding the disk, nil when none does.
func (w *world) findDisk(id string) *regionState {
	for _, r := range w.Regions {
		if _, ok := r.diskByID[id]; ok {
			return r
		}
	}
	return nil
}

// snapshotTaken reports whether any region has a snapshot with the ID (IDs are unique across regions).
func (w *world) snapshotTaken(id string) bool {
	r, _ := w.findSnapshot(id)
	return r != nil
}

// linkTaken reports whether any region has a snapshot chain with the ID.
func (w *world) linkTaken(id string) bool {
	for _, r := range w.Regions {
		if r.linkExists(id) {
			return true
		}
	}
	return false
}

// reindex rebuilds the region's lookup maps after its slices changed or were loaded.
func (w *regionState) reindex() {
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
	if w.Applied == nil {
		w.Applied = map[string]string{}
	}
	if w.GroupTokens == nil {
		w.GroupTokens = map[string]groupToken{}
	}
}

// indexSnapshots rebuilds the snapshot lookups from the ordered slice.
func (w *regionState) indexSnapshots() {
	w.byID = make(map[string]*snap, len(w.Snapshots))
	w.byDisk = map[string][]*snap{}
	for _, s := range w.Snapshots {
		w.byID[s.ID] = s
		w.byDisk[s.DiskID] = append(w.byDisk[s.DiskID], s)
	}
	w.recomputeExpiry()
}

func (w *regionState) defaultResourceGroup() string {
	if len(w.ResourceGroups) == 0 {
		return ""
	}
	return w.ResourceGroups[0]
}

func (w *regionState) hasResourceGroup(id string) bool {
	for _, rg := range w.ResourceGroups {
		if rg == id {
			return true
		}
	}
	return false
}

// insert keeps Snapshots ordered; new snapshots almost always go last, so this is O(1) in practice.
func (w *regionState) insert(s *snap) {
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

func (w *regionState) remove(id string) {
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

func (w *regionState) recomputeExpiry() {
	w.nextExpiry = time.Time{}
	for _, s := range w.Snapshots {
		if exp, ok := s.expiry(); ok && (w.nextExpiry.IsZero() || exp.Before(w.nextExpiry)) {
			w.nextExpiry = exp
		}
	}
}

// expire releases snapshots whose retention has passed. ECS releases them in the background; observing
// lazily gives callers the same view. Reports whether anything was released.
func (w *regionState) expire(now time.Time) bool {
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

// begin locks the backend and brings the world up to now (automatic snapshots taken, expired snapshots
// released); the caller must call b.mu.Unlock.
func (b *Backend) begin() time.Time {
	b.mu.Lock()
	now := b.clock()
	if b.catchUp(now) {
		// A failure to save here is reported by the next mutating call, which saves again.
		_ = b.saveLocked()
	}
	return now
}

// regionFor is the region a call acts in. A named region must exist (InvalidRegionId.NotFound otherwise). An
// action whose RegionId is required answers MissingParameter without one; where it is optional, the region is
// the one holding the resource the call names (holder; IDs are unique across regions), else the default region,
// whose lookups then answer the resource's not-found error. The wire layer has already put the region of a
// regional host name (ecs.<region>.aliyuncs.com) into an absent optional RegionId.
func (b *Backend) regionFor(name string, required bool, holder func() *regionState) (*regionState, *Error) {
	if name == "" {
		if required {
			return nil, ErrMissingParameter("RegionId")
		}
		if holder != nil {
			if r := holder(); r != nil {
				return r, nil
			}
		}
		return b.w.Regions[0], nil
	}
	r := b.w.region(name)
	if r == nil {
		return nil, errRegionNotFound()
	}
	return r, nil
}

// Region is the default region: the fixture's first.
func (b *Backend) Region() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Regions[0].Region
}

// Regions are the IDs of every region, the default region first.
func (b *Backend) Regions() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]string, len(b.w.Regions))
	for i, r := range b.w.Regions {
		out[i] = r.Region
	}
	return out
}
