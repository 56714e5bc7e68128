package backend

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
)

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// newID makes an ID in ECS's shape: prefix, "-", then 20 characters starting with the region code "bp1"
// (cn-hangzhou's), e.g. s-bp1dq8zt7j2xk4m0w9ra.
func newID(prefix string, taken func(string) bool) string {
	for {
		b := []byte(prefix + "-bp1")
		for range 17 {
			b = append(b, idAlphabet[rand.IntN(len(idAlphabet))])
		}
		if id := string(b); !taken(id) {
			return id
		}
	}
}

// snapshotSN imitates ECS's serial numbers ("64472-116742336-61976****"): a fixed account part, a part
// that follows the disk, and a part that grows with each snapshot.
func snapshotSN(diskID string, seq int64) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(diskID))
	return fmt.Sprintf("64472-%d-%d", 100000000+h.Sum32()%900000000, 619760000+seq)
}
