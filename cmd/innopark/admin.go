package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
)

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	sub := "up"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	dbURL := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	db, err := store.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "up":
		applied, err := db.Migrate(ctx)
		for _, m := range applied {
			fmt.Fprintf(stdout, "applied %04d_%s\n", m.Version, m.Name)
		}
		if err != nil {
			return err
		}
		if len(applied) == 0 {
			fmt.Fprintln(stdout, "schema is up to date")
		}
		return nil
	case "status":
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, m := range st {
			state := "pending"
			if m.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%04d_%-30s %s\n", m.Version, m.Name, state)
		}
		return nil
	}
	return usageError{fmt.Sprintf("unknown migrate command %q", sub)}
}

// operator is the console operator: a national-scope actor named for the audit log.
func operator() access.Actor {
	a := access.System
	a.Username = "operator"
	if u := os.Getenv("USER"); u != "" {
		a.Username = "operator:" + u
	}
	return a
}

func readPassword(stdin io.Reader) (string, error) {
	if p := os.Getenv("INNOPARK_PASSWORD"); p != "" {
		return p, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// describe renders a domain error for the console in Chinese and English.
func describe(err error) error {
	var e *errs.Error
	if !errorsAs(err, &e) || e.Kind == errs.Internal {
		return err
	}
	cat := i18n.MustLoad()
	var b strings.Builder
	b.WriteString(cat.Msg(i18n.ZH, e.Msg) + " / " + cat.Msg(i18n.EN, e.Msg))
	for f, m := range e.Fields {
		fmt.Fprintf(&b, "\n  %s: %s / %s", f, cat.Msg(i18n.ZH, m), cat.Msg(i18n.EN, m))
	}
	return fmt.Errorf("%s", b.String())
}

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"user: add, list, passwd or disable"}
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	dbURL := dbFlag(fs)
	username := fs.String("username", "", "user name")
	role := fs.String("role", "", "role: national, province, city, zone_admin, zone_staff, registrar, enterprise")
	zoneSlug := fs.String("zone", "", "zone slug, for zone roles")
	region := fs.String("region", "", "province or city code, for province and city roles")
	entID := fs.Int64("enterprise", 0, "enterprise id, for the enterprise role")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	cfg := app.Defaults()
	svc := &auth.Service{Store: store.Auth{DB: db}, Policy: access.DefaultPolicy(), Hasher: cfg.Argon2, Limits: cfg.LoginLimits, SessionTTL: cfg.SessionTTL, Now: cfg.Now}
	op := operator()
	findUser := func() (auth.User, error) {
		if *username == "" {
			return auth.User{}, usageError{"--username is required"}
		}
		return store.Auth{DB: db}.UserByUsername(ctx, *username)
	}
	switch sub {
	case "add":
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		n := auth.NewUser{Username: *username, Password: pw, Role: access.Role(*role), RegionCode: *region, EnterpriseID: *entID}
		if *zoneSlug != "" {
			z, err := (store.Zones{DB: db}).AreaBySlug(ctx, op, *zoneSlug)
			if err != nil {
				return describe(err)
			}
			n.ZoneID = z.ID
		}
		id, err := svc.AddUser(ctx, op, n)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "added user %s (id %d)\n", n.Username, id)
		return nil
	case "list":
		for p := (paging.Request{Limit: paging.MaxLimit}); ; {
			page, err := svc.ListUsers(ctx, op, p)
			if err != nil {
				return err
			}
			for _, u := range page.Items {
				state := "active"
				if u.Disabled {
					state = "disabled"
				}
				fmt.Fprintf(stdout, "%-5d %-20s %-11s %-10s %s\n", u.ID, u.Username, u.Role, u.ZoneSlug+u.RegionCode, state)
			}
			if page.Next == "" {
				return nil
			}
			p.Cursor = page.Next
		}
	case "passwd":
		u, err := findUser()
		if err != nil {
			return describe(err)
		}
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		if err := svc.SetPassword(ctx, op, u.ID, pw, false); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "password of %s changed; their sessions and API tokens were ended\n", u.Username)
		return nil
	case "disable":
		u, err := findUser()
		if err != nil {
			return describe(err)
		}
		if err := svc.SetDisabled(ctx, op, u.ID, true); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "disabled %s\n", u.Username)
		return nil
	}
	return usageError{fmt.Sprintf("unknown user command %q", sub)}
}

// headList collects repeated --head flags.
type headList []audit.Head

func (h *headList) String() string { return fmt.Sprint(*h) }
func (h *headList) Set(s string) error {
	x, err := audit.ParseHead(s)
	if err == nil {
		*h = append(*h, x)
	}
	return err
}

func cmdAudit(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "head") {
		return usageError{"audit: verify [--head SEQ:HASH]… or head"}
	}
	fs := flag.NewFlagSet("audit "+args[0], flag.ContinueOnError)
	dbURL := dbFlag(fs)
	var heads headList
	keys := auditKeyFlag(fs)
	var keyedFrom int64
	if args[0] == "verify" {
		fs.Var(&heads, "head", "a chain head kept elsewhere (SEQ:HASH or HASH, as the server logs it as \"audit head\"); the chain must still hold it (repeatable)")
		fs.Int64Var(&keyedFrom, "keyed-from", 0, "every record from this sequence number on must be keyed with an --audit-key-file (1: keyed from the start)")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	k, err := readAuditKeys(*keys)
	if err != nil {
		return err
	}
	if keyedFrom > 0 && len(k) == 0 {
		return usageError{"audit verify: --keyed-from needs --audit-key-file"}
	}
	db, err := store.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	db.AuditKeys = k
	if args[0] == "head" {
		h, err := db.AuditHead(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, h)
		return nil
	}
	v, err := db.VerifyAuditFrom(ctx, keyedFrom, heads...)
	if err != nil {
		return err
	}
	if len(v.Problems) == 0 {
		fmt.Fprintf(stdout, "audit log intact: %d records, chain verified", v.Count)
		if len(k) > 0 {
			fmt.Fprintf(stdout, ", %d keyed", v.Keyed)
		}
		if len(heads) > 0 {
			fmt.Fprintf(stdout, ", holds the %d head(s) given", len(heads))
		} else {
			fmt.Fprint(stdout, " (without --head, a chain recomputed by someone with write access passes too)")
		}
		fmt.Fprintln(stdout)
		return nil
	}
	for _, p := range v.Problems {
		fmt.Fprintln(stdout, p.String())
	}
	if len(k) == 0 {
		fmt.Fprintln(stdout, "(if the servers run with --audit-key-file, give the same key files: keyed records read as changed without them)")
	}
	return fmt.Errorf("audit log broken: %d problem(s) in %d records", len(v.Problems), v.Count)
}
