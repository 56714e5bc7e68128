package plural

import (
	"errors"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type object struct{ id, name string }

var keys = Keys[object]{ID: func(o object) string { return o.id }, Name: func(o object) string { return o.name }}

func TestExpandIDs_unsetIsNilSetIsNotNil(t *testing.T) {
	var diags diag.Diagnostics
	if got := ExpandIDs(t.Context(), types.ListNull(types.StringType), &diags); got != nil {
		t.Errorf("null ids = %#v, want nil", got)
	}
	if got := ExpandIDs(t.Context(), types.ListUnknown(types.StringType), &diags); got != nil {
		t.Errorf("unknown ids = %#v, want nil", got)
	}
	empty := ExpandIDs(t.Context(), types.ListValueMust(types.StringType, []attr.Value{}), &diags)
	if empty == nil || len(empty) != 0 || !NoneAsked(empty) {
		t.Errorf("ids = [] gives %#v, want a non-nil empty list that asks for nothing", empty)
	}
	two := ExpandIDs(t.Context(), types.ListValueMust(types.StringType, []attr.Value{types.StringValue("b"), types.StringValue("a")}), &diags)
	if !slices.Equal(two, []string{"b", "a"}) || NoneAsked(two) {
		t.Errorf("ids = [b, a] gives %#v", two)
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
	ExpandIDs(t.Context(), types.ListValueMust(types.StringType, []attr.Value{types.StringNull()}), &diags)
	if !diags.HasError() {
		t.Error("a null element is not reported")
	}
}

func TestFind_emptyIDsMakeNoCall(t *testing.T) {
	calls := 0
	list := func() ([]object, error) { calls++; return []object{{"a", "x"}}, nil }
	got, err := Find(t.Context(), []string{}, "Describe", list)
	if err != nil || got == nil || len(got) != 0 || calls != 0 {
		t.Errorf("ids = []: %#v, %v after %d calls; want an empty result and no call", got, err, calls)
	}
	for _, ids := range [][]string{nil, {"a"}} {
		got, err := Find(t.Context(), ids, "Describe", list)
		if err != nil || len(got) != 1 {
			t.Errorf("ids %#v: %#v, %v", ids, got, err)
		}
	}
	if calls != 2 {
		t.Errorf("%d calls, want 2", calls)
	}
	wantErr := errors.New("denied")
	if _, err := Find(t.Context(), nil, "Describe", func() ([]object, error) { return nil, wantErr }); !errors.Is(err, wantErr) {
		t.Errorf("error %v, want the call's", err)
	}
}

func TestExpandNameRegex(t *testing.T) {
	var diags diag.Diagnostics
	if re := ExpandNameRegex(types.StringNull(), &diags); re != nil {
		t.Errorf("unset name_regex = %v", re)
	}
	if re := ExpandNameRegex(types.StringValue("^db-"), &diags); re == nil || !re.MatchString("db-1") || re.MatchString("web-db-1") {
		t.Errorf("^db- = %v", re)
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
	ExpandNameRegex(types.StringValue("("), &diags)
	if !diags.HasError() {
		t.Error("an invalid name_regex is not reported")
	}
}

func TestSelect_idsAndRegexKeepOrder(t *testing.T) {
	in := []object{{"c", "db-3"}, {"a", "db-1"}, {"b", "web"}, {"d", "db-4"}}
	before := slices.Clone(in)
	ids := func(objs []object) []string {
		out := []string{}
		for _, o := range objs {
			out = append(out, o.id)
		}
		return out
	}
	tests := []struct {
		name string
		ids  []string
		re   *regexp.Regexp
		want []string
	}{
		{"no filter", nil, nil, []string{"c", "a", "b", "d"}},
		{"ids", []string{"d", "b", "zz"}, nil, []string{"b", "d"}},
		{"empty ids", []string{}, nil, []string{}},
		{"regex", nil, regexp.MustCompile("^db-"), []string{"c", "a", "d"}},
		{"both", []string{"a", "b"}, regexp.MustCompile("db"), []string{"a"}},
	}
	for _, tt := range tests {
		if got := ids(keys.Select(in, tt.ids, tt.re)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if !slices.Equal(in, before) {
		t.Errorf("Select changed its input: %v", in)
	}
}

func TestSortByID_whateverTheAPIOrder(t *testing.T) {
	a := []object{{"s-b", "1"}, {"s-c", "2"}, {"s-a", "3"}}
	b := []object{{"s-c", "2"}, {"s-a", "3"}, {"s-b", "1"}}
	keys.SortByID(a)
	keys.SortByID(b)
	if !slices.Equal(a, b) || a[0].id != "s-a" || a[2].id != "s-c" {
		t.Errorf("%v and %v", a, b)
	}
}

func TestLists_inOrderAndEmptyNotNull(t *testing.T) {
	ids, names := keys.Lists([]object{{"s-2", "two"}, {"s-1", ""}})
	want := func(l types.List, vals ...string) {
		t.Helper()
		var got []string
		if d := l.ElementsAs(t.Context(), &got, false); d.HasError() {
			t.Fatal(d)
		}
		if !slices.Equal(got, vals) {
			t.Errorf("%v, want %v", got, vals)
		}
	}
	want(ids, "s-2", "s-1")
	want(names, "two", "")
	ids, names = keys.Lists(nil)
	if ids.IsNull() || names.IsNull() || len(ids.Elements()) != 0 || len(names.Elements()) != 0 {
		t.Errorf("nothing found: ids %v, names %v; want empty lists", ids, names)
	}
}

func TestQueryID_regionAndQuery(t *testing.T) {
	type query struct {
		Filter string
		Tags   map[string]string
		IDs    []string
	}
	id := func(region string, q query) string {
		t.Helper()
		v, diags := QueryID(region, q)
		if diags.HasError() {
			t.Fatal(diags)
		}
		return v.ValueString()
	}
	base := query{Filter: "x", Tags: map[string]string{"a": "1", "b": "2", "c": "3"}}
	first := id("cn-hangzhou", base)
	for range 20 { // map order varies from run to run; the ID must not
		if got := id("cn-hangzhou", query{Filter: "x", Tags: map[string]string{"c": "3", "b": "2", "a": "1"}}); got != first {
			t.Fatalf("the same query has the IDs %s and %s", first, got)
		}
	}
	others := map[string]string{
		"region":   id("cn-shanghai", base),
		"filter":   id("cn-hangzhou", query{Filter: "y", Tags: base.Tags}),
		"ids = []": id("cn-hangzhou", query{Filter: "x", Tags: base.Tags, IDs: []string{}}),
	}
	for what, got := range others {
		if got == first {
			t.Errorf("another %s, the same ID %s", what, got)
		}
	}
	if v, diags := QueryID("cn-hangzhou", func() {}); !diags.HasError() || !v.IsNull() {
		t.Errorf("an unencodable query gives %v, %v", v, diags)
	}
}

func TestExpandIDSet_sortedWithoutRepeatsEmptyKept(t *testing.T) {
	var diags diag.Diagnostics
	list := func(ids ...string) types.List {
		elems := make([]attr.Value, len(ids))
		for i, id := range ids {
			elems[i] = types.StringValue(id)
		}
		return types.ListValueMust(types.StringType, elems)
	}
	if got := ExpandIDSet(t.Context(), list("c", "a", "c", "b", "a"), &diags); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("ids = [c a c b a] gives %#v, want [a b c]", got)
	}
	if got := ExpandIDSet(t.Context(), list(), &diags); got == nil || !NoneAsked(got) {
		t.Errorf("ids = [] gives %#v, want an empty list that asks for nothing", got)
	}
	if got := ExpandIDSet(t.Context(), types.ListNull(types.StringType), &diags); got != nil {
		t.Errorf("unset ids gives %#v, want nil", got)
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
}

func TestOneID_onlyOneIDAndNoFilter(t *testing.T) {
	for _, tc := range []struct {
		ids          []string
		filter, want string
	}{
		{nil, "", ""}, {[]string{}, "", ""}, {[]string{"a"}, "", "a"}, {[]string{"a", "b"}, "", ""},
		{[]string{"a"}, "f", "f"}, {nil, "f", "f"},
	} {
		if got := OneID(tc.ids, tc.filter); got != tc.want {
			t.Errorf("OneID(%#v, %q) = %q, want %q", tc.ids, tc.filter, got, tc.want)
		}
	}
}

func TestFound_setsIDsNamesAndCount(t *testing.T) {
	var m Model
	keys.Found(&m, []object{{"b", "two"}, {"a", ""}})
	want := Model{
		IDs:        types.ListValueMust(types.StringType, []attr.Value{types.StringValue("b"), types.StringValue("a")}),
		Names:      types.ListValueMust(types.StringType, []attr.Value{types.StringValue("two"), types.StringValue("")}),
		TotalCount: types.Int64Value(2),
	}
	if !m.IDs.Equal(want.IDs) || !m.Names.Equal(want.Names) || !m.TotalCount.Equal(want.TotalCount) {
		t.Errorf("Found gave %+v, want %+v", m, want)
	}
	keys.Found(&m, nil)
	if m.IDs.IsNull() || len(m.IDs.Elements()) != 0 || m.TotalCount.ValueInt64() != 0 {
		t.Errorf("nothing found gave %+v, want empty lists and 0", m)
	}
}

// Attributes adds what a data source leaves out and keeps what it describes its own way.
func TestAttributes_addsModelKeepsOwn(t *testing.T) {
	own := schema.Int64Attribute{Computed: true, Description: "own count"}
	attrs := Attributes(map[string]schema.Attribute{"total_count": own}, "things", "things",
		IDsAttribute("only things with these IDs.", "things", "things", NameRegexValidator))
	for _, name := range []string{"id", "ids", "name_regex", "names", "total_count"} {
		if attrs[name] == nil {
			t.Errorf("%s missing", name)
		}
	}
	if attrs["total_count"].GetDescription() != "own count" {
		t.Errorf("total_count was replaced: %q", attrs["total_count"].GetDescription())
	}
	ids, ok := attrs["ids"].(schema.ListAttribute)
	if !ok || !ids.Optional || !ids.Computed || len(ids.Validators) != 1 ||
		!regexp.MustCompile("^As an argument, only things with these IDs\\. An empty list .* in the order of `things`\\.$").MatchString(ids.MarkdownDescription) {
		t.Errorf("ids = %+v", attrs["ids"])
	}
	for name, a := range TaggedFilters(TaggedItem(map[string]schema.Attribute{}, "thing"), "things") {
		if a.GetMarkdownDescription() == "" || a.GetDescription() == "" {
			t.Errorf("%s has no description", name)
		}
	}
}
