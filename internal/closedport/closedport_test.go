package closedport

import (
	"errors"
	"net"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func TestNew_refusesConnectionsAndKeepsThePortFromOthers(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the port is only held on unix")
	}
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = p.Release() }()
	_, err = net.DialTimeout("tcp", p.Addr(), 5*time.Second)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dialling the held %s: %v, want connection refused", p.Addr(), err)
	}
	// A server asking for this very port, as one that restarts there would, does not get it while it is held.
	if l, err := net.Listen("tcp4", p.Addr()); err == nil {
		_ = l.Close()
		t.Fatalf("listening on the held %s succeeded", p.Addr())
	}
	if err := p.Release(); err != nil {
		t.Fatal(err)
	}
	if err := p.Release(); err != nil {
		t.Fatalf("second release: %v", err)
	}
	l, err := net.Listen("tcp4", p.Addr())
	if err != nil {
		t.Fatalf("listening on %s once released: %v", p.Addr(), err)
	}
	_ = l.Close()
}

// A server's address, held after it stops, refuses connections until released.
func TestHold_aStoppedServersAddress(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the port is only held on unix")
	}
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	go func() {
		if c, err := l.Accept(); err == nil {
			_ = c.Close()
		}
	}()
	// A connection closed by the server leaves its side in TIME_WAIT, as a killed server's do.
	c, err := net.Dial("tcp4", addr)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.Read(make([]byte, 1))
	_ = c.Close()
	_ = l.Close()
	p, err := Hold(addr)
	if err != nil {
		t.Fatalf("Hold(%s) after its server stopped: %v", addr, err)
	}
	defer func() { _ = p.Release() }()
	if p.Addr() != addr {
		t.Errorf("Addr() = %s, want %s", p.Addr(), addr)
	}
	if _, err := net.DialTimeout("tcp", addr, 5*time.Second); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dialling the held %s: %v, want connection refused", addr, err)
	}
	if l, err := net.Listen("tcp4", addr); err == nil {
		_ = l.Close()
		t.Errorf("listening on the held %s succeeded", addr)
	}
}

func TestHold_refusesWhatIsNotAnIPv4HostPort(t *testing.T) {
	for _, addr := range []string{"localhost:80", "[::1]:0", "127.0.0.1"} {
		if _, err := Hold(addr); err == nil {
			t.Errorf("Hold(%q) succeeded", addr)
		}
	}
}

// ForTest's port refuses connections while the test runs and is free once it ends.
func TestForTest_heldUntilTheTestEnds(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the port is only held on unix")
	}
	var addr string
	t.Run("holding", func(t *testing.T) {
		addr = ForTest(t)
		if _, err := net.DialTimeout("tcp", addr, 5*time.Second); !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("dialling the held %s: %v, want connection refused", addr, err)
		}
		if l, err := net.Listen("tcp4", addr); err == nil {
			_ = l.Close()
			t.Errorf("listening on the held %s succeeded", addr)
		}
	})
	l, err := net.Listen("tcp4", addr)
	if err != nil {
		t.Fatalf("listening on %s once the test ended: %v", addr, err)
	}
	_ = l.Close()
}
