// Package product is what one emulated product brings to the multi-product server (package emulator): its API
// (action table, version, host names), its control endpoints and its reset. The server names no product: it
// routes, authenticates, counts, delays and faults calls, and mounts controls, for whichever products it is
// given. A product's state file section is its backend's own (package statefile), so that a backend that
// changes keeps its section current without the server's help.
package product

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/rpc"
)

// Registration is one product as the server serves it.
type Registration struct {
	// Name is the product's short lower-case name ("ecs"): its controls are under /_emulator/<Name>/.
	Name string
	// API is the wire table the server routes signed calls to.
	API rpc.Product
	// Controls are the product's unsigned test and demo endpoints.
	Controls []Control
	// Reset returns the product to its starting fixture, for POST /_emulator/reset (every product) and
	// POST /_emulator/<Name>/reset (this one); nil = the product has nothing a reset undoes.
	Reset func()
}

// Control is one unsigned control endpoint of a product.
type Control struct {
	Method string // GET, POST, PUT or DELETE
	// Path is under /_emulator/<product>/, with {wildcards} as net/http.ServeMux reads them
	// (https://pkg.go.dev/net/http#hdr-Patterns-ServeMux).
	Path string
	// Help says what the control takes and does, for --help and GET /_emulator/: lines of up to 70 characters.
	Help string
	// Unprefixed also serves the control at /_emulator/<Path>, the path it had when the emulator served ECS
	// alone, so that scripts written then keep working.
	Unprefixed bool
	Handler    http.HandlerFunc
}

// MaxBodyBytes bounds a control's request body.
const MaxBodyBytes = 1 << 20

// Decode reads a control's JSON body strictly (a misspelt field is an error, not a silent no-op; an empty body
// leaves v as it is) and answers 400 itself when it cannot.
func Decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		Error(w, http.StatusBadRequest, fmt.Errorf("request body: %w", err))
		return false
	}
	return true
}

// Result answers 204 on success, else the error with the HTTP status of an *apierr.Error (400 otherwise).
func Result(w http.ResponseWriter, err error) {
	if err == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	status := http.StatusBadRequest
	var ae *apierr.Error
	if errors.As(err, &ae) && ae.HTTPStatus != 0 {
		status = ae.HTTPStatus
	}
	Error(w, status, err)
}

// Error answers {"error": "..."} with status.
func Error(w http.ResponseWriter, status int, err error) {
	JSON(w, status, map[string]string{"error": err.Error()})
}

// JSON answers v as JSON with status, HTML characters unescaped so that answers read as written.
func JSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// Count reads {"count": n} (n defaults to 1), the body of the controls that arm the next n failures.
func Count(w http.ResponseWriter, r *http.Request) (int, bool) {
	body := struct {
		Count *int `json:"count"`
	}{}
	if !Decode(w, r, &body) {
		return 0, false
	}
	if body.Count == nil {
		return 1, true
	}
	return *body.Count, true
}
