package api

import "github.com/innopark/innopark/internal/httpx"

// indicatorRoutes lists the indicator, target, ranking and bulletin endpoints.
func (a *API) indicatorRoutes() []httpx.Route { return nil }

// indicatorDocs documents them.
func indicatorDocs() Docs { return Docs{} }
