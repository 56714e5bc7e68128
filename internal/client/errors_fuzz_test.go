package client

import (
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea/tea"
)

// FuzzFromSDKError_namesCallAndCode: whatever error body the API or a proxy answers, the error names the call and has a code.
func FuzzFromSDKError_namesCallAndCode(f *testing.F) {
	f.Add(`{"RequestId":"R1","Code":"Throttling","Message":"slow down"}`, "", "", 400)
	f.Add(`{"RequestId":7,"Message":null}`, "Forbidden", "sdk message", 403)
	f.Add(`<html>bad gateway</html>`, "", "", 502)
	f.Add(``, "", "", 0)
	f.Fuzz(func(t *testing.T, data, code, message string, status int) {
		e := fromSDKError(ProductECS, "DescribeSnapshots", &tea.SDKError{
			Code: tea.String(code), Message: tea.String(message), Data: tea.String(data), StatusCode: tea.Int(status),
		})
		if e.Code == "" || e.Action != "DescribeSnapshots" {
			t.Fatalf("error %+v lacks its code or action", e)
		}
		if !strings.Contains(e.Error(), "DescribeSnapshots") || !strings.Contains(e.Error(), e.Code) {
			t.Fatalf("Error() %q does not name the call and the code", e.Error())
		}
		_ = IsRetryable(e) // must only not panic on any code
		_ = IsNotFound(e)
	})
}
