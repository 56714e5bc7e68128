package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// ControlEndpoints documents the unsigned control endpoints (for --help and GET /_emulator/).
const ControlEndpoints = `Control endpoints (same port, JSON, unsigned; keep the emulator on loopback):
  POST   /_emulator/reset                   back to the starting fixture, no snapshots (ECS and ECD)
  POST   /_emulator/seed                    add or replace instances, disks, resource groups (fixture JSON:
                                            {"instances":[...],"disks":[...],"resource_groups":[...]} for the
                                            default region, or with "region_id", or further regions in
                                            "regions":[{"region_id":"cn-shanghai","instances":[...],...}];
                                            a new region is added, and needs resource_groups)
  GET    /_emulator/fixture                 every region's instances and disks as they stand, and which disks
                                            accept snapshots ("accepts_snapshots", else the "refusal" code)
  GET    /_emulator/snapshots               every snapshot of every region as DescribeSnapshots shows it now
                                            (its RegionId says the region)
  POST   /_emulator/snapshots/{id}/usage    {"usage":"image|disk|image_disk|none"}
  POST   /_emulator/snapshots/{id}/system-tags
                                            {"tags":{"acs:rm:rgId":"rg-..."}}: add or overwrite tags as the cloud
                                            does (keys start with acs: or aliyun; TagResources refuses them,
                                            UntagResources may not remove them)
  POST   /_emulator/disks/{id}/fail-next    {"count":1}: the disk's next snapshots end "failed"
  PUT    /_emulator/snapshot-duration       {"duration":"3s"}: time from 0% to 100% ("0s" = at once), ECS and
                                            ECD snapshots alike
` + ecdControlEndpoints + `` + copyControlEndpoints + `  GET    /_emulator/faults                  the faults set, with what remains of them
  PUT    /_emulator/faults                  [{"action":"CreateSnapshot","rate":0.5,"count":3,"mode":"error",
                                              "code":"Throttling","http_status":403,"message":"..."}]
                                            mode: error | drop-before | drop-after; action "" = all;
                                            rate 0 or unset = every matching call; count 0 = unlimited
  DELETE /_emulator/faults                  no more faults
  GET    /_emulator/latency                 the delays set, by action ("" = all actions)
  PUT    /_emulator/latency                 {"action":"DescribeSnapshots","latency":"20ms"} ("" = all; "0s" removes)
  GET    /_emulator/clock                   the emulator's clock: {"now":"2026-...Z","offset":"168h0m0s"}
  POST   /_emulator/clock                   {"advance":"168h"}: move the clock forward (never back); automatic
                                            snapshot policies take the snapshots due meanwhile and retention
                                            releases what has expired; answers as GET. Request signatures and
                                            STS sessions keep the real clock
  GET    /_emulator/calls                   API calls received per action: {"CreateSnapshot":3,...}; ECD's
                                            actions are prefixed "ecd:" (here and in faults and latency)
  DELETE /_emulator/calls                   count from zero again
`

