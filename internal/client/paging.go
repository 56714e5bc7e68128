package client

import (
	"context"
	"fmt"
)

// PageFunc fetches the page that token names ("" = the first) and returns the token of the next ("" = none).
type PageFunc func(ctx context.Context, token string) (next string, err error)

// WalkPages calls fetch until the API returns no NextToken. A token that comes back a second time would
// loop forever, so it is an error (CodeInvalidResponse) rather than trusted.
func WalkPages(ctx context.Context, product Product, action string, fetch PageFunc) error {
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
			return &APIError{Product: product, Action: action, Code: CodeInvalidResponse,
				Message: fmt.Sprintf("NextToken %q came back twice; paging stopped", next)}
		}
		seen[next] = true
		token = next
	}
}

// Chunk splits ids, without duplicates and in their first order, into slices of at most size: the APIs
// cap the IDs one call takes.
func Chunk(ids []string, size int) [][]string {
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
