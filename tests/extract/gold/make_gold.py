#!/usr/bin/env python3
"""Writes the extract/ gold set: NAME.html + NAME.gold.json, the layout score_extraction.py reads.

Each page wraps the report part of one real disclosure report (../data/texts/*.txt) in the template
of one portal family seen in the wild — TRS (TRS_Editor), Hanweb jcms (ArticleTitle/PubDate metas,
<!--ContentStart--> markers, table layout), a Fujian 集约化 template (xxgk index table, 扫一扫,
相关解读, link-leaving dialog), an old table-layout CMS saved in GBK, a class-less <br> CMS, and an undeclared-GBK CMS — with
the chrome of real portals around it (menus, breadcrumbs, tool bars, share bars, 上一篇/下一篇,
footers with ICP/公网安备/网站标识码/主办/联系电话/地址, browser notices). Gold fields: title, published,
must_contain (report snippets, including the traps: body sentences with 地址/电话/网站),
must_not_contain (chrome snippets). Deterministic: re-running rewrites identical files.

Usage: python3 make_gold.py   (writes next to this script)
"""
import html
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TEXTS = os.path.join(HERE, "..", "data", "texts")


def lines(name):
    with open(os.path.join(TEXTS, name), encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]


def esc(s):
    return html.escape(s, quote=False)


# ---------------------------------------------------------------- reports: title, date, body parts
# A body part is ("p", text) or ("table", [[cell, ...], ...]) with cells as (text, colspan).

def parse_pipe_rows(rows):
    table = []
    for r in rows:
        cells = [c.strip() for c in r.split(" | ")]
        cells = [c.rstrip("|").strip() for c in cells]
        while cells and cells[-1] == "":
            cells.pop()
        table.append([(c, 1) for c in cells])
    width = max(len(r) for r in table)
    out = []
    for r in table:
        if len(r) == 1 and width > 1:
            out.append([(r[0][0], width)])  # a section row spanning the table
        else:
            out.append(r + [("", 1)] * (width - len(r)))
    return out


def report_alashankou():
    ls = lines("alashankou-2017.txt")
    body = [("p", l.strip()) for l in ls[6:45] if l.strip()]
    return dict(key="alashankou", title=ls[2].strip(), date="2018-01-31", time="10:25",
                org="阿拉山口市人民政府", site="阿拉山口市人民政府网", column="部门年度报告", body=body,
                must=["如对本报告有疑问,请与阿拉山口市政府信息公开日常受理机构阿拉山口市电子政务办公室联系,地址:阿拉山口市天山街8号;邮编:833418;电话:0909-6998669",
                      "阿拉山口市政务公开工作领导小组召开专题会议研究部署政务公开工作",
                      "推进政务公开工作再上新台阶"])


def report_jinan():
    ls = lines("jinan-fuzhou-2017.txt")
    body = [("p", l.strip()) for l in ls[1:53] if l.strip()]
    cells = [l.strip().rstrip("|").strip() for l in ls[53:117]]
    rows = [[(c, 1) for c in cells[i:i + 4]] for i in range(0, len(cells) - 3, 4)]
    body.append(("table", rows))
    return dict(key="jinan", title="福州市晋安区财政局2017年政府信息公开工作年度报告", date="2018-03-20",
                time="09:12", org="晋安区财政局", site="福州市晋安区人民政府", column="政府信息公开年报",
                body=body,
                must=["根据我局工作实际", "严格按照财务规定", "目前暂无。", "主动公开文件数 | 条 | 6 | 208",
                      "坚持“公开为原则,不公开为例外”"])


def report_jinning():
    ls = lines("jinning-kunming-2020.txt")
    body, rows = [], []
    for l in ls[1:66]:
        if " | " in l or l.endswith("|"):
            rows.append(l)
            continue
        if rows:
            body.append(("table", parse_pipe_rows(rows)))
            rows = []
        if l.strip():
            body.append(("p", l.strip()))
    return dict(key="jinning", title=ls[0].strip(), date="2021-01-26", time="",
                org="昆明市晋宁区人民政府办公室", site="昆明市晋宁区人民政府", column="政府信息公开年报",
                body=body,
                must=["一、总体情况", "加强公开平台建设", "行政许可 | 234 | 减15 | 29655",
                      "无其他需要说明的事项。", "改进措施:一是实行区政府门户网站日常巡查"])


