// An independent check of gongkai's WARC, CDXJ and WACZ output with warcio.js (npm, pinned in
// package.json): nothing here shares code with gongkai's own reader or writer.
//
//   node warc_check.mjs warc FILE... [--resolve-with FILE...] [--ids-out PATH]
//       every record parses; block and payload digests verify; record ids are unique; every revisit
//       carries Refers-To-Target-URI/-Date and a payload digest and resolves to a response with that
//       URI, date and digest (in FILEs, or in the --resolve-with files: a full export for a --since
//       one); every conversion record refers to a response record; a response without WARC-Truncated
//       has exactly the payload length its HTTP head announces.
//       Prints one JSON object of counts (redirect hops among them) on stdout.
//   node warc_check.mjs cdxj INDEX DIR
//       the index is sorted; each line's offset and length land on one whole record in DIR/filename
//       whose URI, date, status and digest are the line's.
//   node warc_check.mjs wacz DIR
//       DIR is an unpacked WACZ: datapackage.json's sha256 and size of every resource match the
//       files, datapackage-digest.json's hash matches datapackage.json, pages.jsonl parses.
// Exit 0 when every check holds; 1 with one line per problem on stderr.
import { createHash } from "node:crypto";
import { createReadStream, readFileSync, writeFileSync, openSync, readSync, closeSync } from "node:fs";
import { join } from "node:path";
import { WARCParser } from "warcio";

const problems = [];
const problem = (text) => problems.push(text);

function base32(bytes) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}

function digestOf(spec, bytes) {
  const [algo, expected] = spec.split(":");
  const hash = createHash(algo === "sha1" ? "sha1" : "sha256").update(bytes).digest();
  return expected.length === 64 ? hash.toString("hex") : base32(hash).replace(/=+$/, "");
}
const sameDigest = (spec, bytes) => digestOf(spec, bytes) === spec.split(":")[1].replace(/=+$/, "");

function splitHttp(block) {
  const end = block.indexOf("\r\n\r\n");
  if (end < 0) return { head: Buffer.from(block).toString("latin1"), payload: Buffer.alloc(0) };
  return { head: Buffer.from(block.subarray(0, end)).toString("latin1"), payload: block.subarray(end + 4) };
}

async function readRecords(file) {
  const records = [];
  const parser = new WARCParser(createReadStream(file), { parseHttp: false });
  for await (const record of parser) {
    const block = Buffer.from(await record.readFully(false));
    const headers = {};
    for (const [name, value] of record.warcHeaders.headers) headers[name.toLowerCase()] = value;
    records.push({ file, headers, block, offset: parser.offset, type: record.warcType });
  }
  return records;
}

function statusOf(record) {
  const { head } = splitHttp(record.block);
  const match = /^HTTP\/[0-9.]+ (\d{3})/.exec(head);
  return match ? Number(match[1]) : 0;
}

async function checkWarc(args) {
  const files = [], resolveFiles = [];
  let idsOut = null, target = files;
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === "--resolve-with") target = resolveFiles;
    else if (args[i] === "--ids-out") idsOut = args[++i];
    else target.push(args[i]);
  }
  const records = [];
  for (const file of files) records.push(...await readRecords(file));
  const pool = [...records];
  for (const file of resolveFiles) pool.push(...await readRecords(file));
  const byId = new Map(pool.map((r) => [r.headers["warc-record-id"], r]));
  const counts = { records: records.length, responses: 0, revisits: 0, requests: 0, conversions: 0,
                   warcinfo: 0, redirects: 0, redirects_followed: 0, truncated: 0 };
  const ids = new Set();
  for (const r of records) {
    const id = r.headers["warc-record-id"];
    const where = `${r.file}@${r.offset} ${r.type} ${r.headers["warc-target-uri"] || ""}`;
    if (!id) problem(`${where}: no WARC-Record-ID`);
    if (ids.has(id)) problem(`${where}: record id ${id} is used twice`);
    ids.add(id);
    if (r.block.length !== Number(r.headers["content-length"])) problem(`${where}: block length differs`);
    const blockDigest = r.headers["warc-block-digest"];
    if (!blockDigest || !sameDigest(blockDigest, r.block)) problem(`${where}: block digest does not verify`);
    if (/[\x00-\x1f\x7f]/.test(r.headers["warc-target-uri"] || "")) problem(`${where}: control byte in the URI`);
    counts[r.type === "warcinfo" ? "warcinfo" : r.type === "request" ? "requests" : r.type === "conversion"
      ? "conversions" : r.type === "revisit" ? "revisits" : "responses"]++;
    if (r.headers["warc-truncated"]) counts.truncated++;
    if (r.type === "response") checkResponse(r, where, counts);
    if (r.type === "revisit") checkRevisit(r, where, pool);
    if (r.type === "conversion") {
      const holder = byId.get(r.headers["warc-refers-to"]);
      if (!holder) problem(`${where}: conversion refers to ${r.headers["warc-refers-to"]}, not found`);
      else if (holder.type !== "response") problem(`${where}: conversion refers to a ${holder.type} record`);
    }
  }
  counts.redirects_followed = countFollowedHops(records, pool);
  if (idsOut) writeFileSync(idsOut, [...ids].join("\n") + "\n");
  console.log(JSON.stringify(counts));
}

