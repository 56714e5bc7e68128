package ecs

import "testing"

func TestHost_recognisesECSEndpoints(t *testing.T) {
	cases := map[string]struct {
		region string
		ok     bool
	}{
		"ecs.aliyuncs.com":                  {"", true},
		"ecs-vpc.aliyuncs.com":              {"", true},
		"ecs.cn-shanghai.aliyuncs.com":      {"cn-shanghai", true},
		"ecs-vpc.cn-beijing.aliyuncs.com":   {"cn-beijing", true},
		"ecs-cn-hangzhou.aliyuncs.com":      {"cn-hangzhou", true},
		"sts.cn-shanghai.aliyuncs.com":      {"", false},
		"ecs.cn-shanghai.example.com":       {"", false},
		"127.0.0.1":                         {"", false},
		"ecs.a.b.aliyuncs.com":              {"", false},
		"ecd.cn-shanghai.aliyuncs.com":      {"", false},
		"myecs.cn-shanghai.aliyuncs.com":    {"", false},
		"ecs..aliyuncs.com":                 {"", false},
		"ecs.cn-hangzhou.aliyuncs.com.evil": {"", false},
	}
	for host, want := range cases {
		region, ok := Host(host)
		if ok != want.ok || region != want.region {
			t.Errorf("Host(%q) = %q, %v; want %q, %v", host, region, ok, want.region, want.ok)
		}
	}
}
