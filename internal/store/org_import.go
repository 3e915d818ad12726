package store

import (
	"context"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/talent"
)

// ImportOrganisations stores an import's organisations in one transaction:
// all of them or none (org.Store).
func (s Orgs) ImportOrganisations(ctx context.Context, a access.Actor, list []org.Organisation, st org.Settings) (int, error) {
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		for _, o := range list {
			if _, err := tx.CreateOrganisation(ctx, a, o, st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("import organisations: %w", err)
	}
	return len(list), nil
}

// ImportChainMembers writes each chain of next over its version in prev in
// one transaction (org.Store).
func (s Orgs) ImportChainMembers(ctx context.Context, a access.Actor, prev, next []org.Chain) error {
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		for i := range next {
			if err := tx.UpdateChain(ctx, a, prev[i], next[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("import chain members: %w", err)
	}
	return nil
}

// ImportOnlineBranches stores an import's online branches in one
// transaction (org.Store).
func (s Orgs) ImportOnlineBranches(ctx context.Context, a access.Actor, list []org.OnlineBranch) (int, error) {
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		for _, b := range list {
			if _, err := tx.CreateOnlineBranch(ctx, a, b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("import online branches: %w", err)
	}
	return len(list), nil
}

// PersonApplications returns a person's applications to a programme
// (talent.Store: an import checks the one-tier rule before it stores).
func (s Talents) PersonApplications(ctx context.Context, programmeID int64, idNumber string) ([]talent.Applicant, error) {
	list, err := queryAll(ctx, s.DB.Read(), scanApplicant, "SELECT "+applicantCols+applicantFrom+"x.programme_id = ? AND x.id_number = ?",
		programmeID, idNumber)
	if err != nil {
		return nil, fmt.Errorf("person's applications: %w", err)
	}
	return list, nil
}

// ImportApplicants stores an import's applications in one transaction,
// each checked against the person's others as it goes in (talent.Store).
func (s Talents) ImportApplicants(ctx context.Context, a access.Actor, list []talent.Applicant, keys []talent.Keys,
	check func(x talent.Applicant, others []talent.Applicant) error) (int, error) {
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		for i, x := range list {
			if _, err := tx.CreateApplicant(ctx, a, x, keys[i], func(others []talent.Applicant) error { return check(x, others) }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("import applicants: %w", err)
	}
	return len(list), nil
}