def report_neicuo():
    ls = lines("neicuo-xiangan-2015.txt")
    body = [("p", l.strip()) for l in ls[4:29] if l.strip()]
    return dict(key="neicuo", title=ls[1].strip(), date="2015-11-26", time="10:22",
                org="内厝镇人民政府", site="厦门市翔安区人民政府", column="翔安区", body=body,
                must=["强化领导,夯实政府信息公开工作基础", "完善公开目录和台账", "加强业务培训指导"])


def report_tonghua():
    ls = lines("tonghua-2012.txt")
    body = [("p", l.strip()) for l in ls[8:119] if l.strip()]
    return dict(key="tonghua", title=ls[3].strip(), date="2013-03-04", time="",
                org="通化市人民政府政务公开协调办公室", site="通化市人民政府信息公开网", column="年度报告",
                body=body,
                must=["通化市人民政府政务公开协调办公室", "领导体制。2012年重新调整了通化市政务公开领导小组",
                      "一是积极开展研讨交流", "全市共有645人从事该项工作"])


REPORTS = [report_alashankou(), report_jinan(), report_jinning(), report_neicuo(), report_tonghua()]


# ---------------------------------------------------------------- rendering helpers

def table_html(rows, cls="MsoNormalTable"):
    out = ['<table class="%s" border="1" cellspacing="0" cellpadding="0" width="100%%">' % cls, "<tbody>"]
    for r in rows:
        out.append("<tr>")
        for text, span in r:
            attr = ' colspan="%d"' % span if span > 1 else ""
            out.append('<td%s valign="center"><p style="text-align:center"><span style="font-size:14px">%s</span></p></td>'
                       % (attr, esc(text)))
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def body_p(r, indent=True):
    out = []
    for kind, v in r["body"]:
        if kind == "p":
            pad = "&nbsp;&nbsp;&nbsp;&nbsp;" if indent else ""
            out.append('<p style="text-indent:2em;line-height:1.8">%s%s</p>' % (pad, esc(v)))
        else:
            out.append(table_html(v))
    return "\n".join(out)


def body_br(r):
    out = []
    for kind, v in r["body"]:
        if kind == "p":
            out.append("&nbsp;&nbsp;&nbsp;&nbsp;%s<br>" % esc(v))
        else:
            out.append(table_html(v))
    return "\n".join(out)


def stamp(r):
    return r["date"] + (" " + r["time"] if r["time"] else "")


def han_date(r):
    y, m, d = r["date"].split("-")
    return "%s年%s月%s日" % (y, m, d) + (" " + r["time"] if r["time"] else "")


def nav(items, cls="nav"):
    return '<ul class="%s">%s</ul>' % (cls, "".join('<li><a href="/%d/">%s</a></li>' % (i, esc(t)) for i, t in enumerate(items)))


MENU = ["首页", "政务公开", "政务服务", "互动交流", "走进本市", "政府信息公开年报", "政策文件", "通知公告"]


# ---------------------------------------------------------------- templates

def tpl_trs(r, other):
    chrome = {
        "head": '<div class="top"><div class="topbar"><a href="/">设为首页</a> | <a href="#">加入收藏</a> | <a href="#">无障碍</a> | <a href="#">长者模式</a></div>'
                '<div class="logo"><h2>%s</h2></div>%s</div>' % (esc(r["site"]), nav(MENU)),
        "crumb": '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">%s</a></div>' % esc(r["column"]),
    }
    doc = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(r['title'])}_{esc(r['site'])}</title>
