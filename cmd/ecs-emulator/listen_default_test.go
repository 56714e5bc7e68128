package main

import (
	"io"
	"net"
	"testing"
)

// TestParseFlags_defaultListenIsLoopback: with no -listen the emulator serves this machine only, since its control
// endpoints are unauthenticated.
func TestParseFlags_defaultListenIsLoopback(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	host, _, err := net.SplitHostPort(o.listen)
	if err != nil {
		t.Fatalf("default -listen %q: %v", o.listen, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		t.Fatalf("default -listen %q is not a loopback address", o.listen)
	}
	if o.allowRemote {
		t.Fatal("-allow-remote is on by default")
	}
	if err := checkLoopback(o.listen, o.allowRemote); err != nil {
		t.Fatalf("the default address is refused: %v", err)
	}
}
