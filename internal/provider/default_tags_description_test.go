package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The default_tags description names every resource that gets the default tags (every one with tags_all) and no
// other, so that it stays true as resources are added.
func TestDefaultTags_descriptionNamesEveryTaggedResource(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	block, ok := ps.Schema.Blocks["default_tags"].(schema.SingleNestedBlock)
	if !ok {
		t.Fatalf("no default_tags block: %T", ps.Schema.Blocks["default_tags"])
	}
	desc := block.MarkdownDescription
	tagged := 0
	for _, factory := range p.Resources(ctx) {
		r := factory()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "aliecs"}, &md)
		var rs resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &rs)
		_, hasTags := rs.Schema.Attributes["tags_all"].(rschema.MapAttribute)
		named := strings.Contains(desc, "`"+md.TypeName+"`")
		switch {
		case hasTags && !named:
			t.Errorf("%s gets the default tags (it has tags_all), but the default_tags description does not name it: %s", md.TypeName, desc)
		case hasTags:
			tagged++
		case named && !strings.Contains(desc, "`"+md.TypeName+"` takes no tags"):
			t.Errorf("the default_tags description names %s, which has no tags_all, without saying it takes none: %s", md.TypeName, desc)
		}
	}
	if tagged < 4 {
		t.Errorf("%d resources with tags_all; expected the snapshot, copy, group and policy at least", tagged)
	}
}
