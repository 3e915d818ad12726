package apitypes

import (
	"encoding/json"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/enterprise"
)

// Listing is where an enterprise's shares trade.
type Listing string

// Enum lists the listings.
func (Listing) Enum() []string { return enterprise.Listings }

// Enterprise is one company of a zone.
type Enterprise struct {
	ID             int64       `json:"id"`
	USCC           string      `json:"uscc" doc:"unified social credit code (GB 32100-2015)"`
	Name           string      `json:"name"`
	ZoneID         int64       `json:"zone_id"`
	Zone           string      `json:"zone" doc:"slug of its zone"`
	ZoneName       string      `json:"zone_name"`
	ParkID         int64       `json:"park_id,omitempty"`
	ParkName       string      `json:"park_name,omitempty"`
	Nature         string      `json:"nature" doc:"registration type code (110–300)"`
	Industry       string      `json:"industry" doc:"GB/T 4754-2017 section letter"`
	RegCapitalFen  int64       `json:"reg_capital_fen"`
	PaidCapitalFen int64       `json:"paid_capital_fen"`
	FoundedOn      *civil.Date `json:"founded_on"`
	Listing        Listing     `json:"listing"`
	ContactName    string      `json:"contact_name"`
	ContactPhone   string      `json:"contact_phone"`
	ContactEmail   string      `json:"contact_email"`
	SettledOn      *civil.Date `json:"settled_on"`
	PledgeSigned   bool        `json:"pledge_signed"`
	PledgeOn       *civil.Date `json:"pledge_on"`
	Version        int         `json:"version" doc:"send it back with a change (PATCH) to guard against lost updates"`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`
}

// EnterpriseFields are an enterprise's changeable fields; absent ones stay
// as they are. Dates are YYYY-MM-DD, "" clears one.
type EnterpriseFields struct {
	USCC           *string  `json:"uscc,omitempty"`
	Name           *string  `json:"name,omitempty"`
	ParkID         *int64   `json:"park_id,omitempty"`
	Nature         *string  `json:"nature,omitempty" doc:"registration type code (110–300)"`
	Industry       *string  `json:"industry,omitempty" doc:"GB/T 4754-2017 section letter"`
	RegCapitalFen  *int64   `json:"reg_capital_fen,omitempty"`
	PaidCapitalFen *int64   `json:"paid_capital_fen,omitempty"`
	FoundedOn      *string  `json:"founded_on,omitempty" doc:"YYYY-MM-DD; empty clears it"`
	Listing        *Listing `json:"listing,omitempty"`
	ContactName    *string  `json:"contact_name,omitempty"`
	ContactPhone   *string  `json:"contact_phone,omitempty"`
	ContactEmail   *string  `json:"contact_email,omitempty"`
	SettledOn      *string  `json:"settled_on,omitempty" doc:"YYYY-MM-DD; empty clears it"`
	PledgeSigned   *bool    `json:"pledge_signed,omitempty"`
	PledgeOn       *string  `json:"pledge_on,omitempty" doc:"YYYY-MM-DD; empty clears it"`
}

// NewEnterprise is the body adding an enterprise.
type NewEnterprise struct {
	Version *int    `json:"version,omitempty" doc:"ignored"`
	Zone    *string `json:"zone,omitempty" doc:"the caller's zone (slug) or absent: an enterprise joins the zone of the user who adds it; another zone is refused (422)"`
	EnterpriseFields
}

// EnterprisePatch is the body changing an enterprise.
type EnterprisePatch struct {
	Version *int    `json:"version" null:"false" doc:"the version read; a change made since is a conflict (409)"`
	Zone    *string `json:"zone,omitempty" doc:"cannot change: refused (422)"`
	EnterpriseFields
}

// AuditRecord is one change in a record's history.
type AuditRecord struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`
	ActorID  int64           `json:"actor_id,omitempty"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action" doc:"create, update, delete, or a workflow verb"`
	Entity   string          `json:"entity"`
	EntityID int64           `json:"entity_id"`
	ZoneID   int64           `json:"zone_id,omitempty"`
	Before   json.RawMessage `json:"before,omitempty" doc:"the record before the change"`
	After    json.RawMessage `json:"after,omitempty" doc:"the record after the change"`
	PrevHash string          `json:"prev_hash" pattern:"^[0-9a-f]{64}$"`
	Hash     string          `json:"hash" pattern:"^[0-9a-f]{64}$"`
}
