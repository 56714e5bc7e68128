package backend

import "strings"

const (
	maxTagsPerResource  = 20
	maxTagResourceIDs   = 50
	tagResourcePageSize = 50 // ListTagResources has no page-size parameter; ECS answers up to 50 rows a page
)

// Resource types the tag calls and JoinResourceGroup take: snapshots and automatic snapshot policies (and
// snapshot-consistent groups: resourceTypeSnapshotGroup in snapshot_group.go).
const (
	resourceTypeSnapshot = "snapshot"
	resourceTypePolicy   = "snapshotpolicy"
)

// taggable is a resource's ID and its tags, which the tag calls change in place.
type taggable struct {
	id   string
	tags *[]SnapshotTag
}

// checkTagTarget validates what TagResources, UntagResources and ListTagResources share: the region (required),
// the resource type (snapshot, snapshotpolicy or snapshotgroup; ECS matches it case-insensitively) and the resource
// ID count.
// It returns the type in lower case.
func (b *Backend) checkTagTarget(region, resourceType string, ids []string) (*regionState, string, *Error) {
	r, rerr := b.regionFor(region, true, nil)
	if rerr != nil {
		return nil, "", rerr
	}
	if resourceType == "" {
		return nil, "", ErrMissingParameter("ResourceType")
	}
	kind := strings.ToLower(resourceType)
	if kind != resourceTypeSnapshot && kind != resourceTypePolicy && kind != resourceTypeSnapshotGroup {
		return nil, "", errResourceTypeNotFound
	}
	if len(ids) > maxTagResourceIDs {
		return nil, "", errResourceIDsNumber
	}
	return r, kind, nil
}

// taggables are the region's resources of the kind, oldest first.
func (w *regionState) taggables(kind string) []taggable {
	if kind == resourceTypeSnapshotGroup {
		out := make([]taggable, len(w.Groups))
		for i, g := range w.Groups {
			out[i] = taggable{id: g.ID, tags: &g.Tags}
		}
		return out
	}
	if kind == resourceTypePolicy {
		out := make([]taggable, len(w.Policies))
		for i, p := range w.Policies {
			out[i] = taggable{id: p.ID, tags: &p.Tags}
		}
		return out
	}
	out := make([]taggable, len(w.Snapshots))
	for i, s := range w.Snapshots {
		out[i] = taggable{id: s.ID, tags: &s.Tags}
	}
	return out
}

// lookupAll finds every resource or answers InvalidResourceId.NotFound: the call changes all or nothing.
func (w *regionState) lookupAll(kind string, ids []string) ([]taggable, *Error) {
	if len(ids) == 0 {
		return nil, ErrMissingParameter("ResourceId.1")
	}
	out := make([]taggable, 0, len(ids))
	for _, id := range ids {
		if kind == resourceTypeSnapshotGroup {
			g := w.groupByID(id)
			if g == nil {
				return nil, errResourceIDNotFound
			}
			out = append(out, taggable{id: g.ID, tags: &g.Tags})
			continue
		}
		if kind == resourceTypePolicy {
			p := w.policyByID(id)
			if p == nil {
				return nil, errResourceIDNotFound
			}
			out = append(out, taggable{id: p.ID, tags: &p.Tags})
			continue
		}
		s, ok := w.byID[id]
		if !ok {
			return nil, errResourceIDNotFound
		}
		out = append(out, taggable{id: s.ID, tags: &s.Tags})
	}
	return out, nil
}

// TagResources adds or overwrites tags on snapshots or policies; none may end with more than 20 tags.
func (b *Backend) TagResources(in TagResourcesInput) error {
	b.begin()
	defer b.mu.Unlock()
	r, kind, terr := b.checkTagTarget(in.RegionID, in.ResourceType, in.ResourceIDs)
	if terr != nil {
		return terr
	}
	if len(in.Tags) == 0 {
		return errMissingTags
	}
	if err := checkTagsToAdd(in.Tags, errTagsNumber); err != nil {
		return err
	}
	targets, err := r.lookupAll(kind, in.ResourceIDs)
	if err != nil {
		return err
	}
	merged := make([][]SnapshotTag, len(targets))
	for i, s := range targets {
		merged[i] = mergeTags(*s.tags, in.Tags)
		if len(merged[i]) > maxTagsPerResource {
			return errResourceTagQuota
		}
	}
	for i, s := range targets {
		*s.tags = merged[i]
	}
	return b.saveLocked()
}

