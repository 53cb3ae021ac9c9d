#!/usr/bin/env python3
"""Writes an uncompressed WARC 1.1 of report pages for CLI tests: `reports_warc.py OUT N` gives the
fixed pages below plus N numbered filler reports (http://filler.gov.test/r/I.html), each a GB-style
disclosure report page with a title, a publication date and a body."""
import sys
import uuid

FIXED = [
    ("http://a.gov.test/r/1.html", "示例市２０２２年政府信息公开工作年度报告", "2023-01-31",
     "依申请公开（二）部分公开１２件，全文见ＰＤＦ附件。行政复议三件。本报告由示例市人民政府办公室编制。"),
    ("http://b.gov.test/r/2.html", "示例县2021年政府信息公开工作年度报告", "2022-01-20",
     "依申请公开(二)部分公开3件。行政诉讼一件。The annual report on open government information."),
    ("http://b.gov.test/r/3.html", "关于开展春季植树活动的通知", "2022-03-01",
     "各乡镇：为改善生态环境，现就植树活动通知如下。请各单位认真组织，确保年度报告所列任务完成。"),
]


def page(title, date, body):
    paragraphs = "".join("<p>%s</p>" % s for s in body.split("。") if s)
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s</title></head><body>"
            "<div class=\"nav\">首页 | 政务公开 | 政府信息公开年报</div>"
            "<div class=\"article\"><h1>%s</h1><div class=\"info\">发布日期：%s 来源：本站</div>"
            "<div class=\"content\">%s%s</div></div>"
            "<div class=\"footer\">版权所有 示例市人民政府 网站标识码 0000000000</div></body></html>"
            % (title, title, date, paragraphs, paragraphs)).encode("utf-8")


def record(out, url, html):
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
            + str(len(html)).encode() + b"\r\n\r\n" + html)
    head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
            "WARC-Date: 2023-02-01T08:00:00Z\r\nWARC-Target-URI: %s\r\n"
            "Content-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n"
            % (uuid.uuid4(), url, len(http))).encode()
    out.write(head + http + b"\r\n\r\n")


def main():
    out_path, fillers = sys.argv[1], int(sys.argv[2])
    with open(out_path, "wb") as out:
        for url, title, date, body in FIXED:
            record(out, url, page(title, date, body))
        for i in range(fillers):
            record(out, "http://filler.gov.test/r/%d.html" % i, page(
                "第%d号公告：关于公开事项的说明" % i, "2020-%02d-%02d" % (1 + i % 12, 1 + i % 28),
                "本公告事项编号%d，涉及政府信息公开目录调整。特此公告，请相关单位知悉并遵照执行" % i))


if __name__ == "__main__":
    main()
