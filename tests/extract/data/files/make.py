#!/usr/bin/env python3
"""Generates the file fixtures (PDF, DOCX, DOC, OFD, image-only PDF, bad files) from real report texts.

Run once by tests/extract/data/files/make.sh; the results are committed (this is not run by the build).
Needs LibreOffice (soffice, headless), poppler-utils (pdftotext, pdftoppm) and the Noto CJK fonts on the
machine that generates; none of them is needed to build or test gongkai.

Each report is written as one flat ODF text (.fodt) in the layout WPS prints: a two-line title (agency, then
"YYYY年政府信息公开工作年度报告"), a running header, a page-number footer ("-1-" or "第1页 共5页"), headings
"一、…", body paragraphs with a first-line indent, the standard template's tables with their merged cells,
and a signature with the date. LibreOffice turns it into PDF, DOCX and DOC. The OFD is built here from the
PDF's word boxes (pdftotext -bbox-layout) and table rulings (found on a pdftoppm raster), the way OFD
converters lay out text objects. expected.json records, for the tests, the paragraphs, the tables as
rectangular grids with spans expanded (spanned text repeated — the same grid the HTML extractor builds),
the title, the running header, and the sentences that run across a page break (found with pdftotext).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.environ.get("GONGKAI_EXAMPLES", os.path.join(HERE, "..", "texts"))


# ---------------------------------------------------------------------------------------------- tables
# A table is a list of rows; a row is a list of cells (text, colspan, rowspan), as in HTML.

def expand(rows):
    """The rectangular grid of an HTML-style table, spans expanded with their text repeated."""
    grid = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, cs, rs in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text
            c += cs
            width = max(width, c)
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


def C(text, cs=1, rs=1):
    return (text, cs, rs)


def table2_2019(v):
    """表二 主动公开政府信息情况 (2019 template); v: 4+4 rows of figures."""
    rows = []
    for item, head, lines in [
        ("第二十条第(一)项", ["信息内容", "本年新制作", "本年新公开", "对外公开总数量"], [("规章", v[0]), ("规范性文件", v[1])]),
        ("第二十条第(五)项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
         [("行政许可", v[2]), ("其他对外管理服务事项", v[3])]),
        ("第二十条第(六)项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], [("行政处罚", v[4]), ("行政强制", v[5])]),
    ]:
        rows.append([C(item, 4)])
        rows.append([C(h) for h in head])
        for name, figs in lines:
            rows.append([C(name)] + [C(f) for f in figs])
    rows.append([C("第二十条第(八)项", 4)])
    rows.append([C("信息内容"), C("上一年项目数量"), C("本年增/减", 2)])
    rows.append([C("行政事业性收费"), C(v[6][0]), C(v[6][1], 2)])
    rows.append([C("第二十条第(九)项", 4)])
    rows.append([C("信息内容"), C("采购项目数量"), C("采购总金额(单位:万元)", 2)])
    rows.append([C("政府集中采购"), C(v[7][0]), C(v[7][1], 2)])
    return rows


def table3_2019(figs):
    """表三 收到和处理政府信息公开申请情况 (2019 template); figs: 25 rows of 7 figures."""
    rows = [
        [C("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", 3, 3), C("申请人情况", 7)],
        [C("自然人", 1, 2), C("法人或其他组织", 5), C("总计", 1, 2)],
        [C("商业企业"), C("科研机构"), C("社会公益组织"), C("法律服务机构"), C("其他")],
    ]
    f = iter(figs)
    def line(*head):
        return list(head) + [C(x) for x in next(f)]
    rows.append(line(C("一、本年新收政府信息公开申请数量", 3)))
    rows.append(line(C("二、上年结转政府信息公开申请数量", 3)))
    rows.append(line(C("三、本年度办理结果", 1, 20), C("(一)予以公开", 2)))
    rows.append(line(C("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", 2)))
    withheld = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
    for i, w in enumerate(withheld):
        rows.append(line(*([C("(三)不予公开", 1, 8)] if i == 0 else []), C(w)))
    unable = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
    for i, w in enumerate(unable):
        rows.append(line(*([C("(四)无法提供", 1, 3)] if i == 0 else []), C(w)))
    refused = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
               "5.要求行政机关确认或重新出具已获取信息"]
    for i, w in enumerate(refused):
        rows.append(line(*([C("(五)不予处理", 1, 5)] if i == 0 else []), C(w)))
    rows.append(line(C("(六)其他处理", 2)))
    rows.append(line(C("(七)总计", 2)))
    rows.append(line(C("四、结转下年度继续办理", 3)))
    return rows


def table4_2019(figs):
    """表四 政府信息公开行政复议、行政诉讼情况; figs: 15 figures."""
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        [C("行政复议", 5), C("行政诉讼", 10)],
        [C(x, 1, 2) for x in results] + [C("未经复议直接起诉", 5), C("复议后起诉", 5)],
        [C(x) for x in results + results],
        [C(x) for x in figs],
    ]


# ------------------------------------------------------------------------------------------- reports

def jinning():
    """Kunming Jinning district, 2020: the 2019 template with its three tables (figures as published)."""
    lines = [l.strip() for l in open(os.path.join(EXAMPLES, "jinning-kunming-2020.txt"), encoding="utf-8")]
    body = []  # (kind, payload)
    z = ["0"] * 7
    t3 = [["7", "0", "0", "0", "0", "1", "8"], ["1", "0", "0", "0", "0", "0", "1"],
          ["8", "0", "0", "0", "0", "1", "9"]] + [z] * 19 + [["8", "0", "0", "0", "0", "1", "9"], z]
    # 20 rows under 三 (予以公开 .. 总计) + 一 + 二 + 四 = 23 figure rows; rebuild exactly:
    t3 = [["7", "0", "0", "0", "0", "1", "8"], ["1", "0", "0", "0", "0", "0", "1"], ["8", "0", "0", "0", "0", "1", "9"]]
    t3 += [z] * (1 + 8 + 3 + 5 + 1)
    t3 += [["8", "0", "0", "0", "0", "1", "9"], z]
    tables = {
        "二、主动公开政府信息情况": table2_2019([["0", "0", "0"], ["0", "0", "25"], ["234", "减15", "29655"], ["0", "0", "0"],
                                        ["4893", "增49", "1821"], ["246", "减2", "1907"], ["1", "0"], ["11", "610.6988"]]),
        "三、收到和处理政府信息公开申请情况": table3_2019(t3),
        "四、政府信息公开行政复议、行政诉讼情况": table4_2019(["0"] * 15),
    }
    for l in lines[3:]:
        if not l or "|" in l:
            continue
        if re.match(r"^[一二三四五六七八九十]+、", l):
            body.append(("h1", l))
            if l in tables:
                body.append(("table", tables[l]))
        else:
            body.append(("p", l))
    return {
        "name": "jinning-2020",
        "title": ["昆明市晋宁区人民政府", "2020年政府信息公开工作年度报告"],
        "header": "昆明市晋宁区人民政府信息公开",
        "footer": "dash",
        "signature": ["昆明市晋宁区人民政府办公室", "2021年1月25日"],
        "published": "2021-01-25",
        "body": body,
    }


def alashankou():
    """Alashankou city, 2017: the pre-2019 layout, no standard tables; 第N页 共M页 footers."""
    lines = [l.strip() for l in open(os.path.join(EXAMPLES, "alashankou-2017.txt"), encoding="utf-8")]
    body = []
    for l in lines[5:]:
        if not l:
            continue
        if l.startswith("分享到"):
            break
        if re.match(r"^[一二三四五六七八九十]+、", l):
            body.append(("h1", l))
        elif re.match(r"^[㈠㈡㈢㈣]", l):
            body.append(("h2", l))
        else:
            body.append(("p", l))
    return {
        "name": "alashankou-2017",
        "title": ["阿拉山口市人民政府", "2017年政府信息公开工作年度报告"],
        "header": "阿拉山口市政务公开",
        "footer": "of",
        "signature": ["阿拉山口市人民政府办公室", "2018年1月31日"],
        "published": "2018-01-31",
        "body": body,
    }


# ---------------------------------------------------------------------------------------------- fodt

FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>政府信息公开工作年度报告</dc:title><meta:generator>WPS Office</meta:generator></office:meta>
<office:font-face-decls>
 <style:font-face style:name="Serif" svg:font-family="'Noto Serif CJK SC'"/>
 <style:font-face style:name="Sans" svg:font-family="'Noto Sans CJK SC'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:line-height="130%"/>
  <style:text-properties style:font-name="Serif" style:font-name-asian="Serif" fo:font-size="12pt"
   style:font-size-asian="12pt" fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-indent="0.85cm" fo:text-align="justify" fo:margin-bottom="0.1cm"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.2cm"/>
  <style:text-properties style:font-name="Sans" style:font-name-asian="Sans" fo:font-size="20pt" style:font-size-asian="20pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1" style:class="text">
  <style:paragraph-properties fo:margin-top="0.2cm" fo:margin-bottom="0.1cm" fo:text-indent="0.85cm"/>
  <style:text-properties style:font-name="Sans" style:font-name-asian="Sans" fo:font-size="14pt" style:font-size-asian="14pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2" style:class="text">
  <style:paragraph-properties fo:text-indent="0.85cm"/>
  <style:text-properties fo:font-size="12pt" style:font-size-asian="12pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Signature" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/>
 </style:style>
 <style:style style:name="Cell" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:line-height="115%"/>
  <style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="2.6cm" fo:margin-right="2.6cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.6cm" fo:border-bottom="0.5pt solid #000000"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.6cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="TRow" style:family="table-row"><style:table-row-properties fo:keep-together="always"/></style:style>
 <style:style style:name="TCell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.04cm" style:vertical-align="middle"/></style:style>
 %TABLESTYLES%
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p text:style-name="Header">%HEADER%</text:p></style:header>
  <style:footer><text:p text:style-name="Header">%FOOTER%</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""


def column_widths(width):
    """Column widths (cm) of the template's tables, as agencies print them: 15.8 cm in all."""
    if width == 10:  # 表三: item, sub-item, detail, then 7 figures
        return [1.6, 2.2, 3.6] + [1.2] * 7
    if width == 4:   # 表二
        return [4.4, 3.8, 3.8, 3.8]
    return [15.8 / width] * width


