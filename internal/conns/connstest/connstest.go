// Package connstest builds a conns.Client around test doubles the way the provider builds one (conns.New with
// Factories that return the doubles), for unit tests that configure a resource or data source outside a
// provider: their lookups are batched as in the provider. Test code only; depguard keeps it out of the provider
// binary.
package connstest

import (
	"context"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// Region is the provider's region of the Clients built here.
const Region = "cn-hangzhou"

// ECS is a Client whose ECS client, in every region, is ecs.
func ECS(t testing.TB, ecs ecsclient.Client) *conns.Client {
	return New(t, conns.Factories{ECS: func(context.Context, client.Config) (ecsclient.Client, error) { return ecs, nil }})
}

// ECD is a Client whose ECD client, in every region, is ecd; it has no ECS client.
func ECD(t testing.TB, ecd ecdclient.Client) *conns.Client {
	return New(t, conns.Factories{ECD: func(context.Context, client.Config) (ecdclient.Client, error) { return ecd, nil }})
}

// New is conns.New in Region with f. conns.New builds the ECS client at once: without f.ECS, that client is nil
// rather than one of the real cloud.
func New(t testing.TB, f conns.Factories) *conns.Client {
	t.Helper()
	if f.ECS == nil {
		f.ECS = func(context.Context, client.Config) (ecsclient.Client, error) { return nil, nil }
	}
	c, err := conns.New(t.Context(), conns.Config{Region: Region}, f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
