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

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
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

// ExpandIDSet is ExpandIDs sorted and without repeats, for the data sources that send the IDs themselves: the
// calls and the query ID then do not depend on how `ids` was written.
func ExpandIDSet(ctx context.Context, v types.List, diags *diag.Diagnostics) []string {
	ids := ExpandIDs(ctx, v, diags)
	if ids != nil {
		slices.Sort(ids)
		ids = slices.Compact(ids)
	}
	return ids
}

// OneID is the value of an API's single-ID filter: filter when the user set it, else the ID of `ids` when it
// holds exactly one, so that the API finds that object rather than listing the region for the client to select.
func OneID(ids []string, filter string) string {
	if filter == "" && len(ids) == 1 {
		return ids[0]
	}
	return filter
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

// Model is the attributes every plural data source has, for embedding in its model (the framework reads the
// fields of an embedded struct as the model's own): the query ID, `ids` and `name_regex` as arguments, and what
// Found sets.
type Model struct {
	ID         types.String `tfsdk:"id"`
	IDs        types.List   `tfsdk:"ids"`
	NameRegex  types.String `tfsdk:"name_regex"`
	Names      types.List   `tfsdk:"names"`
	TotalCount types.Int64  `tfsdk:"total_count"`
}

// Found sets `ids`, `names` (Lists) and `total_count` from the items found, in their order.
func (k Keys[T]) Found(m *Model, items []T) {
	m.IDs, m.Names = k.Lists(items)
	m.TotalCount = types.Int64Value(int64(len(items)))
}

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

// Attributes are the schema of Model, added to attrs (which it returns) where attrs does not describe them its own
// way: what is the plural of the objects listed ("snapshots"), list the attribute that holds them, and ids the
// data source's own `ids` (IDsAttribute).
func Attributes(attrs map[string]schema.Attribute, what, list string, ids schema.ListAttribute) map[string]schema.Attribute {
	for name, a := range map[string]schema.Attribute{
		"id": QueryIDAttribute(), "ids": ids, "name_regex": NameRegexAttribute(what),
		"names": NamesAttribute(what, list), "total_count": TotalCountAttribute(what),
	} {
		if _, own := attrs[name]; !own {
			attrs[name] = a
		}
	}
	return attrs
}

// IDsAttribute is the `ids` attribute: an argument (each ID checked by id) that holds the IDs found after reading.
// md says what the data source does with the IDs; every `ids` then says the same of an empty list and of the list.
func IDsAttribute(md, what, list string, id validator.String) schema.ListAttribute {
	md = fmt.Sprintf("As an argument, %s An empty list (`ids = []`, as a module passes when its own list is empty) "+
		"matches nothing and makes no call; leave it unset for no restriction. After reading, the IDs of the %s found, "+
		"in the order of `%s`.", md, what, list)
	return schema.ListAttribute{ElementType: types.StringType, Optional: true, Computed: true,
		Validators:  []validator.List{listvalidator.ValueStringsAre(id)},
		Description: schemas.Plain(md), MarkdownDescription: md}
}

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

// ComputedString is a result string attribute described by md.
func ComputedString(md string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, Description: schemas.Plain(md), MarkdownDescription: md}
}

// ComputedInt is a result number attribute described by md.
func ComputedInt(md string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, Description: schemas.Plain(md), MarkdownDescription: md}
}

// TaggedFilters adds to attrs (and returns it) the filters of the APIs that list tagged objects of resource
// groups, described alike everywhere; what is the plural of the objects ("policies").
func TaggedFilters(attrs map[string]schema.Attribute, what string) map[string]schema.Attribute {
	rg := fmt.Sprintf("Only %s in this resource group (`ResourceGroupId`).", what)
	attrs["resource_group_id"] = schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		Description: schemas.Plain(rg), MarkdownDescription: rg}
	tagsMD := fmt.Sprintf("Only %[1]s carrying all these tags (`Tag.N.Key`/`Tag.N.Value`), at most 20, with the rules of "+
		"resource tags. The filter reaches the API unchanged, so a key of the provider's `ignore_tags` can select %[1]s.", what)
	attrs["tags"] = schema.MapAttribute{ElementType: types.StringType, Optional: true, Validators: tags.MapValidators(),
		Description: schemas.Plain(tagsMD), MarkdownDescription: tagsMD}
	return attrs
}

// TaggedItem adds to attrs (and returns it) the attributes of one tagged object of a resource group, with the
// null rule of every data source (a value the API leaves empty is null); noun names the object ("policy").
func TaggedItem(attrs map[string]schema.Attribute, noun string) map[string]schema.Attribute {
	str := ComputedString
	attrs["creation_time"] = str(fmt.Sprintf("When the %s was created, RFC 3339 in UTC; null if the API gave none.", noun))
	attrs["resource_group_id"] = str(fmt.Sprintf("Resource group of the %s; null when the API reports none.", noun))
	tagsMD := fmt.Sprintf("Tags of the %s; an empty map when it has none. System tags (`acs:`, `aliyun` keys) and the "+
		"keys of the provider's `ignore_tags` are left out, as in the resource.", noun)
	attrs["tags"] = schema.MapAttribute{ElementType: types.StringType, Computed: true,
		Description: schemas.Plain(tagsMD), MarkdownDescription: tagsMD}
	return attrs
}
