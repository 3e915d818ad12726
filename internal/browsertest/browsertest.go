// Package browsertest drives Debian's Chromium from tests with chromedp.
//
// Start launches a headless Chromium with a fresh profile for one test and
// returns a Browser whose helpers fail the test (with a screenshot and the
// page's HTML saved, and their paths logged) instead of returning errors.
// Every step is bounded by a timeout, and the whole browser by another, so a
// hung browser fails the test rather than hanging CI.
//
// Chromium is found at $CHROME_PATH, else /usr/bin/chromium, else "chromium"
// on $PATH. When it is missing the test skips — except under CI=true, where it
// fails: CI must never pass by skipping. Nothing is ever downloaded; `make deps`
// (or `apt-get install chromium`) installs it.
//
// Screenshots go to t.ArtifactDir(): a temporary directory removed after the
// test, unless `go test -artifacts` keeps it under -outputdir.
//
// Selectors given to the helpers are CSS, or XPath when they start with "/"
// or "(". A typical test:
//
//	env := apptest.Start(t, "sqlite")
//	b := browsertest.Start(t, env.Server.URL)
//	b.Login("zibo-admin", apptest.Password)
//	b.Click(`header nav a[href="/enterprises"]`) // waits for the next page
//	b.Fill(`#search-form input[name="q"]`, "金晶")
//	if st := b.Click(`#search-form button[type="submit"]`); st != 200 { … }
//	b.WaitText("#enterprise-list", "山东金晶科技股份有限公司")
//
// Click waits for the page the click leads to and returns its HTTP status;
// use Do with chromedp actions for clicks that load nothing.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultPath is where Debian's chromium package installs the browser.
const DefaultPath = "/usr/bin/chromium"

// flags are the Chromium switches every browser starts with: headless, no
// sandbox (tests run as root in containers), and none of the background
// traffic (component updates, sync, QUIC, domain reliability reports) that a
// closed network answers with floods of refused connections. The profile is
// a fresh temporary user-data-dir that chromedp creates per browser and
// removes (killing any leftover child processes) when the browser stops.
var flags = []string{
	"headless",
	"no-sandbox",
	"disable-gpu",
	"disable-quic",
	"no-first-run",
	"no-default-browser-check",
	"disable-background-networking",
	"disable-component-update",
	"disable-sync",
	"disable-dev-shm-usage",
	"disable-extensions",
	"disable-default-apps",
	"disable-breakpad",
	"disable-domain-reliability",
	"metrics-recording-only",
	"no-proxy-server",
	"hide-scrollbars",
	"mute-audio",
}

// Options tune a Browser. The zero value of a field means its default.
type Options struct {
	Step     time.Duration // one helper call (query, click and page load); default 15s
	Startup  time.Duration // launching Chromium until the first tab answers; default 30s
	Total    time.Duration // the browser's whole life; default 3m, capped by the test's deadline
	Lang     string        // Accept-Language the browser sends; default "zh-CN"
	Width    int           // window size; default 1280×900
	Height   int
	ExecPath string // Chromium binary; default Find()
}

func (o *Options) defaults() {
	if o.Step <= 0 {
		o.Step = 15 * time.Second
	}
	if o.Startup <= 0 {
		o.Startup = 30 * time.Second
	}
	if o.Total <= 0 {
		o.Total = 3 * time.Minute
	}
	if o.Lang == "" {
		o.Lang = "zh-CN"
	}
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 1280, 900
	}
}

// Find returns the Chromium binary to use: $CHROME_PATH (which must exist),
// else /usr/bin/chromium, else "chromium" on $PATH.
func Find() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		full, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("CHROME_PATH=%s: %w", p, err)
		}
		return full, nil
	}
	if fi, err := os.Stat(DefaultPath); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
		return DefaultPath, nil
	}
	if full, err := exec.LookPath("chromium"); err == nil {
		return full, nil
	}
	return "", fmt.Errorf("no Chromium at %s or on PATH, and CHROME_PATH is not set", DefaultPath)
}

// Require returns the Chromium binary, or ends the test: it fails under
// CI=true and skips otherwise. Under -short (outside CI) it skips too.
func Require(t testing.TB) string {
	t.Helper()
	ci := os.Getenv("CI") == "true"
	if testing.Short() && !ci {
		t.Skip("browser test skipped under -short")
	}
	p, err := Find()
	if err == nil {
		return p
	}
	if ci {
		t.Fatalf("Chromium is required under CI=true: %v. Install it with `apt-get install -y chromium` (or `make deps`); .ci/run does this.", err)
	}
	t.Skipf("skipping browser test: %v. Install it with `make deps` (apt-get install chromium) or set CHROME_PATH.", err)
	return ""
}

