package ecd

import (
	"net/http"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/product"
)

// Name is ECD's name in control paths (/_emulator/ecd/...).
const Name = "ecd"

// Register is ECD served from b: its API, its controls and its reset.
func Register(b *backend.Backend) product.Registration {
	return product.Registration{Name: Name, API: Product(b), Controls: controls(b), Reset: b.Reset}
}

func controls(b *backend.Backend) []product.Control {
	return []product.Control{
		{Method: http.MethodGet, Path: "desktops", Help: `every region's ECD desktops as DescribeDesktops shows them (RegionId
says the region)`,
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, b.Desktops())
			}},
		{Method: http.MethodGet, Path: "snapshots", Help: `every ECD snapshot as ECD DescribeSnapshots shows it now (with RegionId)`,
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, b.Snapshots()) // never nil: [] when there are none
			}},
		{Method: http.MethodPost, Path: "desktops/{id}/status", Help: `{"status":"Stopped"}: put a desktop in a status (Running, Stopped,
Starting, Stopping, Pending, Expired, ...)`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					Status string `json:"status"`
				}
				if product.Decode(w, r, &body) {
					product.Result(w, b.SetDesktopStatus(r.PathValue("id"), body.Status))
				}
			}},
		{Method: http.MethodPost, Path: "desktops/{id}/fail-next", Help: `{"count":1}: the desktop's next snapshots end "FAILED"`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				if n, ok := product.Count(w, r); ok {
					product.Result(w, b.FailNextSnapshots(r.PathValue("id"), n))
				}
			}},
		{Method: http.MethodPost, Path: "desktops/{id}/auto-snapshot", Help: `{"disk":"system|data"}: take an automatic (AUTO) snapshot; answers
{"SnapshotId":"s-..."}`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					Disk string `json:"disk"`
				}
				if !product.Decode(w, r, &body) {
					return
				}
				id, err := b.TakeAutoSnapshot(r.PathValue("id"), body.Disk)
				if err != nil {
					product.Result(w, err)
					return
				}
				product.JSON(w, http.StatusOK, map[string]string{"SnapshotId": id})
			}},
	}
}
