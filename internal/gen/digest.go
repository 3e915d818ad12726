package gen

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store/bulk"
)

// digester fingerprints the generated records in the order they are
// written, so two runs with the same options can be compared by one hash
// (whatever the engine) without reading the database back. Values are
// written length-prefixed, so no two different records hash alike by
// running into each other.
type digester struct {
	h   hash.Hash
	buf []byte
}

func newDigester() *digester { return &digester{h: sha256.New(), buf: make([]byte, 0, 4096)} }

func (d *digester) flush() {
	if len(d.buf) > 0 {
		d.h.Write(d.buf)
		d.buf = d.buf[:0]
	}
}

func (d *digester) grow() {
	if len(d.buf) > 3500 {
		d.flush()
	}
}

func (d *digester) str(s string) {
	d.buf = binary.AppendUvarint(d.buf, uint64(len(s)))
	d.buf = append(d.buf, s...)
	d.grow()
}

func (d *digester) int(v int64) {
	d.buf = binary.AppendVarint(d.buf, v)
	d.grow()
}

func (d *digester) bool(b bool) {
	if b {
		d.int(1)
	} else {
		d.int(0)
	}
}

func (d *digester) date(v civil.Date) { d.int(int64(v.Year*10000 + int(v.Month)*100 + v.Day)) }

func (d *digester) time(t time.Time) { d.int(t.UnixMicro()) }

func (d *digester) sum() string {
	d.flush()
	return hex.EncodeToString(d.h.Sum(nil))
}

func (d *digester) party(p contract.Party) {
	d.str(p.Name)
	d.str(p.USCC)
	d.str(string(p.Nature))
	d.str(p.Region)
	d.str(p.Country)
}

// contract writes every stored field of a contract, its lines and history.
func (d *digester) contract(c *contract.Contract, createdBy int64, created time.Time, history []contract.HistoryItem) {
	d.int(c.ID)
	d.int(c.ZoneID)
	d.int(c.SellerID)
	d.party(c.Seller)
	d.str(c.Name)
	d.str(string(c.Type))
	d.str(string(c.LicenceSubtype))
	d.date(c.SignedOn)
	d.date(c.ValidFrom)
	d.date(c.ValidTo)
	d.str(string(c.Field))
	d.str(string(c.IPType))
	d.str(string(c.ProgrammeLevel))
	d.party(c.Buyer)
	d.int(c.ContractAmountFen)
	for _, x := range c.Deductions {
		d.str(string(x.Kind))
		d.int(x.AmountFen)
	}
	d.int(-1)
	for _, x := range c.Payments {
		d.date(x.On)
		d.int(x.AmountFen)
	}
	d.int(-1)
	d.int(c.TechAmountFen)
	d.bool(c.TechAmountFixed)
	d.str(string(c.Status))
	d.str(string(c.RuleSet))
	d.date(c.AcceptedOn)
	d.date(c.Deadline)
	d.bool(c.Disputed)
	d.str(c.ReturnReason)
	d.str(c.RegNo)
	d.date(c.CertifiedOn)
	d.int(c.RegisteredBy)
	d.int(c.PointID)
	d.str(string(c.RefusalCode))
	d.str(c.RefusalReason)
	d.date(c.RefusedOn)
	d.int(int64(c.Amendments))
	d.date(c.AmendedOn)
	d.str(c.AmendReason)
	d.date(c.CancelledOn)
	d.str(c.CancelReason)
	d.int(createdBy)
	d.time(created)
	for _, h := range history {
		d.str(string(h.Event))
		d.str(string(h.From))
		d.str(string(h.To))
		d.time(h.At)
		d.int(h.ActorID)
		d.str(h.ActorName)
		d.str(string(h.Role))
		d.str(h.Reason)
		d.str(string(h.RefusalCode))
		d.str(h.RegNo)
	}
	d.int(-1)
}

// rows writes rollup rows.
func (d *digester) rows(rows []indicator.Row) {
	for _, r := range rows {
		d.int(r.ZoneID)
		d.str(r.Indicator)
		d.str(string(r.Dim))
		d.int(int64(r.Month))
		d.int(r.Value)
	}
}

// programme writes a programme's stored fields that a data set sets.
func (d *digester) programme(p honour.Programme) {
	d.int(p.ID)
	d.str(p.Code)
	d.str(p.Name)
	d.str(string(p.Level))
	d.str(p.Kind)
	d.int(int64(p.TermYears))
	d.str(p.Prior)
	d.bool(p.KeepPrior)
	d.date(p.Since)
}

// batch writes an honour batch with its warnings and entries.
func (d *digester) batch(b *bulk.HonourBatch) {
	d.int(b.ID)
	d.int(b.ZoneID)
	d.str(b.Title)
	d.str(b.Number)
	d.str(b.Issuer)
	d.date(b.PublishedOn)
	d.date(b.EffectiveOn)
	for _, x := range b.Warnings {
		d.int(int64(x.Row))
		d.str(x.Msg.Key)
	}
	d.int(-1)
	d.time(b.CreatedAt)
	for _, e := range b.Entries {
		d.int(e.ID)
		d.int(int64(e.Row))
		d.int(e.ProgrammeID)
		d.int(e.EnterpriseID)
		d.str(string(e.Result))
	}
	d.int(-1)
}

// title writes an honour title in its final state.
func (d *digester) title(t *honour.Title) {
	d.int(t.ID)
	d.int(t.ZoneID)
	d.int(t.EnterpriseID)
	d.int(t.ProgrammeID)
	d.int(t.BatchID)
	d.date(t.StartOn)
	d.date(t.TermEnd)
	d.date(t.EndedOn)
	d.str(string(t.EndReason))
	d.int(t.EndBatch)
}