<link rel="stylesheet" href="/images/style.css"><script src="/js/jquery.js"></script>
<script>var _hmt = _hmt || []; document.write('<div class="ad">广告</div>');</script>
</head><body>
{chrome['head']}
<div class="main">
{chrome['crumb']}
<div class="xl_box">
<div class="xl_title">{esc(r['title'])}</div>
<div class="xl_info">发布时间：{stamp(r)}&nbsp;&nbsp;来源：{esc(r['org'])}&nbsp;&nbsp;浏览次数：<span id="hits">1024</span>
&nbsp;&nbsp;【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="xl_content">
<div class="TRS_Editor">
<style>.TRS_Editor P{{margin-top:5px;font-size:12pt;}}</style>
{body_p(r)}
</div>
</div>
<div class="xl_share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="xl_tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="xl_page"><p>上一篇：<a href="/a/1.html">{esc(other['title'])}</a></p><p>下一篇：<a href="/a/2.html">关于开展2018年度政务公开工作考核的通知</a></p></div>
</div>
<div class="related"><h3>相关链接</h3>{nav(["国务院办公厅政府信息与政务公开办公室", "省人民政府", "市政务服务网"], "links")}</div>
</div>
<div class="footer">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/wzsm/">网站声明</a></p>
<p>主办单位：{esc(r['site'])}办公室&nbsp;&nbsp;承办单位：{esc(r['site'])}信息中心</p>
<p>网站标识码：1501270012&nbsp;&nbsp;<a href="https://beian.miit.gov.cn">蒙ICP备05000987号-1</a>&nbsp;&nbsp;蒙公网安备 15062702000123号</p>
<p>联系电话：0477-8581234&nbsp;&nbsp;地址：市政府大楼3楼</p>
</div>
</body></html>"""
    bad = ["蒙ICP备05000987号", "网站标识码", "公网安备", "主办单位", "分享到", "打印本页", "关闭窗口",
           "上一篇", other["title"], "当前位置", "浏览次数", "网站地图", "联系电话：0477-8581234",
           "设为首页", "国务院办公厅政府信息与政务公开办公室", "长者模式", "【字体"]
    return doc, bad, "utf-8"


def tpl_hanweb(r, other):
    doc = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="{esc(r['site'])}">
<meta name="SiteDomain" content="www.example.gov.cn">
<meta name="SiteIDCode" content="5101000003">
<meta name="ColumnName" content="{esc(r['column'])}">
<meta name="ColumnType" content="政府信息公开年报">
<meta name="ArticleTitle" content="{esc(r['title'])}">
<meta name="PubDate" content="{r['date']} {r['time'] or '00:00'}">
<meta name="ContentSource" content="{esc(r['org'])}">
<title>{esc(r['site'])} {esc(r['column'])} {esc(r['title'])}</title>
<script type="text/javascript" src="/script/jquery.min.js"></script>
</head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td>
<table width="100%" cellpadding="0" cellspacing="0"><tr><td><a href="/">{esc(r['site'])}</a></td><td align="right"><a href="#">繁體</a> | <a href="#">无障碍浏览</a> | <a href="#">关怀版</a></td></tr></table>
<table width="100%" cellpadding="0" cellspacing="0" class="menu"><tr>{''.join('<td><a href="/%d/">%s</a></td>' % (i, esc(t)) for i, t in enumerate(MENU))}</tr></table>
<table width="100%" cellpadding="0" cellspacing="0"><tr><td class="dqwz">您现在的位置：<a href="/">首页</a> &gt; <a href="/col/col1/">政务公开</a> &gt; <a href="/col/col2/">{esc(r['column'])}</a></td></tr></table>
<table width="100%" cellpadding="0" cellspacing="0"><tr><td>
<table width="96%" align="center" cellpadding="0" cellspacing="0">
<tr><td class="title" align="center" style="font-size:22px;font-weight:bold">{esc(r['title'])}</td></tr>
<tr><td align="center" class="bt_info">发布日期：{han_date(r)}&nbsp;&nbsp;&nbsp;信息来源：{esc(r['org'])}&nbsp;&nbsp;&nbsp;浏览次数：<script>_showDynClicks("wzes", 123);</script>
&nbsp;&nbsp;【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
<tr><td><div id="zoom">
<!--ContentStart-->{body_p(r)}<!--ContentEnd-->
</div></td></tr>
<tr><td align="right"><a href="#" onclick="window.print()">打印本页</a>&nbsp;&nbsp;<a href="#" onclick="window.close()">关闭窗口</a></td></tr>
</table>
</td></tr></table>
<table width="100%" cellpadding="0" cellspacing="0" class="bottom"><tr><td align="center">
版权所有：{esc(r['site'])}&nbsp;&nbsp;主办：{esc(r['site'])}办公室&nbsp;&nbsp;技术支持：大汉网络<br>
<a href="https://beian.miit.gov.cn">滇ICP备06001234号</a>&nbsp;&nbsp;网站标识码：5301220001&nbsp;&nbsp;滇公网安备 53012202000456号<br>
建议使用1024×768分辨率，IE8.0以上版本浏览器浏览
</td></tr></table>
</td></tr></table>
</body></html>"""
    bad = ["滇ICP备06001234号", "版权所有", "技术支持", "网站标识码", "分辨率", "打印本页", "关闭窗口",
           "您现在的位置", "浏览次数", "繁體", "无障碍浏览", "【字体", "信息来源"]
    return doc, bad, "utf-8"


