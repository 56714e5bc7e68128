// Package closedport gives tests a loopback address where a connection is refused, as at a closed port, and
// that the test keeps to itself while it needs it refused.
//
// The usual way to get such an address (listen on port 0, close the listener) frees the port: it lies in the
// kernel's ephemeral range, from which any other test process asking for port 0 may be given it, so that a
// call meant to be refused reaches someone else's server instead (a test that waits 20 s on a refused port
// under a parallel `go test ./...` can reach another package's emulator). A socket bound to the port but not
// listening makes the kernel answer a connection with a reset, exactly as at a closed port, and keeps the port
// out of every other socket's reach until it is released.
package closedport

import (
	"fmt"
	"testing"
)

// Port is a loopback address held by a socket that is bound to it and does not listen.
type Port struct {
	addr string
	h    holder
}

// New holds a port of the loopback interface that the kernel picks.
func New() (*Port, error) { return Hold("127.0.0.1:0") }

// ForTest is the address of a port held as New holds it, until tb ends; it fails tb when no port can be held.
func ForTest(tb testing.TB) string {
	tb.Helper()
	p, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = p.Release() })
	return p.Addr()
}

// Hold holds addr (host:port, IPv4), typically the address of a server that has just stopped, so that nothing
// else is given the port until Release. The socket allows the address's connections still in TIME_WAIT, as a
// server's listener does.
func Hold(addr string) (*Port, error) {
	h, bound, err := hold(addr)
	if err != nil {
		return nil, fmt.Errorf("holding %s refused: %w", addr, err)
	}
	return &Port{addr: bound, h: h}, nil
}

// Addr is the held address, host:port.
func (p *Port) Addr() string { return p.addr }

// Release frees the port, for a server to listen on it: call it right before the server starts. Releasing
// twice is a no-op.
func (p *Port) Release() error {
	if p.h == nil {
		return nil
	}
	h := p.h
	p.h = nil
	return h.release()
}

type holder interface{ release() error }