def fodt(report):
    footer = {
        "dash": '-<text:page-number text:select-page="current">1</text:page-number>-',
        "of": '第<text:page-number text:select-page="current">1</text:page-number>页 共<text:page-count>1</text:page-count>页',
    }[report["footer"]]
    parts = []
    table_styles = []
    for t in report["title"]:
        parts.append('<text:p text:style-name="Title">%s</text:p>' % escape(t))
    n = 0
    for kind, payload in report["body"]:
        if kind == "p":
            parts.append('<text:p text:style-name="Body">%s</text:p>' % escape(payload))
        elif kind in ("h1", "h2"):
            level = kind[1]
            parts.append('<text:h text:style-name="Heading_20_%s" text:outline-level="%s">%s</text:h>' % (level, level, escape(payload)))
        elif kind == "table":
            n += 1
            width = len(expand(payload)[0])
            name = "Tbl%d" % n
            table_styles.append('<style:style style:name="%s" style:family="table"><style:table-properties style:width="15.8cm" table:align="center"/></style:style>' % name)
            x = ['<table:table table:name="%s" table:style-name="%s">' % (name, name)]
            for i, cm in enumerate(column_widths(width)):
                table_styles.append('<style:style style:name="%s.%d" style:family="table-column">'
                                    '<style:table-column-properties style:column-width="%.2fcm"/></style:style>' % (name, i, cm))
                x.append('<table:table-column table:style-name="%s.%d"/>' % (name, i))
            covered = set()
            for r, row in enumerate(payload):
                x.append('<table:table-row table:style-name="TRow">')
                c = 0
                it = iter(row)
                while c < width:
                    if (r, c) in covered:
                        x.append("<table:covered-table-cell/>")
                        c += 1
                        continue
                    cell = next(it, None)
                    if cell is None:
                        x.append('<table:table-cell table:style-name="TCell"><text:p text:style-name="Cell"/></table:table-cell>')
                        c += 1
                        continue
                    text, cs, rs = cell
                    for dr in range(rs):
                        for dc in range(cs):
                            if dr or dc:
                                covered.add((r + dr, c + dc))
                    attrs = ""
                    if cs > 1:
                        attrs += ' table:number-columns-spanned="%d"' % cs
                    if rs > 1:
                        attrs += ' table:number-rows-spanned="%d"' % rs
                    x.append('<table:table-cell table:style-name="TCell"%s><text:p text:style-name="Cell">%s</text:p></table:table-cell>' % (attrs, escape(text)))
                    c += 1
                x.append("</table:table-row>")
            x.append("</table:table>")
            parts.append("".join(x))
    parts.append('<text:p text:style-name="Standard"/>')
    for s in report["signature"]:
        parts.append('<text:p text:style-name="Signature">%s</text:p>' % escape(s))
    head = FODT_HEAD.replace("%HEADER%", escape(report["header"])).replace("%FOOTER%", footer)
    head = head.replace("%TABLESTYLES%", "\n ".join(table_styles))
    return head + "\n".join(parts) + "\n</office:text></office:body></office:document>\n"


