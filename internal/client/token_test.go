package client

import (
	"regexp"
	"testing"
)

func TestNewClientToken_uniqueUUIDv4(t *testing.T) {
	uuidV4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 100 {
		tok := NewClientToken()
		if !uuidV4.MatchString(tok) {
			t.Fatalf("token %q is not a version-4 UUID", tok)
		}
		if seen[tok] {
			t.Fatalf("token %q repeated", tok)
		}
		seen[tok] = true
	}
}
