package framework

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
)

// The filters most list resources share, so that they read alike in every `list` block.

// ListNameRegexAttribute is the `name_regex` filter of a list block.
func ListNameRegexAttribute(what string) schema.StringAttribute {
	d := fmt.Sprintf("A regular expression (Go RE2 syntax) the %s's name must match; objects without a name never match.", what)
	return schema.StringAttribute{Optional: true, Description: d, MarkdownDescription: d}
}

// ListTagsAttribute is the `tags` filter of a list block.
func ListTagsAttribute(what string) schema.MapAttribute {
	d := fmt.Sprintf("Tags every listed %s carries: each key with this value.", what)
	return schema.MapAttribute{ElementType: types.StringType, Optional: true, Description: d, MarkdownDescription: d}
}

// ListIDAttribute is an optional ID filter of a list block with the ID form's validators.
func ListIDAttribute(description string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Description: description, MarkdownDescription: description, Validators: validators}
}

// NameFilter is a list block's name_regex and tags, read and checked.
type NameFilter struct {
	re   *regexp.Regexp
	Tags map[string]string
}

// ExpandNameFilter reads name_regex and tags; a regular expression that does not compile is an error on its attribute.
func ExpandNameFilter(ctx context.Context, nameRegex types.String, tagMap types.Map, diags *diag.Diagnostics) NameFilter {
	var f NameFilter
	if v := nameRegex.ValueString(); v != "" {
		re, err := regexp.Compile(v)
		if err != nil {
			diags.AddAttributeError(path.Root("name_regex"), "Invalid name_regex",
				fmt.Sprintf("name_regex %q is not a regular expression (Go RE2 syntax): %s", v, err))
		}
		f.re = re
	}
	t, d := tags.Expand(ctx, tagMap)
	diags.Append(d...)
	f.Tags = t
	return f
}

// MatchName reports whether name passes name_regex (always, without one).
func (f NameFilter) MatchName(name string) bool {
	return f.re == nil || (name != "" && f.re.MatchString(name))
}

// SortOldestFirst orders what a list finds by creation time, then by ID, so that `terraform query` shows the same
// order in every run, whatever order the API pages come in.
func SortOldestFirst[T any](items []T, created func(T) time.Time, id func(T) string) {
	slices.SortStableFunc(items, func(a, b T) int {
		if c := created(a).Compare(created(b)); c != 0 {
			return c
		}
		return cmp.Compare(id(a), id(b))
	})
}

// DisplayName is a result's name in `terraform query`: the object's name and ID, or its ID when it has no name.
func DisplayName(name, id string) string {
	if name == "" {
		return id
	}
	return name + " (" + id + ")"
}

// YieldEach passes to yield, in order, each item that keep accepts, as found makes it, until yield stops: the end of
// every Lister's Find.
func YieldEach[T any](items []T, keep func(T) bool, found func(T) Found, yield func(Found) bool) {
	for _, item := range items {
		if keep(item) && !yield(found(item)) {
			return
		}
	}
}

// FoundByID is the result of an object whose identity is its ID alone.
func FoundByID(id, name string) Found {
	return Found{Identity: []string{id}, DisplayName: DisplayName(name, id)}
}
