package provider

import (
	"strings"
	"testing"
)

func TestValidateEndpoint_cases(t *testing.T) {
	cases := []struct {
		endpoint string
		insecure bool
		wantErr  string // "" = valid
	}{
		{"https://ecs.cn-hangzhou.aliyuncs.com", false, ""},
		{"HTTPS://ecs.cn-hangzhou.aliyuncs.com", false, ""},
		{"http://127.0.0.1:8699", false, ""},
		{"http://127.1.2.3:8699", false, ""},
		{"http://localhost:8699", false, ""},
		{"http://[::1]:8699", false, ""},
		{"http://ecs.internal:8080", true, ""},
		{"http://ecs.internal:8080", false, "insecure = true"},
		{"http://10.0.0.1", false, "not a loopback host"},
		{"ecs.cn-hangzhou.aliyuncs.com", false, "scheme and host"},
		{"127.0.0.1:8699", false, "scheme"},
		{"ftp://example.com", true, `scheme "ftp"`},
		{"https://", false, "scheme and host"},
		{"http://%zz", false, "not a valid URL"},
	}
	for _, tc := range cases {
		err := validateEndpoint(tc.endpoint, tc.insecure)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s (insecure=%v): unexpected error %v", tc.endpoint, tc.insecure, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s (insecure=%v): error %v, want one containing %q", tc.endpoint, tc.insecure, err, tc.wantErr)
		case err != nil && !strings.Contains(err.Error(), tc.endpoint):
			t.Errorf("error %q does not name the endpoint", err)
		}
	}
}
