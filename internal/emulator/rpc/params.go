// Package rpc is what every emulated RPC-style product shares with the server: the decoded parameters of a call
// (with the flattened lists, tags and filters of Alibaba Cloud's RPC APIs), the call as a product's action sees
// it, and the description of a product (its API version, host names and actions). It knows nothing of HTTP.
package rpc

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
)

// MaxListIndex bounds N in Tag.N.Key and the like: the APIs' lists hold at most a few hundred items, and an
// index sets the size of the list handed to a product.
const MaxListIndex = 1000

// Params are a call's parameters by wire name (query and form body together).
type Params url.Values

// Pair is one item of a flattened Key/Value list such as Tag.N.Key / Tag.N.Value.
type Pair struct{ Key, Value string }

// Get is the first value of the parameter, "" when absent.
func (p Params) Get(name string) string { return url.Values(p).Get(name) }

// Tags decodes Tag.N.Key / Tag.N.Value, and the legacy Tag.N.key / Tag.N.value when the current spelling
// is absent. Item i is Tag.(i+1); a gap in the numbering is an empty tag, which the product judges.
func (p Params) Tags() ([]Pair, error) {
	items, err := p.Indexed("Tag")
	if err != nil {
		return nil, err
	}
	tags := make([]Pair, len(items))
	for i, item := range items {
		tags[i] = Pair{Key: firstOf(item, "Key", "key"), Value: firstOf(item, "Value", "value")}
	}
	return tags, nil
}

// Filters decodes Filter.N.Key / Filter.N.Value; item i is Filter.(i+1).
func (p Params) Filters() ([]Pair, error) {
	items, err := p.Indexed("Filter")
	if err != nil {
		return nil, err
	}
	filters := make([]Pair, len(items))
	for i, item := range items {
		filters[i] = Pair{Key: item["Key"], Value: item["Value"]}
	}
	return filters, nil
}

// List decodes a flat list such as ResourceId.N; item i is name.(i+1).
func (p Params) List(name string) ([]string, error) {
	items, err := p.Indexed(name)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = item[""]
	}
	return out, nil
}

// Indexed gathers the parameters name.N (field "") and name.N.Field into one map per N, 1-based, as a
// slice as long as the highest N. A malformed N is an InvalidParameter *apierr.Error.
func (p Params) Indexed(name string) ([]map[string]string, error) {
	prefix := name + "."
	byIndex := map[int]map[string]string{}
	highest := 0
	keys := make([]string, 0)
	for k := range p {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys) // deterministic errors
	for _, k := range keys {
		rest := k[len(prefix):]
		num, field, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > MaxListIndex || num != strconv.Itoa(n) {
			return nil, apierr.New(400, "InvalidParameter",
				fmt.Sprintf("The specified parameter %q is not valid: N must be a whole number from 1 to %d.", k, MaxListIndex))
		}
		if byIndex[n] == nil {
			byIndex[n] = map[string]string{}
		}
		byIndex[n][field] = p.Get(k)
		highest = max(highest, n)
	}
	items := make([]map[string]string, highest)
	for i := range items {
		items[i] = byIndex[i+1]
		if items[i] == nil {
			items[i] = map[string]string{}
		}
	}
	return items, nil
}

func firstOf(m map[string]string, names ...string) string {
	for _, n := range names {
		if v, ok := m[n]; ok {
			return v
		}
	}
	return ""
}
