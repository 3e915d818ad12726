#!/usr/bin/python3
"""Writes the import test corpus: spreadsheets as other programs make them.

Run from this directory with Debian's tools (see README.md):

    ./make.py

Every file is small and checked in; the tests never run this script. The
expected result of each file is in the tests that read it
(internal/contractio/corpus_test.go, internal/imports/corpus_test.go).
"""

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile

import openpyxl
import pandas as pd
import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))
C = os.path.join(HERE, "contracts")
B = os.path.join(HERE, "batch")

# Enterprises of the demo's Yulin zone (the contract tests import there).
SELLERS = ["91610800MA3C000011", "91610800MA3C00004A", "91610800MA3C000037"]


def soffice(src, fmt, outdir, infilter="CSV:44,34,76,1"):
    """Converts src with LibreOffice, as a clerk's "Save as" would. A CSV is
    read as UTF-8 (76) with commas, unless infilter says otherwise; None
    leaves LibreOffice to guess, which in a C locale is Latin-1."""
    with tempfile.TemporaryDirectory() as profile:
        args = ["soffice", "-env:UserInstallation=file://" + profile, "--headless"]
        if infilter and src.endswith(".csv"):
            args.append("--infilter=" + infilter)
        subprocess.run(args + ["--convert-to", fmt, "--outdir", outdir, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, LANG="C"))


def write_csv(path, rows, encoding="utf-8", newline="\r\n"):
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(encoding))


def national_rows(serial0, prefix, contract_nos):
    """Three registrations with the national system's headings, amounts
    without their unit and the registrar's own 技术交易额 on the second."""
    head = ["合同编号", "合同名称", "合同类别", "签订日期", "有效期起", "有效期止", "技术领域", "卖方统一社会信用代码",
            "买方名称", "买方性质", "买方所在地区代码", "成交金额", "设备费", "技术交易额", "登记号", "认定登记日期", "认定登记机构"]
    amounts = [("120000.00", "20000.00", "100000.00"), ("88888.88", "", "80000.00"), ("1234567.89", "34567.89", "1200000.00")]
    rows = [head]
    for i in range(3):
        c, d, t = amounts[i]
        rows.append([contract_nos[i], f"{prefix}技术合同{i + 1}", "委托开发", "2023-03-01", "2023-03-01", "2024-02-29",
                     "新材料及其应用", SELLERS[i], f"陕西煤业化工集团有限责任公司{prefix}{i}", "国有企业", "610100",
                     c, d, t, f"23610801{serial0 + i:06d}", "2023-04-10", "榆林高新区技术市场"])
    return rows


