package app_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/store"
)

// nodeEnv, when set to a database URL, turns this test binary into an app
// server process: tests that need several server processes start copies of
// themselves instead of building the command, which costs a link per run.
const nodeEnv = "INNOPARK_TEST_NODE_DB"

func TestMain(m *testing.M) {
	if url := os.Getenv(nodeEnv); url != "" {
		if err := serveNode(url); err != nil {
			fmt.Fprintln(os.Stderr, "test node:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	rec := apptest.Record()
	code := m.Run()
	if code == 0 {
		problems, summary := checkAPIAnswers(rec.Exchanges())
		fmt.Fprintln(os.Stderr, summary)
		if len(problems) > 0 {
			fmt.Fprintln(os.Stderr, "API answers that disagree with the OpenAPI document:")
			for _, p := range problems {
				fmt.Fprintln(os.Stderr, "  "+p)
			}
			code = 1
		}
	}
	os.Exit(code)
}

// serveNode runs the app as `innopark serve` would, until SIGINT or SIGTERM.
func serveNode(url string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	a, err := app.Open(ctx, app.Defaults(), db, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("test node serving on http://%s\n", ln.Addr())
	go func() { <-ctx.Done(); _ = srv.Shutdown(context.Background()) }()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
