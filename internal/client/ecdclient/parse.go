package ecdclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The ECD documents disagree on the form of some values: RemainTime is documented an Integer and shown as
// 30 by the current pages but as "30" by the oldest; SourceDiskSize is documented a String ("150") but shown
// as 150 by the client API's page (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-10-02-describesnapshots);
// and Status, SnapshotType and SourceDiskType switched from lower to upper case between editions
// (https://www.alibabacloud.com/help/doc-detail/197784.htm). The types below read every one of these forms.

// flexString reads a JSON string, number or boolean as its text; null is "".
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*s = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
		return nil
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		return fmt.Errorf("expected a string or a number, got %s", b)
	}
	*s = flexString(b)
	return nil
}

// flexInt reads a JSON number or a string holding one ("30", " 30 "); null or "" is unset.
type flexInt struct {
	n   int
	set bool
}

func (i *flexInt) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	text := strings.TrimSpace(string(s))
	if text == "" {
		*i = flexInt{}
		return nil
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		f, ferr := strconv.ParseFloat(text, 64)
		if ferr != nil || f != float64(int(f)) {
			return fmt.Errorf("expected a whole number, got %s", b)
		}
		n = int(f)
	}
	*i = flexInt{n: n, set: true}
	return nil
}

func (i flexInt) or(def int) int {
	if !i.set {
		return def
	}
	return i.n
}

// flexBool reads true/false as JSON booleans or strings, in any case; anything else is false.
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*v = flexBool(strings.EqualFold(strings.TrimSpace(string(s)), "true"))
	return nil
}

// list reads the documented bare JSON array ("Snapshots": [...]) as well as the wrapped form the ECS APIs
// use ("Snapshots": {"Snapshot": [...]}), whatever the wrapper's key; null or absent is empty.
type list[T any] []T

func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0, bytes.Equal(b, []byte("null")):
		*l = nil
		return nil
	case b[0] == '[':
		var items []T
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		*l = items
		return nil
	case b[0] == '{':
		var wrapper map[string]json.RawMessage
		if err := json.Unmarshal(b, &wrapper); err != nil {
			return err
		}
		if len(wrapper) == 0 {
			*l = nil
			return nil
		}
		if len(wrapper) != 1 {
			return fmt.Errorf("expected an array or an object with one array, got %d keys", len(wrapper))
		}
		for _, inner := range wrapper {
			return l.UnmarshalJSON(inner)
		}
	}
	return fmt.Errorf("expected an array, got %.40s", b)
}

type snapshotItem struct {
	SnapshotID              flexString `json:"SnapshotId"`
	SnapshotName            flexString `json:"SnapshotName"`
	Description             flexString `json:"Description"`
	DesktopID               flexString `json:"DesktopId"`
	DesktopName             flexString `json:"DesktopName"`
	DesktopStatus           flexString `json:"DesktopStatus"`
	Status                  flexString `json:"Status"`
	Progress                flexString `json:"Progress"`
	RemainTime              flexInt    `json:"RemainTime"`
	SnapshotType            flexString `json:"SnapshotType"`
	SourceDiskType          flexString `json:"SourceDiskType"`
	SourceDiskSize          flexInt    `json:"SourceDiskSize"`
	CreationTime            flexString `json:"CreationTime"`
	DeletionTime            flexString `json:"DeletionTime"`
	Creator                 flexString `json:"Creator"`
	ProtocolType            flexString `json:"ProtocolType"`
	VolumeEncryptionEnabled flexBool   `json:"VolumeEncryptionEnabled"`
	VolumeEncryptionKey     flexString `json:"VolumeEncryptionKey"`
	RestorePointID          flexString `json:"RestorePointId"`
	RestorePointName        flexString `json:"RestorePointName"`
	DiskStatus              flexString `json:"DiskStatus"`
	OsType                  flexString `json:"OsType"`
}

type describeSnapshotsAnswer struct {
	RequestID flexString         `json:"RequestId"`
	NextToken flexString         `json:"NextToken"`
	Snapshots list[snapshotItem] `json:"Snapshots"`
}

func (s snapshotItem) snapshot() Snapshot {
	return Snapshot{
		SnapshotID:              string(s.SnapshotID),
		SnapshotName:            string(s.SnapshotName),
		Description:             string(s.Description),
		DesktopID:               string(s.DesktopID),
		DesktopName:             string(s.DesktopName),
		DesktopStatus:           string(s.DesktopStatus),
		Status:                  upper(s.Status),
		Progress:                string(s.Progress),
		ProgressPercent:         ParsePercent(string(s.Progress)),
		RemainTime:              s.RemainTime.or(-1),
		SnapshotType:            upper(s.SnapshotType),
		SourceDiskType:          upper(s.SourceDiskType),
		SourceDiskSize:          s.SourceDiskSize.or(0),
		CreationTime:            string(s.CreationTime),
		DeletionTime:            string(s.DeletionTime),
		Creator:                 string(s.Creator),
		ProtocolType:            string(s.ProtocolType),
		VolumeEncryptionEnabled: bool(s.VolumeEncryptionEnabled),
		VolumeEncryptionKey:     string(s.VolumeEncryptionKey),
		RestorePointID:          string(s.RestorePointID),
		RestorePointName:        string(s.RestorePointName),
		DiskStatus:              string(s.DiskStatus),
		OsType:                  string(s.OsType),
	}
}

func upper(s flexString) string { return strings.ToUpper(strings.TrimSpace(string(s))) }

// ParsePercent reads "45%", "45" or "45.5%" as a whole percentage; -1 when there is no number.
func ParsePercent(s string) int {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return -1
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int(f)
	}
	return -1
}

type diskItem struct {
	DiskID   flexString `json:"DiskId"`
	DiskType flexString `json:"DiskType"`
	DiskSize flexInt    `json:"DiskSize"`
}

type desktopItem struct {
	DesktopID     flexString     `json:"DesktopId"`
	DesktopName   flexString     `json:"DesktopName"`
	DesktopStatus flexString     `json:"DesktopStatus"`
	OsType        flexString     `json:"OsType"`
	Disks         list[diskItem] `json:"Disks"`
}

type describeDesktopsAnswer struct {
	RequestID flexString        `json:"RequestId"`
	NextToken flexString        `json:"NextToken"`
	Desktops  list[desktopItem] `json:"Desktops"`
}

func (d desktopItem) desktop() Desktop {
	out := Desktop{
		DesktopID:     string(d.DesktopID),
		DesktopName:   string(d.DesktopName),
		DesktopStatus: string(d.DesktopStatus),
		OsType:        string(d.OsType),
	}
	for _, disk := range d.Disks {
		out.Disks = append(out.Disks, Disk{DiskID: string(disk.DiskID), DiskType: upper(disk.DiskType), DiskSize: disk.DiskSize.or(0)})
	}
	return out
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
