package ecsclient

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The API's values are not always what the documents promise (older editions, other casing, empty strings).
// These helpers read them leniently and never panic: what cannot be read becomes the zero value.

// parseProgress reads "NN%" (also "NN", " NN % ", "NN.N%") as a percentage in [0, 100].
func parseProgress(s string) int {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	return clamp(parseNumber(s), 0, 100)
}

// parseSize reads a size in GiB sent as a string ("40", " 40 ", "40.0"); negative or unreadable sizes are 0.
func parseSize(s string) int {
	return clamp(parseNumber(strings.TrimSpace(s)), 0, math.MaxInt32)
}

// parseNumber reads an integer or a decimal (truncated); anything else, NaN and infinities give 0.
func parseNumber(s string) int {
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	switch {
	case f >= math.MaxInt32:
		return math.MaxInt32
	case f <= math.MinInt32:
		return math.MinInt32
	}
	return int(f)
}

func clamp(n, lo, hi int) int {
	return max(lo, min(n, hi))
}

// timeLayouts are the forms the API uses for times, all UTC: RFC 3339 with seconds (responses) and the
// minute-precision form of DescribeSnapshots' filters.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04"}

// parseTime reads an API time; empty or unreadable values give the zero time.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// formatFilterTime writes a time as DescribeSnapshots' CreationStartTime/CreationEndTime filters want it:
// yyyy-MM-ddTHH:mmZ in UTC. Seconds are dropped, as the API has no finer precision.
func formatFilterTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04Z")
}

// toInt32 narrows a count of days for the SDK, refusing values it cannot carry instead of wrapping them.
func toInt32(name string, v int) (int32, error) {
	if v < math.MinInt32 || v > math.MaxInt32 {
		return 0, fmt.Errorf("%s %d is out of range", name, v)
	}
	return int32(v), nil
}
