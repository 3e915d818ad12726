package access

import (
	"strings"
	"testing"
)

// Modules' actions join the foundation's; declaring an action twice is
// refused, whoever declares it.
func TestNewPolicyRefusesDuplicates(t *testing.T) {
	const a, b Action = "m.a", "m.b"
	p, err := NewPolicy(map[Action][]Role{a: {ZoneAdmin}}, map[Action][]Role{b: {City}})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Can(ZoneAdmin, a) || !p.Can(City, b) || !p.Can(National, UserManage) || p.Can(City, a) {
		t.Error("merged policy lost a rule")
	}
	for name, extra := range map[string][]map[Action][]Role{
		"two modules":            {{a: {ZoneAdmin}}, {b: {City}, a: {National}}},
		"a module and the table": {{EnterpriseCreate: Roles}},
	} {
		_, err := NewPolicy(extra...)
		if err == nil || !strings.Contains(err.Error(), "declared twice") {
			t.Errorf("%s: err = %v, want a duplicate declaration", name, err)
		}
	}
	// The foundation's own table is not shared between policies.
	p.rules[ZoneRead] = nil
	if !DefaultPolicy().Can(National, ZoneRead) {
		t.Error("a policy's change reached another")
	}
}

func TestDefaultPolicyPanicsOnDuplicate(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	DefaultPolicy(map[Action][]Role{AreaWrite: {City}})
}
