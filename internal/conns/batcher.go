package conns

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/batch"
)

// Batcher is a batched lookup by key, declared once as a package-level variable beside the resource that owns
// it (ByIDs builds the common one). Each Client builds one batch.Batcher per Batcher and region on first use and shares it among every
// operation of that provider, so that lookups made at about the same time by concurrent operations (Terraform
// runs up to -parallelism of them) share calls.
type Batcher[C any, K comparable, V any] struct {
	// Key names the batcher among the provider's, as "<product>/<items>" (for example "ecs/snapshots").
	Key string
	// Client is the product's client of a region: (*Client).ECS or (*Client).ECD.
	Client func(*Client, context.Context, string) (C, error)
	// Fetch is the batched call, made with that client.
	Fetch func(C) batch.Fetch[K, V]
	// Options of the batch.Batcher; MaxKeys is the most keys the call takes.
	Options batch.Options
}

type batcherKey struct{ key, region string }

type registered struct {
	spec    any // the *Batcher the batcher was built for
	batcher any // its *batch.Batcher
}

// Get looks key up in region ("" is the provider's), sharing the call with the other lookups of b in that
// region (package batch). slack is how long the lookup may wait for company: 0 for a read a user waits on, more
// for a poll inside a long wait.
func (b *Batcher[C, K, V]) Get(ctx context.Context, c *Client, region string, key K, slack time.Duration) (v V, found bool, err error) {
	bb, err := b.batcher(ctx, c, region)
	if err != nil {
		return v, false, err
	}
	return bb.Get(ctx, key, slack)
}

// GetAll looks keys up together in region (batch.Batcher.GetAll): in the same call (one per MaxKeys keys), with
// the other lookups of b in that region, where lookups made one after another would each wait for their own. It
// returns the items found; a key absent was not found.
func (b *Batcher[C, K, V]) GetAll(ctx context.Context, c *Client, region string, keys []K, slack time.Duration) (map[K]V, error) {
	bb, err := b.batcher(ctx, c, region)
	if err != nil {
		return nil, err
	}
	return bb.GetAll(ctx, keys, slack)
}

// Announce announces a lookup of b in region that will come in about in (batch.Batcher.Announce): the first
// check after a create or delete call about to be made (0), or the next check of a wait. It returns ctx carrying
// the announcement, which the lookup's Get settles, and the function that withdraws it should the lookup not come.
// Without a client for region (the lookup would fail the same way) it announces nothing.
func (b *Batcher[C, K, V]) Announce(ctx context.Context, c *Client, region string, in time.Duration) (context.Context, func()) {
	return b.announce(ctx, c, region, func(bb *batch.Batcher[K, V]) *batch.Announcement { return bb.Announce(in) })
}

// AnnounceGone announces the lookup of key in region that will tell whether its item is gone, after a delete call
// about to be made (batch.Batcher.AnnounceGone): calls sent meanwhile ask for key on the way, and the lookup ends
// without a call of its own when one of them says the item is gone. It returns ctx carrying the announcement and
// the function that withdraws it, as Announce does.
func (b *Batcher[C, K, V]) AnnounceGone(ctx context.Context, c *Client, region string, key K) (context.Context, func()) {
	return b.announce(ctx, c, region, func(bb *batch.Batcher[K, V]) *batch.Announcement { return bb.AnnounceGone(key) })
}

// announce makes the announcement of b's batcher of region and returns ctx carrying it and its Withdraw; without a
// client for region it announces nothing.
func (b *Batcher[C, K, V]) announce(ctx context.Context, c *Client, region string,
	newAnnouncement func(*batch.Batcher[K, V]) *batch.Announcement) (context.Context, func()) {
	bb, err := b.batcher(ctx, c, region)
	if err != nil {
		return ctx, func() {}
	}
	a := newAnnouncement(bb)
	return batch.WithAnnouncement(ctx, a), a.Withdraw
}

// Expect tells b's batcher of region that a read of key is about to come (batch.Batcher.Expect): terraform has
// just upgraded the stored state of the resource that reads it. Without a client for region it does nothing.
func (b *Batcher[C, K, V]) Expect(ctx context.Context, c *Client, region string, key K) {
	if bb, err := b.batcher(ctx, c, region); err == nil {
		bb.Expect(key)
	}
}

func (b *Batcher[C, K, V]) batcher(ctx context.Context, c *Client, region string) (*batch.Batcher[K, V], error) {
	if region == "" {
		region = c.cfg.Region
	}
	// The client first: building it takes c.mu.
	cl, err := b.Client(c, ctx, region)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := batcherKey{b.Key, region}
	if r, ok := c.batchers[k]; ok {
		bb, same := r.batcher.(*batch.Batcher[K, V])
		if r.spec != b || !same {
			return nil, fmt.Errorf("two batchers are named %q. This is a bug in the provider", b.Key)
		}
		return bb, nil
	}
	fetch := b.Fetch(cl)
	bb := batch.New(func(ctx context.Context, keys []K) (map[K]V, error) {
		tflog.Debug(ctx, "One call for a batch of lookups", map[string]any{"batcher": b.Key, "region": region, "keys": keys})
		return fetch(ctx, keys)
	}, b.Options)
	c.batchers[k] = registered{spec: b, batcher: bb}
	return bb, nil
}

// ByIDs is the Batcher of a describe call that takes a list of IDs and answers the items that exist: client is
// the product's client of a region, describe the call (a method expression such as
// ecsclient.Client.DescribeDisks), in its input asking for ids, and idOf an item's ID.
func ByIDs[C, In, V any](key string, client func(*Client, context.Context, string) (C, error),
	describe func(C, context.Context, In) ([]V, error), in func(ids []string) In, idOf func(V) string, opts batch.Options) *Batcher[C, string, V] {
	return &Batcher[C, string, V]{Key: key, Client: client, Options: opts, Fetch: func(cl C) batch.Fetch[string, V] {
		return func(ctx context.Context, ids []string) (map[string]V, error) {
			found, err := describe(cl, ctx, in(ids))
			if err != nil {
				return nil, err
			}
			byID := make(map[string]V, len(found))
			for _, v := range found {
				byID[idOf(v)] = v
			}
			return byID, nil
		}
	}}
}
