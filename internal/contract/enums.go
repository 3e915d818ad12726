package contract

// Enumerations are stable codes: the API, the database and exports carry the
// code, the UI shows the catalog text behind Key(). Lists are returned by
// functions so no caller can change them for everybody else.

// Type is the contract type (Civil Code book 3, chapter 20).
type Type string

const (
	DevEntrusted Type = "DEV_ENTRUSTED" // 委托开发
	DevCoop      Type = "DEV_COOP"      // 合作开发
	TrfPatent    Type = "TRF_PATENT"    // 专利权转让
	TrfPatentApp Type = "TRF_PATENT_APP"
	TrfSecret    Type = "TRF_SECRET"
	TrfOtherIP   Type = "TRF_OTHER_IP"
	LicPatent    Type = "LIC_PATENT" // has a LicenceSubtype
	LicSecret    Type = "LIC_SECRET"
	LicOtherIP   Type = "LIC_OTHER_IP"
	Consult      Type = "CONSULT"
	Svc          Type = "SVC"
	SvcTraining  Type = "SVC_TRAINING"
	SvcBroker    Type = "SVC_BROKER"
)

// Types lists every type in the order of the registration form.
func Types() []Type {
	return []Type{DevEntrusted, DevCoop, TrfPatent, TrfPatentApp, TrfSecret, TrfOtherIP,
		LicPatent, LicSecret, LicOtherIP, Consult, Svc, SvcTraining, SvcBroker}
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { return t.Category() != "" }

// Key is the catalog key of t's name.
func (t Type) Key() string { return "contract.type." + string(t) }

// Category is t's category under the Civil Code, licences kept apart.
// It is "" for an unknown type.
func (t Type) Category() Category {
	switch t {
	case DevEntrusted, DevCoop:
		return CatDevelopment
	case TrfPatent, TrfPatentApp, TrfSecret, TrfOtherIP:
		return CatTransfer
	case LicPatent, LicSecret, LicOtherIP:
		return CatLicence
	case Consult:
		return CatConsulting
	case Svc, SvcTraining, SvcBroker:
		return CatService
	}
	return ""
}

// CategoryOf is t's category for a report. With foldLicence, licences count
// as transfers, as they did under the 2001 rules (four kinds).
func CategoryOf(t Type, foldLicence bool) Category {
	c := t.Category()
	if foldLicence && c == CatLicence {
		return CatTransfer
	}
	return c
}

// IsLicence reports whether t licenses rather than transfers.
func (t Type) IsLicence() bool { return t.Category() == CatLicence }

// HasSubtype reports whether contracts of type t must state a LicenceSubtype.
func (t Type) HasSubtype() bool { return t == LicPatent }

// Category groups types for reports.
type Category string

const (
	CatDevelopment Category = "development" // 技术开发
	CatTransfer    Category = "transfer"    // 技术转让
	CatLicence     Category = "licence"     // 技术许可
	CatConsulting  Category = "consulting"  // 技术咨询
	CatService     Category = "service"     // 技术服务
)

// Categories lists every category; with foldLicence, licence is left out.
func Categories(foldLicence bool) []Category {
	if foldLicence {
		return []Category{CatDevelopment, CatTransfer, CatConsulting, CatService}
	}
	return []Category{CatDevelopment, CatTransfer, CatLicence, CatConsulting, CatService}
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	switch c {
	case CatDevelopment, CatTransfer, CatLicence, CatConsulting, CatService:
		return true
	}
	return false
}

// Key is the catalog key of c's name.
func (c Category) Key() string { return "contract.category." + string(c) }

// LicenceSubtype is the exclusivity of a patent licence.
type LicenceSubtype string

const (
	LicExclusive LicenceSubtype = "exclusive" // 独占: not even the licensor uses it
	LicSole      LicenceSubtype = "sole"      // 排他: licensor and licensee only
	LicOrdinary  LicenceSubtype = "ordinary"  // 普通: licensor may license others
)

// LicenceSubtypes lists every subtype.
func LicenceSubtypes() []LicenceSubtype { return []LicenceSubtype{LicExclusive, LicSole, LicOrdinary} }

// Valid reports whether s is a known subtype.
func (s LicenceSubtype) Valid() bool {
	return s == LicExclusive || s == LicSole || s == LicOrdinary
}

// Key is the catalog key of s's name.
func (s LicenceSubtype) Key() string { return "contract.licence." + string(s) }

// Field is the technical field, "01"–"11" in the order of TECH-CONTRACTS.md.
type Field string

// Fields lists every technical field.
func Fields() []Field {
	return []Field{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11"}
}

// Valid reports whether f is a known field.
func (f Field) Valid() bool { return len(f) == 2 && allDigits(string(f)) && f >= "01" && f <= "11" }

// Key is the catalog key of f's name.
func (f Field) Key() string { return "contract.field." + string(f) }

// Nature is a party's nature code (three digits).
type Nature string

const (
	NatGovernment  Nature = "010" // 机关
	NatResearch    Nature = "021" // 科研机构
	NatUniversity  Nature = "022" // 高等院校
	NatMedical     Nature = "023" // 医疗卫生机构
	NatInstitution Nature = "024" // 其他事业单位
	NatAssociation Nature = "030" // 社会团体
	NatStateOwned  Nature = "110" // 国有企业
	NatCollective  Nature = "120" // 集体企业
	NatJointStock  Nature = "130" // 股份合作企业
	NatJointVent   Nature = "140" // 联营企业
	NatLLC         Nature = "150" // 有限责任公司
	NatPLC         Nature = "160" // 股份有限公司
	NatPrivate     Nature = "170" // 私营企业
	NatOtherDom    Nature = "190" // 其他内资企业
	NatHMT         Nature = "200" // 港澳台商投资企业
	NatForeign     Nature = "300" // 外商投资企业
	NatIndividual  Nature = "400" // 个人
)

// Natures lists every nature code.
func Natures() []Nature {
	return []Nature{NatGovernment, NatResearch, NatUniversity, NatMedical, NatInstitution,
		NatAssociation, NatStateOwned, NatCollective, NatJointStock, NatJointVent, NatLLC,
		NatPLC, NatPrivate, NatOtherDom, NatHMT, NatForeign, NatIndividual}
}

// Valid reports whether n is a known nature code.
func (n Nature) Valid() bool {
	for _, x := range Natures() {
		if x == n {
			return true
		}
	}
	return false
}

// Key is the catalog key of n's name.
func (n Nature) Key() string { return "contract.nature." + string(n) }

// IsEnterprise reports whether n is an enterprise of any ownership.
func (n Nature) IsEnterprise() bool { return n.Valid() && n >= "110" && n <= "300" }

// IsDomesticEnterprise reports whether n is a domestic (内资) enterprise.
func (n Nature) IsDomesticEnterprise() bool { return n.Valid() && n >= "110" && n <= "190" }

// ProgrammeLevel is the level of the S&T programme a contract belongs to.
type ProgrammeLevel string

const (
	ProgNational    ProgrammeLevel = "national"
	ProgMinisterial ProgrammeLevel = "ministerial"
	ProgProvincial  ProgrammeLevel = "provincial"
	ProgLocal       ProgrammeLevel = "local"
	ProgNone        ProgrammeLevel = "none"
)

// ProgrammeLevels lists every level.
func ProgrammeLevels() []ProgrammeLevel {
	return []ProgrammeLevel{ProgNational, ProgMinisterial, ProgProvincial, ProgLocal, ProgNone}
}

// Valid reports whether p is a known level.
func (p ProgrammeLevel) Valid() bool {
	switch p {
	case ProgNational, ProgMinisterial, ProgProvincial, ProgLocal, ProgNone:
		return true
	}
	return false
}

// Key is the catalog key of p's name.
func (p ProgrammeLevel) Key() string { return "contract.programme." + string(p) }

// IPType is the kind of intellectual property a contract involves.
type IPType string

const (
	IPPatent            IPType = "patent"
	IPSoftware          IPType = "software_copyright"
	IPICLayout          IPType = "ic_layout"
	IPPlantVariety      IPType = "plant_variety"
	IPBiomedicalVariety IPType = "biomedical_variety"
	IPTechSecret        IPType = "technical_secret"
	IPOther             IPType = "other"
	IPNone              IPType = "none"
)

// IPTypes lists every IP type.
func IPTypes() []IPType {
	return []IPType{IPPatent, IPSoftware, IPICLayout, IPPlantVariety, IPBiomedicalVariety,
		IPTechSecret, IPOther, IPNone}
}

// Valid reports whether i is a known IP type.
func (i IPType) Valid() bool {
	for _, x := range IPTypes() {
		if x == i {
			return true
		}
	}
	return false
}

// Key is the catalog key of i's name.
func (i IPType) Key() string { return "contract.ip." + string(i) }

// QualifiesForIncomeTax reports whether transferring or licensing this kind
// of IP can be technology-transfer income (patents, software copyright, IC
// layouts, plant and biomedical varieties; know-how does not count).
func (i IPType) QualifiesForIncomeTax() bool {
	switch i {
	case IPPatent, IPSoftware, IPICLayout, IPPlantVariety, IPBiomedicalVariety:
		return true
	}
	return false
}

// DeductionKind is a non-technical cost deducted from the contract amount.
type DeductionKind string

const (
	DedEquipment    DeductionKind = "equipment"
	DedInstruments  DeductionKind = "instruments"
	DedParts        DeductionKind = "parts"
	DedRawMaterials DeductionKind = "raw_materials"
)

// DeductionKinds lists every deduction kind.
func DeductionKinds() []DeductionKind {
	return []DeductionKind{DedEquipment, DedInstruments, DedParts, DedRawMaterials}
}

// Valid reports whether k is a known deduction kind.
func (k DeductionKind) Valid() bool {
	switch k {
	case DedEquipment, DedInstruments, DedParts, DedRawMaterials:
		return true
	}
	return false
}

// Key is the catalog key of k's name.
func (k DeductionKind) Key() string { return "contract.deduction." + string(k) }

// RefusalReason is why a registration point refused (未予登记) a contract.
type RefusalReason string

const (
	RefNotInForce    RefusalReason = "not_in_force"      // 合同不成立或者未生效
	RefNotTech       RefusalReason = "not_tech_contract" // 不属于技术合同
	RefUnclear       RefusalReason = "unclear_terms"     // 当事人、标的或价款不明确
	RefNoApproval    RefusalReason = "approval_missing"  // 应当批准而未批准
	RefTitleMismatch RefusalReason = "title_mismatch"    // 名称与内容不符
	RefRestrictive   RefusalReason = "restrictive_terms" // 非法垄断、妨碍技术进步
	RefProof         RefusalReason = "proof_missing"     // 证明材料缺失或无效
	RefSeals         RefusalReason = "seals_mismatch"    // 签章不全或不符
	RefInfringes     RefusalReason = "infringes_rights"  // 侵害他人技术成果
	RefOther         RefusalReason = "other"             // 其他: free text required
)

// RefusalReasons lists every refusal reason.
func RefusalReasons() []RefusalReason {
	return []RefusalReason{RefNotInForce, RefNotTech, RefUnclear, RefNoApproval,
		RefTitleMismatch, RefRestrictive, RefProof, RefSeals, RefInfringes, RefOther}
}

// Valid reports whether r is a known refusal reason.
func (r RefusalReason) Valid() bool {
	for _, x := range RefusalReasons() {
		if x == r {
			return true
		}
	}
	return false
}

// Key is the catalog key of r's name.
func (r RefusalReason) Key() string { return "contract.refusal." + string(r) }

// NeedsText reports whether a refusal for r must explain itself in free text.
func (r RefusalReason) NeedsText() bool { return r == RefOther }
