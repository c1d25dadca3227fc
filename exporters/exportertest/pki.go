package exportertest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// PKI is a private certificate authority made for one test, and the PEM
// files it signed: a server certificate for 127.0.0.1 and localhost, and a
// client certificate for mTLS. A second, unrelated CA signs Stranger, a
// client certificate the server must refuse.
type PKI struct {
	CA                  string // the CA certificate (what OTEL_EXPORTER_OTLP_CERTIFICATE names)
	ServerCert, Server  string // server certificate and key
	ClientCert, Client  string // client certificate and key, signed by CA
	StrangerCert, Stray string // client certificate and key, signed by another CA
}

// NewPKI writes a fresh PKI under a temp dir, with crypto/x509 alone.
func NewPKI(tb testing.TB) PKI {
	tb.Helper()
	dir := tb.TempDir()
	write := func(name, typ string, der []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			tb.Fatal(err)
		}
		return p
	}
	serial := int64(1)
	issue := func(tmpl *x509.Certificate, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey, []byte, []byte) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			tb.Fatal(err)
		}
		serial++
		tmpl.SerialNumber = big.NewInt(serial)
		tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour)
		if parent == nil {
			parent, parentKey = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
		if err != nil {
			tb.Fatal(err)
		}
		cert, _ := x509.ParseCertificate(der)
		kder, err := x509.MarshalECPrivateKey(key)
		if err != nil {
			tb.Fatal(err)
		}
		return cert, key, der, kder
	}
	caTmpl := func(cn string) *x509.Certificate {
		return &x509.Certificate{Subject: pkix.Name{CommonName: cn}, IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	}
	leaf := func(cn string, usage x509.ExtKeyUsage) *x509.Certificate {
		return &x509.Certificate{Subject: pkix.Name{CommonName: cn}, KeyUsage: x509.KeyUsageDigitalSignature,
			ExtKeyUsage: []x509.ExtKeyUsage{usage}, DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	}
	var p PKI
	ca, caKey, caDER, _ := issue(caTmpl("dos test CA"), nil, nil)
	p.CA = write("ca.pem", "CERTIFICATE", caDER)
	_, _, der, kder := issue(leaf("collector", x509.ExtKeyUsageServerAuth), ca, caKey)
	p.ServerCert, p.Server = write("server.pem", "CERTIFICATE", der), write("server-key.pem", "EC PRIVATE KEY", kder)
	_, _, der, kder = issue(leaf("dos", x509.ExtKeyUsageClientAuth), ca, caKey)
	p.ClientCert, p.Client = write("client.pem", "CERTIFICATE", der), write("client-key.pem", "EC PRIVATE KEY", kder)
	other, otherKey, _, _ := issue(caTmpl("someone else's CA"), nil, nil)
	_, _, der, kder = issue(leaf("stranger", x509.ExtKeyUsageClientAuth), other, otherKey)
	p.StrangerCert, p.Stray = write("stranger.pem", "CERTIFICATE", der), write("stranger-key.pem", "EC PRIVATE KEY", kder)
	return p
}
