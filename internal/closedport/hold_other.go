//go:build !unix

package closedport

import "net"

type noHolder struct{}

func (noHolder) release() error { return nil }

// hold, where sockets cannot be bound without listening through package syscall, frees the port at once: the
// address refuses connections, but may be given to another socket.
func hold(addr string) (holder, string, error) {
	l, err := net.Listen("tcp4", addr)
	if err != nil {
		return nil, "", err
	}
	bound := l.Addr().String()
	return noHolder{}, bound, l.Close()
}
