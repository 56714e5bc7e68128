package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// copyControlEndpoints documents the controls for CopySnapshot (part of ControlEndpoints).
const copyControlEndpoints = `  PUT    /_emulator/copy-duration           {"duration":"5s"}: time a CopySnapshot copy takes from 0% to 100%
                                            ("0s" = at once); copies already started keep theirs
  POST   /_emulator/snapshots/{id}/fail-next-copy
                                            {"count":1}: the next copies of this snapshot end "failed"
  POST   /_emulator/snapshots/{id}/archive  move an accomplished snapshot to the archive tier (Category
                                            "archive"), which CopySnapshot refuses
`

// copyControls registers the CopySnapshot controls on mux.
func (s *Server) copyControls(mux *http.ServeMux) {
	b := s.backend
	mux.HandleFunc("PUT /_emulator/copy-duration", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Duration string `json:"duration"`
		}
		if !decodeControl(w, r, &body) {
			return
		}
		d, err := time.ParseDuration(body.Duration)
		if err == nil && d < 0 {
			err = errors.New("must not be negative")
		}
		if err != nil {
			controlError(w, http.StatusBadRequest, fmt.Errorf("duration %q: %w", body.Duration, err))
			return
		}
		b.SetCopyDuration(d)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_emulator/snapshots/{id}/fail-next-copy", func(w http.ResponseWriter, r *http.Request) {
		body := struct {
			Count *int `json:"count"`
		}{}
		if decodeControl(w, r, &body) {
			n := 1
			if body.Count != nil {
				n = *body.Count
			}
			controlResult(w, b.FailNextCopies(r.PathValue("id"), n))
		}
	})
	mux.HandleFunc("POST /_emulator/snapshots/{id}/archive", func(w http.ResponseWriter, r *http.Request) {
		controlResult(w, b.ArchiveSnapshot(r.PathValue("id")))
	})
}
