package httpx

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestLogErrorClientGone(t *testing.T) {
	cases := []struct {
		name      string
		cancel    bool
		err       error
		wantLevel string
		wantMsg   string
	}{
		{"client closed the connection", true, fmt.Errorf("read figures: %w", context.Canceled), "INFO", "client went away"},
		{"cancelled inside while the client waits", false, fmt.Errorf("read figures: %w", context.Canceled), "ERROR", "request failed"},
		{"real failure after the client left", true, fmt.Errorf("disk full"), "ERROR", "request failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ctx = WithInfo(ctx, &Info{Logger: slog.New(slog.NewTextHandler(&buf, nil))})
			r := httptest.NewRequest("GET", "/api/v1/x", nil).WithContext(ctx)
			if c.cancel {
				cancel()
			}
			LogError(r, c.err)
			out := buf.String()
			if !strings.Contains(out, "level="+c.wantLevel) || !strings.Contains(out, c.wantMsg) {
				t.Fatalf("logged %q, want level %s and %q", out, c.wantLevel, c.wantMsg)
			}
		})
	}
}
