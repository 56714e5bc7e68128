//go:build unix

package closedport

import (
	"net"
	"net/netip"
	"syscall"
)

type fdHolder int

func (fd fdHolder) release() error { return syscall.Close(int(fd)) }

func hold(addr string) (holder, string, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil || !ap.Addr().Is4() {
		return nil, "", &net.AddrError{Err: "not an IPv4 host:port", Addr: addr}
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, "", err
	}
	syscall.CloseOnExec(fd)
	bound, err := bind(fd, ap)
	if err != nil {
		_ = syscall.Close(fd)
		return nil, "", err
	}
	return fdHolder(fd), bound, nil
}

// bind binds fd to ap without listening and returns the address it got. SO_REUSEADDR, as a Go listener sets
// it, lets the bind succeed while connections of the server that had the port are in TIME_WAIT; cleared once
// bound, it makes every later bind of the port conflict with this socket: a listener's with SO_REUSEADDR (a
// server restarting there) as much as a request for port 0.
func bind(fd int, ap netip.AddrPort) (string, error) {
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1); err != nil {
		return "", err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}); err != nil {
		return "", err
	}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 0); err != nil {
		return "", err
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		return "", err
	}
	in4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		return "", &net.AddrError{Err: "bound to a non-IPv4 address", Addr: ap.String()}
	}
	return netip.AddrPortFrom(netip.AddrFrom4(in4.Addr), uint16(in4.Port)).String(), nil
}
