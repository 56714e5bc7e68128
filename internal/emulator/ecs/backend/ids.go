package backend

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
)

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// regionCodes are the three characters that start the IDs of resources made in a region, as ECS's IDs show
// them (s-bp1... in cn-hangzhou, s-uf6... in cn-shanghai).
var regionCodes = map[string]string{
	"cn-hangzhou":    "bp1",
	"cn-shanghai":    "uf6",
	"cn-beijing":     "2ze",
	"cn-qingdao":     "m5e",
	"cn-zhangjiakou": "8vb",
	"cn-shenzhen":    "wz9",
	"cn-hongkong":    "j6c",
	"ap-southeast-1": "t4n",
	"us-west-1":      "rj9",
	"eu-central-1":   "gw8",
}

// regionCode is the region's ID code; a region without a known one gets three characters derived from its name.
func regionCode(region string) string {
	if c, ok := regionCodes[region]; ok {
		return c
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(region))
	n := h.Sum32()
	b := make([]byte, 3)
	for i := range b {
		b[i] = idAlphabet[n%uint32(len(idAlphabet))]
		n /= uint32(len(idAlphabet))
	}
	return string(b)
}

// newID makes an ID in ECS's shape: prefix, "-", then 20 characters starting with the region's code, e.g.
// s-bp1dq8zt7j2xk4m0w9ra in cn-hangzhou. taken reports IDs in use in any region.
func newID(prefix, region string, taken func(string) bool) string {
	for {
		b := []byte(prefix + "-" + regionCode(region))
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
