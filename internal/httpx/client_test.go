package httpx

import (
	"net/http"
	"testing"
)

func TestClientAddr(t *testing.T) {
	proxies, err := ParseProxies("10.0.0.0/8, 127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseProxies("10.0.0.0/33"); err == nil {
		t.Error("bad prefix accepted")
	}
	tests := []struct {
		name, remote, xff string
		proxies           bool
		want              string
	}{
		{"no proxies: the peer, header ignored", "203.0.113.5:4000", "198.51.100.1", false, "203.0.113.5"},
		{"untrusted peer: header ignored", "203.0.113.5:4000", "198.51.100.1", true, "203.0.113.5"},
		{"trusted peer: the client it names", "10.1.2.3:4000", "198.51.100.1", true, "198.51.100.1"},
		{"a client's own header is not believed", "10.1.2.3:4000", "1.1.1.1, 198.51.100.1", true, "198.51.100.1"},
		{"chain of trusted proxies", "127.0.0.1:4000", "198.51.100.1, 10.9.9.9", true, "198.51.100.1"},
		{"trusted peer without header", "10.1.2.3:4000", "", true, "10.1.2.3"},
		{"garbage hop", "10.1.2.3:4000", "nonsense", true, "10.1.2.3"},
		{"IPv6 peer", "[2001:db8::1]:4000", "", false, "2001:db8::1"},
	}
	for _, tt := range tests {
		r := &http.Request{RemoteAddr: tt.remote, Header: http.Header{}}
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		p := proxies
		if !tt.proxies {
			p = nil
		}
		if got := ClientAddr(r, p); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
