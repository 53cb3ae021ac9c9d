# Picks three reports from a WACZ's own page list (url and title, as a reader of the WACZ sees
# them) whose archived bytes show that title in the charset the server declared: the simulated
# portal also serves GBK pages labelled UTF-8 (a real portal quirk that the extractor sees
# through), which a browser, and so a faithful replay, shows garbled.
# Usage: python3 pick_pages.py WACZ OUT_JSON
import gzip, io, json, re, sys, zipfile

with zipfile.ZipFile(sys.argv[1]) as z:
    lines = z.read("pages/pages.jsonl").decode("utf-8").splitlines()[1:]
    warcs = [z.read(n) for n in z.namelist() if n.startswith("archive/")]
bodies = {}
for data in warcs:
    text = gzip.GzipFile(fileobj=io.BytesIO(data)).read()
    for record in text.split(b"WARC/1.1\r\n")[1:]:
        head, _, block = record.partition(b"\r\n\r\n")
        if b"WARC-Type: response" not in head:
            continue
        uri = re.search(rb"WARC-Target-URI: (\S+)", head).group(1).decode()
        http_head, _, body = block.partition(b"\r\n\r\n")
        declared = re.search(rb"charset=([\w-]+)", http_head, re.I) or \
            re.search(rb"charset=[\"']?([\w-]+)", body[:2048], re.I)
        charset = declared.group(1).decode() if declared else "utf-8"
        try:
            bodies.setdefault(uri, body.decode(charset, errors="replace"))
        except LookupError:
            pass
pages = [json.loads(line) for line in lines]
shown = [p for p in pages if p.get("title") and p["title"] in bodies.get(p["url"], "")]
print(f"{len(shown)} of {len(pages)} reports show their title in the charset their server declared")
picked = [shown[0], shown[len(shown) // 2], shown[-1]] if len(shown) >= 3 else shown
if not picked:
    sys.exit("the WACZ lists no report whose archived page shows its title")
with open(sys.argv[2], "w") as out:
    json.dump([{"url": p["url"], "title": p["title"]} for p in picked], out, ensure_ascii=False)