# ------------------------------------------------------------------------------------------ convert

def soffice(src, fmt, outdir):
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", outdir, src], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def page_texts(pdf):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True).stdout.decode()
    return out.split("\f")


def crossing_sentences(report, pdf):
    """Paragraphs whose text runs from one page onto the next (pdftotext's view of the PDF)."""
    pages = [re.sub(r"\s+", "", p) for p in page_texts(pdf)]
    found = []
    for kind, payload in report["body"]:
        if kind != "p":
            continue
        flat = re.sub(r"\s+", "", payload)
        for i in range(len(pages) - 1):
            # The paragraph starts on page i and ends on page i+1.
            head, tail = flat[:12], flat[-12:]
            if head in pages[i] and tail not in pages[i] and tail in pages[i + 1]:
                found.append(payload)
    return found


def bbox_words(pdf):
    """Per page: (width, height, [(x0, y0, x1, y1, word)]) from pdftotext -bbox-layout (points)."""
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True).stdout.decode()
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = []
        for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', m.group(3)):
            text = w.group(5).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            words.append((float(w.group(1)), float(w.group(2)), float(w.group(3)), float(w.group(4)), text))
        pages.append((float(m.group(1)), float(m.group(2)), words))
    return pages


def rulings(pdf, page, dpi=100):
    """Long horizontal and vertical dark runs on the page's raster, in points: [(x0, y0, x1, y1)]."""
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), pdf, os.path.join(d, "p")], check=True)
        name = [f for f in os.listdir(d)][0]
        data = open(os.path.join(d, name), "rb").read()
    parts = data.split(b"\n", 3)  # P5 \n w h \n 255 \n data
    w, h = map(int, parts[1].split())
    px = parts[3]
    dark = lambda x, y: px[y * w + x] < 128
    scale = 72.0 / dpi
    min_run = 25
    segs = []
    for y in range(h):
        x = 0
        while x < w:
            if dark(x, y):
                s = x
                while x < w and dark(x, y):
                    x += 1
                if x - s >= min_run:
                    segs.append((s * scale, y * scale, x * scale, y * scale))
            x += 1
    for x in range(w):
        y = 0
        while y < h:
            if dark(x, y):
                s = y
                while y < h and dark(x, y):
                    y += 1
                if y - s >= min_run:
                    segs.append((x * scale, s * scale, x * scale, y * scale))
            y += 1
    # Merge runs on adjacent pixel rows/columns (a ruling 1-2 px thick).
    merged = []
    for s in sorted(segs):
        if merged:
            m = merged[-1]
            if abs(m[0] - s[0]) < 2 and abs(m[2] - s[2]) < 2 and abs(m[1] - s[1]) < 2 and abs(m[3] - s[3]) < 2:
                continue
        merged.append(s)
    return merged


