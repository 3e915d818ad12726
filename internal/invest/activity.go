package invest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/innopark/innopark/internal/civil"
)

// Trip is an outbound investment trip (外出招商).
type Trip struct {
	ID           int64      `json:"id"`
	ZoneID       int64      `json:"zone_id"`
	StartOn      civil.Date `json:"start_on"`
	EndOn        civil.Date `json:"end_on"`
	Province     string     `json:"province"` // as the item names it: 北京, 上海, 山东
	City         string     `json:"city"`
	Leader       string     `json:"leader"`
	People       int        `json:"people"`
	Firms        string     `json:"firms"` // firms met
	Notes        string     `json:"notes"`
	ProjectIDs   []int64    `json:"project_ids"` // projects touched
	ProjectNames []string   `json:"project_names,omitempty"`
}

// Visit is an inbound inspection visit a zone invited (邀请考察).
type Visit struct {
	ID           int64      `json:"id"`
	ZoneID       int64      `json:"zone_id"`
	Firm         string     `json:"firm"` // the visiting firm
	StartOn      civil.Date `json:"start_on"`
	EndOn        civil.Date `json:"end_on"`
	Hosts        string     `json:"hosts"`
	Notes        string     `json:"notes"`
	ProjectIDs   []int64    `json:"project_ids"`
	ProjectNames []string   `json:"project_names,omitempty"`
}

// FollowUp is one contact with a project's investor and the next one planned.
type FollowUp struct {
	ID        int64      `json:"id"`
	ProjectID int64      `json:"project_id"`
	On        civil.Date `json:"on"`
	Notes     string     `json:"notes"`
	NextOn    civil.Date `json:"next_on"`
	Owner     string     `json:"owner"` // who makes the next contact
	ByName    string     `json:"by_name"`
}

// Activity is a trip or visit as a project's page lists it.
type Activity struct {
	Kind    string     `json:"kind"` // "trip" or "visit"
	ID      int64      `json:"id"`
	StartOn civil.Date `json:"start_on"`
	EndOn   civil.Date `json:"end_on"`
	Title   string     `json:"title"` // the destination or the visiting firm
}

// TripStamp fingerprints a trip as stored — its fields and projects — so a
// form that changes it can say which state it changes (UpdateTrip).
func TripStamp(t Trip) string {
	ids := slices.Clone(t.ProjectIDs)
	slices.Sort(ids)
	h := sha256.New()
	fmt.Fprintf(h, "%d|%d|%s|%s|%q|%q|%q|%d|%q|%q|%v", t.ID, t.ZoneID, t.StartOn, t.EndOn, t.Province, t.City, t.Leader, t.People, t.Firms, t.Notes, ids)
	return hex.EncodeToString(h.Sum(nil)[:12])
}