// Browser is one headless Chromium with one tab, owned by one test. Its
// methods must be called from the test's goroutine.
type Browser struct {
	t       testing.TB
	base    *url.URL
	opts    Options
	ctx     context.Context // the tab; lives until the test's cleanup
	cancel  func()
	output  *tail
	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	shots   int
	started bool
}

// Start launches Chromium for the test and opens a blank tab. baseURL (for
// example an httptest server's URL) is what Open's paths are relative to.
// The browser is closed when the test ends.
func Start(t testing.TB, baseURL string, opt ...Options) *Browser {
	t.Helper()
	var o Options
	if len(opt) > 0 {
		o = opt[0]
	}
	o.defaults()
	if o.ExecPath == "" {
		o.ExecPath = Require(t)
	}
	base, err := url.Parse(baseURL)
	if err != nil {
		t.Fatalf("browsertest: base URL %q: %v", baseURL, err)
	}
	total := o.Total
	// Leave time to report before `go test -timeout` panics.
	if dl, ok := deadline(t); ok && time.Until(dl)-10*time.Second < total {
		total = max(time.Until(dl)-10*time.Second, time.Second)
	}

	b := &Browser{t: t, base: base, opts: o, output: &tail{max: 32 << 10}}
	allocOpts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(o.ExecPath),
		chromedp.WindowSize(o.Width, o.Height),
		chromedp.Flag("lang", o.Lang),
		chromedp.Flag("accept-lang", o.Lang),
		chromedp.CombinedOutput(b.output),
	}
	for _, f := range flags {
		allocOpts = append(allocOpts, chromedp.Flag(f, true))
	}
	// The whole browser dies with rootCtx: the process is killed and its
	// (fresh, temporary) user-data-dir removed by chromedp.
	rootCtx, rootCancel := context.WithTimeout(context.Background(), total)
	allocCtx, allocCancel := chromedp.NewExecAllocator(rootCtx, allocOpts...)
	tabCtx, tabCancel := chromedp.NewContext(allocCtx)
	b.ctx = tabCtx

	var wg sync.WaitGroup
	var once sync.Once
	b.cancel = func() {
		once.Do(func() {
			done := make(chan struct{})
			go func() {
				tabCancel()
				allocCancel()
				wg.Wait()
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(15 * time.Second):
				t.Logf("browsertest: Chromium did not stop within 15s; killing it")
			}
			rootCancel()
		})
	}
	t.Cleanup(b.cancel)
	t.Cleanup(func() {
		if t.Failed() {
			if b.started && b.shots == 0 && b.ctx.Err() == nil {
				b.Screenshot("failed")
			}
			b.report()
		}
	})

	// The first Run starts Chromium. A watchdog bounds it: a browser that
	// never answers is killed and the test fails.
	watchdog := time.AfterFunc(o.Startup, rootCancel)
	err = chromedp.Do(tabCtx)
	if !watchdog.Stop() && err == nil {
		err = fmt.Errorf("start-up took longer than %v", o.Startup)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w (no answer within %v)", err, o.Startup)
		}
		t.Fatalf("browsertest: starting %s: %v\n--- Chromium output ---\n%s", o.ExecPath, err, b.quietOutput())
	}
	b.started = true

	// Collect the console (uncaught exceptions, console calls, and browser
	// log entries such as CSP violations) for ConsoleErrors and failure reports.
	msgs := chromedp.Console(tabCtx)
	wg.Go(func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	})
	return b
}

// Context returns the tab's context for raw chromedp calls. Bound each call
// with a timeout derived from it (see Step).
func (b *Browser) Context() context.Context { return b.ctx }

// Step returns a context for one step, bounded by the step timeout.
func (b *Browser) Step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, b.opts.Step)
}

// Close stops the browser now; otherwise it stops when the test ends.
func (b *Browser) Close() { b.cancel() }

// URL resolves a path against the base URL.
func (b *Browser) URL(path string) string {
	u, err := b.base.Parse(path)
	if err != nil {
		b.Fatalf("bad path %q: %v", path, err)
	}
	return u.String()
}

// Do runs chromedp actions as one step; on error the test fails with what.
func (b *Browser) Do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.Fatalf("%s: %v", what, b.explain(ctx, err))
	}
}

