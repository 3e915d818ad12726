package api

import "github.com/innopark/innopark/internal/httpx"

// contractRoutes lists the technology-contract registry's endpoints.
func (a *API) contractRoutes() []httpx.Route { return nil }

// contractDocs documents them.
func contractDocs() Docs { return Docs{} }
