#!/usr/bin/python3
"""Writes the annex lists (名单) the honours import is tested with, as other
programs make them. Run from this directory (see README.md):

    ./make.py

The files are checked in; the tests never run this script. Their expected
results are in internal/app/honour_import_test.go.
"""

import csv
import io
import os
import shutil
import subprocess
import tempfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(first17):
    """A credit code with its check character (GB 32100-2015)."""
    s = sum(CHARS.index(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + CHARS[(31 - s % 31) % 31]


# The demo's Zibo enterprises on CNIPA's 2023 notice, in the page's order.
DEMO = [("山东亚华电子股份有限公司", "91370300MA3C00001U"), ("山东瑞邦智能装备股份有限公司", "91370300MA3C00002Y"),
        ("淄博鑫旭电源科技有限公司", "91370300MA3C000032")]
ADV = [("山东金晶科技股份有限公司", "91370300MA3C000045"), ("山东新华医疗器械股份有限公司", "91370300MA3C000058"),
       ("山东新华制药股份有限公司", "91370300MA3C00006B"), ("鲁泰纺织股份有限公司", "91370300MA3C00007E")]


def national(demo_cat, adv_cat, region, others):
    """A national list's rows: other provinces' enterprises around Zibo's,
    national numbering (序号), one row of another area of Zibo city."""
    rows = [[1, "北京示例智能科技有限公司", uscc("91110108MA01A0001"), others[0], demo_cat],
            [2, "江苏示例新材料股份有限公司", uscc("91320500MA1M00002"), others[1], demo_cat]]
    n = 20
    for name, code in DEMO:
        n += 1
        rows.append([n, name, code, region, demo_cat])
    rows.append([41, "广东示例电子有限公司", uscc("91440300MA5F00003"), others[2], adv_cat])
    n = 56
    for name, code in ADV:
        n += 1
        rows.append([n, name, code, region, adv_cat])
    rows.append([61, "临淄示例新能源有限公司（示例）", "91370305MA3C000027", "山东省淄博市临淄区", adv_cat])
    return rows


HEAD = ["序号", "企业名称", "统一社会信用代码", "所在地区", "类别"]


def openpyxl_file():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件"
    ws.append(["附件：2023年新一批国家知识产权示范企业和优势企业名单"])
    ws.merge_cells("A1:E1")
    ws.append(HEAD)
    for r in national("示范", "优势", "淄博高新区", ["北京市", "江苏省苏州市", "广东省深圳市"]):
        ws.append(r)
    for row in ws.iter_rows(min_row=3, min_col=3, max_col=3):
        for c in row:
            c.number_format = "@"
    wb.save(os.path.join(HERE, "zibo-2023-openpyxl.xlsx"))


def write_csv(path, rows, encoding="utf-8", newline="\r\n"):
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(encoding))


def libreoffice_file():
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "zibo-2023-libreoffice.csv")
        write_csv(src, [HEAD] + national("国家知识产权示范企业", "国家知识产权优势企业", "山东省淄博市",
                                          ["北京市海淀区", "江苏省苏州市", "广东省深圳市"]))
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--infilter=CSV:44,34,76,1",
                            "--convert-to", "xlsx", "--outdir", tmp, src],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, LANG="C"))
        shutil.copy(os.path.join(tmp, "zibo-2023-libreoffice.xlsx"), HERE)


def gbk_file():
    rows = [["2023年新一批国家知识产权示范企业和优势企业名单"], ["序号", "企业名称", "统一社会信用代码", "省份", "类别"]]
    for r in national("示范企业", "优势企业", "山东", ["北京", "江苏", "广东"]):
        r = list(r)
        if r[1] == "鲁泰纺织股份有限公司":
            # Typed with a Chinese input method: full-width characters.
            r[2] = "".join(chr(ord(c) + 0xFEE0) for c in r[2])
        if r[1].startswith("临淄"):
            r[3] = "临淄区"
        rows.append(r)
    rows.append([])
    write_csv(os.path.join(HERE, "zibo-2023-gbk.csv"), rows, encoding="gbk")


def bad_file():
    rows = [HEAD + ["结果"],
            [1, "山东亚华电子股份有限公司", "91370300MA3C00001U", "淄博高新区", "示范", ""],
            [2, "淄博未登记示例有限公司", uscc("91370300MA3C09999"), "淄博高新区", "优势", ""],
            [3, "淄博校验码示例有限公司", "91370300MA3C00002X", "淄博高新区", "优势", ""],
            [4, "榆林能源化工技术研究院有限公司", "91610800MA3C000011", "", "优势", ""],
            [5, "山东淄博中南医药包装材料股份有限公司", "91370300MA3C00008H", "淄博高新区", "优势", "复核通过"],
            [5, "鲁泰纺织股份有限公司", "91370300MA3C00007E", "淄博高新区", "优势", ""],
            [7, "山东金晶科技股份有限公司", "91370300MA3C000045", "淄博高新区", "金奖", ""]]
    write_csv(os.path.join(HERE, "zibo-2023-bad.csv"), rows)


if __name__ == "__main__":
    openpyxl_file()
    libreoffice_file()
    gbk_file()
    bad_file()