func (s *Server) controlMux() http.Handler {
	mux := http.NewServeMux()
	b := s.backend
	mux.HandleFunc("GET /_emulator/{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, ControlEndpoints)
	})
	mux.HandleFunc("POST /_emulator/reset", func(w http.ResponseWriter, _ *http.Request) {
		b.Reset()
		s.ecd.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_emulator/seed", func(w http.ResponseWriter, r *http.Request) {
		var f backend.Fixture
		if decodeControl(w, r, &f) {
			controlResult(w, b.Seed(f))
		}
	})
	mux.HandleFunc("GET /_emulator/fixture", func(w http.ResponseWriter, _ *http.Request) {
		controlJSON(w, http.StatusOK, b.FixtureView())
	})
	mux.HandleFunc("GET /_emulator/snapshots", func(w http.ResponseWriter, _ *http.Request) {
		controlJSON(w, http.StatusOK, b.Snapshots()) // never nil: [] when there are none
	})
	mux.HandleFunc("POST /_emulator/snapshots/{id}/usage", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Usage string `json:"usage"`
		}
		if decodeControl(w, r, &body) {
			controlResult(w, b.SetSnapshotUsage(r.PathValue("id"), body.Usage))
		}
	})
	mux.HandleFunc("POST /_emulator/snapshots/{id}/system-tags", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Tags map[string]string `json:"tags"`
		}
		if decodeControl(w, r, &body) {
			controlResult(w, b.SetSystemTags(r.PathValue("id"), body.Tags))
		}
	})
	mux.HandleFunc("POST /_emulator/disks/{id}/fail-next", func(w http.ResponseWriter, r *http.Request) {
		body := struct {
			Count *int `json:"count"`
		}{}
		if decodeControl(w, r, &body) {
			n := 1
			if body.Count != nil {
				n = *body.Count
			}
			controlResult(w, b.FailNextSnapshots(r.PathValue("id"), n))
		}
	})
	mux.HandleFunc("PUT /_emulator/snapshot-duration", func(w http.ResponseWriter, r *http.Request) {
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
		b.SetSnapshotDuration(d)
		w.WriteHeader(http.StatusNoContent)
	})
	s.copyControls(mux)
	s.ecdControls(mux)
	mux.HandleFunc("GET /_emulator/faults", func(w http.ResponseWriter, _ *http.Request) {
		controlJSON(w, http.StatusOK, s.Faults())
	})
	mux.HandleFunc("PUT /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		var faults []Fault
		if decodeControl(w, r, &faults) {
			controlResult(w, s.SetFaults(faults))
		}
	})
	mux.HandleFunc("DELETE /_emulator/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_emulator/latency", func(w http.ResponseWriter, _ *http.Request) {
		out := map[string]string{}
		for action, d := range s.Latencies() {
			out[action] = d.String()
		}
		controlJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("PUT /_emulator/latency", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Action  string `json:"action"`
			Latency string `json:"latency"`
		}
		if !decodeControl(w, r, &body) {
			return
		}
		d, err := time.ParseDuration(body.Latency)
		if err != nil {
			controlError(w, http.StatusBadRequest, fmt.Errorf("latency %q: %w", body.Latency, err))
			return
		}
		s.SetLatency(body.Action, d)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_emulator/clock", func(w http.ResponseWriter, _ *http.Request) {
		controlJSON(w, http.StatusOK, clockView(b.Now(), b.ClockOffset()))
	})
	mux.HandleFunc("POST /_emulator/clock", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Advance string `json:"advance"`
		}
		if !decodeControl(w, r, &body) {
			return
		}
		d, err := time.ParseDuration(body.Advance)
		if err == nil {
			_, err = s.AdvanceClock(d)
		}
		if err != nil {
			controlError(w, http.StatusBadRequest, fmt.Errorf("advance %q: %w", body.Advance, err))
			return
		}
		controlJSON(w, http.StatusOK, clockView(b.Now(), b.ClockOffset()))
	})
	mux.HandleFunc("GET /_emulator/calls", func(w http.ResponseWriter, _ *http.Request) {
		controlJSON(w, http.StatusOK, s.CallCounts())
	})
	mux.HandleFunc("DELETE /_emulator/calls", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetCallCounts()
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

func clockView(now time.Time, offset time.Duration) map[string]string {
	return map[string]string{"now": now.UTC().Format(time.RFC3339Nano), "offset": offset.String()}
}

// AdvanceClock moves the ECS emulator's clock forward by d (see backend.AdvanceClock) and returns its new now.
// Signature checks and STS sessions keep the real clock: clients sign with theirs.
func (s *Server) AdvanceClock(d time.Duration) (time.Time, error) {
	return s.backend.AdvanceClock(d)
}

// decodeControl reads a JSON body strictly (a misspelt field is an error, not a silent no-op) and answers
// 400 itself when it cannot.
func decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		controlError(w, http.StatusBadRequest, fmt.Errorf("request body: %w", err))
		return false
	}
	return true
}

// controlResult answers 204 on success, else the backend's error with its status.
func controlResult(w http.ResponseWriter, err error) {
	if err == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	status := http.StatusBadRequest
	var be *apierr.Error
	if errors.As(err, &be) && be.HTTPStatus != 0 {
		status = be.HTTPStatus
	}
	controlError(w, status, err)
}

func controlError(w http.ResponseWriter, status int, err error) {
	controlJSON(w, status, map[string]string{"error": err.Error()})
}

func controlJSON(w http.ResponseWriter, status int, v any) {
	b, err := marshalJSON(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
