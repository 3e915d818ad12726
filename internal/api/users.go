package api

import (
	"net/http"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
)

func userOut(u auth.User) apitypes.User {
	return apitypes.User{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: apitypes.Role(u.Role),
		RegionCode: u.RegionCode, ZoneID: u.ZoneID, Zone: u.ZoneSlug, EnterpriseID: u.EnterpriseID, Lang: u.Lang,
		Disabled: u.Disabled, CreatedAt: u.CreatedAt}
}

func tokenOut(t auth.Token) apitypes.Token {
	areas := t.Areas
	if areas == nil {
		areas = []string{}
	}
	return apitypes.Token{ID: t.ID, UserID: t.UserID, Name: t.Name, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt,
		LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt, ReadOnly: t.ReadOnly, Areas: areas}
}

func (a *API) listUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	p.Sort = "username" // the API's documented order; the page lists the newest first
	page, err := a.Auth.ListUsers(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, userOut), page.Next))
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewUser
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	id, err := a.Auth.AddUser(r.Context(), httpx.Actor(r), auth.NewUser{Username: b.Username, DisplayName: b.DisplayName,
		Password: b.Password, Role: access.Role(b.Role), RegionCode: b.RegionCode, ZoneID: b.ZoneID, EnterpriseID: b.EnterpriseID})
	if err != nil {
		return err
	}
	// Users have no URL of their own: the list holds them.
	return located(w, "/api/v1/users", apitypes.Created{ID: id})
}

func (a *API) setPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var body apitypes.Password
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	if err := a.Auth.SetPassword(r.Context(), httpx.Actor(r), id, body.Password, body.KeepTokens); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// patchUser sets a display name: the caller's own, or a managed user's.
func (a *API) patchUser(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var body apitypes.UserPatch
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	if err := a.Auth.SetDisplayName(r.Context(), httpx.Actor(r), id, body.DisplayName); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) disableUser(disabled bool) httpx.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := PathID(r, "id")
		if err != nil {
			return err
		}
		if err := a.Auth.SetDisabled(r.Context(), httpx.Actor(r), id, disabled); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request) error {
	p, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Auth.ListTokens(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, tokenOut), page.Next))
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.NewToken
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	id, secret, err := a.Auth.CreateToken(r.Context(), httpx.Actor(r),
		auth.NewToken{Name: body.Name, Days: body.Days, Scope: auth.TokenScope{ReadOnly: body.ReadOnly, Areas: body.Areas}})
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/tokens/", id, ""), apitypes.TokenSecret{ID: id, Token: secret})
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.Auth.RevokeToken(r.Context(), httpx.Actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
