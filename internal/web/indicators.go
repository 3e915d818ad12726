package web

import "github.com/innopark/innopark/internal/httpx"

// indicatorRoutes lists the dashboards', targets' and bulletins' pages.
func (w *Web) indicatorRoutes() []httpx.Route { return nil }
