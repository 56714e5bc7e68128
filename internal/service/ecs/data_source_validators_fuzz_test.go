package ecs

import (
	"regexp"
	"testing"
	"time"
)

// FuzzParseCreationTime: a creation_start_time / creation_end_time the data source accepts is a UTC minute
// within the years the API's format can carry, and that minute reads back unchanged in the API's format.
func FuzzParseCreationTime(f *testing.F) {
	for _, s := range []string{
		"2024-05-01T08:00Z", "2024-05-01T16:00:00+08:00", "0001-01-01T00:30:00+01:00", "9999-12-31T23:59:59-01:00",
		"2024-05-01", "", "2024-05-01T08:00:00.999999999Z", "2024-13-01T08:00Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseCreationTime(s)
		if err != nil {
			if !regexp.MustCompile(`^".*" is `).MatchString(err.Error()) {
				t.Fatalf("error %q does not quote the value", err)
			}
			return
		}
		if got.Location() != time.UTC || !got.Equal(got.Truncate(time.Minute)) || got.Year() < 1 || got.Year() > 9999 {
			t.Fatalf("%q read as %v", s, got)
		}
		wire := got.Format(apiFilterTimeLayout)
		if back, err := parseCreationTime(wire); err != nil || !back.Equal(got) {
			t.Fatalf("%q read as %v, whose API form %q reads back as %v, %v", s, got, wire, back, err)
		}
	})
}
