package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
)

// defaultTagsModel mirrors the default_tags block; nil when the block is absent.
type defaultTagsModel struct {
	Tags types.Map `tfsdk:"tags"`
}

// ignoreTagsModel mirrors the ignore_tags block; nil when the block is absent.
type ignoreTagsModel struct {
	Keys        types.Set `tfsdk:"keys"`
	KeyPrefixes types.Set `tfsdk:"key_prefixes"`
}

// tagsBlocks are default_tags and ignore_tags, as terraform-provider-aws names and shapes them, so that a
// configuration written for it reads the same here.
func tagsBlocks() map[string]schema.Block {
	const (
		defaultMD = "Tags every taggable resource of this provider gets (`aliecs_snapshot`, `aliecs_snapshot_copy`, " +
			"`aliecs_snapshot_group` and `aliecs_auto_snapshot_policy`; `aliecs_desktop_snapshot` takes no tags, since " +
			"Elastic Desktop snapshots have none), merged under its own `tags`: " +
			"a key set on the resource takes the resource's value. The result is the resource's `tags_all`, known at plan " +
			"time, so changing `default_tags` plans an in-place update showing it. Reading back (refresh, import), a " +
			"resource's `tags` leaves out the tags that hold their default value, unless its configuration sets them too. " +
			"Default tags are not added to what data sources show."
		defaultTagsMD = "The default tags, by the rules of resource tags: keys 1 to 128 characters, not starting with " +
			"`aliyun` or `acs:`, not containing `http://` or `https://`; values up to 128 characters, not starting with " +
			"`acs:`, not containing `http://` or `https://`. At most 20, and a resource's `tags` merged with them must " +
			"stay within the API's 20 tags per resource (checked at plan time)."
		ignoreMD = "Tag keys that Terraform neither shows nor manages, on every resource and data source of this provider: " +
			"tags set outside Terraform (by another tool or a policy) with these keys are not shown in `tags`, `tags_all` " +
			"or data sources, cause no difference, and are never removed. A resource's `tags` and `default_tags` cannot set " +
			"such keys."
		keysMD     = "Tag keys to ignore, exactly as written (case-sensitive)."
		prefixesMD = "Prefixes of tag keys to ignore: a key starting with one of them is ignored (case-sensitive)."
	)
	nonEmpty := []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}
	return map[string]schema.Block{
		"default_tags": schema.SingleNestedBlock{
			Description: schemas.Plain(defaultMD), MarkdownDescription: defaultMD,
			Attributes: map[string]schema.Attribute{
				"tags": schema.MapAttribute{
					ElementType: types.StringType, Optional: true,
					Description: schemas.Plain(defaultTagsMD), MarkdownDescription: defaultTagsMD,
					Validators: tags.MapValidators(),
				},
			},
		},
		"ignore_tags": schema.SingleNestedBlock{
			Description: schemas.Plain(ignoreMD), MarkdownDescription: ignoreMD,
			Attributes: map[string]schema.Attribute{
				"keys": schema.SetAttribute{
					ElementType: types.StringType, Optional: true, Validators: nonEmpty,
					Description: schemas.Plain(keysMD), MarkdownDescription: keysMD,
				},
				"key_prefixes": schema.SetAttribute{
					ElementType: types.StringType, Optional: true, Validators: nonEmpty,
					Description: schemas.Plain(prefixesMD), MarkdownDescription: prefixesMD,
				},
			},
		},
	}
}

// unknownTagsArguments names the tag arguments whose values are not known yet.
func (m providerModel) unknownTagsArguments() []string {
	var names []string
	if m.DefaultTags != nil && !m.DefaultTags.Tags.IsNull() {
		if _, known := tags.Map(m.DefaultTags.Tags); !known {
			names = append(names, "default_tags.tags")
		}
	}
	if m.IgnoreTags != nil {
		if !m.IgnoreTags.Keys.IsNull() && !wholeKnown(m.IgnoreTags.Keys) {
			names = append(names, "ignore_tags.keys")
		}
		if !m.IgnoreTags.KeyPrefixes.IsNull() && !wholeKnown(m.IgnoreTags.KeyPrefixes) {
			names = append(names, "ignore_tags.key_prefixes")
		}
	}
	return names
}

func wholeKnown(s types.Set) bool {
	if s.IsUnknown() {
		return false
	}
	for _, e := range s.Elements() {
		if e.IsUnknown() {
			return false
		}
	}
	return true
}

// tagsConfig is default_tags and ignore_tags as resources apply them; call it with known values only.
func (m providerModel) tagsConfig(ctx context.Context) (tags.Config, diag.Diagnostics) {
	var c tags.Config
	var diags diag.Diagnostics
	if m.DefaultTags != nil {
		c.Default, _ = tags.Map(m.DefaultTags.Tags)
	}
	if m.IgnoreTags != nil {
		for _, s := range []struct {
			set types.Set
			out *[]string
		}{{m.IgnoreTags.Keys, &c.Ignore.Keys}, {m.IgnoreTags.KeyPrefixes, &c.Ignore.KeyPrefixes}} {
			if s.set.IsNull() || s.set.IsUnknown() {
				continue
			}
			diags.Append(s.set.ElementsAs(ctx, s.out, false)...)
			slices.Sort(*s.out)
		}
	}
	return c, diags
}

// validateTagsConfig refuses a default tag that ignore_tags ignores: it would never be applied, and every
// resource would plan it forever. Unknown values are checked at Configure's time, when known.
func (m providerModel) validateTagsConfig(ctx context.Context, diags *diag.Diagnostics) {
	if len(m.unknownTagsArguments()) > 0 {
		return
	}
	c, d := m.tagsConfig(ctx)
	diags.Append(d...)
	if keys := c.Ignore.IgnoredKeys(c.Default); len(keys) > 0 {
		diags.AddAttributeError(path.Root("default_tags").AtName("tags"), "Default tag ignored",
			fmt.Sprintf("default_tags.tags sets %q, which ignore_tags ignores: ignored keys are never sent nor read, so the "+
				"default tag would never be applied. Remove the key from default_tags or from ignore_tags.", keys))
	}
}
