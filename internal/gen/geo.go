package gen

import (
	"fmt"
	"strings"

	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/zone"
)

// The geography: the 31 provincial divisions and a hundred prefecture-level
// cities with their GB/T 2260 codes. The first city of each province is its
// capital, and areas are handed out province by province in turn, so a
// small data set still spans the country.

type provinceSeed struct {
	code, name, en string
	cities         []citySeed
}

type citySeed struct {
	code, name, slug, en string
}

func provinces() []provinceSeed {
	c := func(code, name, slug, en string) citySeed { return citySeed{code, name, slug, en} }
	return []provinceSeed{
		{"110000", "北京市", "Beijing", []citySeed{c("110100", "北京市", "beijing", "Beijing")}},
		{"310000", "上海市", "Shanghai", []citySeed{c("310100", "上海市", "shanghai", "Shanghai")}},
		{"440000", "广东省", "Guangdong", []citySeed{c("440100", "广州市", "guangzhou", "Guangzhou"), c("440300", "深圳市", "shenzhen", "Shenzhen"),
			c("440400", "珠海市", "zhuhai", "Zhuhai"), c("440600", "佛山市", "foshan", "Foshan"), c("441900", "东莞市", "dongguan", "Dongguan"),
			c("442000", "中山市", "zhongshan", "Zhongshan"), c("440500", "汕头市", "shantou", "Shantou"), c("441300", "惠州市", "huizhou", "Huizhou")}},
		{"320000", "江苏省", "Jiangsu", []citySeed{c("320100", "南京市", "nanjing", "Nanjing"), c("320500", "苏州市", "suzhou", "Suzhou"),
			c("320200", "无锡市", "wuxi", "Wuxi"), c("320400", "常州市", "changzhou", "Changzhou"), c("320300", "徐州市", "xuzhou", "Xuzhou"),
			c("320600", "南通市", "nantong", "Nantong"), c("321000", "扬州市", "yangzhou", "Yangzhou"), c("321100", "镇江市", "zhenjiang", "Zhenjiang")}},
		{"330000", "浙江省", "Zhejiang", []citySeed{c("330100", "杭州市", "hangzhou", "Hangzhou"), c("330200", "宁波市", "ningbo", "Ningbo"),
			c("330300", "温州市", "wenzhou", "Wenzhou"), c("330400", "嘉兴市", "jiaxing", "Jiaxing"), c("330500", "湖州市", "huzhou", "Huzhou"),
			c("330700", "金华市", "jinhua", "Jinhua")}},
		{"370000", "山东省", "Shandong", []citySeed{c("370100", "济南市", "jinan", "Jinan"), c("370200", "青岛市", "qingdao", "Qingdao"),
			c("370300", "淄博市", "zibo", "Zibo"), c("370700", "潍坊市", "weifang", "Weifang"), c("370600", "烟台市", "yantai", "Yantai"),
			c("371000", "威海市", "weihai", "Weihai"), c("370800", "济宁市", "jining", "Jining"), c("371300", "临沂市", "linyi", "Linyi")}},
		{"420000", "湖北省", "Hubei", []citySeed{c("420100", "武汉市", "wuhan", "Wuhan"), c("420600", "襄阳市", "xiangyang", "Xiangyang"),
			c("420500", "宜昌市", "yichang", "Yichang"), c("420300", "十堰市", "shiyan", "Shiyan")}},
		{"510000", "四川省", "Sichuan", []citySeed{c("510100", "成都市", "chengdu", "Chengdu"), c("510700", "绵阳市", "mianyang", "Mianyang"),
			c("510300", "自贡市", "zigong", "Zigong"), c("511100", "乐山市", "leshan", "Leshan")}},
		{"610000", "陕西省", "Shaanxi", []citySeed{c("610100", "西安市", "xian", "Xi'an"), c("610300", "宝鸡市", "baoji", "Baoji"),
			c("610400", "咸阳市", "xianyang", "Xianyang"), c("610800", "榆林市", "yulin", "Yulin"), c("610500", "渭南市", "weinan", "Weinan")}},
		{"120000", "天津市", "Tianjin", []citySeed{c("120100", "天津市", "tianjin", "Tianjin")}},
		{"500000", "重庆市", "Chongqing", []citySeed{c("500100", "重庆市", "chongqing", "Chongqing")}},
		{"340000", "安徽省", "Anhui", []citySeed{c("340100", "合肥市", "hefei", "Hefei"), c("340200", "芜湖市", "wuhu", "Wuhu"),
			c("340300", "蚌埠市", "bengbu", "Bengbu"), c("340500", "马鞍山市", "maanshan", "Ma'anshan")}},
		{"350000", "福建省", "Fujian", []citySeed{c("350100", "福州市", "fuzhou", "Fuzhou"), c("350200", "厦门市", "xiamen", "Xiamen"),
			c("350500", "泉州市", "quanzhou", "Quanzhou"), c("350600", "漳州市", "zhangzhou", "Zhangzhou")}},
		{"430000", "湖南省", "Hunan", []citySeed{c("430100", "长沙市", "changsha", "Changsha"), c("430200", "株洲市", "zhuzhou", "Zhuzhou"),
			c("430300", "湘潭市", "xiangtan", "Xiangtan"), c("430400", "衡阳市", "hengyang", "Hengyang")}},
		{"410000", "河南省", "Henan", []citySeed{c("410100", "郑州市", "zhengzhou", "Zhengzhou"), c("410300", "洛阳市", "luoyang", "Luoyang"),
			c("410700", "新乡市", "xinxiang", "Xinxiang"), c("410500", "安阳市", "anyang", "Anyang")}},
		{"130000", "河北省", "Hebei", []citySeed{c("130100", "石家庄市", "shijiazhuang", "Shijiazhuang"), c("130200", "唐山市", "tangshan", "Tangshan"),
			c("130600", "保定市", "baoding", "Baoding"), c("131000", "廊坊市", "langfang", "Langfang")}},
		{"210000", "辽宁省", "Liaoning", []citySeed{c("210100", "沈阳市", "shenyang", "Shenyang"), c("210200", "大连市", "dalian", "Dalian"),
			c("210300", "鞍山市", "anshan", "Anshan"), c("210800", "营口市", "yingkou", "Yingkou")}},
		{"220000", "吉林省", "Jilin", []citySeed{c("220100", "长春市", "changchun", "Changchun"), c("220200", "吉林市", "jilin", "Jilin"),
			c("220500", "通化市", "tonghua", "Tonghua")}},
		{"230000", "黑龙江省", "Heilongjiang", []citySeed{c("230100", "哈尔滨市", "harbin", "Harbin"), c("230200", "齐齐哈尔市", "qiqihar", "Qiqihar"),
			c("230600", "大庆市", "daqing", "Daqing")}},
		{"360000", "江西省", "Jiangxi", []citySeed{c("360100", "南昌市", "nanchang", "Nanchang"), c("360200", "景德镇市", "jingdezhen", "Jingdezhen"),
			c("360700", "赣州市", "ganzhou", "Ganzhou"), c("360400", "九江市", "jiujiang", "Jiujiang")}},
		{"140000", "山西省", "Shanxi", []citySeed{c("140100", "太原市", "taiyuan", "Taiyuan"), c("140400", "长治市", "changzhi", "Changzhi")}},
		{"150000", "内蒙古自治区", "Inner Mongolia", []citySeed{c("150100", "呼和浩特市", "hohhot", "Hohhot"), c("150200", "包头市", "baotou", "Baotou"),
			c("150600", "鄂尔多斯市", "ordos", "Ordos")}},
		{"450000", "广西壮族自治区", "Guangxi", []citySeed{c("450100", "南宁市", "nanning", "Nanning"), c("450200", "柳州市", "liuzhou", "Liuzhou"),
			c("450300", "桂林市", "guilin", "Guilin")}},
		{"460000", "海南省", "Hainan", []citySeed{c("460100", "海口市", "haikou", "Haikou"), c("460200", "三亚市", "sanya", "Sanya")}},
		{"520000", "贵州省", "Guizhou", []citySeed{c("520100", "贵阳市", "guiyang", "Guiyang"), c("520300", "遵义市", "zunyi", "Zunyi")}},
		{"530000", "云南省", "Yunnan", []citySeed{c("530100", "昆明市", "kunming", "Kunming"), c("530400", "玉溪市", "yuxi", "Yuxi")}},
		{"540000", "西藏自治区", "Tibet", []citySeed{c("540100", "拉萨市", "lhasa", "Lhasa")}},
		{"620000", "甘肃省", "Gansu", []citySeed{c("620100", "兰州市", "lanzhou", "Lanzhou"), c("620400", "白银市", "baiyin", "Baiyin")}},
		{"630000", "青海省", "Qinghai", []citySeed{c("630100", "西宁市", "xining", "Xining")}},
		{"640000", "宁夏回族自治区", "Ningxia", []citySeed{c("640100", "银川市", "yinchuan", "Yinchuan"), c("640200", "石嘴山市", "shizuishan", "Shizuishan")}},
		{"650000", "新疆维吾尔自治区", "Xinjiang", []citySeed{c("650100", "乌鲁木齐市", "urumqi", "Urumqi"), c("652300", "昌吉回族自治州", "changji", "Changji")}},
	}
}

