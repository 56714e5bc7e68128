package ecsclient

import (
	"math"
	"testing"
	"time"
)

func TestParseProgress_cases(t *testing.T) {
	for in, want := range map[string]int{
		"100%": 100, "0%": 0, "37%": 37, " 42 % ": 42, "42": 42, "12.9%": 12, "": 0, "%": 0, "abc%": 0,
		"-5%": 0, "250%": 100, "NaN%": 0, "Inf%": 0, "1e400%": 0, "99999999999999999999%": 100,
	} {
		if got := parseProgress(in); got != want {
			t.Errorf("parseProgress(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestParseSize_cases(t *testing.T) {
	for in, want := range map[string]int{
		"40": 40, " 40 ": 40, "40.0": 40, "": 0, "forty": 0, "-1": 0, "99999999999999999999": math.MaxInt32, "2048": 2048,
	} {
		if got := parseSize(in); got != want {
			t.Errorf("parseSize(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestParseTime_formats(t *testing.T) {
	want := time.Date(2020, 8, 20, 14, 52, 28, 0, time.UTC)
	for _, in := range []string{"2020-08-20T14:52:28Z", " 2020-08-20T14:52:28Z ", "2020-08-20T22:52:28+08:00", "2020-08-20T14:52:28"} {
		if got := parseTime(in); !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v, want %v", in, got, want)
		}
	}
	if got := parseTime("2019-12-13T17:00Z"); !got.Equal(time.Date(2019, 12, 13, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("minute precision: %v", got)
	}
	for _, in := range []string{"", "yesterday", "2020-13-45T99:00:00Z", "0"} {
		if got := parseTime(in); !got.IsZero() {
			t.Errorf("parseTime(%q) = %v, want the zero time", in, got)
		}
	}
}

func TestFormatFilterTime_utcMinutes(t *testing.T) {
	in := time.Date(2019, 12, 14, 1, 30, 59, 0, time.FixedZone("CST", 8*3600))
	if got, want := formatFilterTime(in), "2019-12-13T17:30Z"; got != want {
		t.Errorf("formatFilterTime = %q, want %q", got, want)
	}
}

func TestToInt32_refusesPastInt32(t *testing.T) {
	if v, err := toInt32("RetentionDays", 65536); err != nil || v != 65536 {
		t.Errorf("toInt32(65536) = %d, %v", v, err)
	}
	if _, err := toInt32("RetentionDays", math.MaxInt32+1); err == nil {
		t.Error("toInt32 accepted a value past int32")
	}
}

func FuzzParseProgress_anyString(f *testing.F) {
	for _, s := range []string{"100%", "", "%", "-1%", "1e999%", "0x10%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := parseProgress(s); got < 0 || got > 100 {
			t.Errorf("parseProgress(%q) = %d, outside 0..100", s, got)
		}
	})
}

func FuzzParseSize_anyString(f *testing.F) {
	for _, s := range []string{"40", "", "-1", "1e999", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := parseSize(s); got < 0 {
			t.Errorf("parseSize(%q) = %d, negative", s, got)
		}
	})
}

func FuzzParseTime_anyString(f *testing.F) {
	for _, s := range []string{"2020-08-20T14:52:28Z", "", "2019-12-13T17:00Z", "2020-08-20T14:52:28.123456789+08:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := parseTime(s); !got.IsZero() && got.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v, not UTC", s, got)
		}
	})
}
