package sts

import "testing"

func TestHost_recognisesSTSEndpoints(t *testing.T) {
	cases := map[string]struct {
		region string
		ok     bool
	}{
		"sts.aliyuncs.com":                {"", true},
		"sts.cn-shanghai.aliyuncs.com":    {"cn-shanghai", true},
		"sts-vpc.cn-beijing.aliyuncs.com": {"cn-beijing", true},
		"ecs.cn-shanghai.aliyuncs.com":    {"", false},
		"sts.example.com":                 {"", false},
		"localhost":                       {"", false},
	}
	for host, want := range cases {
		region, ok := Host(host)
		if ok != want.ok || region != want.region {
			t.Errorf("Host(%q) = %q, %v; want %q, %v", host, region, ok, want.region, want.ok)
		}
	}
}
