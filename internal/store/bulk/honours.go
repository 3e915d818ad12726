package bulk

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/store"
)

// HonourBatch is a batch as the loader stores it: the batch with its
// entries (ids set by the caller), the warnings its plan gave, and who
// recorded it when.
type HonourBatch struct {
	honour.Batch
	Warnings      []honour.Warning
	CreatedByName string
	CreatedAt     time.Time
}

// HonourProgrammes stores programmes with their ids.
func (l *Loader) HonourProgrammes(ctx context.Context, ps []honour.Programme, at time.Time) error {
	return l.batch(ctx, func() error {
		return l.write(ctx, "honour_programmes", []string{"id", "code", "name", "name_en", "issuer", "level", "region_code", "kind",
			"term_years", "prior_code", "prior_years", "prior_since", "keep_prior", "quota", "since", "created_at"}, len(ps),
			func(i int, d []any) []any {
				p := &ps[i]
				return append(d, p.ID, p.Code, p.Name, p.NameEN, p.Issuer, string(p.Level), p.RegionCode, p.Kind, p.TermYears,
					p.Prior, p.PriorYears, p.PriorSince, p.KeepPrior, p.Quota, p.Since, store.Instant(at))
			})
	})
}

// HonourBatches stores batches and their entries with their ids, as
// store.Tx.RecordBatch would have (the titles they start and end are
// stored by HonourTitles; the rollups are the caller's).
func (l *Loader) HonourBatches(ctx context.Context, bs []HonourBatch) error {
	type at struct{ b, e int }
	var entries []at
	warnings := make([]string, len(bs))
	for i := range bs {
		if bs[i].ID == 0 {
			return fmt.Errorf("bulk: honour batch %d has no id", i)
		}
		warnings[i] = "[]"
		if len(bs[i].Warnings) > 0 {
			j, err := json.Marshal(bs[i].Warnings)
			if err != nil {
				return fmt.Errorf("bulk: honour batch %d: %w", bs[i].ID, err)
			}
			warnings[i] = string(j)
		}
		for k := range bs[i].Entries {
			if bs[i].Entries[k].ID == 0 {
				return fmt.Errorf("bulk: entry %d of honour batch %d has no id", k, bs[i].ID)
			}
			entries = append(entries, at{i, k})
		}
	}
	return l.batch(ctx, func() error {
		err := l.write(ctx, "honour_batches", []string{"id", "zone_id", "title", "number", "issuer", "published_on", "effective_on",
			"warnings_json", "created_by", "created_by_name", "created_at"}, len(bs), func(i int, d []any) []any {
			b := &bs[i]
			return append(d, b.ID, b.ZoneID, b.Title, b.Number, b.Issuer, b.PublishedOn, b.EffectiveOn, warnings[i], nil,
				b.CreatedByName, store.Instant(b.CreatedAt))
		})
		if err != nil {
			return err
		}
		return l.write(ctx, "honour_entries", []string{"id", "batch_id", "zone_id", "row_no", "programme_id", "enterprise_id", "uscc",
			"enterprise_name", "result"}, len(entries), func(i int, d []any) []any {
			b := &bs[entries[i].b]
			e := &b.Entries[entries[i].e]
			return append(d, e.ID, b.ID, b.ZoneID, e.Row, e.ProgrammeID, e.EnterpriseID, e.USCC, e.EnterpriseName, string(e.Result))
		})
	})
}

// HonourTitles stores titles with their ids in their final state (ended or
// not).
func (l *Loader) HonourTitles(ctx context.Context, ts []honour.Title) error {
	for i := range ts {
		if ts[i].ID == 0 {
			return fmt.Errorf("bulk: honour title %d has no id", i)
		}
	}
	return l.batch(ctx, func() error {
		return l.write(ctx, "honour_titles", []string{"id", "zone_id", "enterprise_id", "programme_id", "batch_id", "start_on", "term_end",
			"ended_on", "end_reason", "end_batch_id"}, len(ts), func(i int, d []any) []any {
			t := &ts[i]
			return append(d, t.ID, t.ZoneID, t.EnterpriseID, t.ProgrammeID, t.BatchID, t.StartOn, t.TermEnd, t.EndedOn,
				string(t.EndReason), nullID(t.EndBatch))
		})
	})
}
