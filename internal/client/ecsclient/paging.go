package ecsclient

import (
	"context"
	"fmt"
)

const (
	// describePageSize is the largest MaxResults DescribeSnapshots accepts.
	describePageSize = 100
	// snapshotIDsPerCall is the most IDs SnapshotIds may hold.
	snapshotIDsPerCall = 100
	// resourceIDsPerCall is the most ResourceId.N TagResources and UntagResources accept.
	resourceIDsPerCall = 50
)

// pageFunc fetches the page that token names ("" = the first) and returns the token of the next ("" = none).
type pageFunc func(ctx context.Context, token string) (next string, err error)

// walkPages calls fetch until the API returns no NextToken. A token that comes back a second time would
// loop forever, so it is an error rather than trusted.
func walkPages(ctx context.Context, action string, fetch pageFunc) error {
	seen := map[string]bool{}
	token := ""
	for {
		next, err := fetch(ctx, token)
		if err != nil {
			return err
		}
		if next == "" {
			return nil
		}
		if seen[next] {
			return &APIError{Action: action, Code: "InvalidResponse", Message: fmt.Sprintf("NextToken %q came back twice; paging stopped", next)}
		}
		seen[next] = true
		token = next
	}
}

// chunk splits ids, without duplicates and in their first order, into slices of at most size.
func chunk(ids []string, size int) [][]string {
	seen := make(map[string]bool, len(ids))
	var chunks [][]string
	var cur []string
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		cur = append(cur, id)
		if len(cur) == size {
			chunks = append(chunks, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	return chunks
}
