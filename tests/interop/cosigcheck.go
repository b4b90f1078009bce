// cosigcheck: C2SP tlog-cosignature/v1 (Ed25519, timestamped) written from the spec
// (c2sp.org/tlog-cosignature), not from leaseledger's C, on top of Go's
// golang.org/x/mod/sumdb/note, which carries the signed-note format: a cosignature is one
// more note.Verifier / note.Signer whose signature bytes are the 8-byte big-endian
// timestamp followed by the Ed25519 signature of "cosignature/v1\ntime T\n" + the note's
// text. Used by tests/interop/test_cosign.sh.
//
//	cosigcheck verify NOTE OPERATOR_VKEY WITNESS_VKEY
//	    the note must carry a valid signature by the operator's key and a valid
//	    cosignature by the witness key; prints "ok: ..." with the cosignature's time
//	cosigcheck sign NOTE KEYFILE
//	    prints one cosignature line over NOTE's text, by the leaseledger key file KEYFILE
//	    ("leaseledger-key-name: NAME" then a PKCS#8 PEM Ed25519 key), timestamped now
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

const algCosignatureV1 = 0x04

func keyHash(name string, pub []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n', algCosignatureV1})
	h.Write(pub)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func message(text []byte, t uint64) []byte {
	var b bytes.Buffer
	b.WriteString("cosignature/v1\ntime " + strconv.FormatUint(t, 10) + "\n")
	b.Write(text)
	return b.Bytes()
}

type cosigVerifier struct {
	name string
	hash uint32
	pub  ed25519.PublicKey
	time uint64 // of the last signature verified
}

func (v *cosigVerifier) Name() string    { return v.name }
func (v *cosigVerifier) KeyHash() uint32 { return v.hash }
func (v *cosigVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig)
	if t > 1<<63-1 || !ed25519.Verify(v.pub, message(msg, t), sig[8:]) {
		return false
	}
	v.time = t
	return true
}

func parseCosigVkey(vkey string) (*cosigVerifier, error) {
	parts := strings.SplitN(vkey, "+", 3) // the base64 key may hold "+"
	if len(parts) != 3 {
		return nil, errors.New("witness key is not name+hash+key")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) != 1+ed25519.PublicKeySize || raw[0] != algCosignatureV1 {
		return nil, errors.New("witness key is not a type 0x04 Ed25519 key")
	}
	h, err := strconv.ParseUint(parts[1], 16, 32)
	if err != nil || len(parts[1]) != 8 || uint32(h) != keyHash(parts[0], raw[1:]) {
		return nil, errors.New("witness key hash does not match")
	}
	return &cosigVerifier{name: parts[0], hash: uint32(h), pub: ed25519.PublicKey(raw[1:])}, nil
}

type cosigSigner struct {
	name string
	hash uint32
	key  ed25519.PrivateKey
}

func (s *cosigSigner) Name() string    { return s.name }
func (s *cosigSigner) KeyHash() uint32 { return s.hash }
func (s *cosigSigner) Sign(msg []byte) ([]byte, error) {
	t := uint64(time.Now().Unix())
	sig := make([]byte, 8, 8+ed25519.SignatureSize)
	binary.BigEndian.PutUint64(sig, t)
	return append(sig, ed25519.Sign(s.key, message(msg, t))...), nil
}

func loadKeyFile(path string) (*cosigSigner, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	first, _, _ := strings.Cut(string(data), "\n")
	const prefix = "leaseledger-key-name: "
	if !strings.HasPrefix(first, prefix) {
		return nil, errors.New("no leaseledger-key-name line")
	}
	name := first[len(prefix):]
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("not an Ed25519 key")
	}
	pub := priv.Public().(ed25519.PublicKey)
	return &cosigSigner{name: name, hash: keyHash(name, pub), key: priv}, nil
}

func die(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "cosigcheck: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 4 {
		die("usage: cosigcheck verify NOTE OPVKEY WITNESSVKEY | sign NOTE KEYFILE")
	}
	msg, err := os.ReadFile(os.Args[2])
	if err != nil {
		die("%v", err)
	}
	switch {
	case os.Args[1] == "verify" && len(os.Args) == 5:
		op, err := note.NewVerifier(os.Args[3])
		if err != nil {
			die("operator key: %v", err)
		}
		w, err := parseCosigVkey(os.Args[4])
		if err != nil {
			die("%v", err)
		}
		n, err := note.Open(msg, note.VerifierList(op, w))
		if err != nil {
			die("note: %v", err)
		}
		seen := map[string]bool{}
		for _, s := range n.Sigs {
			seen[s.Name] = true
		}
		if !seen[op.Name()] || !seen[w.name] {
			die("note lacks a verified signature by %q or by %q", op.Name(), w.name)
		}
		fmt.Printf("ok: signed by %s and cosigned by %s at %d\n", op.Name(), w.name, w.time)
	case os.Args[1] == "sign" && len(os.Args) == 4:
		s, err := loadKeyFile(os.Args[3])
		if err != nil {
			die("key: %v", err)
		}
		text, _, ok := bytes.Cut(msg, []byte("\n\n"))
		if !ok {
			die("NOTE has no blank line")
		}
		signed, err := note.Sign(&note.Note{Text: string(text) + "\n"}, s)
		if err != nil {
			die("sign: %v", err)
		}
		lines := strings.Split(strings.TrimSuffix(string(signed), "\n"), "\n")
		fmt.Println(lines[len(lines)-1])
	default:
		die("usage: cosigcheck verify NOTE OPVKEY WITNESSVKEY | sign NOTE KEYFILE")
	}
}