def tpl_jiyue(r, other):
    doc = f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(r['title'])} - {esc(r['column'])} - {esc(r['site'])}</title>
<link href="/images/common.css" rel="stylesheet">
</head><body>
<div class="g-hd"><div class="m-topbar"><span>欢迎访问{esc(r['site'])}</span><a href="#">长者模式</a><a href="#">无障碍</a><a href="#">English</a><a href="#">登录</a></div>
<div class="m-logo"><a href="/"><img src="/images/logo.png" alt="{esc(r['site'])}"></a></div>
<div class="m-nav">{nav(MENU, "nav-list")}</div></div>
<div class="g-bd">
<div class="m-crumb"><span>您所在的位置：</span><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfxxgknb/">政府信息公开年报</a> &gt; <span>正文</span></div>
<div class="m-xxgk-info"><table class="xxgk_table">
<tr><td class="tit">索引号：</td><td>FJ00135-0300-2018-00021</td><td class="tit">发布机构：</td><td>{esc(r['org'])}</td></tr>
<tr><td class="tit">生效日期：</td><td>{r['date']}</td><td class="tit">发文日期：</td><td>{r['date']}</td></tr>
<tr><td class="tit">主题分类：</td><td>政府信息公开年报</td><td class="tit">文号：</td><td></td></tr>
</table></div>
<div class="article">
<h1 class="article-title">{esc(r['title'])}</h1>
<div class="article-attr"><span>发布时间：{stamp(r)}</span><span>来源：{esc(r['org'])}</span><span>字号：<a href="#">大</a><a href="#">中</a><a href="#">小</a></span><span class="share">分享到：<a href="#">微信</a><a href="#">微博</a></span></div>
<div class="article-content" id="zoom">
{body_p(r, indent=False)}
</div>
<div class="article-appendix"><h4>附件下载</h4><ul></ul></div>
<div class="article-qr"><img src="/qr.png"><p>扫一扫在手机上查看当前页面</p></div>
<div class="article-related"><div class="hd">相关解读</div><ul><li><a href="#">文字解读</a></li><li><a href="#">图片解读</a></li><li><a href="#">视频解读</a></li><li><a href="#">访谈解读</a></li><li><a href="#">媒体报道</a></li></ul></div>
<div class="article-btn"><a href="#">【我要纠错】</a><a href="#">【打印】</a><a href="#">【关闭】</a><a href="#">【返回顶部】</a></div>
</div></div>
<div class="g-ft"><div class="m-links"><a href="/wzdt/">网站地图</a><a href="/lxwm/">联系我们</a><a href="/wzsm/">网站声明</a></div>
<p>主办：{esc(r['site'])}办公室　承办：{esc(r['site'])}大数据服务中心　联系电话：0592-7889999</p>
<p>网站标识码：3502130001　<a href="https://beian.miit.gov.cn">闽ICP备05012345号-2</a>　<img src="/ga.png">闽公网安备 35021302000789号</p>
<p><a href="https://www.12377.cn">违法和不良信息举报</a></p>
<p>为确保最佳浏览效果,建议您使用以下浏览器版本:IE浏览器9.0版本及以上; 谷歌浏览器 63版本及以上; 360浏览器9.1版本及以上</p>
</div>
<div class="leave-tip"><div class="leave-tip-box"><p>您访问的链接即将离开“{esc(r['site'])}”门户网站 是否继续？</p><a href="#">继续访问</a><a href="#">放弃</a></div></div>
</body></html>"""
    bad = ["闽ICP备05012345号", "网站标识码", "闽公网安备", "扫一扫在手机上查看当前页面", "文字解读", "媒体报道",
           "我要纠错", "返回顶部", "违法和不良信息举报", "为确保最佳浏览效果", "您访问的链接即将离开", "索引号",
           "FJ00135-0300-2018-00021", "您所在的位置", "联系电话：0592-7889999", "长者模式", "附件下载", "分享到"]
    return doc, bad, "utf-8"


def tpl_oldcms_gbk(r, other):
    doc = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(r['site'])}</title>
<style>td{{font-size:12px}} .biaoti{{font-size:20px;color:#c00}}</style>
</head>
<body leftmargin="0" topmargin="0">
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="80">{esc(r['site'])}</td><td align="right"><a href="#">设为首页</a> | <a href="#">加入收藏</a></td></tr>
<tr><td colspan="2" class="daohang">{' '.join('<a href="/%d/">%s</a>' % (i, esc(t)) for i, t in enumerate(MENU))}</td></tr>
</table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="200" valign="top" class="left">
<table width="100%"><tr><td><b>栏目导航</b></td></tr>
<tr><td><a href="/l/1">信息公开指南</a></td></tr><tr><td><a href="/l/2">信息公开目录</a></td></tr>
<tr><td><a href="/l/3">{esc(r['column'])}</a></td></tr><tr><td><a href="/l/4">依申请公开</a></td></tr></table>
</td>
<td width="760" valign="top">
<table width="100%" border="0" cellpadding="0" cellspacing="0">
<tr><td height="30">&nbsp;&nbsp;{esc(r['column'])}</td></tr>
<tr><td align="center" class="biaoti"><strong>{esc(r['title'])}</strong></td></tr>
<tr><td align="center">发布时间:{r['date']}&nbsp;&nbsp;&nbsp;&nbsp;访问次数:612&nbsp;&nbsp;&nbsp;&nbsp;发布作者:『本站原创』</td></tr>
<tr><td class="content" style="line-height:200%">
{body_br(r)}
</td></tr>
<tr><td align="center">【字体:<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】 【<a href="#">加入收藏</a>】 【<a href="#">打印此文</a>】 【<a href="#">关闭窗口</a>】</td></tr>
</table>
</td></tr></table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#eeeeee">
<tr><td align="center">吉ICP备05001568号&nbsp;&nbsp;{esc(r['site'])}</td></tr>
<tr><td align="center">本站访问量:906155人次</td></tr>
<tr><td align="center">{esc(r['org'])}&nbsp;&nbsp;管理运营</td></tr>
<tr><td align="center">吉大正元信息技术股份有限公司技术支持</td></tr>
<tr><td align="center">地址:吉林省长春市贵阳街287号</td></tr>
</table>
</body></html>"""
    bad = ["吉ICP备05001568号", "本站访问量", "管理运营", "吉大正元信息技术股份有限公司技术支持",
           "地址:吉林省长春市贵阳街287号", "访问次数", "本站原创", "打印此文", "关闭窗口", "设为首页",
           "信息公开指南", "栏目导航"]
    return doc, bad, "gb18030"