// districtNames name the counties and districts of a city (the peers a zone
// is ranked among in its city); the GB/T 2260 code is the city's with the
// district's two digits.
func districtNames() []struct{ name, en string } {
	return []struct{ name, en string }{
		{"城关区", "Chengguan District"}, {"新城区", "Xincheng District"}, {"东城区", "Dongcheng District"},
		{"西城区", "Xicheng District"}, {"南湖区", "Nanhu District"}, {"北山区", "Beishan District"},
		{"江北区", "Jiangbei District"}, {"滨海新区", "Binhai New District"}, {"临江市", "Linjiang"},
		{"河东县", "Hedong County"}, {"平原县", "Pingyuan County"}, {"长宁县", "Changning County"},
	}
}

// geography is the generated regions, areas and registration points.
type geography struct {
	regions []zone.Region
	areas   []zone.Area // ids 1..n
	zones   []int       // indexes into areas of the zones (kind zone), in id order
	points  []contract.Point
	cityOf  map[string]citySeed
}

// buildGeography makes n areas: three in five are high-tech zones (one
// national zone per city in turn, further ones provincial), the rest
// counties and districts of the same cities. Every zone gets a
// registration point; points of one city are numbered 01, 02, …
func buildGeography(n int) (geography, error) {
	var g geography
	if n < 2 {
		return g, fmt.Errorf("gen: at least 2 areas (got %d)", n)
	}
	nZones := max(1, n*3/5)
	// Cities in turn across provinces: the capitals first, then the second
	// city of each province, and so on.
	var order []struct {
		p provinceSeed
		c citySeed
	}
	ps := provinces()
	for round := 0; ; round++ {
		added := false
		for _, p := range ps {
			if round < len(p.cities) {
				order = append(order, struct {
					p provinceSeed
					c citySeed
				}{p, p.cities[round]})
				added = true
			}
		}
		if !added {
			break
		}
	}
	g.cityOf = map[string]citySeed{}
	usedProv := map[string]bool{}
	usedCity := map[string]bool{}
	type cityRef struct {
		p provinceSeed
		c citySeed
	}
	var cities []cityRef
	// The zones decide which cities take part: as many as there are zones,
	// at most every city; extra zones go to the same cities again.
	for i := 0; i < min(nZones, len(order)); i++ {
		cities = append(cities, cityRef{order[i].p, order[i].c})
	}
	addRegions := func(cr cityRef) {
		if !usedProv[cr.p.code] {
			usedProv[cr.p.code] = true
			g.regions = append(g.regions, zone.Region{Code: cr.p.code, Name: cr.p.name, NameEN: cr.p.en, Level: "province"})
		}
		if !usedCity[cr.c.code] {
			usedCity[cr.c.code] = true
			g.regions = append(g.regions, zone.Region{Code: cr.c.code, Name: cr.c.name, NameEN: cr.c.en, Level: "city", ParentCode: cr.p.code})
			g.cityOf[cr.c.code] = cr.c
		}
	}
	pointsInCity := map[string]int{}
	for i := 0; i < nZones; i++ {
		cr := cities[i%len(cities)]
		addRegions(cr)
		round := i / len(cities)
		short := strings.TrimSuffix(strings.TrimSuffix(cr.c.name, "市"), "回族自治州")
		a := zone.Area{Kind: zone.KindZone, CityCode: cr.c.code, ProvinceCode: cr.p.code}
		if round == 0 {
			a.Slug, a.Name, a.NameEN, a.Level = cr.c.slug, short+"高新技术产业开发区", cr.c.en+" Hi-tech Zone", zone.LevelNational
		} else {
			a.Slug = fmt.Sprintf("%s-%d", cr.c.slug, round+1)
			a.Name = fmt.Sprintf("%s%s高新技术产业园区", short, ordinalZH(round+1))
			a.NameEN = fmt.Sprintf("%s Hi-tech Park %d", cr.c.en, round+1)
			a.Level = zone.LevelProvincial
		}
		a.ID = int64(len(g.areas) + 1)
		g.zones = append(g.zones, len(g.areas))
		g.areas = append(g.areas, a)
		pointsInCity[cr.c.code]++
		g.points = append(g.points, contract.Point{ID: int64(len(g.points) + 1), ZoneID: a.ID,
			Code: fmt.Sprintf("%02d", pointsInCity[cr.c.code]), Name: a.Name + "技术合同登记点", RegionCode: cr.c.code})
	}
	dn := districtNames()
	if perCity := (n - nZones + len(cities) - 1) / len(cities); perCity > 97 {
		// Two digits of district code, 02–98, per city.
		return g, fmt.Errorf("gen: %d areas need %d districts per city, at most 97", n, perCity)
	}
	for i := 0; i < n-nZones; i++ {
		cr := cities[i%len(cities)]
		k := i / len(cities) // the city's k-th district
		d := dn[k%len(dn)]
		// District codes 02, 03, … (01 is 市辖区 in GB/T 2260); past the
		// names list the names repeat with a number, the codes stay unique.
		code := cr.c.code[:4] + fmt.Sprintf("%02d", 2+k)
		name := strings.TrimSuffix(cr.c.name, "市") + d.name
		en := cr.c.en + " " + d.en
		if k >= len(dn) {
			name += fmt.Sprintf("%d", k/len(dn)+1)
			en += fmt.Sprintf(" %d", k/len(dn)+1)
		}
		g.areas = append(g.areas, zone.Area{ID: int64(len(g.areas) + 1), Slug: cr.c.slug + "-" + code, Name: name, NameEN: en,
			Kind: zone.KindCounty, GBCode: code, CityCode: cr.c.code, ProvinceCode: cr.p.code})
	}
	return g, nil
}

func ordinalZH(n int) string {
	names := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n < len(names) {
		return "第" + names[n]
	}
	return fmt.Sprintf("第%d", n)
}
