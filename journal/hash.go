package journal

import (
	"crypto/sha256"
	"encoding/hex"
)

// GenesisHash is the previous-hash of the record with seq 1.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// chainHash returns hex(SHA-256(prev || body)), prev being 64 hex characters.
func chainHash(prev string, body []byte) string {
	var c chainer
	h := c.sum(prev, body)
	return string(h[:])
}

// chainer computes chain hashes without allocating, reusing its buffer.
type chainer struct {
	buf []byte
}

// sum returns hex(SHA-256(prev || body)).
func (c *chainer) sum(prev string, body []byte) [64]byte {
	c.buf = append(append(c.buf[:0], prev...), body...)
	sum := sha256.Sum256(c.buf)
	var out [64]byte
	hex.Encode(out[:], sum[:])
	return out
}

// splitHash splits a canonical line (no newline) into its body and hash.
// ok is false when the line does not end with a well-formed hash member.
func splitHash(line []byte) (body []byte, hash []byte, ok bool) {
	n := len(line)
	if n < hashSuffixLen+1 {
		return nil, nil, false
	}
	suf := line[n-hashSuffixLen:]
	if string(suf[:9]) != `,"hash":"` || string(suf[hashSuffixLen-2:]) != `"}` {
		return nil, nil, false
	}
	hx := suf[9 : 9+64]
	for _, c := range hx {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return nil, nil, false
		}
	}
	return line[:n-hashSuffixLen], hx, true
}
