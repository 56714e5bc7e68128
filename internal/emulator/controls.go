package emulator

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/product"
)

// helpColumn is where a control's description starts in the help text.
const helpColumn = 44

// coreControls are the server's own controls, which act on every product.
func (s *Server) coreControls() []product.Control {
	var named, prefixed []string
	for _, p := range s.registered {
		if p.Reset != nil {
			named = append(named, p.Name)
		}
		if p.API.CallPrefix != "" {
			prefixed = append(prefixed, fmt.Sprintf("%s's actions start %q", strings.ToUpper(p.Name), p.API.CallPrefix))
		}
	}
	calls := `API calls received per action: {"CreateSnapshot":3,...}`
	if len(prefixed) > 0 {
		calls += ";\n" + strings.Join(prefixed, "; ") + " (here and in faults and latency)"
	}
	return []product.Control{
		{Method: http.MethodPost, Path: "reset", Help: "every product back to its starting fixture (" + strings.Join(named, ", ") + ")",
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				for _, p := range s.registered {
					if p.Reset != nil {
						p.Reset()
					}
				}
				w.WriteHeader(http.StatusNoContent)
			}},
		{Method: http.MethodGet, Path: "faults", Help: "the faults set, with what remains of them",
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, s.Faults())
			}},
		{Method: http.MethodPut, Path: "faults", Help: `[{"action":"CreateSnapshot","rate":0.5,"count":3,"mode":"error",
  "code":"Throttling","http_status":403,"message":"..."}]
mode: error | drop-before | drop-after; action "" = all;
rate 0 or unset = every matching call; count 0 = unlimited;
each "SnapshotId" (a request parameter) = at most once per value of it`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var faults []Fault
				if product.Decode(w, r, &faults) {
					product.Result(w, s.SetFaults(faults))
				}
			}},
		{Method: http.MethodDelete, Path: "faults", Help: "no more faults",
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				s.ClearFaults()
				w.WriteHeader(http.StatusNoContent)
			}},
		{Method: http.MethodGet, Path: "latency", Help: `the delays set, by action ("" = all actions)`,
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				out := map[string]string{}
				for action, d := range s.Latencies() {
					out[action] = d.String()
				}
				product.JSON(w, http.StatusOK, out)
			}},
		{Method: http.MethodPut, Path: "latency", Help: `{"action":"DescribeSnapshots","latency":"20ms"} ("" = all; "0s" removes)`,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					Action  string `json:"action"`
					Latency string `json:"latency"`
				}
				if !product.Decode(w, r, &body) {
					return
				}
				d, err := time.ParseDuration(body.Latency)
				if err != nil {
					product.Error(w, http.StatusBadRequest, fmt.Errorf("latency %q: %w", body.Latency, err))
					return
				}
				s.SetLatency(body.Action, d)
				w.WriteHeader(http.StatusNoContent)
			}},
		{Method: http.MethodGet, Path: "calls", Help: calls,
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, s.CallCounts())
			}},
		{Method: http.MethodGet, Path: "user-agents", Help: `API calls per User-Agent header and action:
{"AlibabaCloud (...) terraform-provider-aliecs/1.0.0 terraform/1.15.9":{"DescribeSnapshots":2}}`,
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, s.UserAgentCounts())
			}},
		{Method: http.MethodDelete, Path: "calls", Help: "count from zero again (calls and user agents)",
			Handler: func(w http.ResponseWriter, _ *http.Request) {
				s.ResetCallCounts()
				w.WriteHeader(http.StatusNoContent)
			}},
	}
}

// controlMux mounts the server's controls under /_emulator/ and each product's under /_emulator/<product>/
// (and, where a control asks, at its unprefixed path too), and writes the help text that lists them all.
func (s *Server) controlMux() (http.Handler, string) {
	mux := http.NewServeMux()
	var help strings.Builder
	help.WriteString("Control endpoints (same port, JSON, unsigned; keep the emulator on loopback):\n")
	for _, c := range s.coreControls() {
		mount(mux, &help, c, controlPrefix+c.Path)
	}
	for _, p := range s.registered {
		controls := p.Controls
		if p.Reset != nil {
			controls = append([]product.Control{{Method: http.MethodPost, Path: "reset",
				Help: strings.ToUpper(p.Name) + " alone back to its starting fixture",
				Handler: func(w http.ResponseWriter, _ *http.Request) {
					p.Reset()
					w.WriteHeader(http.StatusNoContent)
				}}}, controls...)
		}
		if len(controls) == 0 {
			continue
		}
		fmt.Fprintf(&help, "%s controls:\n", strings.ToUpper(p.Name))
		var unprefixed []string
		for _, c := range controls {
			mount(mux, &help, c, controlPrefix+p.Name+"/"+c.Path)
			if c.Unprefixed {
				mux.HandleFunc(c.Method+" "+controlPrefix+c.Path, c.Handler)
				unprefixed = append(unprefixed, c.Method+" "+controlPrefix+c.Path)
			}
		}
		if len(unprefixed) > 0 {
			fmt.Fprintf(&help, "  Also served without the %s/ prefix, as before controls were named by product:\n", p.Name)
			writeWrapped(&help, strings.Join(unprefixed, ", "), "    ")
		}
	}
	text := help.String()
	mux.HandleFunc("GET "+controlPrefix+"{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, text)
	})
	return mux, text
}

// mount serves c at path and adds its lines to the help text: method and path, then the description from
// helpColumn on (from the next line when the path reaches that far).
func mount(mux *http.ServeMux, help *strings.Builder, c product.Control, path string) {
	mux.HandleFunc(c.Method+" "+path, c.Handler)
	head := fmt.Sprintf("  %-6s %s", c.Method, path)
	indent := strings.Repeat(" ", helpColumn)
	if len(head) < helpColumn-1 {
		head += indent[len(head):]
	} else {
		head += "\n" + indent
	}
	for i, line := range strings.Split(c.Help, "\n") {
		if i == 0 {
			help.WriteString(head + line + "\n")
			continue
		}
		help.WriteString(indent + line + "\n")
	}
}

// writeWrapped writes the comma-separated list text in lines of at most 116 characters, each after indent.
func writeWrapped(help *strings.Builder, text, indent string) {
	line := indent
	for _, word := range strings.SplitAfter(text, ", ") {
		if len(line)+len(word) > 116 && line != indent {
			help.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		line += word
	}
	help.WriteString(line + "\n")
}

// Help is the text of GET /_emulator/: every control the server mounts, the products' by product.
func (s *Server) Help() string { return s.help }
