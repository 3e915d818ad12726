package benchtool

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/innopark/innopark/internal/enterprise"
)

// Do sends one request with the client's bearer token; body, when not nil,
// is sent with contentType.
func (c *Client) Do(ctx context.Context, method, path, contentType string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// WithToken is a client of the same server that sends token instead.
func (c *Client) WithToken(token string) *Client {
	return &Client{base: c.base, token: token, http: c.http}
}

// doJSON sends v as JSON and decodes a 2xx answer into out (when not nil);
// any other status is an error naming the request.
func (c *Client) doJSON(ctx context.Context, method, path string, v, out any) error {
	var body []byte
	ctype := ""
	if v != nil {
		var err error
		if body, err = json.Marshal(v); err != nil {
			return err
		}
		ctype = "application/json"
	}
	status, b, err := c.Do(ctx, method, path, ctype, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if status/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", method, path, status, strings.TrimSpace(string(b[:min(len(b), 300)])))
	}
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return nil
}

// WriteZone is one zone the write load registers and amends contracts in,
// as the zone's registrar with an API token of the contracts area.
type WriteZone struct {
	Slug       string
	client     *Client // the token's
	session    *Client // the registrar's session (to revoke the token)
	tokenID    int64
	Sellers    []int64 // enterprises of the zone (the new contracts' sellers)
	Registered []int64 // registered contracts to amend
}

// PrepareWrites picks n zones at random among those reader sees and, for
// each, signs in as its registrar (SLUG-registrar, the generated data
// set's users; password as given), makes an API token limited to the
// contracts area, and reads a page of the zone's enterprises and registered
// contracts. Zones whose registrar cannot sign in or that have no
// enterprise are skipped. Close revokes the tokens.
func PrepareWrites(ctx context.Context, reader *Client, password string, n int, seed uint64) ([]*WriteZone, error) {
	var zones struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	if err := reader.doJSON(ctx, "GET", "/api/v1/zones", nil, &zones); err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(seed, 7))
	r.Shuffle(len(zones.Items), func(i, j int) { zones.Items[i], zones.Items[j] = zones.Items[j], zones.Items[i] })
	var out []*WriteZone
	var firstErr error
	for _, z := range zones.Items {
		if len(out) == n {
			break
		}
		wz, err := prepareZone(ctx, reader.base, z.Slug, password)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		out = append(out, wz)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bench: no zone to write in (first problem: %v)", firstErr)
	}
	return out, nil
}

func prepareZone(ctx context.Context, base, slug, password string) (*WriteZone, error) {
	s, err := Login(ctx, base, slug+"-registrar", password)
	if err != nil {
		return nil, err
	}
	var tok struct {
		ID    int64  `json:"id"`
		Token string `json:"token"`
	}
	if err := s.doJSON(ctx, "POST", "/api/v1/tokens", map[string]any{"name": "innopark-bench mixed", "days": 1,
		"areas": []string{"contracts"}}, &tok); err != nil {
		return nil, err
	}
	wz := &WriteZone{Slug: slug, session: s, tokenID: tok.ID, client: s.WithToken(tok.Token)}
	var ents struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := s.doJSON(ctx, "GET", "/api/v1/enterprises?limit=100", nil, &ents); err != nil {
		wz.Close(ctx)
		return nil, err
	}
	for _, e := range ents.Items {
		wz.Sellers = append(wz.Sellers, e.ID)
	}
	var cs struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := s.doJSON(ctx, "GET", "/api/v1/contracts?status=registered&limit=100", nil, &cs); err != nil {
		wz.Close(ctx)
		return nil, err
	}
	for _, c := range cs.Items {
		wz.Registered = append(wz.Registered, c.ID)
	}
	if len(wz.Sellers) == 0 {
		wz.Close(ctx)
		return nil, fmt.Errorf("bench: zone %s has no enterprise", slug)
	}
	return wz, nil
}

// Close revokes the zone's token.
func (z *WriteZone) Close(ctx context.Context) {
	if z.session != nil && z.tokenID != 0 {
		_, _, _ = z.session.Do(ctx, "DELETE", "/api/v1/tokens/"+strconv.FormatInt(z.tokenID, 10), "", nil)
	}
}

// WritePlan is a steady write load: Rate operations a second, each in a
// random zone of Zones; an operation is an amendment of one of the zone's
// registered contracts with probability AmendShare, otherwise a
// registration as a registrar enters one at the point (draft, the signed
// contract attached, submit — accepted at once —, register: four requests).
// Operations are started on a fixed schedule whatever the server's speed
// (an open loop), at most MaxInFlight at a time; a tick that finds them all
// busy is counted as Skipped.
type WritePlan struct {
	Zones       []*WriteZone
	Rate        float64 // operations a second
	AmendShare  float64 // 0..1
	MaxInFlight int     // default 64
	Seed        uint64
	Today       time.Time // the new contracts' signing date; default now
}

// WriteResult is what the write load did.
type WriteResult struct {
	Registrations []time.Duration // each registration's four requests
	Amendments    []time.Duration
	Errors        int
	FirstErr      error
	Skipped       int
	Elapsed       time.Duration
}

// Ops is the number of operations that succeeded.
func (w WriteResult) Ops() int { return len(w.Registrations) + len(w.Amendments) }

