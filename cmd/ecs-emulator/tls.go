package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// tlsListener is the optional second listener, serving the same APIs over HTTPS, for clients that dial HTTPS only
// (credentials-go's STS AssumeRole, which the provider's assume_role uses).
type tlsListener struct {
	net.Listener
	url    string // https://host:port
	caFile string // the CA to trust, when the certificate was generated; "" with -tls-cert
}

// listenTLS opens -tls-listen with -tls-cert/-tls-key, or with a certificate issued at start by a CA made at
// start, whose certificate it writes to -tls-ca-file (default: ecs-emulator-ca-<port>.pem in the temporary
// directory) for clients to trust (SSL_CERT_FILE).
func listenTLS(o *options) (*tlsListener, error) {
	if err := checkLoopback(o.tlsListen, o.allowRemote); err != nil {
		return nil, fmt.Errorf("-tls-listen: %w", err)
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return nil, errors.New("-tls-cert and -tls-key go together: give both, or neither for a generated certificate")
	}
	var cert tls.Certificate
	var ca *emulator.CertificateAuthority
	var err error
	if o.tlsCert != "" {
		if o.tlsCAFile != "" {
			return nil, errors.New("-tls-ca-file names where a generated CA is written; with -tls-cert, trust your own CA instead")
		}
		if cert, err = tls.LoadX509KeyPair(o.tlsCert, o.tlsKey); err != nil {
			return nil, fmt.Errorf("-tls-cert/-tls-key: %w", err)
		}
	} else {
		if ca, err = emulator.NewCertificateAuthority(); err != nil {
			return nil, err
		}
		hosts := append([]string(nil), emulator.DefaultTLSHosts...)
		if host, _, err := net.SplitHostPort(o.tlsListen); err == nil && host != "" {
			hosts = append(hosts, host)
		}
		if cert, err = ca.Issue(hosts...); err != nil {
			return nil, err
		}
	}
	raw, err := net.Listen("tcp", o.tlsListen)
	if err != nil {
		return nil, err
	}
	l := &tlsListener{Listener: tls.NewListener(raw, emulator.TLSConfig(cert)), url: "https://" + raw.Addr().String()}
	if ca != nil {
		l.caFile = o.tlsCAFile
		if l.caFile == "" {
			_, port, _ := net.SplitHostPort(raw.Addr().String())
			l.caFile = filepath.Join(os.TempDir(), "ecs-emulator-ca-"+port+".pem")
		}
		if err := os.WriteFile(l.caFile, ca.PEM, 0o644); err != nil { //nolint:gosec // a CA certificate is public
			_ = raw.Close()
			return nil, fmt.Errorf("-tls-ca-file: %w", err)
		}
	}
	return l, nil
}

// tlsUsage is -help's explanation of the TLS listener.
const tlsUsage = `TLS: with -tls-listen the same APIs are also served over HTTPS. The Alibaba Cloud credentials library calls STS
AssumeRole over HTTPS only, so the provider's assume_role needs it: point endpoints.sts (or ALIECS_STS_ENDPOINT) at
the https URL. Without -tls-cert/-tls-key the emulator makes a CA at start, issues its certificate (for 127.0.0.1, ::1,
localhost, *.aliyuncs.com and the -tls-listen host) and writes the CA certificate to -tls-ca-file; make the provider
(a Go program) trust it with SSL_CERT_FILE=<that file> in terraform's environment, which on Linux replaces the system
bundle file for that process only (append the CA to a copy of the system bundle to keep both). The CA is new at every
start.
`

// printTLS tells how to use the TLS listener, in the shell-friendly style of the plain listener's lines.
func printTLS(w io.Writer, l *tlsListener, accountID string) {
	fmt.Fprintf(w, "ecs-emulator listening with TLS on %s\n", l.url)
	if l.caFile != "" {
		fmt.Fprintf(w, "export SSL_CERT_FILE=%s\n", l.caFile)
	}
	fmt.Fprintf(w, "# assume_role { role_arn = \"acs:ram::%s:role/%s\" } with endpoints { sts = %q }\n",
		accountID, stsbackend.DefaultRoleName, l.url)
}