def tpl_plain_br(r, other):
    doc = f"""<html>
<head>
<meta charset="utf-8">
<title>{esc(r['title'])}|{esc(r['site'])}</title>
</head>
<body>
<div id="header"><div>{esc(r['site'])}</div>
<div>{' | '.join('<a href="/%d/">%s</a>' % (i, esc(t)) for i, t in enumerate(MENU))}</div></div>
<div id="wrap">
<div>{esc(r['column'])}</div>
<div>
<h3>{esc(r['title'])}</h3>
<div>时间:{han_date(r)} 来源:   点击:[ <span id="clicks"></span> ]</div>
<div>
{body_br(r)}
</div>
<div>分享到: <a href="#">新浪微博</a> <a href="#">更多</a></div>
<div>上一条:<a href="/1.html">{esc(other['title'])}</a></div>
<div>下一条:<a href="/2.html">博乐市2017年政府信息公开工作年度报告</a></div>
<div><a href="javascript:window.close()">关闭</a></div>
</div>
</div>
<div id="bottom">
<div>扫一扫在手机上查看当前页面</div>
<div>主办单位:{esc(r['site'])}办公室承办:{esc(r['org'])}联系电话:0909-6990000</div>
<div>为确保最佳浏览效果,建议您使用以下浏览器版本:IE浏览器9.0版本及以上; 谷歌浏览器 63版本及以上</div>
</div>
</body></html>"""
    bad = ["分享到", "新浪微博", "上一条", "下一条", "博乐市2017年政府信息公开工作年度报告", other["title"],
           "扫一扫", "主办单位", "联系电话:0909-6990000", "为确保最佳浏览效果", "点击:"]
    return doc, bad, "utf-8"