def ofd(pdf, out):
    """An OFD (GB/T 33190) package holding the PDF's words as TextObjects and its rulings as PathObjects."""
    mm = 25.4 / 72.0
    pages = bbox_words(pdf)
    z = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
    z.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">'
               '<ofd:DocBody><ofd:DocInfo><ofd:DocID>gongkai-fixture</ofd:DocID><ofd:Title>政府信息公开工作年度报告</ofd:Title></ofd:DocInfo>'
               '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    w0, h0 = pages[0][0] * mm, pages[0][1] * mm
    doc = ['<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData>'
           '<ofd:MaxUnitID>%d</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 %.2f %.2f</ofd:PhysicalBox></ofd:PageArea>'
           '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>' % (100000, w0, h0)]
    for i in range(len(pages)):
        doc.append('<ofd:Page ID="%d" BaseLoc="Pages/Page_%d/Content.xml"/>' % (i + 2, i))
    doc.append("</ofd:Pages></ofd:Document>")
    z.writestr("Doc_0/Document.xml", "".join(doc))
    z.writestr("Doc_0/PublicRes.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res">'
               '<ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    uid = 1000
    for i, (w, h, words) in enumerate(pages):
        objs = []
        for x0, y0, x1, y1, text in words:
            uid += 1
            size = (y1 - y0) * mm
            objs.append('<ofd:TextObject ID="%d" Boundary="%.2f %.2f %.2f %.2f" Font="1" Size="%.2f">'
                        '<ofd:TextCode X="0" Y="%.2f">%s</ofd:TextCode></ofd:TextObject>'
                        % (uid, x0 * mm, y0 * mm, (x1 - x0) * mm, size, size, size * 0.88, escape(text)))
        for x0, y0, x1, y1 in rulings(pdf, i + 1):
            uid += 1
            bw, bh = max(x1 - x0, 0.5) * mm, max(y1 - y0, 0.5) * mm
            objs.append('<ofd:PathObject ID="%d" Boundary="%.2f %.2f %.2f %.2f" LineWidth="0.18">'
                        '<ofd:AbbreviatedData>M 0 0 L %.2f %.2f</ofd:AbbreviatedData></ofd:PathObject>'
                        % (uid, x0 * mm, y0 * mm, bw, bh, (x1 - x0) * mm, (y1 - y0) * mm))
        z.writestr("Doc_0/Pages/Page_%d/Content.xml" % i,
                   '<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>'
                   '<ofd:Layer ID="%d">%s</ofd:Layer></ofd:Content></ofd:Page>' % (i + 10, "".join(objs)))
    z.close()


def image_pdf(pdf, out, pages=2, dpi=150):
    """An image-only PDF (图片版): the first pages of `pdf` as JPEGs, no text layer (two pages keep
    the OCR test short while still having a running header and footer on more than one page)."""
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["pdftoppm", "-gray", "-jpeg", "-r", str(dpi), "-l", str(pages), pdf, os.path.join(d, "p")], check=True)
        images = sorted(os.listdir(d))
        blobs = [open(os.path.join(d, f), "rb").read() for f in images]
    objs = []
    def add(body):
        objs.append(body)
        return len(objs)
    pages_id = 2
    add(b"<< /Type /Catalog /Pages 2 0 R >>")
    add(b"")  # pages, filled below
    kids = []
    for blob in blobs:
        # JPEG size from its SOF0/SOF2 marker.
        i = 2
        while True:
            marker, length = blob[i + 1], int.from_bytes(blob[i + 2:i + 4], "big")
            if marker in (0xC0, 0xC2):
                ih, iw = int.from_bytes(blob[i + 5:i + 7], "big"), int.from_bytes(blob[i + 7:i + 9], "big")
                space = b"/DeviceGray" if blob[i + 9] == 1 else b"/DeviceRGB"
                break
            i += 2 + length
        pw, ph = iw * 72.0 / dpi, ih * 72.0 / dpi
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 "
                  b"/Filter /DCTDecode /Length %d >>\nstream\n" % (iw, ih, space, len(blob)) + blob + b"\nendstream")
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        cid = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> "
                        b"/Contents %d 0 R >>" % (pw, ph, img, cid)))
    objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    write_pdf(objs, out, b"<< /Producer (gongkai fixture: scanned) >>")


