package schemas

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestShortDuration_dropsZeroUnits(t *testing.T) {
	for d, want := range map[time.Duration]string{40 * time.Minute: "40m", 2 * time.Hour: "2h", 90 * time.Second: "1m30s", 30 * time.Second: "30s"} {
		if got := ShortDuration(d); got != want {
			t.Errorf("ShortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestTimeouts_describedAndPositiveOnly(t *testing.T) {
	for _, tc := range []struct {
		opts timeouts.Opts
		desc string
	}{
		{timeouts.Opts{Create: true, Update: true, Delete: true}, "Timeouts of create, update and delete, as Go durations such as 30s, 40m or 2h."},
		{timeouts.Opts{Create: true, Delete: true}, "Timeouts of create and delete, as Go durations such as 30s, 40m or 2h."},
	} {
		block, ok := Timeouts(context.Background(), tc.opts).(schema.SingleNestedBlock)
		if !ok {
			t.Fatalf("not a single nested block")
		}
		if block.Description != tc.desc {
			t.Errorf("description %q, want %q", block.Description, tc.desc)
		}
		if len(block.Attributes) == 0 {
			t.Fatal("no timeouts")
		}
		for name, attr := range block.Attributes {
			a, ok := attr.(schema.StringAttribute)
			if !ok {
				t.Fatalf("timeout %s is %T", name, attr)
			}
			for value, wantErr := range map[string]bool{"-5m": true, "0s": true, "30s": false} {
				var failed bool
				for _, v := range a.Validators {
					resp := &validator.StringResponse{}
					v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root(name), ConfigValue: types.StringValue(value)}, resp)
					failed = failed || resp.Diagnostics.HasError()
				}
				if failed != wantErr {
					t.Errorf("%s = %q: error %v, want %v", name, value, failed, wantErr)
				}
			}
		}
	}
}
