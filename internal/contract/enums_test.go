package contract

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTypeCodesAndCategories(t *testing.T) {
	want := map[Type][2]Category{ // unfolded, folded
		"DEV_ENTRUSTED":  {CatDevelopment, CatDevelopment},
		"DEV_COOP":       {CatDevelopment, CatDevelopment},
		"TRF_PATENT":     {CatTransfer, CatTransfer},
		"TRF_PATENT_APP": {CatTransfer, CatTransfer},
		"TRF_SECRET":     {CatTransfer, CatTransfer},
		"TRF_OTHER_IP":   {CatTransfer, CatTransfer},
		"LIC_PATENT":     {CatLicence, CatTransfer},
		"LIC_SECRET":     {CatLicence, CatTransfer},
		"LIC_OTHER_IP":   {CatLicence, CatTransfer},
		"CONSULT":        {CatConsulting, CatConsulting},
		"SVC":            {CatService, CatService},
		"SVC_TRAINING":   {CatService, CatService},
		"SVC_BROKER":     {CatService, CatService},
	}
	if len(Types()) != len(want) {
		t.Fatalf("Types() has %d, want %d", len(Types()), len(want))
	}
	for _, ty := range Types() {
		w, ok := want[ty]
		if !ok {
			t.Errorf("unexpected type %q", ty)
			continue
		}
		if !ty.Valid() {
			t.Errorf("%s not valid", ty)
		}
		if got := [2]Category{CategoryOf(ty, false), CategoryOf(ty, true)}; got != w {
			t.Errorf("%s categories = %v, want %v", ty, got, w)
		}
		if ty.IsLicence() != (w[0] == CatLicence) {
			t.Errorf("%s IsLicence wrong", ty)
		}
		if ty.HasSubtype() != (ty == LicPatent) {
			t.Errorf("%s HasSubtype wrong", ty)
		}
	}
	for _, bad := range []Type{"", "dev_entrusted", "LIC", "TRANSFER"} {
		if bad.Valid() || CategoryOf(bad, true) != "" {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestCategoriesList(t *testing.T) {
	if diff := cmp.Diff([]Category{"development", "transfer", "consulting", "service"}, Categories(true)); diff != "" {
		t.Errorf("folded (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Category{"development", "transfer", "licence", "consulting", "service"}, Categories(false)); diff != "" {
		t.Errorf("unfolded (-want +got):\n%s", diff)
	}
	for _, c := range Categories(false) {
		if !c.Valid() {
			t.Errorf("%s not valid", c)
		}
	}
	if Category("licensing").Valid() {
		t.Error("unknown category valid")
	}
}

func TestCodeLists(t *testing.T) {
	tests := []struct {
		name  string
		got   []string
		want  []string
		valid func(string) bool
		bad   []string
	}{
		{"fields", strs(Fields()), []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11"},
			func(s string) bool { return Field(s).Valid() }, []string{"", "00", "12", "1", "001", "0a"}},
		{"natures", strs(Natures()), []string{"010", "021", "022", "023", "024", "030", "110", "120", "130",
			"140", "150", "160", "170", "190", "200", "300", "400"},
			func(s string) bool { return Nature(s).Valid() }, []string{"", "020", "180", "100", "10"}},
		{"programme", strs(ProgrammeLevels()), []string{"national", "ministerial", "provincial", "local", "none"},
			func(s string) bool { return ProgrammeLevel(s).Valid() }, []string{"", "city", "National"}},
		{"ip", strs(IPTypes()), []string{"patent", "software_copyright", "ic_layout", "plant_variety",
			"biomedical_variety", "technical_secret", "other", "none"},
			func(s string) bool { return IPType(s).Valid() }, []string{"", "trademark"}},
		{"deductions", strs(DeductionKinds()), []string{"equipment", "instruments", "parts", "raw_materials"},
			func(s string) bool { return DeductionKind(s).Valid() }, []string{"", "land", "labour"}},
		{"refusals", strs(RefusalReasons()), []string{"not_in_force", "not_tech_contract", "unclear_terms",
			"approval_missing", "title_mismatch", "restrictive_terms", "proof_missing", "seals_mismatch",
			"infringes_rights", "other"},
			func(s string) bool { return RefusalReason(s).Valid() }, []string{"", "late"}},
		{"licence subtypes", strs(LicenceSubtypes()), []string{"exclusive", "sole", "ordinary"},
			func(s string) bool { return LicenceSubtype(s).Valid() }, []string{"", "global"}},
		{"statuses", strs(Statuses()), []string{"draft", "awaiting", "submitted", "returned", "under_review",
			"second_review", "registered", "refused", "cancelled"},
			func(s string) bool { return Status(s).Valid() }, []string{"", "amended", "rejected"}},
		{"rule sets", strs(RuleSetIDs()), []string{"legacy2000", "miit2026"},
			func(s string) bool { return RuleSetID(s).Valid() }, []string{"", "most2001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("codes (-want +got):\n%s", diff)
			}
			for _, s := range tt.got {
				if !tt.valid(s) {
					t.Errorf("%q not valid", s)
				}
			}
			for _, s := range tt.bad {
				if tt.valid(s) {
					t.Errorf("%q valid", s)
				}
			}
		})
	}
}

func TestNatureGroups(t *testing.T) {
	for _, n := range Natures() {
		dom := n >= "110" && n <= "190"
		ent := dom || n == NatHMT || n == NatForeign
		if n.IsDomesticEnterprise() != dom || n.IsEnterprise() != ent {
			t.Errorf("%s: domestic %v enterprise %v", n, n.IsDomesticEnterprise(), n.IsEnterprise())
		}
	}
	if Nature("180").IsEnterprise() {
		t.Error("unknown code 180 counted as an enterprise")
	}
}

func TestStatusPredicates(t *testing.T) {
	type preds struct{ pending, editable, final bool }
	want := map[Status]preds{
		Draft:        {editable: true},
		Awaiting:     {pending: true},
		Submitted:    {pending: true},
		Returned:     {editable: true},
		UnderReview:  {pending: true},
		SecondReview: {pending: true},
		Registered:   {},
		Refused:      {final: true},
		Cancelled:    {final: true},
	}
	for _, s := range Statuses() {
		if got := (preds{s.Pending(), s.Editable(), s.Final()}); got != want[s] {
			t.Errorf("%s: %+v, want %+v", s, got, want[s])
		}
	}
	if New.Key() != "contract.status.new" || Draft.Key() != "contract.status.draft" {
		t.Error("status keys")
	}
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
