// Package plural is what every plural data source (a list of objects with `ids` and `names`, such as
// aliecs_snapshots) does the same way: read the `ids` and `name_regex` arguments, make no call for `ids = []`,
// select and order what the API returned, fill `ids` and `names`, and compute the query ID. The shape follows
// the plural data sources of terraform-provider-aws and of the alicloud provider
// (https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/data-sources/ecs_snapshots).
package plural

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

// ExpandIDs reads the `ids` argument. Unset is nil (no restriction); set is non-nil even when empty, because
// `ids = []` (what a module passes when its own list is empty) asks for nothing, not for everything.
func ExpandIDs(ctx context.Context, v types.List, diags *diag.Diagnostics) []string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	ids := make([]string, 0, len(v.Elements()))
	diags.Append(v.ElementsAs(ctx, &ids, false)...)
	return ids
}

// NoneAsked reports whether ids is `ids = []`: nothing can match.
func NoneAsked(ids []string) bool { return ids != nil && len(ids) == 0 }

// Find is list(), except that for `ids = []` it finds nothing without a call: the APIs read a missing ID
// filter as no filter, and would list every object of the region. call names the API call for the log.
func Find[T any](ctx context.Context, ids []string, call string, list func() ([]T, error)) ([]T, error) {
	if NoneAsked(ids) {
		tflog.Debug(ctx, "ids is an empty list: nothing can match, "+call+" not called")
		return []T{}, nil
	}
	return list()
}

// ExpandNameRegex compiles the `name_regex` argument; nil when it is unset.
func ExpandNameRegex(v types.String, diags *diag.Diagnostics) *regexp.Regexp {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	re, err := regexp.Compile(v.ValueString())
	if err != nil {
		diags.AddError("Invalid name_regex", err.Error())
	}
	return re
}

// NameRegexValidator refuses at plan time a `name_regex` that does not compile, so that a typo fails before
// any call is made.
var NameRegexValidator validator.String = validate.Parses{Rule: "value must be a valid regular expression (Go RE2 syntax)",
	Check: func(s string) error { _, err := regexp.Compile(s); return err }}

// Keys says where an object of type T keeps its ID and its name.
type Keys[T any] struct {
	ID   func(T) string
	Name func(T) string
}

// Select keeps, in their order, the items whose ID is among ids (nil: all) and whose name matches re (nil:
// all): the filters an API does not take (one that takes a single ID, or no name pattern). items is not changed.
func (k Keys[T]) Select(items []T, ids []string, re *regexp.Regexp) []T {
	out := make([]T, 0, len(items))
	for _, it := range items {
		if ids != nil && !slices.Contains(ids, k.ID(it)) {
			continue
		}
		if re != nil && !re.MatchString(k.Name(it)) {
			continue
		}
		out = append(out, it)
	}
	return out
}

// SortByID orders items by ascending ID, for the APIs that document no order: an order that does not change
// from one read to the next keeps plans that index the list (groups[0]) stable.
func (k Keys[T]) SortByID(items []T) {
	slices.SortStableFunc(items, func(a, b T) int { return strings.Compare(k.ID(a), k.ID(b)) })
}

// Lists is the `ids` and `names` attributes, in the order of items; empty lists, not null, when nothing is found.
func (k Keys[T]) Lists(items []T) (ids, names types.List) {
	idValues := make([]attr.Value, len(items))
	nameValues := make([]attr.Value, len(items))
	for i, it := range items {
		idValues[i] = types.StringValue(k.ID(it))
		nameValues[i] = types.StringValue(k.Name(it))
	}
	return types.ListValueMust(types.StringType, idValues), types.ListValueMust(types.StringType, nameValues)
}

// QueryID is the data source's `id`: a hash of the region and of what was asked (query: the API's input and
// the client-side arguments), not of what was found, so that it stays the same when a matching object
// appears. encoding/json writes map keys sorted, so the same query always gives the same ID; query must hold
// no value it cannot encode (a channel, a function), which is a bug in the provider.
func QueryID(region string, query any) (types.String, diag.Diagnostics) {
	var diags diag.Diagnostics
	b, err := json.Marshal(struct {
		Region string
		Query  any
	}{region, query})
	if err != nil {
		diags.AddError("Cannot compute the data source ID", fmt.Sprintf("Encoding the query: %s. This is a bug in the provider.", err))
		return types.StringNull(), diags
	}
	sum := sha256.Sum256(b)
	return types.StringValue(hex.EncodeToString(sum[:8])), diags
}

// Descriptions of the attributes every plural data source has, in the same words everywhere.
const (
	QueryIDDescription = "A hash of the region and of every argument: the same query always has the same ID."
	nameRegexRule      = "Client side: only %s whose name matches this regular expression (Go RE2 syntax, unanchored: use `^...$` " +
		"for a whole-name match)."
)

// QueryIDAttribute is the `id` attribute.
func QueryIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{Computed: true, Description: QueryIDDescription, MarkdownDescription: QueryIDDescription}
}

// NameRegexAttribute is the `name_regex` argument; what is the plural of the objects listed ("snapshots").
func NameRegexAttribute(what string) schema.StringAttribute {
	md := fmt.Sprintf(nameRegexRule, what)
	return schema.StringAttribute{Optional: true, Validators: []validator.String{NameRegexValidator},
		Description: schemas.Plain(md), MarkdownDescription: md}
}

// NamesAttribute is the `names` attribute; list names the attribute that holds the objects.
func NamesAttribute(what, list string) schema.ListAttribute {
	md := fmt.Sprintf("The names of the %s found, in the order of `%s`.", what, list)
	return schema.ListAttribute{ElementType: types.StringType, Computed: true,
		Description: schemas.Plain(md), MarkdownDescription: md}
}

// TotalCountAttribute is the `total_count` attribute.
func TotalCountAttribute(what string) schema.Int64Attribute {
	d := fmt.Sprintf("The number of %s found.", what)
	return schema.Int64Attribute{Computed: true, Description: d, MarkdownDescription: d}
}
