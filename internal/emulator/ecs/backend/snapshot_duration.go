package backend

import "time"

// SnapshotDuration is how long a snapshot created now takes from 0% to 100% (what SetSnapshotDuration set).
// Other products whose snapshots follow the same setting (ECD) read it here, so one control times them all.
func (b *Backend) SnapshotDuration() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.duration
}
