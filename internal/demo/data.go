package demo

// The demo's geography and enterprises: the five zones of the newspaper page
// (创新园区, 2023-12-18), their cities and provinces (GB/T 2260 codes), a few
// counties and districts of each city (the peers a zone is ranked among),
// the parks the page names and every enterprise it names. Real credit codes
// are unknown, so codes are made with a valid check character.

type regionSeed struct{ code, name, nameEN, level, parent string }

func regionSeeds() []regionSeed {
	return []regionSeed{
		{"370000", "山东省", "Shandong", "province", ""},
		{"370300", "淄博市", "Zibo", "city", "370000"},
		{"370700", "潍坊市", "Weifang", "city", "370000"},
		{"440000", "广东省", "Guangdong", "province", ""},
		{"440600", "佛山市", "Foshan", "city", "440000"},
		{"610000", "陕西省", "Shaanxi", "province", ""},
		{"610800", "榆林市", "Yulin", "city", "610000"},
		{"230000", "黑龙江省", "Heilongjiang", "province", ""},
		{"230200", "齐齐哈尔市", "Qiqihar", "city", "230000"},
	}
}

type zoneSeed struct {
	slug, name, nameEN, city string
	parks                    []string
	counties                 []countySeed
}

type countySeed struct{ slug, name, nameEN, gb string }

func zoneSeeds() []zoneSeed {
	return []zoneSeed{
		{slug: "weifang", name: "潍坊高新区", nameEN: "Weifang Hi-tech Zone", city: "370700",
			parks: []string{"潍坊软件园"},
			counties: []countySeed{
				{"weifang-weicheng", "潍城区", "Weicheng District", "370702"},
				{"weifang-hanting", "寒亭区", "Hanting District", "370703"},
				{"weifang-fangzi", "坊子区", "Fangzi District", "370704"},
				{"weifang-kuiwen", "奎文区", "Kuiwen District", "370705"},
				{"weifang-qingzhou", "青州市", "Qingzhou", "370781"},
				{"weifang-zhucheng", "诸城市", "Zhucheng", "370782"},
				{"weifang-shouguang", "寿光市", "Shouguang", "370783"},
			}},
		{slug: "zibo", name: "淄博高新区", nameEN: "Zibo Hi-tech Zone", city: "370300",
			counties: []countySeed{
				{"zibo-zichuan", "淄川区", "Zichuan District", "370302"},
				{"zibo-zhangdian", "张店区", "Zhangdian District", "370303"},
				{"zibo-boshan", "博山区", "Boshan District", "370304"},
				{"zibo-linzi", "临淄区", "Linzi District", "370305"},
				{"zibo-zhoucun", "周村区", "Zhoucun District", "370306"},
				{"zibo-huantai", "桓台县", "Huantai County", "370321"},
				{"zibo-gaoqing", "高青县", "Gaoqing County", "370322"},
				{"zibo-yiyuan", "沂源县", "Yiyuan County", "370323"},
			}},
		{slug: "foshan", name: "佛山高新区", nameEN: "Foshan Hi-tech Zone", city: "440600",
			parks: []string{"佛山人才创新灯塔产业园"},
			counties: []countySeed{
				{"foshan-chancheng", "禅城区", "Chancheng District", "440604"},
				{"foshan-nanhai", "南海区", "Nanhai District", "440605"},
				{"foshan-shunde", "顺德区", "Shunde District", "440606"},
				{"foshan-sanshui", "三水区", "Sanshui District", "440607"},
				{"foshan-gaoming", "高明区", "Gaoming District", "440608"},
			}},
		{slug: "yulin", name: "榆林高新区", nameEN: "Yulin Hi-tech Zone", city: "610800",
			counties: []countySeed{
				{"yulin-yuyang", "榆阳区", "Yuyang District", "610802"},
				{"yulin-hengshan", "横山区", "Hengshan District", "610803"},
				{"yulin-fugu", "府谷县", "Fugu County", "610822"},
				{"yulin-jingbian", "靖边县", "Jingbian County", "610824"},
				{"yulin-dingbian", "定边县", "Dingbian County", "610825"},
				{"yulin-shenmu", "神木市", "Shenmu", "610881"},
			}},
		{slug: "qiqihar", name: "齐齐哈尔高新区", nameEN: "Qiqihar Hi-tech Zone", city: "230200",
			parks: []string{"食品加工产业园", "生物医药产业园"},
			counties: []countySeed{
				{"qiqihar-longsha", "龙沙区", "Longsha District", "230202"},
				{"qiqihar-jianhua", "建华区", "Jianhua District", "230203"},
				{"qiqihar-tiefeng", "铁锋区", "Tiefeng District", "230204"},
				{"qiqihar-angangxi", "昂昂溪区", "Ang'angxi District", "230205"},
				{"qiqihar-fulaerji", "富拉尔基区", "Fularji District", "230206"},
				{"qiqihar-nehe", "讷河市", "Nehe", "230281"},
			}},
	}
}

