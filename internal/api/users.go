package api

import (
	"net/http"

	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
)

func (a *API) listUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Auth.ListUsers(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, page)
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) error {
	var body auth.NewUser
	if err := httpx.DecodeJSON(w, r, maxBody, &body); err != nil {
		return err
	}
	id, err := a.Auth.AddUser(r.Context(), httpx.Actor(r), body)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusCreated, map[string]int64{"id": id})
}

func (a *API) setPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var body struct {
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	if err := a.Auth.SetPassword(r.Context(), httpx.Actor(r), id, body.Password); err != nil {
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
	return httpx.JSON(w, http.StatusOK, page)
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Name string `json:"name"`
	}
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	id, secret, err := a.Auth.CreateToken(r.Context(), httpx.Actor(r), body.Name)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusCreated, map[string]any{"id": id, "token": secret})
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
