package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Why the emulator serves TLS at all: credentials-go calls STS AssumeRole over HTTPS only (its scheme is fixed in
// code, and its transport is a clone of http.DefaultTransport with the system's roots and no option for others).
// So the emulator makes a certificate authority of its own at start, issues its listener's certificate from it,
// and writes the CA's certificate to a file; a Go program on Linux (the provider, terraform) trusts it when
// SSL_CERT_FILE names that file, since crypto/x509 reads its system roots from there
// (https://pkg.go.dev/crypto/x509#SystemCertPool), without touching the machine's trust store.

// CertificateAuthority is a private CA that issues the emulator's server certificates. Its key never leaves
// the process.
type CertificateAuthority struct {
	cert *x509.Certificate
	key  crypto.Signer
	// PEM is the CA's certificate, PEM-encoded: what a client is to trust.
	PEM []byte
}

// certificateLifetime bounds the CA and what it issues: long enough for any emulator run, short enough that a
// copied CA file is soon worthless.
const certificateLifetime = 30 * 24 * time.Hour

// NewCertificateAuthority makes a CA with a new ECDSA P-256 key.
func NewCertificateAuthority() (*CertificateAuthority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serialNumber(),
		Subject:               pkix.Name{CommonName: "ecs-emulator local CA", Organization: []string{"aliecs ecs-emulator"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(certificateLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CertificateAuthority{cert: cert, key: key, PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

// Issue makes a server certificate for hosts (IP addresses or DNS names; "*.aliyuncs.com" style wildcards work).
func (ca *CertificateAuthority) Issue(hosts ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serialNumber(),
		Subject:      pkix.Name{CommonName: "ecs-emulator"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     ca.cert.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key, Leaf: leaf}, nil
}

// DefaultTLSHosts are the names a generated certificate covers besides the listen address: loopback, and the
// public host names of the products the emulator serves, so that a client whose DNS or proxy sends those names
// to the emulator verifies it too.
var DefaultTLSHosts = []string{"127.0.0.1", "::1", "localhost", "*.aliyuncs.com", "ecs.aliyuncs.com", "sts.aliyuncs.com"}

// TLSConfig is the server side of the emulator's TLS listener with cert.
func TLSConfig(cert tls.Certificate) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
}

func serialNumber() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // does not fail on supported platforms
	}
	return n
}
