package framework

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// ServicePackage is what a service package (internal/service/ecs, ecd, sts) registers: its resources (each with
// its identity and, where it has one, its list resource), data sources and actions. The provider serves the union
// of every package's, so a new type is one line in its own package and none in the provider.
type ServicePackage interface {
	Resources() []ResourceSpec
	DataSources() []DataSourceSpec
	Actions() []ActionSpec
}

// ResourceSpec registers a resource under TypeName, the one place the name is written: Metadata, the list
// resource of the same name and the error messages take it from here.
type ResourceSpec struct {
	TypeName string
	Factory  func() resource.Resource
	// Identity is the resource identity (Terraform 1.12+): the attributes Read needs to find the object.
	Identity Identity
	// List, when set, makes the list resource of the same type name (`terraform query`, Terraform 1.14+).
	List func() Lister
	// ExpectRead, when set, tells the batcher the resource's Read looks its object up through that the read is
	// about to come, from the object's stored state, which terraform has just upgraded (NewProtocol6Server).
	// ExpectByAttribute builds the common one.
	ExpectRead func(ctx context.Context, c *conns.Client, state StoredState)
	// UnchangedPlan, when set, lets the kit's protocol server answer terraform's plan of an unchanged object (its
	// proposed new state is its prior state, byte for byte: each object of a refresh) without the framework,
	// whose plan walks the schema by path and is most of the provider's CPU for each resource of a plan
	// (NewProtocol6Server). It must report true only when the framework's plan would leave that object exactly as
	// it is, with no diagnostic and no replacement: the kit checks the schema's defaults itself; the type's plan
	// modifiers must do nothing when the plan equals a non-null state, and UnchangedPlan checks whatever the type's
	// ModifyPlan does to an unchanged object (tags.Settled for tags_all). TestUnchangedPlan_sameAsTheFrameworks
	// (internal/provider) compares both answers for every type that sets it.
	UnchangedPlan func(ctx context.Context, req UnchangedPlanRequest) bool
}

// DataSourceSpec registers a data source under TypeName.
type DataSourceSpec struct {
	TypeName string
	Factory  func() datasource.DataSource
}

// ActionSpec registers an action under TypeName.
type ActionSpec struct {
	TypeName string
	Factory  func() action.Action
}

// Resources are the resources of every package, sorted by type name, each wrapped so that it carries its
// identity (identity.go).
func Resources(pkgs ...ServicePackage) []func() resource.Resource {
	var out []func() resource.Resource
	for _, spec := range resourceSpecs(pkgs) {
		out = append(out, func() resource.Resource { return newResource(spec) })
	}
	return out
}

// ListResources are the list resources of every package's resources that have one.
func ListResources(pkgs ...ServicePackage) []func() list.ListResource {
	var out []func() list.ListResource
	for _, spec := range resourceSpecs(pkgs) {
		if spec.List != nil {
			out = append(out, func() list.ListResource { return newListResource(spec) })
		}
	}
	return out
}

// DataSources are the data sources of every package, sorted by type name.
func DataSources(pkgs ...ServicePackage) []func() datasource.DataSource {
	var specs []DataSourceSpec
	for _, p := range pkgs {
		specs = append(specs, p.DataSources()...)
	}
	slices.SortFunc(specs, func(a, b DataSourceSpec) int { return strings.Compare(a.TypeName, b.TypeName) })
	var out []func() datasource.DataSource
	for _, spec := range specs {
		out = append(out, func() datasource.DataSource { return withTypeName(spec.Factory(), spec.TypeName) })
	}
	return out
}

// Actions are the actions of every package, sorted by type name.
func Actions(pkgs ...ServicePackage) []func() action.Action {
	var specs []ActionSpec
	for _, p := range pkgs {
		specs = append(specs, p.Actions()...)
	}
	slices.SortFunc(specs, func(a, b ActionSpec) int { return strings.Compare(a.TypeName, b.TypeName) })
	var out []func() action.Action
	for _, spec := range specs {
		out = append(out, func() action.Action { return withTypeName(spec.Factory(), spec.TypeName) })
	}
	return out
}

func resourceSpecs(pkgs []ServicePackage) []ResourceSpec {
	var specs []ResourceSpec
	for _, p := range pkgs {
		specs = append(specs, p.Resources()...)
	}
	slices.SortFunc(specs, func(a, b ResourceSpec) int { return cmp.Compare(a.TypeName, b.TypeName) })
	return specs
}

// withTypeName names v, which must embed one of the base types: a type that does not is a bug the provider's
// tests catch at once (every registered type is served in them).
func withTypeName[T any](v T, name string) T {
	n, ok := any(v).(named)
	if !ok {
		panic("framework: " + name + " does not embed a framework base type")
	}
	n.setTypeName(name)
	return v
}
