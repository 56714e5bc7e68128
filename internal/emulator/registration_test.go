package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	util "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/product"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/rpc"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// counter is a product the server has never heard of: the core serves it as it serves the built-in ones.
type counter struct {
	name   string
	n      atomic.Int64
	resets atomic.Int64
}

// register is the counter as a product; with unprefixed, its add control is also served at /_emulator/add/{by}
// (two products cannot both claim a path: the server's ServeMux refuses the second).
func (c *counter) register(version string, unprefixed bool) product.Registration {
	return product.Registration{
		Name: c.name,
		API: rpc.Product{Name: "Counter", Version: version, HostID: c.name + ".aliyuncs.com", CallPrefix: c.name + ":",
			Actions: map[string]rpc.Action{"Add": func(*rpc.Call) (any, error) {
				return map[string]int64{"Value": c.n.Add(1)}, nil
			}}},
		Controls: []product.Control{
			{Method: http.MethodGet, Path: "value", Help: "the count", Handler: func(w http.ResponseWriter, _ *http.Request) {
				product.JSON(w, http.StatusOK, c.n.Load())
			}},
			{Method: http.MethodPost, Path: "add/{by}", Help: "add to the count\nas a client would", Unprefixed: unprefixed,
				Handler: func(w http.ResponseWriter, r *http.Request) {
					if r.PathValue("by") != "one" {
						product.Error(w, http.StatusBadRequest, http.ErrNotSupported)
						return
					}
					c.n.Add(1)
					w.WriteHeader(http.StatusNoContent)
				}},
		},
		Reset: func() { c.n.Store(0); c.resets.Add(1) },
	}
}

func TestRegistration_serverServesWhatProductsRegister(t *testing.T) {
	a, b := &counter{name: "alpha"}, &counter{name: "beta"}
	s := newServer(Config{}, stsbackend.New(stsbackend.Identity{}), a.register("2001-01-01", true), b.register("2002-02-02", false))
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	ts := &TestServer{Server: s, URL: hs.URL, Endpoint: strings.TrimPrefix(hs.URL, "http://"),
		AccessKeyID: DefaultAccessKeyID, AccessKeySecret: DefaultAccessKeySecret}

	// Signed calls go to the product whose version they name, and are counted under its prefix.
	client, err := openapi.NewClient(&openapi.Config{AccessKeyId: tea.String(DefaultAccessKeyID),
		AccessKeySecret: tea.String(DefaultAccessKeySecret), Endpoint: tea.String(ts.Endpoint), Protocol: tea.String("http")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.CallApi(&openapi.Params{Action: tea.String("Add"), Version: tea.String("2002-02-02"),
		Protocol: tea.String("HTTP"), Pathname: tea.String("/"), Method: tea.String("POST"), AuthType: tea.String("AK"),
		Style: tea.String("RPC"), ReqBodyType: tea.String("formData"), BodyType: tea.String("json")},
		&openapi.OpenApiRequest{}, &util.RuntimeOptions{}); err != nil {
		t.Fatal(err)
	}
	if a.n.Load() != 0 || b.n.Load() != 1 || s.CallCounts()["beta:Add"] != 1 {
		t.Fatalf("alpha %d, beta %d, counts %v", a.n.Load(), b.n.Load(), s.CallCounts())
	}

	// Controls: under /_emulator/<product>/, and unprefixed where the control asks.
	wantControl(t, ts, http.MethodPost, "/_emulator/alpha/add/one", "", http.StatusNoContent)
	wantControl(t, ts, http.MethodPost, "/_emulator/add/one", "", http.StatusNoContent)
	wantControl(t, ts, http.MethodPost, "/_emulator/alpha/add/two", "", http.StatusBadRequest)
	if got := strings.TrimSpace(wantControl(t, ts, http.MethodGet, "/_emulator/alpha/value", "", http.StatusOK)); got != "2" {
		t.Fatalf("alpha's value %s", got)
	}
	wantControl(t, ts, http.MethodGet, "/_emulator/value", "", http.StatusNotFound)

	// A product's reset resets it alone; the server's resets every product.
	wantControl(t, ts, http.MethodPost, "/_emulator/alpha/reset", "", http.StatusNoContent)
	if a.resets.Load() != 1 || b.resets.Load() != 0 || a.n.Load() != 0 || b.n.Load() != 1 {
		t.Fatalf("after alpha's reset: alpha %d/%d, beta %d/%d", a.n.Load(), a.resets.Load(), b.n.Load(), b.resets.Load())
	}
	wantControl(t, ts, http.MethodPost, "/_emulator/reset", "", http.StatusNoContent)
	if a.resets.Load() != 2 || b.resets.Load() != 1 || b.n.Load() != 0 {
		t.Fatalf("after the reset: alpha %d, beta %d/%d", a.resets.Load(), b.n.Load(), b.resets.Load())
	}

	help := wantControl(t, ts, http.MethodGet, "/_emulator/", "", http.StatusOK)
	for _, want := range []string{
		"  POST   /_emulator/reset                   every product back to its starting fixture (alpha, beta)\n",
		"ALPHA controls:\n  POST   /_emulator/alpha/reset             ALPHA alone back to its starting fixture\n",
		"  GET    /_emulator/beta/value              the count\n",
		"  POST   /_emulator/beta/add/{by}           add to the count\n                                            as a client would\n",
		"Also served without the alpha/ prefix, as before controls were named by product:\n    POST /_emulator/add/{by}\nBETA",
		`ALPHA's actions start "alpha:"; BETA's actions start "beta:"`,
	} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
}
