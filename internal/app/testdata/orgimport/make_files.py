#!/usr/bin/python3
"""Writes the organisation and talent import files the tests upload.

Run with Debian's python3-openpyxl (apt-get install python3-openpyxl):

    /usr/bin/python3 make_files.py

The credit codes are the demo's (Zibo's and Weifang's enterprises); the
identity numbers are made up, with their check character computed as the
national standard (GB 11643) says, except the one meant to be wrong.
"""
from openpyxl import Workbook

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def idnum(first17):
    return first17 + CHECK[sum(int(c) * w for c, w in zip(first17, W)) % 11]


ZIBO = {n: c for n, c in [
    (1, "91370300MA3C00001U"), (2, "91370300MA3C00002Y"), (3, "91370300MA3C000032"), (4, "91370300MA3C000045"),
    (5, "91370300MA3C000058"), (6, "91370300MA3C00006B"), (7, "91370300MA3C00007E"), (8, "91370300MA3C00008H"),
    (9, "91370300MA3C00009L"), (10, "91370300MA3C00010R"), (11, "91370300MA3C00011W"), (12, "91370300MA3C000120")]}
GOERTEK = "91370700MA3C00001G"


def save(name, sheet, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    # identifiers as text, as the template asks
    for col in ws.iter_cols(min_row=2):
        for cell in col:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    wb.save(name)


ORG = ["党组织名称", "组织类型", "组建方式", "覆盖企业统一社会信用代码", "书记", "选派书记或党建指导员", "成立日期", "任期（年）", "上次换届日期"]

save("organisations-bad.xlsx", "党组织", ORG, [
    ["甲党支部（导入）", "党支部", "单建", ZIBO[1] + "、" + ZIBO[2], "甲书记", None, "2022-01-01", 3, None],   # 单建 with two
    ["乙联合党支部（导入）", "联合党支部", "联建", ZIBO[3], "乙书记", None, "2022-01-01", 3, None],          # 联建 with one
    ["丙联合党支部（导入）", "联合党支部", "联建", ZIBO[4] + "，" + ZIBO[5], "丙书记", None, "2022-01-01", 3, None],
    ["丁党支部（导入）", "党支部", "单建", ZIBO[4], "丁书记", None, "2022-03-01", 3, None],                   # in two at once
    ["戊党支部（导入）", "党支部", "单建", ZIBO[6], "戊书记", None, "2022-05-01", 3, "2021-01-01"],          # election before founding
])

save("organisations.xlsx", "党组织", ORG, [
    ["鑫旭金晶联合党支部（导入）", "联合党支部", "联建", ZIBO[3] + "\n" + ZIBO[4], "王书记", None, "2021-05-01", 3, "2023-05-06"],
    ["新华医疗党支部（导入）", "党支部", "单建", ZIBO[5], "李书记", None, "2020-07-01", 3, None],
    ["鲁泰纺织企业党建工作站（导入）", "党支部", "派建", ZIBO[7] + "、" + ZIBO[8], None, "党建指导员（导入）", "2022-09-01", 2, None],
])

save("online-branches.xlsx", "网上党支部", ["所属党组织", "网上党支部名称", "平台", "是否开放式", "开通日期"], [
    ["新华医疗党支部（导入）", "新华医疗网上党支部（导入）", "微信", "是", "2023-03-01"],
    ["不存在的党支部", "无主网上党支部（导入）", "钉钉", "是", "2023-03-01"],                                   # no organisation
    ["鑫旭金晶联合党支部（导入）", "鑫旭金晶网上党支部（导入）", "企业OA", "否", "2020-01-01"],               # before its organisation
])

save("chain-members.xlsx", "产业链成员", ["产业链", "企业统一社会信用代码"], [
    ["淄博新材料（导入测试）", ZIBO[9]],
    ["zb_new_materials", ZIBO[10]],
    ["不存在的产业链", ZIBO[11]],                                                                              # no such chain
    ["淄博新材料（导入测试）", ZIBO[9]],                                                                       # listed twice
])

A, B = idnum("37070519850101123"), idnum("37070519900202234")
bad_check = A[:17] + ("0" if A[17] != "0" else "1")
save("applicants.xlsx", "申报人", ["姓名", "身份证号码", "申报层次", "用人单位统一社会信用代码", "申报日期"], [
    ["赵某（导入）", A, "A类（示例）", GOERTEK, "2023-04-01"],
    ["赵某（导入）", A, "B类（示例）", GOERTEK, "2023-04-02"],                                                # two tiers
    ["钱某（导入）", bad_check, "B类（示例）", GOERTEK, "2023-04-03"],                                         # wrong check character
    ["孙某（导入）", B, "b", GOERTEK, "2023-04-04"],
])