def write_pdf(objs, out, info=None):
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, body in enumerate(objs):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    info_ref = b""
    if info:
        offsets.append(len(data))
        data += b"%d 0 obj\n" % (len(objs) + 1) + info + b"\nendobj\n"
        info_ref = b" /Info %d 0 R" % (len(objs) + 1)
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    for o in offsets:
        data += b"%010d 00000 n \n" % o
    data += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, info_ref, xref)
    open(out, "wb").write(data)


# -------------------------------------------------------------------------------------------- main

def borderless():
    """jinning-2020-borderless.pdf: the same report with its tables printed without any ruling line (cell
    borders off), as some agencies print them: the grids must be rebuilt from the text positions alone.
    The tests compare it with the jinning-2020 entry of expected.json."""
    report = jinning()
    tmp = tempfile.mkdtemp()
    name = "jinning-2020-borderless"
    src = os.path.join(tmp, name + ".fodt")
    open(src, "w", encoding="utf-8").write(fodt(report).replace('fo:border="0.5pt solid #000000"', 'fo:border="none"'))
    soffice(src, "pdf:writer_pdf_Export", tmp)
    shutil.copy(os.path.join(tmp, name + ".pdf"), name + ".pdf")
    shutil.rmtree(tmp)


def rewrite_pdf(src, out, edit_stream, info):
    """Rewrites a LibreOffice PDF (plain objects, one xref table): every stream's decoded data through
    edit_stream(dict, data) -> data or None (None: unchanged), the Info dictionary replaced by `info`,
    and a fresh cross-reference table."""
    data = open(src, "rb").read()
    objs = {}
    for m in re.finditer(rb"(\d+) 0 obj\n?(.*?)endobj", data, re.S):
        objs[int(m.group(1))] = m.group(2)
    trailer = re.search(rb"trailer\s*<<(.*?)>>\s*startxref", data, re.S).group(1)
    root = re.search(rb"/Root (\d+) 0 R", trailer).group(1)
    for n, body in objs.items():
        m = re.match(rb"(<<.*?>>)\s*stream\r?\n(.*)\r?\nendstream\s*$", body, re.S)
        if not m:
            continue
        head, raw = m.group(1), m.group(2)
        flate = b"/FlateDecode" in head
        plain = zlib.decompress(raw) if flate else raw
        new = edit_stream(head, plain)
        if new is None:
            continue
        packed = zlib.compress(new) if flate else new
        head = re.sub(rb"/Length \d+( 0 R)?", b"/Length %d" % len(packed), head)
        objs[n] = head + b"\nstream\n" + packed + b"\nendstream\n"
    info_n = max(objs) + 1
    objs[info_n] = info + b"\n"
    out_data = b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n"
    offsets = {}
    for n in sorted(objs):
        offsets[n] = len(out_data)
        out_data += b"%d 0 obj\n" % n + objs[n] + b"endobj\n"
    xref = len(out_data)
    size = max(objs) + 1
    out_data += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        out_data += (b"%010d 00000 n \n" % offsets[n]) if n in offsets else b"0000000000 65535 f \n"
    out_data += b"trailer\n<< /Size %d /Root %s 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, info_n, xref)
    open(out, "wb").write(out_data)


