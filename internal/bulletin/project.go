package bulletin

import (
	"context"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/zone"
)

// ProjectReader is what the project item reads of the projects module
// (project.Service implements it).
type ProjectReader interface {
	List(ctx context.Context, a access.Actor, f project.Filter) (paging.Page[project.Project], error)
	Get(ctx context.Context, a access.Actor, id int64) (project.Project, error)
	Awards(ctx context.Context, a access.Actor, id int64) ([]project.Award, error)
}

// ProjectContributor writes the item of the page's Foshan story: the
// latest award of the period to one of the area's finished projects, who
// built it, its investment, its start and its finish against plan (days
// ahead computed from the plan in force) and its scope.
func ProjectContributor(ps ProjectReader) Contributor {
	return Contributor{Module: ModuleProject, Key: "award", Facts: func(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, bool, error) {
		return projectFacts(ctx, ps, f, a, area, p)
	}}
}

// inPeriod reports whether an award falls in p: its date when known, else
// its year overlapping p's years.
func inPeriod(x project.Award, p indicator.Period) bool {
	if !x.AwardedOn.IsZero() {
		return p.Contains(indicator.MonthOfDate(x.AwardedOn))
	}
	return p.From.Year() <= x.Year && x.Year <= p.To.Year()
}

// later reports whether award x is more recent than y.
func later(x, y project.Award) bool {
	if x.Year != y.Year {
		return x.Year > y.Year
	}
	if x.AwardedOn != y.AwardedOn {
		return y.AwardedOn.Before(x.AwardedOn)
	}
	return x.ID > y.ID
}

func projectFacts(ctx context.Context, ps ProjectReader, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, bool, error) {
	var best project.Award
	req := project.Filter{ZoneID: area.ID, Request: paging.Request{Limit: paging.MaxLimit}}
	for {
		page, err := ps.List(ctx, a, req)
		if err != nil {
			return Facts{}, false, err
		}
		for _, pr := range page.Items {
			if pr.FinishedOn.IsZero() {
				continue
			}
			awards, err := ps.Awards(ctx, a, pr.ID)
			if err != nil {
				return Facts{}, false, err
			}
			for _, x := range awards {
				if inPeriod(x, p) && (best.ID == 0 || later(x, best)) {
					best = x
				}
			}
		}
		if page.Next == "" {
			break
		}
		req.Cursor = page.Next
	}
	if best.ID == 0 {
		return Facts{}, false, nil
	}
	pr, err := ps.Get(ctx, a, best.ProjectID)
	if err != nil {
		return Facts{}, false, err
	}
	today := f.Today()
	facts := Facts{Zone: area.Name, City: area.CityName, Period: p, Date: today,
		N: map[string]int64{"total": pr.TotalFen}, L: map[string][]string{},
		S: map[string]string{"project": pr.Name, "award": best.Name, "issuer": best.Issuer, "builder": pr.BuilderName,
			"started": pr.StartedOn.String(), "finished": pr.FinishedOn.String(), "finish_words": "完工"}}
	if pr.ParkName != "" {
		facts.S["park"] = pr.ParkName
	}
	switch tm := project.TimingOf(pr, today); {
	case tm.Days > 0:
		facts.N["days_ahead"] = int64(tm.Days)
	case tm.Days < 0:
		facts.N["days_late"] = int64(-tm.Days)
	}
	for _, it := range pr.Items {
		switch it.Kind {
		case project.ItemRoad:
			facts.L["roads"] = append(facts.L["roads"], it.Name)
		case project.ItemPark:
			facts.L["parks"] = append(facts.L["parks"], it.Name)
		default:
			facts.L["others"] = append(facts.L["others"], it.Name)
		}
	}
	if !pr.OpenedOn.IsZero() {
		facts.S["finish_words"] = "完工投用"
		if len(facts.L["roads"]) > 0 {
			facts.S["finish_words"] = "完工通车"
		}
	}
	return facts, true, nil
}