// Open loads a page (a path relative to the base URL, or a full URL), waits
// until it has loaded, and returns its HTTP status.
func (b *Browser) Open(path string) int {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.URL(path)))
	if err != nil {
		b.Fatalf("open %s: %v", path, b.explain(ctx, err))
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Click clicks the element and waits for the page it leads to (a link or a
// form's submit button) to load; it returns the new page's HTTP status (after
// redirects). It fails when no page loads.
func (b *Browser) Click(sel string) int {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, on(sel, chromedp.Click[chromedp.CSS], chromedp.Click[string]))
	if err != nil {
		b.Fatalf("click %s and wait for the next page: %v", sel, b.explain(ctx, err))
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Fill replaces the value of an input with text, typed as keystrokes.
func (b *Browser) Fill(sel, text string) {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	keys := chromedp.SendKeys(chromedp.CSS(sel), text)
	if isXPath(sel) {
		keys = chromedp.SendKeys(sel, text)
	}
	err := chromedp.Do(ctx, on(sel, chromedp.Clear[chromedp.CSS], chromedp.Clear[string]), keys)
	if err != nil {
		b.Fatalf("fill %s with %q: %v", sel, text, b.explain(ctx, err))
	}
	if got := b.Value(sel); got != text {
		b.Fatalf("fill %s: typed %q, the field holds %q", sel, text, got)
	}
}

// Value returns the value of an input, select or textarea.
func (b *Browser) Value(sel string) string {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	v, err := chromedp.Run(ctx, on(sel, chromedp.Value[chromedp.CSS], chromedp.Value[string]))
	if err != nil {
		b.Fatalf("value of %s: %v", sel, b.explain(ctx, err))
	}
	return v
}

// Text returns the visible text of the first element matching sel, waiting
// for it to appear.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	s, err := chromedp.Run(ctx, on(sel, chromedp.Text[chromedp.CSS], chromedp.Text[string]))
	if err != nil {
		b.Fatalf("text of %s: %v", sel, b.explain(ctx, err))
	}
	return strings.TrimSpace(s)
}

// WaitText waits until the text of sel contains want, and returns the text.
func (b *Browser) WaitText(sel, want string) string {
	b.t.Helper()
	deadline := time.Now().Add(b.opts.Step)
	var last string
	var lastErr error
	for {
		ctx, cancel := context.WithTimeout(b.ctx, min(time.Until(deadline), 2*time.Second))
		s, err := chromedp.Run(ctx, on(sel, chromedp.Text[chromedp.CSS], chromedp.Text[string]))
		cancel()
		if err == nil && strings.Contains(s, want) {
			return strings.TrimSpace(s)
		}
		last, lastErr = s, err
		if time.Now().After(deadline) || b.ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if lastErr != nil {
		b.Fatalf("wait for %q in %s: %v", want, sel, b.explain(b.ctx, lastErr))
	}
	b.Fatalf("wait for %q in %s: after %v its text is %q", want, sel, b.opts.Step, strings.TrimSpace(last))
	return ""
}

// Has reports whether sel matches an element now, without waiting.
func (b *Browser) Has(sel string) bool {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	lit, _ := json.Marshal(sel)
	expr := fmt.Sprintf("document.querySelector(%s) !== null", lit)
	if isXPath(sel) {
		expr = fmt.Sprintf("document.evaluate(%s, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue !== null", lit)
	}
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		b.Fatalf("look for %s: %v", sel, b.explain(ctx, err))
	}
	return ok
}

// Count returns how many elements match sel now, without waiting.
func (b *Browser) Count(sel string) int {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	lit, _ := json.Marshal(sel)
	expr := fmt.Sprintf("document.querySelectorAll(%s).length", lit)
	if isXPath(sel) {
		expr = fmt.Sprintf("document.evaluate(%s, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength", lit)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](expr))
	if err != nil {
		b.Fatalf("count %s: %v", sel, b.explain(ctx, err))
	}
	return n
}

// Location returns the current page's URL path and query.
func (b *Browser) Location() string {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.Fatalf("location: %v", b.explain(ctx, err))
	}
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return u.RequestURI()
}

// Login signs in through the login form at /login (fields username and
// password in #login-form) and waits for the page it leads to. It fails the
// test, quoting the page's alert, when the sign-in is refused.
func (b *Browser) Login(username, password string) {
	b.t.Helper()
	if st := b.Open("/login"); st != 200 {
		b.Fatalf("login page: HTTP %d", st)
	}
	b.Fill(`#login-form input[name="username"]`, username)
	b.Fill(`#login-form input[name="password"]`, password)
	st := b.Click(`#login-form button[type="submit"]`)
	if st != 200 || b.Has("#login-form") {
		why := ""
		if b.Has(".alert") {
			why = ": " + b.Text(".alert")
		}
		b.Fatalf("sign in as %s: HTTP %d at %s%s", username, st, b.Location(), why)
	}
}

