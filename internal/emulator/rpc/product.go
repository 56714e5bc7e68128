package rpc

// Call is one API call as a product's action sees it, after the server verified its signature.
type Call struct {
	Action string
	Params Params
	// HostRegion is the region the client's host name named (ecs.cn-shanghai.aliyuncs.com: cn-shanghai), "" when
	// the host names none (a central endpoint, an IP address, localhost).
	HostRegion string
	// AccessKeyID signed the call; SecurityToken is the STS token it carried ("" = none).
	AccessKeyID   string
	SecurityToken string
}

// Action answers one call: an output struct tagged with the wire names (nil when the action answers only a
// RequestId), or an error, which is an *apierr.Error when the caller is to see it.
type Action func(c *Call) (any, error)

// Product is one API product as the server routes to it: by the request's Version, or by a host name that
// belongs to it.
type Product struct {
	Name    string            // as error answers' Recommend links name it: "Ecs", "Sts"
	Version string            // the API version the product speaks, e.g. 2014-05-26
	HostID  string            // what its error answers carry in HostId, e.g. ecs.aliyuncs.com
	Actions map[string]Action // every action it serves
	// Host reports whether a host name (lower case, without port) is one of the product's endpoints and which
	// region it names ("" for a central endpoint). nil = the product has no host names of its own.
	Host func(host string) (region string, ok bool)
	// CallPrefix starts the product's action names in call counts, faults and latencies ("ecd:" makes
	// "ecd:CreateSnapshot"), for a product whose actions share names with another's; "" = bare names.
	CallPrefix string
}
