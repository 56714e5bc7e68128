package emulator

import (
	"net/http"
)

// ecdControlEndpoints documents the ECD controls (part of ControlEndpoints).
const ecdControlEndpoints = `  GET    /_emulator/ecd/desktops            every region's ECD desktops as DescribeDesktops shows them (RegionId
                                            says the region)
  GET    /_emulator/ecd/snapshots           every ECD snapshot as ECD DescribeSnapshots shows it now (with RegionId)
  POST   /_emulator/ecd/desktops/{id}/status
                                            {"status":"Stopped"}: put a desktop in a status (Running, Stopped,
                                            Starting, Stopping, Pending, Expired, ...)
  POST   /_emulator/ecd/desktops/{id}/fail-next
                                            {"count":1}: the desktop's next snapshots end "FAILED"
  POST   /_emulator/ecd/desktops/{id}/auto-snapshot
                                            {"disk":"system|data"}: take an automatic (AUTO) snapshot; answers
                                            {"SnapshotId":"s-..."}
`

func (s *Server) ecdControls(mux *http.ServeMux) {
	e := s.ecd
	mux.HandleFunc("GET /_emulator/ecd/desktops", func(w http.ResponseWriter, _ *http.Request) {
		controlJSON(w, http.StatusOK, e.Desktops())
	})
	mux.HandleFunc("GET /_emulator/ecd/snapshots", func(w http.ResponseWriter, _ *http.Request) {
		controlJSON(w, http.StatusOK, e.Snapshots()) // never nil: [] when there are none
	})
	mux.HandleFunc("POST /_emulator/ecd/desktops/{id}/status", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Status string `json:"status"`
		}
		if decodeControl(w, r, &body) {
			controlResult(w, e.SetDesktopStatus(r.PathValue("id"), body.Status))
		}
	})
	mux.HandleFunc("POST /_emulator/ecd/desktops/{id}/fail-next", func(w http.ResponseWriter, r *http.Request) {
		body := struct {
			Count *int `json:"count"`
		}{}
		if decodeControl(w, r, &body) {
			n := 1
			if body.Count != nil {
				n = *body.Count
			}
			controlResult(w, e.FailNextSnapshots(r.PathValue("id"), n))
		}
	})
	mux.HandleFunc("POST /_emulator/ecd/desktops/{id}/auto-snapshot", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Disk string `json:"disk"`
		}
		if !decodeControl(w, r, &body) {
			return
		}
		id, err := e.TakeAutoSnapshot(r.PathValue("id"), body.Disk)
		if err != nil {
			controlResult(w, err)
			return
		}
		controlJSON(w, http.StatusOK, map[string]string{"SnapshotId": id})
	})
}
