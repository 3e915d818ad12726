package gen

import "github.com/innopark/innopark/internal/contract"

// Word lists the generated names are made of. They are functions, not
// package variables, so nothing can change them for another caller.

// brandChars make two-character brand names (字号).
func brandChars() []string {
	return []string{"华", "中", "科", "创", "新", "力", "源", "达", "通", "信", "联", "智", "天", "宇", "海", "鑫",
		"泰", "盛", "恒", "瑞", "博", "远", "安", "康", "正", "德", "明", "光", "启", "辰", "星", "睿",
		"思", "航", "腾", "飞", "锐", "捷", "峰", "川", "汇", "融", "晟", "昊", "嘉", "诚", "和", "润",
		"金", "银", "东", "西", "南", "北", "云", "蓝", "青", "朗", "拓", "凯", "弘", "元", "鼎", "益"}
}

// industryWords are what a company name says it does, per GB/T 4754
// section; "" for the others.
func industryWords(industry string) []string {
	switch industry {
	case "C":
		return []string{"机械", "电子", "新材料", "精密制造", "装备制造", "化工", "汽车零部件", "生物制药", "医疗器械", "光电",
			"半导体", "智能装备", "电气", "仪器仪表"}
	case "I":
		return []string{"信息技术", "软件", "网络科技", "数据科技", "智能科技", "云计算", "物联网技术", "数字科技"}
	case "M":
		return []string{"科技", "技术研究院", "检测技术", "环保科技", "工程技术", "生物技术", "新能源科技", "设计研究院"}
	case "D":
		return []string{"能源", "电力", "新能源"}
	case "A":
		return []string{"农业科技", "种业", "生态农业"}
	}
	return []string{"实业", "发展", "科技"}
}

// industries with their weights (manufacturing, IT and research dominate
// the zones' enterprises).
func industryWeights() []weighted[string] {
	return []weighted[string]{{"C", 44}, {"I", 22}, {"M", 20}, {"D", 3}, {"E", 2}, {"A", 2}, {"F", 2}, {"G", 2}, {"L", 1}, {"N", 1}, {"J", 1}}
}

// enterpriseNatures with weights: limited-liability companies first.
func enterpriseNatures() []weighted[string] {
	return []weighted[string]{{"150", 55}, {"170", 15}, {"160", 12}, {"110", 7}, {"300", 4}, {"200", 3}, {"120", 1}, {"130", 1}, {"140", 1}, {"190", 1}}
}

func companySuffix(nature string) string {
	switch nature {
	case "160":
		return "股份有限公司"
	case "110":
		return "集团有限公司"
	case "120":
		return "集体企业"
	}
	return "有限公司"
}

func surnames() []string {
	return []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"}
}

func givenNames() []string {
	return []string{"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华", "志强", "海燕", "晓东"}
}

// institutionKinds are the public buyers of a city: nature code, the first
// two characters of their credit code, and how their name is made.
func institutionKinds() []struct{ nature, prefix, pattern string } {
	return []struct{ nature, prefix, pattern string }{
		{"022", "12", "%s大学"}, {"022", "12", "%s理工学院"}, {"022", "12", "%s职业技术学院"},
		{"021", "12", "%s工业技术研究院"}, {"021", "12", "%s农业科学院"}, {"021", "12", "中国科学院%s分院"},
		{"023", "12", "%s市第一人民医院"}, {"023", "12", "%s中心医院"},
		{"010", "11", "%s市科学技术局"}, {"010", "11", "%s市工业和信息化局"},
		{"024", "12", "%s市生产力促进中心"}, {"030", "51", "%s市科学技术协会"},
	}
}

// typeWeights: development and services dominate, as in the statistics.
func typeWeights() []weighted[contract.Type] {
	return []weighted[contract.Type]{
		{contract.DevEntrusted, 30}, {contract.DevCoop, 8}, {contract.Svc, 30}, {contract.Consult, 10},
		{contract.TrfPatent, 5}, {contract.TrfSecret, 3}, {contract.LicPatent, 3}, {contract.SvcTraining, 3},
		{contract.SvcBroker, 2}, {contract.TrfOtherIP, 2}, {contract.LicSecret, 2}, {contract.LicOtherIP, 1}, {contract.TrfPatentApp, 1},
	}
}