def contracts():
    os.makedirs(C, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # LibreOffice opening a UTF-8 CSV and saving it as .xlsx: the sheet
        # is named after the file, numbers and ISO dates become number and
        # date cells (the registration numbers too: 14 digits stay exact).
        src = os.path.join(tmp, "libreoffice-csv.csv")
        write_csv(src, national_rows(700001, "LO转存", ["HT-2023-07", "", "HT-2023-09"]))
        soffice(src, "xlsx", C)
        # The same with 16-digit contract numbers: LibreOffice keeps 15
        # significant digits (…1587 becomes …1590).
        src = os.path.join(tmp, "libreoffice-long-numbers.csv")
        write_csv(src, national_rows(700011, "LO长号", ["2023061500001587", "2023061500001588", "2023061500001589"]))
        soffice(src, "xlsx", C)
        # A UTF-8 CSV opened as Latin-1 (what LibreOffice guesses in a C
        # locale) and saved: mojibake headings.
        src = os.path.join(tmp, "libreoffice-wrong-charset.csv")
        write_csv(src, national_rows(700091, "乱码", ["", "", ""]))
        soffice(src, "xlsx", C, infilter=None)
        # An .ods, as LibreOffice saves by default.
        src = os.path.join(tmp, "libreoffice.csv")
        write_csv(src, national_rows(700021, "ODS", ["", "", ""]))
        soffice(src, "ods", C)

        # openpyxl writes formulas without a result; LibreOffice computes
        # and saves them with their results, and a 合计 row below.
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "技术合同"
        rows = national_rows(700031, "LO公式", ["", "", ""])
        rows[0][11] = "成交额（元）"
        for r in rows:
            ws.append(r[:17])
        ws["L2"] = "=100000+20000"
        ws.append(["合计", None, None, None, None, None, None, None, None, None, None, "=SUM(L2:L4)", "=SUM(M2:M4)", "=SUM(N2:N4)"])
        src = os.path.join(tmp, "libreoffice-formulas.xlsx")
        wb.save(src)
        shutil.copy(src, os.path.join(C, "openpyxl-formula.xlsx"))  # as openpyxl left it: no results
        os.makedirs(os.path.join(tmp, "lo"))
        soffice(src, "xlsx", os.path.join(tmp, "lo"))
        shutil.copy(os.path.join(tmp, "lo", "libreoffice-formulas.xlsx"), C)

    # openpyxl: a title row above the headings, amounts in 万元 (in the
    # heading, and once in a cell), a full-width code, the default sheet name.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023年技术合同登记台账（万元）"])
    ws.merge_cells("A1:H1")
    ws.append(["合同名称", "合同类型", "签订日期", "有效期起", "有效期止", "技术领域", "卖方统一社会信用代码", "买方名称",
               "买方性质", "买方所在地区代码", "成交额（万元）", "技术交易额（万元）", "登记编号", "登记日期"])
    data = [("万元台账技术合同1", 12.35, 12.35, SELLERS[0]),
            ("万元台账技术合同2", 8.888888, 8, "９１６１０８００ＭＡ３Ｃ００００４Ａ"),
            ("万元台账技术合同3", "3.5万元", None, SELLERS[2])]
    for i, (name, amount, tech, seller) in enumerate(data):
        ws.append([name, "技术服务", dt.date(2023, 5, 6), dt.date(2023, 5, 6), dt.date(2024, 5, 5), "新材料及其应用", seller,
                   f"西安买方{i}有限公司", "国有企业", "610100", amount, tech, f"23610801{700041 + i:06d}", dt.date(2023, 6, 1)])
    wb.save(os.path.join(C, "openpyxl-wan.xlsx"))

    # pandas: registration numbers and region codes as integers, dates as
    # datetimes, a cancelled record.
    df = pd.DataFrame({
        "合同名称": ["pandas技术合同1", "pandas技术合同2", "pandas技术合同3"],
        "合同类型": ["DEV_ENTRUSTED", "SVC", "CONSULT"],
        "签订日期": pd.to_datetime(["2023-02-01", "2023-02-02", "2023-02-03"]),
        "有效期起": pd.to_datetime(["2023-02-01", "2023-02-02", "2023-02-03"]),
        "有效期止": pd.to_datetime(["2024-01-31", "2024-02-01", "2024-02-02"]),
        "技术领域": [5, 5, 1],
        "卖方统一社会信用代码": SELLERS,
        "买方名称": ["pandas买方甲", "pandas买方乙", "pandas买方丙"],
        "买方性质": [110, 110, 150],
        "买方所在地区代码": [610100, 610100, 610802],
        "成交额（元）": [50000.5, 60000.0, 70000.07],
        "登记编号": [23610801700051, 23610801700052, 23610801700053],
        "登记日期": pd.to_datetime(["2023-03-01", "2023-03-02", "2023-03-03"]),
        "登记状态": ["已登记", "已登记", "已撤销"],
        "撤销日期": [pd.NaT, pd.NaT, pd.Timestamp("2023-09-01")],
        "撤销原因": [None, None, "双方协议解除"],
    })
    df.to_excel(os.path.join(C, "pandas.xlsx"), index=False)
    # pandas with 18-digit contract numbers read as integers.
    df = df.iloc[:2].copy()
    df["合同名称"] = ["pandas长号合同1", "pandas长号合同2"]
    df["登记编号"] = [23610801700061, 23610801700062]
    df.insert(1, "合同编号", [202306150000158701, 202306150000158702])
    df.to_excel(os.path.join(C, "pandas-long-numbers.xlsx"), index=False)

    # xlsxwriter: numbers as text, money and date formats, a formula with
    # its result, a data sheet and a 说明 sheet.
    wb = xlsxwriter.Workbook(os.path.join(C, "xlsxwriter.xlsx"))
    ws = wb.add_worksheet("技术合同")
    wb.add_worksheet("说明").write(0, 0, "本表由 xlsxwriter 生成")
    money = wb.add_format({"num_format": "#,##0.00"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    text = wb.add_format({"num_format": "@"})
    head = ["合同编号", "合同名称", "合同类型", "签订日期", "有效期起", "有效期止", "技术领域", "卖方统一社会信用代码", "买方名称",
            "买方性质", "买方所在地区代码", "成交额（元）", "非技术性支出-设备（元）", "技术交易额（元）", "登记编号", "登记日期"]
    ws.write_row(0, 0, head)
    for i in range(3):
        r = i + 1
        ws.write_string(r, 0, f"20230615000015{87 + i}", text)  # 16 digits, kept as text
        ws.write_string(r, 1, f"xlsxwriter技术合同{r}")
        ws.write_string(r, 2, "委托开发")
        for c in (3, 4):
            ws.write_datetime(r, c, dt.datetime(2023, 7, 1), date)
        ws.write_datetime(r, 5, dt.datetime(2024, 6, 30), date)
        ws.write_string(r, 6, "05")
        ws.write_string(r, 7, SELLERS[i], text)
        ws.write_string(r, 8, f"xlsxwriter买方{r}")
        ws.write_string(r, 9, "110")
        ws.write_string(r, 10, "610100", text)
        ws.write_number(r, 11, 200000 + i * 1000.01, money)
        ws.write_number(r, 12, 10000, money)
        ws.write_formula(r, 13, f"=L{r + 1}-M{r + 1}", money, 190000 + i * 1000.01)
        ws.write_string(r, 14, f"23610801{700071 + i:06d}", text)
        ws.write_datetime(r, 15, dt.datetime(2023, 8, 1), date)
    wb.close()

    # Excel on Chinese Windows: GBK, CRLF, a title row, headings without
    # units, full-width digits, 万元 in a cell, a 合计 row.
    rows = [["技术合同登记表"], []]
    rows += [["合同名称", "合同类型", "签订日期", "有效期起", "有效期止", "技术领域", "卖方统一社会信用代码", "买方名称",
              "买方性质", "买方所在地区代码", "成交金额", "技术交易额", "登记号", "登记日期"]]
    rows += [["国标编码技术合同1", "技术咨询", "2023/9/1", "2023/9/1", "2024/8/31", "新材料及其应用", SELLERS[0], "国标买方甲",
              "国有企业", "610100", "１２０，０００．００", "", "23610801700081", "2023年9月20日"],
             ["国标编码技术合同2", "技术咨询", "2023/9/2", "2023/9/2", "2024/9/1", "新材料及其应用", SELLERS[1], "国标买方（乙）",
              "国有企业", "610100", "12.35万元", "", "23610801700082", "2023年9月21日"],
             ["合计", "", "", "", "", "", "", "", "", "", "243,500.00", "", "", ""]]
    write_csv(os.path.join(C, "gbk.csv"), rows, encoding="gbk")
    # The same as Excel shows a long number in a number cell.
    rows = [["合同编号", "合同名称", "合同类型", "签订日期", "有效期起", "有效期止", "技术领域", "卖方统一社会信用代码", "买方名称",
             "买方性质", "买方所在地区代码", "成交金额", "登记号", "登记日期"],
            ["2.02306E+15", "科学计数合同1", "技术咨询", "2023/9/1", "2023/9/1", "2024/8/31", "新材料及其应用", SELLERS[0], "买方甲",
             "国有企业", "610100", "1000", "23610801700091", "2023/9/20"]]
    write_csv(os.path.join(C, "gbk-scientific.csv"), rows, encoding="gbk")
    # UTF-8 headings once read as Latin-1 and saved again as UTF-8.
    rows = [[h.encode("utf-8").decode("latin-1") for h in national_rows(0, "", ["", "", ""])[0]], ["x"] * 17]
    write_csv(os.path.join(C, "mojibake.csv"), rows)
    # A unit money is not read in.
    rows = [["合同名称", "合同类型", "签订日期", "有效期起", "有效期止", "技术领域", "卖方统一社会信用代码", "买方名称", "买方性质",
             "成交额（千元）"], ["千元合同", "技术咨询", "2023-09-01", "2023-09-01", "2024-08-31", "05", SELLERS[0], "买方", "110", "12"]]
    write_csv(os.path.join(C, "thousand-yuan.csv"), rows)


BATCH_HEAD = ["序号", "企业名称", "统一社会信用代码", "所在地区", "类别", "奖补金额", "联系电话", "法定代表人身份证号"]


def batch_rows(prefix):
    return [BATCH_HEAD,
            [1, f"{prefix}甲科技有限公司", "91610800MA70A0B01U", "榆林市", "国家级", "50", "13800000001", "61080219800101001X"],
            [2, f"{prefix}乙新材料有限公司", "91610800MA70A0B02U", "榆林市", "省级", "12.5", "13800000002", "610802198002020022"],
            [3, f"{prefix}丙能源有限公司", "91610800MA70A0B03U", "神木市", "市级", "0.3", "13800000003", "610802198003030033"]]


def batch():
    os.makedirs(B, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # LibreOffice from CSV: phone numbers become numbers (11 digits:
        # exact), ID numbers with a letter stay text, ID numbers of 18
        # digits become numbers and lose digits.
        src = os.path.join(tmp, "batch-libreoffice.csv")
        write_csv(src, batch_rows("LO"))
        soffice(src, "xlsx", B)
    # pandas: phone numbers as integers; IDs as text.
    rows = batch_rows("pandas")
    df = pd.DataFrame(rows[1:], columns=rows[0])
    df["联系电话"] = df["联系电话"].astype("int64")
    df["奖补金额"] = df["奖补金额"].astype(float)
    df = df.rename(columns={"奖补金额": "奖补金额（万元）"})
    df.to_excel(os.path.join(B, "batch-pandas.xlsx"), index=False, sheet_name="名单")
    # xlsxwriter: ID numbers written as numbers (18 digits).
    wb = xlsxwriter.Workbook(os.path.join(B, "batch-xlsxwriter-id-numbers.xlsx"))
    ws = wb.add_worksheet("名单")
    for r, row in enumerate(batch_rows("xw")):
        for c, v in enumerate(row):
            if r > 0 and c == 7 and v.isdigit():
                ws.write_number(r, c, int(v))
            else:
                ws.write(r, c, v)
    wb.close()
    # GBK CSV with full-width codes and a 合计 row.
    rows = batch_rows("国标")
    rows[1][2] = "９１６１０８００ＭＡ７０Ａ０Ｂ０１Ｕ"
    rows.append(["合计", "", "", "", "", "62.8", "", ""])
    write_csv(os.path.join(B, "batch-gbk.csv"), rows, encoding="gbk")
    # openpyxl: a notes sheet first, the list on 名单.
    wb = openpyxl.Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["请在“名单”工作表填写"])
    ws = wb.create_sheet("名单")
    for row in batch_rows("多表"):
        ws.append(row)
    wb.save(os.path.join(B, "batch-openpyxl-sheets.xlsx"))


if __name__ == "__main__":
    contracts()
    batch()
