package emulator

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/rpc"
)

// FuzzReadRequest_boundedLists feeds arbitrary query strings, bodies and headers to the request reader and the list
// decoders: they must answer an API error or a request, never panic, and never build a list longer than
// rpc.MaxListIndex (an index sets a list's length, so that is the bound on what a request can make us allocate).
func FuzzReadRequest_boundedLists(f *testing.F) {
	f.Add("Action=DescribeSnapshots&Tag.1.Key=a&Tag.1.Value=b&Tag.3.key=c", "", "", "")
	f.Add("SnapshotIds=%5B%22s-1%22%2C%22s-2%22%5D&Filter.1.Key=CreationStartTime&Filter.1.Value=2024-05-01T08%3A00Z", "", "", "")
	f.Add("", "Action=TagResources&ResourceId.1=s-1&ResourceId.1000=s-2&Tag.1.Key=k", "application/x-www-form-urlencoded", "")
	f.Add("Tag.0.Key=a&Tag.01.Key=b&Tag.1001.Key=c&Tag.-1=d&Tag..Key=e", "", "", "ACS3-HMAC-SHA256 Credential=x")
	f.Add("a=%zz", "b=%zz", "application/x-www-form-urlencoded; charset=utf-8", "")
	f.Add("Format=xml&TagKey.2=k", "Format=JSON", "application/x-www-form-urlencoded", "ACS3-")
	f.Fuzz(func(t *testing.T, rawQuery, body, contentType, authorization string) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.URL.RawQuery = rawQuery
		r.Header.Set("Content-Type", contentType)
		r.Header.Set("Authorization", authorization)
		req, apiErr := readRequest(r)
		if req == nil {
			t.Fatal("readRequest returned no request (an error could not be rendered)")
		}
		if req.format != formatJSON && req.format != formatXML {
			t.Fatalf("format %q", req.format)
		}
		if apiErr != nil {
			if apiErr.HTTPStatus < 400 || apiErr.HTTPStatus > 499 || apiErr.Code == "" {
				t.Fatalf("a malformed request is a client error, got %d %q", apiErr.HTTPStatus, apiErr.Code)
			}
			return
		}
		if tags, err := req.params.Tags(); err == nil && len(tags) > rpc.MaxListIndex {
			t.Fatalf("%d tags", len(tags))
		}
		if filters, err := req.params.Filters(); err == nil && len(filters) > rpc.MaxListIndex {
			t.Fatalf("%d filters", len(filters))
		}
		for _, name := range []string{"ResourceId", "TagKey"} {
			if items, err := req.params.List(name); err == nil && len(items) > rpc.MaxListIndex {
				t.Fatalf("%d %s", len(items), name)
			}
		}
	})
}

// FuzzFlattenedList_roundTrip: a list flattened as the SDKs flatten it (Tag.N.Key/Tag.N.Value, ResourceId.N,
// 1-based, through form encoding) decodes to the same list, values byte for byte.
func FuzzFlattenedList_roundTrip(f *testing.F) {
	f.Add("env", "prod", "team", "", "s-1", "s-2")
	f.Add("a b*c~", "中文 + & = ?", "", "acs:x", "", "%41")
	f.Add("k\x00", "v\xff", "Key", "Value", ".", "..")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, id1, id2 string) {
		wantTags := [][2]string{{k1, v1}, {k2, v2}}
		wantIDs := []string{id1, id2}
		q := url.Values{}
		for i, kv := range wantTags {
			n := strconv.Itoa(i + 1)
			q.Set("Tag."+n+".Key", kv[0])
			q.Set("Tag."+n+".Value", kv[1])
		}
		for i, id := range wantIDs {
			q.Set("ResourceId."+strconv.Itoa(i+1), id)
		}
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(q.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req, apiErr := readRequest(r)
		if apiErr != nil {
			t.Fatalf("a well-formed form was refused: %v", apiErr)
		}
		tags, err := req.params.Tags()
		if err != nil {
			t.Fatal(err)
		}
		if len(tags) != len(wantTags) {
			t.Fatalf("%d tags, want %d", len(tags), len(wantTags))
		}
		for i, tag := range tags {
			if tag.Key != wantTags[i][0] || tag.Value != wantTags[i][1] {
				t.Fatalf("tag %d = %q=%q, want %q=%q", i+1, tag.Key, tag.Value, wantTags[i][0], wantTags[i][1])
			}
		}
		ids, err := req.params.List("ResourceId")
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 2 || ids[0] != id1 || ids[1] != id2 {
			t.Fatalf("ResourceId = %q, want %q", ids, wantIDs)
		}
	})
}
