package store_test

import (
	"errors"

	"github.com/innopark/innopark/internal/errs"
)

func errsAs(err error, e **errs.Error) bool { return errors.As(err, e) }
