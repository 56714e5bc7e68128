package flex

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestKnown(t *testing.T) {
	if Known(types.StringNull()) || Known(types.StringUnknown()) || !Known(types.StringValue("")) {
		t.Error("Known must be false for null and unknown only")
	}
}

func TestKeepKnown_onlyAKnownPlanWins(t *testing.T) {
	v := types.StringValue("api")
	KeepKnown(&v, types.StringUnknown())
	if v.ValueString() != "api" {
		t.Errorf("an unknown plan replaced the API's value: %s", v)
	}
	KeepKnown(&v, types.StringValue("planned"))
	if v.ValueString() != "planned" {
		t.Errorf("a known plan did not win: %s", v)
	}
}

func TestStringOrNull_andPositiveOrNull(t *testing.T) {
	if !StringOrNull("").IsNull() || StringOrNull("a").ValueString() != "a" {
		t.Error("StringOrNull: \"\" is null, anything else the value")
	}
	for n, null := range map[int]bool{-1: true, 0: true, 1: false, 65536: false} {
		got := PositiveOrNull(n)
		if got.IsNull() != null || (!null && got.ValueInt64() != int64(n)) {
			t.Errorf("PositiveOrNull(%d) = %s", n, got)
		}
	}
}

func TestTime_utcSecondsOrNull(t *testing.T) {
	if !Time(time.Time{}).IsNull() {
		t.Error("the zero time must be null")
	}
	tm := time.Date(2026, 1, 2, 11, 4, 5, 999, time.FixedZone("CST", 8*3600))
	if got := Time(tm).ValueString(); got != "2026-01-02T03:04:05Z" {
		t.Errorf("Time = %s, want 2026-01-02T03:04:05Z", got)
	}
}

func TestDocumentedSpelling(t *testing.T) {
	documented := []string{"Standard", "Flash"}
	if got := DocumentedSpelling("flash", documented); got != "Flash" {
		t.Errorf("got %s, want Flash", got)
	}
	if got := DocumentedSpelling("archive", documented); got != "archive" {
		t.Errorf("an undocumented value changed: %s", got)
	}
}

func TestNullUnknown_onlyUnknownsBecomeNull(t *testing.T) {
	known, unknown, null := types.StringValue("a"), types.StringUnknown(), types.StringNull()
	NullUnknown(types.StringNull(), &known, &unknown, &null)
	if known.ValueString() != "a" || !unknown.IsNull() || !null.IsNull() {
		t.Errorf("got %s, %s, %s; want a, null, null", known, unknown, null)
	}
	m := types.MapUnknown(types.StringType)
	NullUnknown(types.MapNull(types.StringType), &m)
	if !m.IsNull() || !m.ElementType(t.Context()).Equal(types.StringType) {
		t.Errorf("map: %s", m)
	}
}
