// Package sts is the wire side of the emulated STS API (version 2015-04-01): its action table and the host names
// that belong to it. The rules live in package backend; signatures, routing and rendering in package emulator.
package sts

import (
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/product"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/rpc"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// Version is the STS API version the emulator speaks.
const Version = "2015-04-01"

// HostID is what STS puts in an error's HostId.
const HostID = "sts.aliyuncs.com"

// Product is STS served from b.
func Product(b *backend.Backend) rpc.Product {
	return rpc.Product{
		Name: "Sts", Version: Version, HostID: HostID, Host: Host,
		Actions: map[string]rpc.Action{
			"GetCallerIdentity": func(c *rpc.Call) (any, error) {
				in := backend.GetCallerIdentityInput{SecurityToken: c.SecurityToken}
				if session, ok := b.Session(c.AccessKeyID); ok {
					in.Session = &session
				}
				out, err := b.GetCallerIdentity(in)
				if err != nil {
					return nil, err
				}
				return out, nil
			},
			"AssumeRole": func(c *rpc.Call) (any, error) {
				p := c.Params
				// The emulated key pair is a RAM user's and temporary keys are a role's, so no caller is a root
				// account; a role's session may assume another role (role chaining).
				out, err := b.AssumeRole(backend.AssumeRoleInput{
					RoleArn: p.Get("RoleArn"), RoleSessionName: p.Get("RoleSessionName"),
					DurationSeconds: p.Get("DurationSeconds"), Policy: p.Get("Policy"), ExternalID: p.Get("ExternalId"),
				})
				if err != nil {
					return nil, err
				}
				return out, nil
			},
		},
	}
}

// Host recognises STS's endpoints: the central sts.aliyuncs.com, the regional sts.<region>.aliyuncs.com and the
// VPC sts-vpc.<region>.aliyuncs.com (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-endpoint).
func Host(host string) (string, bool) {
	rest, ok := strings.CutSuffix(host, ".aliyuncs.com")
	if !ok {
		return "", false
	}
	if rest == "sts" || rest == "sts-vpc" {
		return "", true
	}
	for _, prefix := range []string{"sts.", "sts-vpc."} {
		if region, ok := strings.CutPrefix(rest, prefix); ok && region != "" && !strings.Contains(region, ".") {
			return region, true
		}
	}
	return "", false
}

// Name is STS's name among the emulator's products.
const Name = "sts"

// Register is STS served from b. It has no reset: the sessions it handed out stay valid, as temporary keys do
// on the real service whatever happens to the account's resources.
func Register(b *backend.Backend) product.Registration {
	return product.Registration{Name: Name, API: Product(b)}
}
