package web

import "github.com/innopark/innopark/internal/httpx"

// contractRoutes lists the technology-contract registry's pages.
func (w *Web) contractRoutes() []httpx.Route { return nil }
