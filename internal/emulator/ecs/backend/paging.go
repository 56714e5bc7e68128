package backend

import (
	"encoding/hex"
	"strconv"
	"strings"
)

// paging is a request's choice between PageNumber/PageSize and NextToken/MaxResults. As on ECS, a NextToken or
// MaxResults selects token paging, and PageNumber is then ignored.
type paging struct {
	tokenMode bool
	number    int    // page mode: 1-based page
	size      int    // entries per page, 1..100
	token     string // token mode: decoded cursor payload, "" = first page
}

const defaultPageSize, maxPageSize = 10, 100

func parsePaging(pageNumber, pageSize, nextToken, maxResults string) (paging, *Error) {
	p := paging{number: 1, size: defaultPageSize}
	if nextToken != "" || maxResults != "" {
		p.tokenMode = true
		switch {
		case maxResults != "":
			n, err := strconv.Atoi(maxResults)
			if err != nil || n < 1 || n > maxPageSize {
				return p, errMaxResults
			}
			p.size = n
		case pageSize != "":
			// A client that pages by token but sizes by PageSize still gets the size it asked for.
			n, err := strconv.Atoi(pageSize)
			if err != nil || n < 1 || n > maxPageSize {
				return p, errPageSize
			}
			p.size = n
		}
		if nextToken != "" {
			payload, ok := decodeToken(nextToken)
			if !ok {
				return p, errNextToken
			}
			p.token = payload
		}
		return p, nil
	}
	if pageNumber != "" {
		n, err := strconv.Atoi(pageNumber)
		if err != nil || n < 1 {
			return p, errPageNumber
		}
		p.number = n
	}
	if pageSize != "" {
		n, err := strconv.Atoi(pageSize)
		if err != nil || n < 1 || n > maxPageSize {
			return p, errPageSize
		}
		p.size = n
	}
	return p, nil
}

// Tokens are opaque hex, like ECS's, of a versioned payload, so a made-up or corrupted token is refused.
const tokenPrefix = "aliecs1:"

func encodeToken(payload string) string {
	return hex.EncodeToString([]byte(tokenPrefix + payload))
}

func decodeToken(tok string) (string, bool) {
	raw, err := hex.DecodeString(tok)
	if err != nil || !strings.HasPrefix(string(raw), tokenPrefix) {
		return "", false
	}
	return strings.TrimPrefix(string(raw), tokenPrefix), true
}

// offset is where page mode's page starts, clamped to n (a huge PageNumber must not overflow).
func (p paging) offset(n int) int {
	if p.number-1 > n/p.size {
		return n
	}
	return min((p.number-1)*p.size, n)
}

// window pages a list that is small and stable (disks, instances, tags) by offset.
// It returns the window [from, to) of n items, the page number to report and the next token.
func (p paging) window(n int) (from, to, number int, next string, err *Error) {
	if p.tokenMode {
		if p.token != "" {
			off, e := strconv.Atoi(p.token)
			if e != nil || off < 0 || off > n {
				return 0, 0, 0, "", errNextToken
			}
			from = off
		}
		number = from/p.size + 1
	} else {
		from = p.offset(n)
		number = p.number
	}
	to = min(from+p.size, n)
	if to < n {
		next = encodeToken(strconv.Itoa(to))
	}
	return from, to, number, next, nil
}