function checkResponse(r, where, counts) {
  const status = statusOf(r);
  const { payload } = splitHttp(r.block);
  const payloadDigest = r.headers["warc-payload-digest"];
  if (!payloadDigest) problem(`${where}: response without a payload digest`);
  else if (!sameDigest(payloadDigest, payload)) problem(`${where}: payload digest does not verify`);
  if (status >= 300 && status < 400 && status !== 304) counts.redirects++;
  // A payload shown as complete is as long as the HTTP head announces.
  const announced = /\r\ncontent-length: *(\d+)/i.exec(splitHttp(r.block).head);
  if (!r.headers["warc-truncated"] && (!announced || Number(announced[1]) !== payload.length)) {
    problem(`${where}: payload of ${payload.length} bytes shown as complete, head announces ${announced ? announced[1] : "nothing"}`);
  }
}

function checkRevisit(r, where, pool) {
  const uri = r.headers["warc-refers-to-target-uri"], date = r.headers["warc-refers-to-date"];
  const digest = r.headers["warc-payload-digest"];
  if (!uri || !date || !digest) {
    problem(`${where}: revisit without Refers-To-Target-URI, -Date or payload digest`);
    return;
  }
  const original = pool.find((o) => o.type === "response" && o.headers["warc-target-uri"] === uri &&
                                    o.headers["warc-date"] === date);
  if (!original) problem(`${where}: revisit of ${uri} at ${date} does not resolve`);
  else if (!sameDigest(digest, splitHttp(original.block).payload)) problem(`${where}: revisit digest differs from its original's payload`);
  const refersTo = r.headers["warc-refers-to"];
  if (original && refersTo && refersTo !== original.headers["warc-record-id"]) {
    problem(`${where}: WARC-Refers-To ${refersTo} is not the record at ${uri} ${date}`);
  }
}

// 3xx responses whose Location has a response or revisit of its own in the pool.
function countFollowedHops(records, pool) {
  let followed = 0;
  for (const r of records) {
    if (r.type !== "response") continue;
    const status = statusOf(r);
    if (status < 300 || status >= 400 || status === 304) continue;
    const location = /\r\nlocation: *([^\r\n]*)/i.exec(splitHttp(r.block).head);
    if (!location) continue;
    const next = new URL(location[1], r.headers["warc-target-uri"]).href;
    if (pool.some((o) => (o.type === "response" || o.type === "revisit") && o.headers["warc-target-uri"] === next)) {
      followed++;
    }
  }
  return followed;
}

async function checkCdxj([index, dir]) {
  const lines = readFileSync(index, "utf8").split("\n").filter((line) => line.length > 0);
  for (let i = 1; i < lines.length; ++i) {
    if (lines[i - 1] > lines[i]) problem(`${index}:${i + 1}: not sorted`);
  }
  for (const [n, line] of lines.entries()) {
    const match = /^(\S+) (\d{14}) (\{.*\})$/.exec(line);
    if (!match) { problem(`${index}:${n + 1}: not "SURT TIMESTAMP JSON"`); continue; }
    const json = JSON.parse(match[3]);
    const fd = openSync(join(dir, json.filename), "r");
    const bytes = Buffer.alloc(Number(json.length));
    readSync(fd, bytes, 0, bytes.length, Number(json.offset));
    closeSync(fd);
    const parser = new WARCParser([bytes], { parseHttp: false });
    const record = await parser.parse();
    if (!record) { problem(`${index}:${n + 1}: no record at ${json.filename}@${json.offset}`); continue; }
    const block = Buffer.from(await record.readFully(false));
    const where = `${index}:${n + 1} ${json.url}`;
    if (record.warcTargetURI !== json.url) problem(`${where}: the record there is ${record.warcTargetURI}`);
    if (record.warcDate.replace(/\D/g, "").slice(0, 14) !== match[2]) problem(`${where}: timestamp differs`);
    if (record.warcPayloadDigest !== json.digest) problem(`${where}: digest differs`);
    if (String(statusOf({ block })) !== String(json.status)) problem(`${where}: status differs`);
    if (await parser.parse() !== null) problem(`${where}: length covers more than one record`);
  }
  console.log(JSON.stringify({ lines: lines.length }));
}

function checkWacz([dir]) {
  const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
  const packageText = readFileSync(join(dir, "datapackage.json"));
  const datapackage = JSON.parse(packageText);
  for (const resource of datapackage.resources) {
    const bytes = readFileSync(join(dir, resource.path));
    if (resource.hash !== "sha256:" + sha256(bytes)) problem(`${resource.path}: sha256 differs`);
    if (resource.bytes !== bytes.length) problem(`${resource.path}: size differs`);
  }
  const digest = JSON.parse(readFileSync(join(dir, "datapackage-digest.json"), "utf8"));
  if (digest.hash !== "sha256:" + sha256(packageText)) problem("datapackage-digest.json: hash differs");
  const pages = readFileSync(join(dir, "pages/pages.jsonl"), "utf8").split("\n").filter((l) => l);
  const header = JSON.parse(pages[0]);
  if (header.format !== "json-pages-1.0") problem("pages.jsonl: no json-pages-1.0 header line");
  for (const line of pages.slice(1)) {
    const page = JSON.parse(line);
    if (!page.url || !page.ts) problem(`pages.jsonl: a page without url or ts: ${line.slice(0, 80)}`);
  }
  console.log(JSON.stringify({ resources: datapackage.resources.length, pages: pages.length - 1,
                               wacz_version: datapackage.wacz_version }));
}

const [mode, ...rest] = process.argv.slice(2);
const modes = { warc: checkWarc, cdxj: checkCdxj, wacz: checkWacz };
if (!modes[mode]) {
  console.error("usage: warc_check.mjs warc|cdxj|wacz ...");
  process.exit(2);
}
await modes[mode](rest);
for (const text of problems.slice(0, 50)) console.error(text);
if (problems.length > 50) console.error(`... ${problems.length - 50} more`);
process.exit(problems.length ? 1 : 0);
