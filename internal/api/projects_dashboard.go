package api

import (
	"net/http"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/project"
)

// projectDashboardEndpoint is the zone projects dashboard's figures.
func (a *API) projectDashboardEndpoint() endpoint {
	return endpoint{Method: "GET", Pattern: "/api/v1/zones/{slug}/projects/dashboard", Handler: a.getProjectDashboard,
		Op: Op{Summary: "A zone's projects dashboard for a period (default this year to date), all from rollups: projects by status at the period's end, investment against plan and the annual target, starts and finishes on time, average days ahead, open problems, overdue milestones, awards, investment by month",
			Tag: "projects", Query: apitypes.PeriodQuery{}, OK: []Resp{ok(apitypes.ProjectDashboard{})}, Errors: []int{http.StatusUnprocessableEntity}}}
}

func (a *API) getProjectDashboard(w http.ResponseWriter, r *http.Request) error {
	per, err := a.queryPeriod(r)
	if err != nil {
		return err
	}
	act := httpx.Actor(r)
	z, err := a.Zones.BySlug(r.Context(), act, r.PathValue("slug"))
	if err != nil {
		return err
	}
	d, err := a.Projects.Dashboard(r.Context(), act, a.Indicators, z, per)
	if err != nil {
		return err
	}
	lang := a.lang(r)
	out := apitypes.ProjectDashboard{Zone: z.Slug, ZoneName: areaName(lang, z), From: per.From.String(), To: per.To.String(),
		StartedOnTime: d.StartedOnTime, CompletedOnTime: d.CompletedOnTime}
	for _, f := range append([]indicator.Figure{d.Count, d.Investment, d.Planned}, d.Figures...) {
		out.Figures = append(out.Figures, a.figureOut(lang, f))
	}
	out.ByStatus = apitypes.Map(d.ByStatus, func(x project.StatusCount) apitypes.ProjectStatusCount {
		return apitypes.ProjectStatusCount{Status: apitypes.ProjectStatus(x.Status), Label: a.Catalog.T(lang, x.Status.Key()), Count: x.Count}
	})
	out.Timing = apitypes.Map(d.Timing, func(x project.TimingCount) apitypes.ProjectTimingCount {
		return apitypes.ProjectTimingCount{Indicator: x.Indicator, Timing: apitypes.Timing(x.Class), Count: x.Count}
	})
	out.Months = apitypes.Map(d.Months, func(m project.MonthFigures) apitypes.ProjectMonth {
		x := apitypes.ProjectMonth{Month: m.Month.String()}
		if m.HasPlanned {
			x.PlannedFen = &m.Planned
		}
		if m.HasCompleted {
			x.CompletedFen = &m.Completed
		}
		return x
	})
	return httpx.JSON(w, http.StatusOK, out)
}
