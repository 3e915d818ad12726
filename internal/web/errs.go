package web

import (
	"errors"

	"github.com/innopark/innopark/internal/errs"
)

func asErrs(err error, target **errs.Error) bool { return errors.As(err, target) }
