package ecs

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/product"
)

// Name is ECS's name in control paths (/_emulator/ecs/...).
const Name = "ecs"

// Register is ECS served from b: its API, its controls and its reset. Every control is also served without the
// ecs/ prefix, where it was when the emulator served ECS alone.
func Register(b *backend.Backend) product.Registration {
	return product.Registration{Name: Name, API: Product(b), Controls: controls(b), Reset: b.Reset}
}

func controls(b *backend.Backend) []product.Control {
	c := []product.Control{
		{Method: http.MethodPost, Path: "seed", Help: `add or replace instances, disks, resource groups (fixture JSON:
{"instances":[...],"disks":[...],"resource_groups":[...]} for the
default region, or with "region_id", or further regions in
"regions":[{"region_id":"cn-shanghai","instances":[...],...}];
a new region is added, and needs resource_groups)`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var f backend.Fixture
				if product.Decode(w, r, &f) {
					product.Result(w, b.Seed(f))
				}
			}},
		{Method: http.MethodGet, Path: "fixture", Help: `every region's instances and disks as they stand, and which disks
accept snapshots ("accepts_snapshots", else the "refusal" code);
a disk rolled back (ResetDisk) shows "rolled_back_to_snapshot_id",
"rolled_back_at" and "rollback_count"`,
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, b.FixtureView())
			}},
		{Method: http.MethodGet, Path: "snapshots", Help: `every snapshot of every region as DescribeSnapshots shows it now
(its RegionId says the region)`,
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, b.Snapshots()) // never nil: [] when there are none
			}},
		{Method: http.MethodPost, Path: "snapshots/{id}/usage", Help: `{"usage":"image|disk|image_disk|none"}`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					Usage string `json:"usage"`
				}
				if product.Decode(w, r, &body) {
					product.Result(w, b.SetSnapshotUsage(r.PathValue("id"), body.Usage))
				}
			}},
		{Method: http.MethodPost, Path: "snapshots/{id}/system-tags", Help: `{"tags":{"acs:rm:rgId":"rg-..."}}: add or overwrite tags as the cloud
does (keys start with acs: or aliyun; TagResources refuses them,
UntagResources may not remove them)`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					Tags map[string]string `json:"tags"`
				}
				if product.Decode(w, r, &body) {
					product.Result(w, b.SetSystemTags(r.PathValue("id"), body.Tags))
				}
			}},
		{Method: http.MethodPost, Path: "disks/{id}/fail-next", Help: `{"count":1}: the disk's next snapshots end "failed"`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				if n, ok := product.Count(w, r); ok {
					product.Result(w, b.FailNextSnapshots(r.PathValue("id"), n))
				}
			}},
		{Method: http.MethodPut, Path: "snapshot-duration", Help: `{"duration":"3s"}: time from 0% to 100% ("0s" = at once), ECS and
ECD snapshots alike`,
			Handler: durationControl(b.SetSnapshotDuration)},
		{Method: http.MethodPut, Path: "copy-duration", Help: `{"duration":"5s"}: time a CopySnapshot copy takes from 0% to 100%
("0s" = at once); copies already started keep theirs`,
			Handler: durationControl(b.SetCopyDuration)},
		{Method: http.MethodPut, Path: "power-duration", Help: `{"duration":"2s"}: time an instance stays Stopping or Starting after
StopInstances/StartInstances ("0s" = at once); changes already
started keep theirs`,
			Handler: durationControl(b.SetPowerDuration)},
		{Method: http.MethodPut, Path: "rollback-duration", Help: `{"duration":"2s"}: time a disk stays ReIniting after ResetDisk
("0s" = at once); roll-backs already started keep theirs`,
			Handler: durationControl(b.SetRollbackDuration)},
		{Method: http.MethodPut, Path: "policy-defaults", Help: `{"mode":"show|omit"}: how DescribeAutoSnapshotPolicyEx shows a policy
created without ResourceGroupId and CopyEncryptionConfiguration: the
default group and an empty configuration ("show", the default), or
neither field ("omit"); GET answers the mode`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					Mode string `json:"mode"`
				}
				if product.Decode(w, r, &body) {
					product.Result(w, b.SetPolicyDefaults(body.Mode))
				}
			}},
		{Method: http.MethodGet, Path: "policy-defaults", Help: `the mode PUT policy-defaults set: {"mode":"show|omit"}`,
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, map[string]string{"mode": b.PolicyDefaults()})
			}},
		{Method: http.MethodPost, Path: "snapshots/{id}/fail-next-copy", Help: `{"count":1}: the next copies of this snapshot end "failed"`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				if n, ok := product.Count(w, r); ok {
					product.Result(w, b.FailNextCopies(r.PathValue("id"), n))
				}
			}},
		{Method: http.MethodPost, Path: "snapshots/{id}/archive", Help: `move an accomplished snapshot to the archive tier (Category
"archive"), which CopySnapshot refuses`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				product.Result(w, b.ArchiveSnapshot(r.PathValue("id")))
			}},
		{Method: http.MethodGet, Path: "clock", Help: `the emulator's clock: {"now":"2026-...Z","offset":"168h0m0s"}`,
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, clockView(b))
			}},
		{Method: http.MethodPost, Path: "clock", Help: `{"advance":"168h"}: move the clock forward (never back); automatic
snapshot policies take the snapshots due meanwhile and retention
releases what has expired; ECD follows the same clock; answers as
GET. Request signatures and STS sessions keep the real clock`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					Advance string `json:"advance"`
				}
				if !product.Decode(w, r, &body) {
					return
				}
				d, err := time.ParseDuration(body.Advance)
				if err == nil {
					_, err = b.AdvanceClock(d)
				}
				if err != nil {
					product.Error(w, http.StatusBadRequest, fmt.Errorf("advance %q: %w", body.Advance, err))
					return
				}
				product.JSON(w, http.StatusOK, clockView(b))
			}},
	}
	for i := range c {
		c[i].Unprefixed = true
	}
	return c
}

func clockView(b *backend.Backend) map[string]string {
	return map[string]string{"now": b.Now().UTC().Format(time.RFC3339Nano), "offset": b.ClockOffset().String()}
}

// durationControl reads {"duration":"3s"} (not negative) and hands it to set.
func durationControl(set func(time.Duration)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Duration string `json:"duration"`
		}
		if !product.Decode(w, r, &body) {
			return
		}
		d, err := time.ParseDuration(body.Duration)
		if err == nil && d < 0 {
			err = errors.New("must not be negative")
		}
		if err != nil {
			product.Error(w, http.StatusBadRequest, fmt.Errorf("duration %q: %w", body.Duration, err))
			return
		}
		set(d)
		w.WriteHeader(http.StatusNoContent)
	}
}
