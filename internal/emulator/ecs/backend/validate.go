package backend

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// validName applies CreateSnapshot's SnapshotName rule: 2-128 characters, starting with a letter, made of letters,
// digits, colons, underscores and hyphens, not starting with "auto" (reserved for automatic snapshots). A name
// starting with http:// or https:// already fails on the slash. "Letters" are Unicode letters: ECS accepts
// Chinese names.
func validName(name string) bool {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 128 || strings.HasPrefix(name, "auto") {
		return false
	}
	for i, r := range name {
		if i == 0 && !unicode.IsLetter(r) {
			return false
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ':' && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

// validDescription: 2-256 characters, not starting with http:// or https://.
func validDescription(d string) bool {
	n := utf8.RuneCountInString(d)
	return n >= 2 && n <= 256 && !strings.HasPrefix(d, "http://") && !strings.HasPrefix(d, "https://")
}

func hasURL(s string) bool {
	return strings.Contains(s, "http://") || strings.Contains(s, "https://")
}

func validTagKey(k string) bool {
	n := utf8.RuneCountInString(k)
	return n >= 1 && n <= 128 && !strings.HasPrefix(k, "aliyun") && !strings.HasPrefix(k, "acs:") && !hasURL(k)
}

func validTagValue(v string) bool {
	return utf8.RuneCountInString(v) <= 128 && !strings.HasPrefix(v, "acs:") && !hasURL(v)
}

// checkTagsToAdd validates tags a call adds: count first (tooMany answers it), then each key and value,
// then duplicates.
func checkTagsToAdd(tags []Tag, tooMany *Error) *Error {
	if len(tags) > maxTagsPerResource {
		return tooMany
	}
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if !validTagKey(t.Key) {
			return errTagKeyMalformed
		}
		if !validTagValue(t.Value) {
			return errTagValueMalformed
		}
		if seen[t.Key] {
			return errDuplicateTagKey
		}
		seen[t.Key] = true
	}
	return nil
}

// parseBool reads an optional boolean as the wire carries it; ok is false for anything but true/false.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(s) {
	case "":
		return false, true
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// maxRetentionDays bounds RetentionDays in CreateSnapshot and ModifySnapshotAttribute.
const maxRetentionDays = 65536

// parseAttributes checks what CreateSnapshot and ModifySnapshotAttribute share, in the order ECS reports it:
// SnapshotName, Description, then RetentionDays (0 = absent). Empty name and description are absent.
func parseAttributes(name, description, retentionDays string) (int, *Error) {
	if name != "" && !validName(name) {
		return 0, errSnapshotNameMalformed
	}
	if description != "" && !validDescription(description) {
		return 0, errDescriptionMalformed
	}
	retention, ok := parseRetention(retentionDays, maxRetentionDays)
	if !ok {
		return 0, errRetentionMalformed
	}
	return retention, nil
}

// parseRetention reads an optional day count within 1..max; 0 means absent.
func parseRetention(s string, limit int) (int, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > limit {
		return 0, false
	}
	return n, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
