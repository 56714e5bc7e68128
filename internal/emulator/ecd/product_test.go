package ecd

import "testing"

func TestHost_recognisesECDEndpoints(t *testing.T) {
	cases := map[string]struct {
		region string
		ok     bool
	}{
		"ecd.aliyuncs.com":             {"", true},
		"ecd.cn-hangzhou.aliyuncs.com": {"cn-hangzhou", true},
		"ecd.cn-shanghai.aliyuncs.com": {"cn-shanghai", true},
		"ecs.cn-hangzhou.aliyuncs.com": {"", false},
		"ecd.a.b.aliyuncs.com":         {"", false},
		"ecd.example.com":              {"", false},
		"localhost":                    {"", false},
	}
	for host, want := range cases {
		region, ok := Host(host)
		if ok != want.ok || region != want.region {
			t.Errorf("Host(%q) = %q, %v; want %q, %v", host, region, ok, want.region, want.ok)
		}
	}
}