// RunWrites runs the plan until ctx is done.
func RunWrites(ctx context.Context, p WritePlan) (WriteResult, error) {
	if len(p.Zones) == 0 || p.Rate <= 0 {
		return WriteResult{}, errors.New("bench: writes need zones and a rate")
	}
	if p.MaxInFlight <= 0 {
		p.MaxInFlight = 64
	}
	if p.Today.IsZero() {
		p.Today = time.Now()
	}
	var (
		mu     sync.Mutex
		res    WriteResult
		wg     sync.WaitGroup
		serial atomic.Int64
	)
	slots := make(chan struct{}, p.MaxInFlight)
	r := rand.New(rand.NewPCG(p.Seed, 99))
	// Requests run to their end on a context of their own: one cut off by
	// the run's end would read as a failed write.
	opCtx := context.WithoutCancel(ctx)
	// Names are unique across runs on one data set: the server refuses a
	// contract submitted twice.
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	tick := time.NewTicker(time.Duration(float64(time.Second) / p.Rate))
	defer tick.Stop()
	start := time.Now()
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
			continue
		case <-tick.C:
		}
		z := p.Zones[r.IntN(len(p.Zones))]
		amend := len(z.Registered) > 0 && r.Float64() < p.AmendShare
		seller := z.Sellers[r.IntN(len(z.Sellers))]
		var target int64
		if amend {
			target = z.Registered[r.IntN(len(z.Registered))]
		}
		amount := 100_000 + r.Int64N(50_000_000)
		select {
		case slots <- struct{}{}:
		default:
			mu.Lock()
			res.Skipped++
			mu.Unlock()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			t0 := time.Now()
			var err error
			if amend {
				err = amendOne(opCtx, z.client, target, amount/10)
			} else {
				err = registerOne(opCtx, z.client, seller, amount, p.Today, run, serial.Add(1))
			}
			d := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				res.Errors++
				if res.FirstErr == nil {
					res.FirstErr = fmt.Errorf("zone %s: %w", z.Slug, err)
				}
			case amend:
				res.Amendments = append(res.Amendments, d)
			default:
				res.Registrations = append(res.Registrations, d)
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	return res, nil
}

// pdf is the smallest file the attachment check takes for a PDF.
var pdf = []byte("%PDF-1.4\n% innopark-bench: the signed contract\n%%EOF\n")

// registerOne enters and registers one contract of seller.
func registerOne(ctx context.Context, c *Client, seller, amountFen int64, today time.Time, run string, n int64) error {
	day := today.Format("2006-01-02")
	body := map[string]any{
		"seller_id": seller, "name": fmt.Sprintf("压测技术开发合同%s-%d", run, n), "type": "DEV_ENTRUSTED", "field": "01",
		"signed_on": day, "valid_from": day, "valid_to": today.AddDate(1, 0, 0).Format("2006-01-02"),
		"buyer": map[string]any{"name": fmt.Sprintf("压测委托方%d有限公司", n%1000), "uscc": buyerUSCC(n % 1000),
			"nature": "150", "region": "110108", "country": "CN"},
		"contract_amount_fen": amountFen,
	}
	var created struct {
		ID int64 `json:"id"`
	}
	if err := c.doJSON(ctx, "POST", "/api/v1/contracts", body, &created); err != nil {
		return err
	}
	path := "/api/v1/contracts/" + strconv.FormatInt(created.ID, 10)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", "合同.pdf")
	if err != nil {
		return err
	}
	_, _ = fw.Write(pdf)
	if err := mw.Close(); err != nil {
		return err
	}
	status, b, err := c.Do(ctx, "POST", path+"/attachments", mw.FormDataContentType(), buf.Bytes())
	if err != nil || status != http.StatusCreated {
		return fmt.Errorf("POST %s/attachments: %d %v %.300s", path, status, err, b)
	}
	if err := c.doJSON(ctx, "POST", path+"/submit", map[string]any{}, nil); err != nil {
		return err
	}
	return c.doJSON(ctx, "POST", path+"/register", map[string]any{}, nil)
}

// amendOne raises a registered contract's amount by addFen (a
// supplementary agreement), reading it first as a registrar does: the
// rollups of its month move.
func amendOne(ctx context.Context, c *Client, id, addFen int64) error {
	path := "/api/v1/contracts/" + strconv.FormatInt(id, 10)
	for try := 0; ; try++ {
		var cur struct {
			Version           int   `json:"version"`
			ContractAmountFen int64 `json:"contract_amount_fen"`
		}
		if err := c.doJSON(ctx, "GET", path, nil, &cur); err != nil {
			return err
		}
		b, _ := json.Marshal(map[string]any{"version": cur.Version, "reason": "双方签订补充协议，调整合同金额",
			"contract_amount_fen": cur.ContractAmountFen + addFen})
		status, body, err := c.Do(ctx, "POST", path+"/amend", "application/json", b)
		switch {
		case err != nil:
			return fmt.Errorf("POST %s/amend: %w", path, err)
		case status == http.StatusConflict && try < 3:
			continue // another amendment of the same contract came first: read again
		case status/100 != 2:
			return fmt.Errorf("POST %s/amend: %d %.300s", path, status, body)
		}
		return nil
	}
}

// buyerUSCC is a valid unified social credit code for the n-th bench
// buyer (division 110108, Haidian).
func buyerUSCC(n int64) string { return enterprise.MakeUSCC(fmt.Sprintf("91110108MB%07d", n)) }