// ConsoleErrors returns the page's errors seen so far: uncaught exceptions,
// console.error calls and browser log errors such as CSP violations. Failed
// loads (source "network", e.g. a 404 favicon or a 422 form) are left out:
// tests check HTTP statuses themselves.
func (b *Browser) ConsoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.console {
		if m.Source == "network" || (m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException) {
			continue
		}
		out = append(out, describe(m))
	}
	return out
}

func describe(m chromedp.ConsoleMessage) string {
	s := m.String()
	if m.URL != "" {
		s += " (" + m.URL + ")"
	}
	if m.Source != "" {
		s = "[" + m.Source + "] " + s
	}
	return s
}

// Screenshot saves a full-page PNG and the page's HTML into the test's
// artifact directory, logs their paths, and returns the PNG's path ("" when
// the browser could not take it).
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	b.shots++
	dir := b.t.ArtifactDir()
	base := filepath.Join(dir, fmt.Sprintf("%02d-%s", b.shots, sanitize(name)))
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("browsertest: no screenshot: %v", err)
		return ""
	}
	if err := os.WriteFile(base+".png", png, 0o644); err != nil {
		b.t.Logf("browsertest: %v", err)
		return ""
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.outerHTML")); err == nil {
		_ = os.WriteFile(base+".html", []byte(html), 0o644)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	b.t.Logf("browsertest: screenshot of %s: %s.png (HTML beside it; keep them with go test -artifacts)", loc, base)
	return base + ".png"
}

// Fatalf saves a screenshot and fails the test.
func (b *Browser) Fatalf(format string, args ...any) {
	b.t.Helper()
	if b.started && b.ctx.Err() == nil {
		b.Screenshot("failure")
	}
	b.t.Fatalf("browser: "+format, args...)
}

// explain adds the likely cause to a step's error.
func (b *Browser) explain(ctx context.Context, err error) error {
	switch {
	case b.ctx.Err() != nil:
		return fmt.Errorf("%w (the browser is gone: total timeout %v, a crash, or the test ended)", err, b.opts.Total)
	case ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w (step timeout %v: element never matched or page never loaded)", err, b.opts.Step)
	}
	return err
}

// report logs the console and the browser's last output after a failure.
func (b *Browser) report() {
	b.mu.Lock()
	var console []string
	for _, m := range b.console {
		console = append(console, describe(m))
	}
	b.mu.Unlock()
	if len(console) > 0 {
		b.t.Logf("browsertest: console:\n  %s", strings.Join(console, "\n  "))
	}
	if out := b.quietOutput(); out != "" {
		b.t.Logf("browsertest: Chromium output (tail, D-Bus noise left out):\n%s", out)
	}
}

// quietOutput is the tail of Chromium's output without the noise of a
// machine with no D-Bus and of Debian's launcher script.
func (b *Browser) quietOutput() string {
	var lines []string
	for l := range strings.Lines(b.output.String()) {
		if !strings.Contains(l, "dbus") && !strings.Contains(l, "unexpected operator") && strings.TrimSpace(l) != "" {
			lines = append(lines, strings.TrimRight(l, "\n"))
		}
	}
	return strings.Join(lines, "\n")
}

// on picks the CSS or the XPath (search) form of a chromedp query action.
func on[T any](sel string, css func(chromedp.CSS, ...chromedp.QueryOption) chromedp.Action[T],
	search func(string, ...chromedp.QueryOption) chromedp.Action[T]) chromedp.Action[T] {
	if isXPath(sel) {
		return search(sel)
	}
	return css(chromedp.CSS(sel))
}

// deadline is the test's -timeout deadline, when t is a *testing.T.
func deadline(t testing.TB) (time.Time, bool) {
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		return d.Deadline()
	}
	return time.Time{}, false
}

func isXPath(sel string) bool { return strings.HasPrefix(sel, "/") || strings.HasPrefix(sel, "(") }

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (w *tail) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if over := len(w.buf) - w.max; over > 0 {
		w.buf = append(w.buf[:0], w.buf[over:]...)
	}
	return len(p), nil
}

func (w *tail) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.buf)
}
