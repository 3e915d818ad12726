package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// concurrentRegistrations is how many contracts the two nodes register at once.
const concurrentRegistrations = 500

// Two server processes on one PostgreSQL register 500 contracts at once,
// half each: every number is issued once, and the serials of the point's
// year run 1..500 without a gap.
func TestRegisterOnTwoServerProcesses(t *testing.T) {
	dbURL := storetest.URL(t, "postgres") // skips without PostgreSQL, fails under CI=true
	ctx := context.Background()
	start := time.Now()

	// Each node is a separate process: this test binary re-executed as an
	// app server (see TestMain), so no build is needed.
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}

	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	hash, err := apptest.Config(time.Now()).Argon2.Hash(apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	res, err := demo.Load(ctx, db, hash) // zones, enterprises and users only
	if err != nil {
		t.Fatal(err)
	}
	ids := submittedContracts(t, db, res.IDs, concurrentRegistrations)

	// Registrations of one point serialise on its counter until they
	// commit, so this machine's WAL flush would dominate; durability is not
	// under test, the numbering is. (pgx passes the parameter to the server.)
	nodeURL := dbURL
	nodes := []string{startNode(t, bin, nodeURL, "a"), startNode(t, bin, nodeURL, "b")}
	token := loginAt(t, nodes[0], "zibo-registrar")
	t.Logf("set up in %s", time.Since(start).Round(time.Millisecond))

	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: concurrentRegistrations}}
	regNos := make([]string, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	gate := make(chan struct{})
	began := time.Now()
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate // everyone starts together
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/contracts/%d/register", nodes[i%2], id), nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := client.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			var out struct {
				RegNo  string `json:"reg_no"`
				Status string `json:"status"`
			}
			if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &out) != nil || out.Status != "registered" {
				errs[i] = fmt.Errorf("node %d: %d %s", i%2, resp.StatusCode, body)
				return
			}
			regNos[i] = out.RegNo
		}()
	}
	close(gate)
	wg.Wait()
	t.Logf("%d registrations on two nodes in %s", len(ids), time.Since(began).Round(time.Millisecond))
	failed := 0
	for i, err := range errs {
		if err != nil {
			failed++
			if failed <= 5 {
				t.Errorf("contract %d: %v", ids[i], err)
			}
		}
	}
	if failed > 0 {
		t.Fatalf("%d of %d registrations failed", failed, len(ids))
	}

	// Unique numbers, serials 1..N in one scope, as the responses say and as stored.
	settings := contract.DefaultSettings()
	check := func(source string, numbers []string) {
		t.Helper()
		seen := map[string]bool{}
		serials := map[string]map[int]bool{}
		for _, no := range numbers {
			if seen[no] {
				t.Errorf("%s: number %s issued twice", source, no)
			}
			seen[no] = true
			rsID, parts, err := contract.ParseRegNo(settings, no)
			if err != nil {
				t.Fatalf("%s: number %q: %v", source, no, err)
			}
			rs, _ := contract.RuleSetByID(settings, rsID)
			scope, _ := rs.SerialScope(parts)
			if serials[scope] == nil {
				serials[scope] = map[int]bool{}
			}
			serials[scope][parts.Serial] = true
		}
		if len(serials) != 1 {
			t.Errorf("%s: %d counter scopes, want one (one point, one year)", source, len(serials))
		}
		for scope, got := range serials {
			for n := 1; n <= len(numbers); n++ {
				if !got[n] {
					t.Errorf("%s: scope %s lacks serial %d", source, scope, n)
				}
			}
		}
	}
	check("responses", regNos)
	rows, err := db.Read().Query(ctx, "SELECT reg_no FROM contracts WHERE status = 'registered'")
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, no)
	}
	rows.Close()
	if len(stored) != len(ids) {
		t.Errorf("%d registered contracts stored, want %d", len(stored), len(ids))
	}
	check("database", stored)
	var count int64
	if err := db.Read().QueryRow(ctx, "SELECT COALESCE(SUM(value), 0) FROM rollups WHERE zone_id = ? AND indicator = 'tech_contract.count' AND dim = ''",
		res.IDs.Zones["zibo"]).Scan(&count); err != nil || count != int64(len(ids)) {
		t.Errorf("rollup count %d (%v), want %d", count, err, len(ids))
	}
	if v, err := db.VerifyAudit(ctx); err != nil || len(v.Problems) > 0 {
		t.Errorf("audit chain after concurrent registrations: %v %v", err, v.Problems)
	}
}

// submittedContracts puts n contracts of the Zibo applicant in the queue,
// accepted today under the rules in force today.
func submittedContracts(t *testing.T, db *store.DB, ids *demo.IDs, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	settings := contract.DefaultSettings()
	today := civil.Today(time.Now())
	seller := ids.Enterprises["山东亚华电子股份有限公司"]
	var out []int64
	err := db.Transact(ctx, func(tx *store.Tx) error {
		var party contract.Party
		if err := tx.QueryRow(ctx, "SELECT name, uscc, nature FROM enterprises WHERE id = ?", seller).Scan(&party.Name, &party.USCC, &party.Nature); err != nil {
			return err
		}
		party.Region, party.Country = "370300", "CN"
		if _, err := tx.PutPoint(ctx, access.System, contract.Point{ZoneID: ids.Zones["zibo"], Code: "02", Name: "淄博高新区技术合同登记点", RegionCode: "370300"}); err != nil {
			return err
		}
		items := make([]store.ContractImport, 0, n)
		for i := 0; i < n; i++ {
			c := contract.Contract{ZoneID: ids.Zones["zibo"], SellerID: seller, Seller: party, Terms: contract.Terms{
				Name: fmt.Sprintf("并发登记测试技术服务合同%04d", i), Type: contract.Svc, Field: "01",
				SignedOn: today.AddDays(-30), ValidFrom: today.AddDays(-30), ValidTo: today.AddDays(335),
				Buyer:             contract.Party{Name: "青岛海尔智能技术研发有限公司", USCC: buyerUSCC, Nature: "150", Region: "370212"},
				ContractAmountFen: int64(100_000_00 + i*100)}}
			contract.Normalize(&c)
			rs := contract.RuleSetFor(settings, today)
			c.Status, c.RuleSet, c.AcceptedOn = contract.Submitted, rs.ID, today
			c.Deadline = rs.DeadlineFor(c)
			items = append(items, store.ContractImport{Contract: c})
		}
		var err error
		out, err = tx.ImportContracts(ctx, access.System, "test", settings, items)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var servingRe = regexp.MustCompile(`serving on (http://\S+)`)

// startNode runs "innopark serve" on a free port and returns its base URL;
// the process is stopped when the test ends.
func startNode(t *testing.T, bin, dbURL, name string) string {
	t.Helper()
	logFile, err := os.Create(filepath.Join(t.TempDir(), "node-"+name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), nodeEnv+"="+dbURL)
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logFile.Close()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingRe.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(30 * time.Second):
		b, _ := os.ReadFile(logFile.Name())
		t.Fatalf("node %s did not start: %s", name, b)
	}
	return ""
}

func loginAt(t *testing.T, base, user string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": user, "password": apptest.Password})
	resp, err := http.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(b, &out) != nil || out.Token == "" {
		t.Fatalf("login %s: %d %s", user, resp.StatusCode, strings.TrimSpace(string(b)))
	}
	return out.Token
}
