#!/usr/bin/python3
# Makes the investment import test files the way a bureau's tools write
# them: workbooks with openpyxl (python3-openpyxl, date cells as dates,
# amounts as numbers) and CSV files in GBK, as Excel on a Chinese Windows
# saves them. Run it in this directory: /usr/bin/python3 make.py
import datetime as dt
import openpyxl

D = dt.date


def book(path, title, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "招商项目"
    ws.append([title])  # a title row above the headings, as bureaus keep them
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)


heads = ["序号", "项目名称", "投资方", "来源地", "产业", "招商方式", "计划投资额（亿元）", "阶段", "首次接洽日期", "阶段日期",
         "签约日期", "约定开工日期", "注册日期", "开工日期", "终止原因", "注册企业统一社会信用代码", "注册企业名称", "注册企业类型",
         "注册企业行业", "注册资本（元）", "实缴资本（元）", "协议类型", "责任人"]
good = [
    [1, "寒地乳业精深加工项目（导入）", "哈尔滨示例乳业有限公司", "省内市外", "食品加工", "产业招商", 0.5, "线索", D(2023, 10, 9), None,
     None, None, None, None, None, None, None, None, None, None, None, None, "招商一局"],
    [2, "北方种业研发中心项目（导入）", "北京示例种业有限公司", "省外", "现代农业", "以商招商", 1.2, "签约", D(2023, 6, 1), None,
     D(2023, 11, 20), D(2024, 3, 1), None, None, None, None, None, None, None, None, None, "投资协议", "招商二局"],
    [3, "齐齐哈尔导入创投项目（导入）", "北京示例投资集团有限公司", "省外", "金融服务", "创投招商", 0.3, "注册", D(2023, 3, 1), None,
     D(2023, 5, 10), None, D(2023, 6, 15), None, None, "91230200MA3C91001C", "齐齐哈尔导入创业投资有限公司（示例）", "有限责任公司",
     "金融业", 30000000, 10000000, "投资协议", "招商一局"],
    [4, "光伏组件项目（导入）", "江苏示例光伏有限公司", "省外", "新能源", "产业招商", 8, "终止", D(2023, 1, 5), D(2023, 9, 30),
     D(2023, 4, 12), None, None, None, "投资方调整布局", None, None, None, None, None, None, "框架协议", "招商二局"],
]
book("pipeline-openpyxl.xlsx", "齐齐哈尔高新区招商项目台账（2023年）", heads, good)

bad_heads = ["项目名称", "投资方", "来源地", "产业", "招商方式", "计划投资额（万元）", "阶段", "首次接洽日期", "阶段日期", "签约日期",
             "注册日期", "开工日期", "注册企业统一社会信用代码", "注册企业名称", "注册资本（万元）", "实缴资本（万元）", "所属园区"]
bad = [
    # row 2: a negative amount
    ["负数金额项目", "某投资方", "省外", "食品加工", "产业招商", -100, "线索", D(2023, 5, 1), None, None, None, None, None, None, None, None, None],
    # row 3: 元 typed under a 万元 heading: 5,000,000,000万元 is absurd
    ["单位错误项目", "某投资方", "省外", "食品加工", "产业招商", 5000000000, "线索", D(2023, 5, 1), None, None, None, None, None, None, None, None, None],
    # row 4: paid-in above registered
    ["实缴超注册项目", "某投资方", "本市", "新材料", "产业招商", 20000, "注册", D(2023, 1, 1), None, D(2023, 3, 1), D(2023, 4, 1), None,
     "91230200MA3C91002F", "实缴超注册示例有限公司", 3000, 5000, None],
    # row 5: the company is another zone's (淄博高新区's first demo enterprise)
    ["外区企业项目", "某投资方", "省外", "新材料", "产业招商", 20000, "注册", D(2023, 1, 1), None, D(2023, 3, 1), D(2023, 4, 1), None,
     "91370300MA3C00001U", None, 3000, 1000, None],
    # row 6: signed without its date (a stage skipped in the data)
    ["缺签约日期项目", "某投资方", "省外", "新材料", "产业招商", 20000, "签约", D(2023, 1, 1), None, None, None, None, None, None, None, None, None],
    # row 7: in talks but with a signing date
    ["洽谈却有签约日期项目", "某投资方", "省外", "新材料", "产业招商", 20000, "洽谈", D(2023, 1, 1), D(2023, 2, 1), D(2023, 3, 1), None, None,
     None, None, None, None, None],
    # row 8: started before it signed
    ["开工早于签约项目", "某投资方", "省外", "新材料", "产业招商", 20000, "开工", D(2023, 1, 1), None, D(2023, 6, 1), D(2023, 6, 10),
     D(2023, 5, 1), "91230200MA3C91002F", "开工早于签约示例有限公司", 100, 100, None],
    # row 9: a project of another zone
    ["外区项目", "某投资方", "省外", "新材料", "产业招商", 20000, "线索", D(2023, 1, 1), None, None, None, None, None, None, None, None,
     "淄博高新区"],
    # row 10: a project the zone already has
    ["中南药包战略合作项目", "山东淄博中南医药包装材料股份有限公司", "省外", "生物医药", "产业招商", 20000, "线索", D(2023, 1, 1), None,
     None, None, None, None, None, None, None, None],
    # row 11: a stage that is none
    ["未知阶段项目", "某投资方", "省外", "新材料", "产业招商", 20000, "审批中", D(2023, 1, 1), None, None, None, None, None, None, None,
     None, None],
]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "招商项目"
ws.append(bad_heads)
for r in bad:
    ws.append(r)
wb.save("pipeline-bad-openpyxl.xlsx")

# An amount heading in a unit the import does not know.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "招商项目"
ws.append(["项目名称", "投资方", "来源地", "产业", "招商方式", "计划投资额（千元）", "阶段", "首次接洽日期"])
ws.append(["千元项目", "某投资方", "省外", "新材料", "产业招商", 5000, "线索", D(2023, 1, 1)])
wb.save("pipeline-thousand-yuan-openpyxl.xlsx")


def gbk_csv(path, lines):
    with open(path, "wb") as f:
        f.write("\r\n".join(lines).encode("gbk") + b"\r\n")


gbk_csv("trips-gbk.csv", [
    "开始日期,结束日期,目的地省份,目的地城市,带队领导,人数,洽谈企业,涉及项目,备注",
    "2023/10/16,2023/10/18,北京,北京,管委会副主任,3,北京示例种业有限公司,北方种业研发中心项目（导入）,洽谈种业研发中心落地",
    "2023年11月6日,2023年11月7日,山东,淄博,管委会主任,4,山东淄博中南医药包装材料股份有限公司,中南药包战略合作项目、寒地乳业精深加工项目（导入）,回访战略合作",
])
gbk_csv("visits-bad-gbk.csv", [
    "来访企业,开始日期,结束日期,接待人员,涉及项目",
    "江苏示例光伏有限公司,2023-09-20,2023-09-18,招商二局,",
    "淄博示例考察团,2023-10-10,2023-10-11,招商一局,淄博新材料测试项目",
    "某示例企业,2023-10-12,,招商一局,不存在的项目",
])
