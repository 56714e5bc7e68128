package backend

import "strings"

const (
	maxTagsPerResource  = 20
	maxTagResourceIDs   = 50
	tagResourcePageSize = 50 // ListTagResources has no page-size parameter; ECS answers up to 50 rows a page
)

// checkTagTarget validates what TagResources, UntagResources and ListTagResources share: the region (required),
// the resource type (only snapshots live here; ECS matches it case-insensitively) and the resource ID count.
func (b *Backend) checkTagTarget(region, resourceType string, ids []string) (*regionState, *Error) {
	r, rerr := b.regionFor(region, true, nil)
	if rerr != nil {
		return nil, rerr
	}
	if resourceType == "" {
		return nil, ErrMissingParameter("ResourceType")
	}
	if !strings.EqualFold(resourceType, "snapshot") {
		return nil, errResourceTypeNotFound
	}
	if len(ids) > maxTagResourceIDs {
		return nil, errResourceIDsNumber
	}
	return r, nil
}

// lookupAll finds every resource or answers InvalidResourceId.NotFound: the call changes all or nothing.
func (w *regionState) lookupAll(ids []string) ([]*snap, *Error) {
	if len(ids) == 0 {
		return nil, ErrMissingParameter("ResourceId.1")
	}
	out := make([]*snap, 0, len(ids))
	for _, id := range ids {
		s, ok := w.byID[id]
		if !ok {
			return nil, errResourceIDNotFound
		}
		out = append(out, s)
	}
	return out, nil
}

// TagResources adds or overwrites tags on snapshots; no snapshot may end with more than 20 tags.
func (b *Backend) TagResources(in TagResourcesInput) error {
	b.begin()
	defer b.mu.Unlock()
	r, terr := b.checkTagTarget(in.RegionID, in.ResourceType, in.ResourceIDs)
	if terr != nil {
		return terr
	}
	if len(in.Tags) == 0 {
		return errMissingTags
	}
	if err := checkTagsToAdd(in.Tags, errTagsNumber); err != nil {
		return err
	}
	targets, err := r.lookupAll(in.ResourceIDs)
	if err != nil {
		return err
	}
	merged := make([][]SnapshotTag, len(targets))
	for i, s := range targets {
		merged[i] = mergeTags(s.Tags, in.Tags)
		if len(merged[i]) > maxTagsPerResource {
			return errResourceTagQuota
		}
	}
	for i, s := range targets {
		s.Tags = merged[i]
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
	r, terr := b.checkTagTarget(in.RegionID, in.ResourceType, in.ResourceIDs)
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
	targets, err := r.lookupAll(in.ResourceIDs)
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
				s.Tags = withoutUserTags(s.Tags)
			}
			continue
		}
		kept := s.Tags[:0]
		for _, t := range s.Tags {
			if !drop[t.TagKey] {
				kept = append(kept, t)
			}
		}
		s.Tags = kept
	}
	return b.saveLocked()
}

// ListTagResources lists the tags of the given snapshots, or of the snapshots that carry all the given tags
// (an empty value matches any value), one row per tag, oldest snapshot first. Unknown resource IDs are skipped
// rather than refused: the call reads, and ECS answers what it finds. ECS requires a ResourceId or a Tag.
func (b *Backend) ListTagResources(in ListTagResourcesInput) (*ListTagResourcesOutput, error) {
	b.begin()
	defer b.mu.Unlock()
	r, terr := b.checkTagTarget(in.RegionID, in.ResourceType, in.ResourceIDs)
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
	for _, s := range r.Snapshots {
		if ids != nil && !ids[s.ID] {
			continue
		}
		matched := true
		for _, t := range in.Tags {
			if !hasTag(s.Tags, t) {
				matched = false
				break
			}
		}
		if !matched {
			continue
		}
		for _, t := range s.Tags {
			rows = append(rows, TagResource{ResourceId: s.ID, ResourceType: "snapshot", TagKey: t.TagKey, TagValue: t.TagValue})
		}
	}
	from, to, _, next, werr := p.window(len(rows))
	if werr != nil {
		return nil, werr
	}
	return &ListTagResourcesOutput{NextToken: next, TagResources: TagResourceList{TagResource: append([]TagResource{}, rows[from:to]...)}}, nil
}