// entSeed is one demo enterprise. Capital in 万元 (converted to fen on load).
type entSeed struct {
	zone, name, nature, industry, listing, park string
	regWan, paidWan                             int64
	founded, settled                            string
	pledge                                      bool
}

// enterprises: those the page names first, in page order, then a few
// ordinary ones so every zone's lists have something to page through.
// The first enterprise of each zone gets the <slug>-ent demo user.
func enterpriseSeeds() []entSeed {
	return []entSeed{
		// 潍坊: 歌尔集团 (its party committee named a national advanced grassroots organisation).
		{zone: "weifang", name: "歌尔集团有限公司", nature: "150", industry: "C", regWan: 10000, paidWan: 10000, founded: "2001-06-25", settled: "2001-06-25", pledge: true},
		// 淄博: the seven on CNIPA's 2023 notice, demonstration first, then advantage.
		{zone: "zibo", name: "山东亚华电子股份有限公司", nature: "160", industry: "C", listing: "a_share", regWan: 13334, paidWan: 13334, founded: "2001-12-05", settled: "2001-12-05"},
		{zone: "zibo", name: "山东瑞邦智能装备股份有限公司", nature: "160", industry: "C", regWan: 6000, paidWan: 6000, founded: "2005-03-18", settled: "2005-03-18"},
		{zone: "zibo", name: "淄博鑫旭电源科技有限公司", nature: "150", industry: "C", regWan: 5000, paidWan: 5000, founded: "2007-08-09", settled: "2007-08-09"},
		{zone: "zibo", name: "山东金晶科技股份有限公司", nature: "160", industry: "C", listing: "a_share", regWan: 142874, paidWan: 142874, founded: "1999-12-31", settled: "2000-01-10"},
		{zone: "zibo", name: "山东新华医疗器械股份有限公司", nature: "160", industry: "C", listing: "a_share", regWan: 46794, paidWan: 46794, founded: "1993-04-18", settled: "1993-04-18"},
		{zone: "zibo", name: "山东新华制药股份有限公司", nature: "160", industry: "C", listing: "hk", regWan: 68412, paidWan: 68412, founded: "1993-09-20", settled: "1993-09-20"},
		{zone: "zibo", name: "鲁泰纺织股份有限公司", nature: "160", industry: "C", listing: "a_share", regWan: 86010, paidWan: 86010, founded: "1993-05-20", settled: "1993-05-20"},
		// 淄博: the drug-packaging maker Qiqihar signed a strategic agreement with (新三板).
		{zone: "zibo", name: "山东淄博中南医药包装材料股份有限公司", nature: "160", industry: "C", listing: "neeq", regWan: 5580, paidWan: 5580, founded: "2002-04-16", settled: "2002-04-16"},
		// 佛山: the owner and builder of the 创新灯塔社区 municipal works.
		{zone: "foshan", name: "广东佛高控股公司", nature: "110", industry: "E", park: "佛山人才创新灯塔产业园", regWan: 100000, paidWan: 100000, founded: "2017-03-01", settled: "2017-03-01"},
		// 齐齐哈尔: the investment-attraction results of 2023.
		{zone: "qiqihar", name: "国豆优福（黑龙江）药膳食品有限公司", nature: "150", industry: "C", park: "食品加工产业园", regWan: 7000, paidWan: 0, founded: "2023-07-12", settled: "2023-07-12", pledge: true},
		{zone: "qiqihar", name: "北京青土农业科技有限公司", nature: "150", industry: "M", regWan: 1000, paidWan: 1000, founded: "2019-05-22", settled: "2023-06-01", pledge: true},
		{zone: "qiqihar", name: "北京国豆盛为种子科技有限公司", nature: "150", industry: "A", regWan: 5000, paidWan: 5000, founded: "2016-11-08", settled: "2023-07-12"},
		{zone: "qiqihar", name: "北京信直凰铸集团有限公司", nature: "150", industry: "L", regWan: 20000, paidWan: 20000, founded: "2015-02-10", settled: "2023-08-15"},
		{zone: "qiqihar", name: "黑龙江信果创业投资有限公司", nature: "150", industry: "J", regWan: 3000, paidWan: 1000, founded: "2023-08-15", settled: "2023-08-15", pledge: true},
		{zone: "qiqihar", name: "山东舜恒私募基金管理有限公司", nature: "150", industry: "J", regWan: 1000, paidWan: 1000, founded: "2017-09-30", settled: "2023-10-20"},
		// 榆林: the registration point's regular sellers (the page names none).
		{zone: "yulin", name: "榆林能源化工技术研究院有限公司", nature: "150", industry: "M", regWan: 5000, paidWan: 3000, founded: "2012-05-16", settled: "2012-05-16", pledge: true},
		{zone: "yulin", name: "榆林煤化工清洁利用技术有限公司", nature: "170", industry: "M", regWan: 2000, paidWan: 2000, founded: "2015-09-01", settled: "2016-01-05"},
		{zone: "yulin", name: "陕西榆林数字矿山科技有限公司", nature: "150", industry: "I", regWan: 1000, paidWan: 600, founded: "2018-03-12", settled: "2018-03-12"},
		{zone: "yulin", name: "榆林兰炭新材料有限公司", nature: "150", industry: "C", regWan: 8000, paidWan: 8000, founded: "2010-10-10", settled: "2011-02-01"},
		{zone: "yulin", name: "榆林绿色农业科技服务有限公司", nature: "170", industry: "M", regWan: 500, paidWan: 500, founded: "2019-07-08", settled: "2019-07-08"},
		{zone: "yulin", name: "陕北能源装备智能制造有限公司", nature: "160", industry: "C", regWan: 12000, paidWan: 12000, founded: "2014-04-20", settled: "2014-06-01"},
		// 潍坊 and 佛山: a few more so lists page.
		{zone: "weifang", name: "潍坊动力装备创新中心有限公司", nature: "150", industry: "M", park: "潍坊软件园", regWan: 3000, paidWan: 3000, founded: "2018-09-09", settled: "2018-09-09", pledge: true},
		{zone: "weifang", name: "潍坊新一代信息技术产业有限公司", nature: "170", industry: "I", park: "潍坊软件园", regWan: 1500, paidWan: 800, founded: "2020-02-14", settled: "2020-03-01", pledge: true},
		{zone: "foshan", name: "佛山灯塔智能装备有限公司", nature: "170", industry: "C", park: "佛山人才创新灯塔产业园", regWan: 2000, paidWan: 2000, founded: "2021-03-03", settled: "2021-05-01"},
		// 淄博 and the other areas of 淄博市: holders of earlier IP titles, so that the zone
		// holds 4 demonstration and 1 advantage titles before CNIPA's 2023 notice and the
		// city's areas can be compared. Illustrative: the page names none of them.
		{zone: "zibo", name: "淄博示例新材料有限公司（示例）", nature: "170", industry: "C", regWan: 3000, paidWan: 3000, founded: "2010-04-01", settled: "2010-04-01"},
		{zone: "zibo", name: "淄博示例精密制造有限公司（示例）", nature: "170", industry: "C", regWan: 5000, paidWan: 5000, founded: "2008-06-18", settled: "2008-06-18"},
		{zone: "zibo", name: "淄博示例生物医药有限公司（示例）", nature: "160", industry: "C", regWan: 8000, paidWan: 8000, founded: "2006-09-09", settled: "2006-09-09"},
		{zone: "zibo", name: "淄博示例电子信息有限公司（示例）", nature: "170", industry: "I", regWan: 2000, paidWan: 2000, founded: "2011-11-11", settled: "2011-11-11"},
		{zone: "zibo", name: "淄博示例节能环保有限公司（示例）", nature: "170", industry: "N", regWan: 2500, paidWan: 2500, founded: "2009-03-15", settled: "2009-03-15"},
		{zone: "zibo", name: "淄博示例智能装备有限公司（示例）", nature: "170", industry: "C", regWan: 1500, paidWan: 1500, founded: "2014-07-07", settled: "2014-07-07"},
		{zone: "zibo-zhangdian", name: "张店示例科技有限公司（示例）", nature: "170", industry: "C", regWan: 3000, paidWan: 3000, founded: "2009-05-05", settled: "2009-05-05"},
		{zone: "zibo-zhangdian", name: "张店示例材料有限公司（示例）", nature: "170", industry: "C", regWan: 2000, paidWan: 2000, founded: "2012-08-08", settled: "2012-08-08"},
		{zone: "zibo-zhangdian", name: "张店示例装备有限公司（示例）", nature: "170", industry: "C", regWan: 1000, paidWan: 1000, founded: "2015-02-02", settled: "2015-02-02"},
		{zone: "zibo-linzi", name: "临淄示例化工有限公司（示例）", nature: "160", industry: "C", regWan: 9000, paidWan: 9000, founded: "2003-03-03", settled: "2003-03-03"},
		{zone: "zibo-linzi", name: "临淄示例新能源有限公司（示例）", nature: "170", industry: "D", regWan: 4000, paidWan: 4000, founded: "2013-10-10", settled: "2013-10-10"},
		{zone: "zibo-zichuan", name: "淄川示例陶瓷有限公司（示例）", nature: "170", industry: "C", regWan: 1200, paidWan: 1200, founded: "2007-07-17", settled: "2007-07-17"},
		{zone: "zibo-huantai", name: "桓台示例造纸有限公司（示例）", nature: "170", industry: "C", regWan: 3500, paidWan: 3500, founded: "2005-05-25", settled: "2005-05-25"},
		// 潍坊: the chains' member enterprises, the software park's internet firms and the
		// small firms of the joint branches. Illustrative: the page names none of them.
		{zone: "weifang", name: "潍坊示例动力科技有限公司（示例）", nature: "170", industry: "C", regWan: 5000, paidWan: 5000, founded: "2012-03-01", settled: "2012-03-01", pledge: true},
		{zone: "weifang", name: "潍坊示例发动机部件有限公司（示例）", nature: "170", industry: "C", regWan: 3000, paidWan: 3000, founded: "2014-06-01", settled: "2014-06-01", pledge: true},
		{zone: "weifang", name: "潍坊示例软件有限公司（示例）", nature: "170", industry: "I", park: "潍坊软件园", regWan: 1000, paidWan: 1000, founded: "2016-05-01", settled: "2016-05-01", pledge: true},
		{zone: "weifang", name: "潍坊示例网络科技有限公司（示例）", nature: "170", industry: "I", park: "潍坊软件园", regWan: 800, paidWan: 800, founded: "2017-09-01", settled: "2017-09-01", pledge: true},
		{zone: "weifang", name: "潍坊示例数据服务有限公司（示例）", nature: "170", industry: "I", park: "潍坊软件园", regWan: 500, paidWan: 500, founded: "2019-04-01", settled: "2019-04-01", pledge: true},
		{zone: "weifang", name: "潍坊示例声学电子有限公司（示例）", nature: "170", industry: "C", regWan: 6000, paidWan: 6000, founded: "2010-08-01", settled: "2010-08-01", pledge: true},
		{zone: "weifang", name: "潍坊示例光电有限公司（示例）", nature: "170", industry: "C", regWan: 2000, paidWan: 2000, founded: "2015-11-01", settled: "2015-11-01", pledge: true},
		{zone: "weifang", name: "潍坊示例生物医药有限公司（示例）", nature: "170", industry: "C", regWan: 4000, paidWan: 4000, founded: "2013-02-01", settled: "2013-02-01", pledge: true},
		{zone: "weifang", name: "潍坊示例新材料有限公司（示例）", nature: "170", industry: "C", regWan: 2500, paidWan: 2500, founded: "2011-07-01", settled: "2011-07-01", pledge: true},
		{zone: "weifang", name: "潍坊示例智能制造有限公司（示例）", nature: "170", industry: "C", regWan: 3500, paidWan: 3500, founded: "2018-01-15", settled: "2018-01-15", pledge: true},
		{zone: "weifang", name: "潍坊示例物流有限公司（示例）", nature: "170", industry: "G", regWan: 1000, paidWan: 1000, founded: "2019-10-01", settled: "2019-10-01", pledge: true},
		{zone: "weifang", name: "潍坊示例检测服务有限公司（示例）", nature: "170", industry: "M", regWan: 300, paidWan: 300, founded: "2020-06-01", settled: "2020-06-01", pledge: true},
		{zone: "weifang", name: "潍坊示例设计有限公司（示例）", nature: "170", industry: "M", regWan: 200, paidWan: 200, founded: "2021-03-01", settled: "2021-03-01", pledge: true},
		{zone: "weifang", name: "潍坊示例电商有限公司（示例）", nature: "170", industry: "I", park: "潍坊软件园", regWan: 300, paidWan: 300, founded: "2022-02-01", settled: "2022-02-01", pledge: true},
		{zone: "weifang", name: "潍坊示例咨询有限公司（示例）", nature: "170", industry: "L", regWan: 100, paidWan: 100, founded: "2022-09-01", settled: "2022-09-01", pledge: true},
		{zone: "weifang", name: "潍坊示例仪器有限公司（示例）", nature: "170", industry: "C", regWan: 800, paidWan: 800, founded: "2023-04-01", settled: "2023-04-01", pledge: true},
		// 齐齐哈尔: companies the zone's illustrative investment projects registered
		// (the page names none of them).
		{zone: "qiqihar", name: "齐齐哈尔示例米业有限公司（示例）", nature: "170", industry: "C", park: "食品加工产业园", regWan: 5000, paidWan: 5000, founded: "2022-07-10", settled: "2022-07-10"},
		{zone: "qiqihar", name: "齐齐哈尔示例农机装备有限公司（示例）", nature: "160", industry: "C", regWan: 20000, paidWan: 10000, founded: "2022-12-01", settled: "2022-12-01"},
		{zone: "qiqihar", name: "齐齐哈尔示例电气装备有限公司（示例）", nature: "170", industry: "C", regWan: 10000, paidWan: 5000, founded: "2024-02-20", settled: "2024-02-20"},
		{zone: "qiqihar", name: "齐齐哈尔示例生物基材料有限公司（示例）", nature: "170", industry: "C", regWan: 30000, paidWan: 15000, founded: "2025-06-10", settled: "2025-06-10"},
	}
}
