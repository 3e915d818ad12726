package invest

import "github.com/innopark/innopark/internal/civil"

// FundKind is what a fund is.
type FundKind string

const (
	FundGuiding FundKind = "guiding" // 政府产业引导基金
	FundVenture FundKind = "venture" // 创投
	FundPrivate FundKind = "private" // 私募
)

// FundKinds lists the kinds in form order.
func FundKinds() []FundKind { return []FundKind{FundGuiding, FundVenture, FundPrivate} }

// Key is the catalog key of the kind's name.
func (k FundKind) Key() string { return "invest.fund_kind." + string(k) }

// Fund is a guiding fund or venture firm a zone works with. What it is and
// holds is recorded; no re-investment (返投) quota is kept (国办发〔2025〕1号).
type Fund struct {
	ID           int64      `json:"id"`
	ZoneID       int64      `json:"zone_id"`
	Name         string     `json:"name"`
	Manager      string     `json:"manager"`
	ManagerUSCC  string     `json:"manager_uscc"`
	Kind         FundKind   `json:"kind"`
	TargetFen    int64      `json:"target_fen"`
	CommittedFen int64      `json:"committed_fen"`
	PaidInFen    int64      `json:"paid_in_fen"`
	SetUpOn      civil.Date `json:"set_up_on"`
	Notes        string     `json:"notes"`
	ProjectIDs   []int64    `json:"project_ids"` // portfolio projects
	ProjectNames []string   `json:"project_names,omitempty"`
}