// fieldWeights: electronic information and advanced manufacturing lead.
func fieldWeights() []weighted[contract.Field] {
	return []weighted[contract.Field]{{"01", 280}, {"03", 180}, {"04", 100}, {"05", 90}, {"06", 90}, {"07", 70},
		{"11", 80}, {"09", 50}, {"10", 40}, {"02", 15}, {"08", 5}}
}

func typeTitle(t contract.Type) string {
	switch t {
	case contract.DevEntrusted:
		return "技术开发（委托）合同"
	case contract.DevCoop:
		return "技术开发（合作）合同"
	case contract.TrfPatent:
		return "专利权转让合同"
	case contract.TrfPatentApp:
		return "专利申请权转让合同"
	case contract.TrfSecret:
		return "技术秘密转让合同"
	case contract.TrfOtherIP:
		return "知识产权转让合同"
	case contract.LicPatent:
		return "专利实施许可合同"
	case contract.LicSecret:
		return "技术秘密使用许可合同"
	case contract.LicOtherIP:
		return "知识产权许可合同"
	case contract.Consult:
		return "技术咨询合同"
	case contract.SvcTraining:
		return "技术培训合同"
	case contract.SvcBroker:
		return "技术中介合同"
	}
	return "技术服务合同"
}

// topics are project subjects per technical field.
func topics(f contract.Field) []string {
	switch f {
	case "01":
		return []string{"工业互联网平台", "边缘计算网关", "5G专网", "智能视频识别系统", "数据中台", "嵌入式控制器", "声学传感模组", "信创适配"}
	case "02":
		return []string{"无人机飞控系统", "航空复合材料构件", "卫星遥感数据处理", "机载电子设备检测"}
	case "03":
		return []string{"数控机床远程运维", "工业机器人集成", "液压系统智能控制", "智能产线改造", "精密减速器", "激光加工装备", "柴油机高压共轨"}
	case "04":
		return []string{"创新药临床前研究", "医疗器械注册检验", "原料药连续化生产", "体外诊断试剂", "中药材规范化种植", "医用材料相容性评价"}
	case "05":
		return []string{"高性能聚烯烃", "碳纤维复合材料", "镁合金轻量化材料", "石墨烯导热膜", "功能性纺织面料", "低辐射镀膜玻璃"}
	case "06":
		return []string{"光伏电站智能运维", "储能电站能量管理", "氢燃料电池", "余热回收利用", "风光互补微电网", "锅炉节能改造"}
	case "07":
		return []string{"高盐废水零排放", "固废资源化利用", "烟气脱硫脱硝", "土壤污染修复", "矿区生态修复", "危废处置"}
	case "08":
		return []string{"核辐射监测", "同位素示踪应用", "辐照加工工艺"}
	case "09":
		return []string{"节水灌溉", "种苗脱毒繁育", "农产品溯源", "盐碱地改良", "设施农业环境控制", "畜禽疫病防控"}
	case "10":
		return []string{"轨道交通信号系统", "智能网联汽车测试", "新能源汽车电驱", "交通大数据分析"}
	case "11":
		return []string{"城市智慧供热", "地下管网监测", "老旧小区节能改造", "智慧社区平台", "市政道路沥青再生"}
	}
	return []string{"综合技术"}
}

// aspects vary a topic the way real contract names do.
func aspects() []string {
	return []string{"", "关键技术", "工艺优化", "示范应用", "系统集成", "升级改造", "试验研究", "方案设计", "研发", "技术服务"}
}

func refusalTexts() []string {
	return []string{"合同标的为成套设备采购及安装，不属于技术合同。", "合同名称为技术开发，实际内容为常规检测服务。",
		"合同未加盖买方公章。", "价款条款不明确。"}
}