def tpl_nodecl_gbk(r, other):
    y, m, d = r["date"].split("-")
    doc = f"""<html>
<head>
<title>{esc(r['title'])} - {esc(r['site'])}</title>
<link rel="stylesheet" type="text/css" href="/css/main.css">
</head>
<body>
<div class="head"><img src="/img/banner.jpg"><div class="menu">{' '.join('<a href="/%d/">%s</a>' % (i, esc(t)) for i, t in enumerate(MENU))}</div></div>
<div class="wz">您现在的位置：<a href="/">首页</a> » <a href="/xxgk/">信息公开</a> » <a href="/xxgk/nb/">{esc(r['column'])}</a></div>
<div class="box">
<div class="tit">{esc(r['title'])}</div>
<div class="sj">日期：{y}/{m}/{d}&nbsp;&nbsp;作者：{esc(r['org'])}&nbsp;&nbsp;阅读：<font color=red>256</font>&nbsp;&nbsp;【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
<div id="zoom">
{body_p(r)}
</div>
</div>
<div class="foot">Copyright © 2013 {esc(r['site'])} All Rights Reserved<br>
备案序号：京ICP备10012345号 技术支持：某某网络科技有限公司<br>
通讯地址：人民路1号 邮政编码：100000 联系电话：010-12345678</div>
</body></html>"""
    bad = ["京ICP备10012345号", "Copyright", "技术支持：某某网络科技有限公司", "通讯地址：人民路1号", "联系电话：010-12345678",
           "您现在的位置", "阅读：", "【打印】"]
    return doc, bad, "gb18030"


TEMPLATES = [("trs", tpl_trs), ("hanweb", tpl_hanweb), ("jiyue", tpl_jiyue), ("oldcms-gbk", tpl_oldcms_gbk),
             ("plain", tpl_plain_br)]


def main():
    for i, r in enumerate(REPORTS):
        for k in range(3):
            tname, tpl = TEMPLATES[(i + k) % len(TEMPLATES)]
            other = REPORTS[(i + 1) % len(REPORTS)]
            doc, bad, charset = tpl(r, other)
            name = "%s-%s" % (r["key"], tname)
            # A chrome snippet that also occurs in the report is not chrome for this page.
            body_text = "".join(v if kind == "p" else "" for kind, v in r["body"]) + r["title"]
            bad = [b for b in bad if b.replace(" ", "") not in body_text.replace(" ", "")]
            with open(os.path.join(HERE, name + ".html"), "wb") as f:
                f.write(doc.encode(charset))
            gold = {"url": "http://www.example.gov.cn/zwgk/nb/%s.html" % name, "title": r["title"],
                    "published": r["date"], "must_contain": r["must"], "must_not_contain": bad}
            with open(os.path.join(HERE, name + ".gold.json"), "w", encoding="utf-8") as f:
                json.dump(gold, f, ensure_ascii=False, indent=1)
                f.write("\n")
        # Every report also as an undeclared GBK page (charset detection, <title> suffix, 2013/03/04).
        other = REPORTS[(i + 1) % len(REPORTS)]
        doc, bad, charset = tpl_nodecl_gbk(r, other)
        name = "%s-nodecl-gbk" % r["key"]
        body_text = "".join(v if kind == "p" else "" for kind, v in r["body"]) + r["title"]
        bad = [b for b in bad if b.replace(" ", "") not in body_text.replace(" ", "")]
        with open(os.path.join(HERE, name + ".html"), "wb") as f:
            f.write(doc.encode(charset))
        gold = {"url": "http://www.example.gov.cn/zwgk/nb/%s.html" % name, "title": r["title"],
                "published": r["date"], "must_contain": r["must"], "must_not_contain": bad}
        with open(os.path.join(HERE, name + ".gold.json"), "w", encoding="utf-8") as f:
            json.dump(gold, f, ensure_ascii=False, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