def pdf_text(s):
    """A PDF text string in UTF-16BE with BOM, as WPS writes its metadata."""
    return b"<FEFF" + s.encode("utf-16-be").hex().upper().encode() + b">"


# What WPS Office puts in a PDF it prints: its own name as creator and producer, and the generic title.
WPS_INFO = (b"<< /Creator " + pdf_text("WPS 文字") + b" /Producer " + pdf_text("WPS 文字") +
            b" /Title " + pdf_text("政府信息公开工作年度报告") + b" /CreationDate (D:20210125093000+08'00') >>")


def radicals_to_unicode(head, data):
    """A ToUnicode CMap whose ideographs that have a Kangxi radical twin map to the radical instead
    (一 -> U+2F00 ⼀, 人 -> U+2F08 ⼈, 日 -> U+2F47 ⽇ ...), as WPS's reverse cmap lookup produces."""
    if b"begincmap" not in data:
        return None
    import unicodedata
    twin = {}
    for cp in range(0x2F00, 0x2FD6):
        twin["%04X" % ord(unicodedata.normalize("NFKC", chr(cp)))] = "%04X" % cp
    twin["6C11"] = "2EA0"  # 民 -> ⺠ (CJK RADICAL CIVILIAN), as in "⼈⺠"
    twin["95E8"] = "2ED4"  # 门 -> ⻔
    def swap(m):
        return b"<" + twin.get(m.group(1).decode().upper(), m.group(1).decode()).encode() + b">"
    # Only destination values (the second <…> of a bfchar pair) are four-hex-digit Unicode.
    return re.sub(rb"(?<=> )<([0-9A-Fa-f]{4})>", swap, data)