// mergeTags overwrites the values of existing keys in place and appends new keys in request order.
func mergeTags(have []SnapshotTag, add []Tag) []SnapshotTag {
	out := append([]SnapshotTag(nil), have...)
	for _, t := range add {
		found := false
		for i := range out {
			if out[i].TagKey == t.Key {
				out[i].TagValue = t.Value
				found = true
				break
			}
		}
		if !found {
			out = append(out, SnapshotTag{TagKey: t.Key, TagValue: t.Value})
		}
	}
	return out
}

// UntagResources removes the named tag keys, or with All=true and no keys every user tag (system tags stay:
// system_tags.go). Keys a snapshot does not have are ignored. As documented for ECS, All only takes effect when no TagKey is given, and with neither the
// call changes nothing.
func (b *Backend) UntagResources(in UntagResourcesInput) error {
	b.begin()
	defer b.mu.Unlock()
	r, kind, terr := b.checkTagTarget(in.RegionID, in.ResourceType, in.ResourceIDs)
	if terr != nil {
		return terr
	}
	all, ok := parseBool(in.All)
	if !ok {
		return ErrInvalidParameter("All")
	}
	if len(in.TagKeys) > maxTagsPerResource {
		return errTagsNumber
	}
	if err := checkUntagKeys(in.TagKeys); err != nil {
		return err
	}
	targets, err := r.lookupAll(kind, in.ResourceIDs)
	if err != nil {
		return err
	}
	drop := make(map[string]bool, len(in.TagKeys))
	for _, k := range in.TagKeys {
		drop[k] = true
	}
	for _, s := range targets {
		if len(drop) == 0 {
			if all {
				*s.tags = withoutUserTags(*s.tags)
			}
			continue
		}
		kept := (*s.tags)[:0]
		for _, t := range *s.tags {
			if !drop[t.TagKey] {
				kept = append(kept, t)
			}
		}
		*s.tags = kept
	}
	return b.saveLocked()
}

// ListTagResources lists the tags of the given snapshots, or of the snapshots that carry all the given tags
// (an empty value matches any value), one row per tag, oldest snapshot first. Unknown resource IDs are skipped
// rather than refused: the call reads, and ECS answers what it finds. ECS requires a ResourceId or a Tag.
func (b *Backend) ListTagResources(in ListTagResourcesInput) (*ListTagResourcesOutput, error) {
	b.begin()
	defer b.mu.Unlock()
	r, kind, terr := b.checkTagTarget(in.RegionID, in.ResourceType, in.ResourceIDs)
	if terr != nil {
		return nil, terr
	}
	if len(in.Tags) > maxTagsPerResource {
		return nil, errTagsNumber
	}
	for _, t := range in.Tags {
		if t.Key == "" {
			return nil, errTagKeyMalformed
		}
	}
	if len(in.ResourceIDs) == 0 && len(in.Tags) == 0 {
		return nil, ErrMissingParameter("ResourceId.1")
	}
	// ListTagResources pages by token only, 50 rows a page.
	p := paging{tokenMode: true, size: tagResourcePageSize}
	if in.NextToken != "" {
		payload, ok := decodeToken(in.NextToken)
		if !ok || payload == "" {
			return nil, errNextToken
		}
		p.token = payload
	}
	var ids map[string]bool
	if len(in.ResourceIDs) > 0 {
		ids = make(map[string]bool, len(in.ResourceIDs))
		for _, id := range in.ResourceIDs {
			ids[id] = true
		}
	}
	var rows []TagResource
	for _, s := range r.taggables(kind) {
		if ids != nil && !ids[s.id] {
			continue
		}
		matched := true
		for _, t := range in.Tags {
			if !hasTag(*s.tags, t) {
				matched = false
				break
			}
		}
		if !matched {
			continue
		}
		for _, t := range *s.tags {
			rows = append(rows, TagResource{ResourceId: s.id, ResourceType: kind, TagKey: t.TagKey, TagValue: t.TagValue})
		}
	}
	from, to, _, next, werr := p.window(len(rows))
	if werr != nil {
		return nil, werr
	}
	return &ListTagResourcesOutput{NextToken: next, TagResources: TagResourceList{TagResource: append([]TagResource{}, rows[from:to]...)}}, nil
}
