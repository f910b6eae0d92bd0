package neo4jtest

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
)

// BoltStub is a test double of a Neo4j server — not Neo4j — that speaks
// just enough Bolt 4.4 on 127.0.0.1 for a driver to connect: the handshake,
// then HELLO answered as Options say (a server agent such as
// "Neo4j/4.4.30", or the failure a server sends for wrong credentials).
// Queries fail. It exists for what the real test server cannot be made to
// do: refuse credentials (its auth is disabled) or be an old version.
type BoltStub struct {
	// Agent is the server agent HELLO reports ("Neo4j/4.4.30").
	Agent string
	// FailureCode and FailureMessage, when set, answer HELLO with a
	// FAILURE, as a server does for wrong credentials
	// ("Neo.ClientError.Security.Unauthorized").
	FailureCode, FailureMessage string

	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]bool
}

// StartBoltStub starts s on a loopback port, stopped at cleanup, and
// returns its bolt:// URI.
func StartBoltStub(tb testing.TB, s *BoltStub) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("neo4jtest: bolt stub: %v", err)
	}
	s.ln, s.conns = ln, map[net.Conn]bool{}
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return "bolt://" + ln.Addr().String()
}

func (s *BoltStub) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serve(c)
		}()
	}
}

// Bolt message signatures.
const (
	msgHello    = 0x01
	msgGoodbye  = 0x02
	msgReset    = 0x0F
	msgSuccess  = 0x70
	msgIgnored  = 0x7E
	msgFailure  = 0x7F
	boltMagic   = 0x6060B017
	handshakeSz = 20
)

func (s *BoltStub) serve(c net.Conn) {
	r := bufio.NewReader(c)
	hs := make([]byte, handshakeSz)
	if _, err := io.ReadFull(r, hs); err != nil || binary.BigEndian.Uint32(hs) != boltMagic {
		return
	}
	if _, err := c.Write([]byte{0, 0, 4, 4}); err != nil { // Bolt 4.4
		return
	}
	failed := false
	for {
		sig, err := readMessage(r)
		if err != nil {
			return
		}
		var reply []byte
		switch {
		case sig == msgGoodbye:
			return
		case sig == msgHello && s.FailureCode != "":
			reply = message(msgFailure, map[string]string{"code": s.FailureCode, "message": s.FailureMessage})
			failed = true
		case sig == msgHello:
			reply = message(msgSuccess, map[string]string{"server": s.Agent, "connection_id": "bolt-stub"})
		case sig == msgReset:
			reply, failed = message(msgSuccess, nil), false
		case failed:
			reply = message(msgIgnored, nil)
		default:
			reply = message(msgFailure, map[string]string{"code": "Neo.ClientError.Request.Invalid",
				"message": "this Bolt stub answers no queries"})
			failed = true
		}
		if _, err := c.Write(reply); err != nil {
			return
		}
	}
}

// readMessage reads one chunked message and returns its signature.
func readMessage(r *bufio.Reader) (byte, error) {
	var data []byte
	for {
		var n uint16
		if err := binary.Read(r, binary.BigEndian, &n); err != nil {
			return 0, err
		}
		if n == 0 {
			if len(data) == 0 {
				continue // a NOOP chunk
			}
			break
		}
		chunk := make([]byte, n)
		if _, err := io.ReadFull(r, chunk); err != nil {
			return 0, err
		}
		data = append(data, chunk...)
	}
	if len(data) < 2 || data[0]&0xF0 != 0xB0 {
		return 0, errors.New("not a Bolt message")
	}
	return data[1], nil
}

// message encodes a message of one map field of strings (none when m is
// nil) as a single chunk.
func message(sig byte, m map[string]string) []byte {
	body := []byte{0xB0, sig}
	if m != nil {
		body[0] = 0xB1
		body = append(body, 0xA0|byte(len(m)))
		for k, v := range m {
			body = packString(packString(body, k), v)
		}
	}
	out := binary.BigEndian.AppendUint16(nil, uint16(len(body)))
	out = append(out, body...)
	return append(out, 0, 0)
}

// packString appends s in PackStream.
func packString(b []byte, s string) []byte {
	switch n := len(s); {
	case n < 16:
		b = append(b, 0x80|byte(n))
	case n < 256:
		b = append(b, 0xD0, byte(n))
	default:
		b = append(b, 0xD1)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	}
	return append(b, s...)
}