def wps_like():
    """Fixtures with the traits of PDFs printed from WPS (docs/file-formats.md, "WPS prints"):
    - jinning-2020-wps.pdf: the jinning report whose text layer maps ideographs to their Kangxi radical
      twins (⼀、总体情况, ⼈⺠, ⽇), with WPS's creator/producer and its generic Title metadata;
    - alashankou-2017-notounicode.pdf: the first part of the alashankou report (two pages) with every
      font's ToUnicode map removed, so the text layer decodes to junk (the glyph codes of subset fonts
      mean nothing without it) while the pages look right: only OCR reads it."""
    tmp = tempfile.mkdtemp()
    report = jinning()
    src = os.path.join(tmp, "jinning-2020.fodt")
    open(src, "w", encoding="utf-8").write(fodt(report))
    soffice(src, "pdf:writer_pdf_Export", tmp)
    rewrite_pdf(os.path.join(tmp, "jinning-2020.pdf"), "jinning-2020-wps.pdf", radicals_to_unicode, WPS_INFO)
    report = alashankou()
    report["body"] = report["body"][:9]
    src = os.path.join(tmp, "alashankou-2017.fodt")
    open(src, "w", encoding="utf-8").write(fodt(report))
    soffice(src, "pdf:writer_pdf_Export", tmp)
    def drop_tounicode(head, data):
        return None
    pdf = os.path.join(tmp, "alashankou-2017.pdf")
    raw = open(pdf, "rb").read()
    open(pdf, "wb").write(raw.replace(b"/ToUnicode", b"/ToUnicodX"))  # same length: offsets unchanged
    rewrite_pdf(pdf, "alashankou-2017-notounicode.pdf", drop_tounicode, WPS_INFO)
    shutil.rmtree(tmp)


def main():
    os.chdir(HERE)
    steps = sys.argv[1:]
    if steps:  # only the named extra fixtures (the committed ones stay byte-identical)
        for step in steps:
            {"borderless": borderless, "wps": wps_like}[step]()
        return
    expected = {}
    tmp = tempfile.mkdtemp()
    for report in (jinning(), alashankou()):
        name = report["name"]
        src = os.path.join(tmp, name + ".fodt")
        open(src, "w", encoding="utf-8").write(fodt(report))
        soffice(src, "pdf:writer_pdf_Export", tmp)
        soffice(src, "docx:MS Word 2007 XML", tmp)
        soffice(src, "doc:MS Word 97", tmp)
        for ext in ("pdf", "docx", "doc"):
            shutil.copy(os.path.join(tmp, name + "." + ext), name + "." + ext)
        ofd(name + ".pdf", name + ".ofd")
        pages = page_texts(name + ".pdf")
        expected[name] = {
            "title": "".join(report["title"]),
            "published": report["published"],
            "header": report["header"],
            "pages": len([p for p in pages if p.strip()]),
            "headings": [p for k, p in report["body"] if k in ("h1", "h2")],
            "paragraphs": [p for k, p in report["body"] if k == "p"],
            "page_break_sentences": crossing_sentences(report, name + ".pdf"),
            "tables": [expand(p) for k, p in report["body"] if k == "table"],
        }
    image_pdf("jinning-2020.pdf", "jinning-2020-scan.pdf")
    # Bad files.
    enc = '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"gongkai"}}'
    soffice(os.path.join(tmp, "alashankou-2017.fodt"), "pdf:writer_pdf_Export:" + enc, tmp)
    shutil.copy(os.path.join(tmp, "alashankou-2017.pdf"), "bad-encrypted.pdf")
    pdf = open("alashankou-2017.pdf", "rb").read()
    # A broken cross-reference table: every offset in it shifted, and startxref pointing into nowhere.
    cut = pdf.rfind(b"startxref")
    open("bad-xref.pdf", "wb").write(re.sub(rb"\d{10} 00000 n", b"0000000017 00000 n", pdf[:cut]) + b"startxref\n999999999\n%%EOF\n")
    # A truncated PDF (the download stopped half-way).
    open("bad-truncated.pdf", "wb").write(pdf[: len(pdf) // 2])
    # A zip bomb dressed as DOCX: 1 GiB of spaces in word/document.xml, a few MB on disk.
    with zipfile.ZipFile("bad-bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b" " * (1 << 20)
            for _ in range(1024):
                f.write(chunk)
    # A PDF named .doc (the extension lies).
    shutil.copy("alashankou-2017.pdf", "lying-extension.doc")
    json.dump(expected, open("expected.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    shutil.rmtree(tmp)
    borderless()
    wps_like()


if __name__ == "__main__":
    main()
