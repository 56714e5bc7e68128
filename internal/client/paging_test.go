package client

import (
	"context"
	"reflect"
	"strconv"
	"testing"
)

func TestWalkPages_followsTokensToTheEnd(t *testing.T) {
	var tokens []string
	err := WalkPages(context.Background(), ProductECS, "DescribeSnapshots", func(_ context.Context, token string) (string, error) {
		tokens = append(tokens, token)
		if len(tokens) == 3 {
			return "", nil
		}
		return strconv.Itoa(len(tokens)), nil
	})
	if err != nil || !reflect.DeepEqual(tokens, []string{"", "1", "2"}) {
		t.Errorf("tokens %q, error %v", tokens, err)
	}
}

func TestWalkPages_refusesALoopingToken(t *testing.T) {
	calls := 0
	err := WalkPages(context.Background(), ProductECS, "DescribeSnapshots", func(context.Context, string) (string, error) {
		calls++
		return "same", nil
	})
	if !IsCode(err, CodeInvalidResponse) || calls != 2 {
		t.Errorf("error %v after %d calls, want InvalidResponse after 2", err, calls)
	}
}

func TestChunk_dropsDuplicatesAndKeepsOrder(t *testing.T) {
	got := Chunk([]string{"a", "b", "a", "c", "d", "b", "e"}, 2)
	want := [][]string{{"a", "b"}, {"c", "d"}, {"e"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Chunk = %v, want %v", got, want)
	}
	if got := Chunk(nil, 100); got != nil {
		t.Errorf("Chunk(nil) = %v, want nil", got)
	}
}
