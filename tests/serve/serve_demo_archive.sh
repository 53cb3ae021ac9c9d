#!/usr/bin/env bash
# Test fixture (ctest FIXTURES_SETUP serve_demo): crawls the simulated portal with `gongkai demo` into
# DIR/demo.sqlite (reports of both template editions, with statistics tables, some breaking the
# template's rules, years and agencies) and writes DIR/seeds.toml naming each demo site's region, for
# serve_stats_test.sh and the browser test.
# Usage: serve_demo_archive.sh GONGKAI DIR
set -euo pipefail
gongkai=$1
dir=$2
rm -rf "$dir"
mkdir -p "$dir"
# The demo's sites listen on port-base + site index (8 sites): a base unlikely to collide with other
# tests running at the same time.
base=$((21000 + ($$ % 400) * 20))
"$gongkai" demo --archive "$dir/demo.sqlite" --port-base "$base" >"$dir/demo.log" 2>&1 ||
  { echo "gongkai demo failed:"; tail -20 "$dir/demo.log"; exit 1; }
# The seeds as the demo crawled them (names of portal/src/sites.cc), with real regions.
seed() {
  printf '[[seed]]\nname = "%s"\nregion = "%s"\nurls = ["http://%s/"]\nallowed_hosts = ["%s"]\n\n' "$1" "$2" "$3" "$3"
}
{
  seed 福州市晋安区人民政府 福建省福州市晋安区 "127.0.1.2:$base"
  seed 通化市人民政府 吉林省通化市 "127.0.1.3:$((base + 1))"
  seed 昆明市晋宁区人民政府 云南省昆明市晋宁区 "127.0.1.4:$((base + 2))"
  seed 厦门市翔安区内厝镇人民政府 福建省厦门市翔安区内厝镇 "127.0.1.4:$((base + 3))"
  seed 阿拉山口市人民政府 新疆维吾尔自治区阿拉山口市 "127.0.1.5:$((base + 4))"
  seed 示例市人民政府 示例省示例市 "127.0.1.6:$((base + 5))"
  seed 测试县人民政府 测试省测试县 "127.0.1.7:$((base + 6))"
  seed 防护市人民政府 测试省防护市 "127.0.1.8:$((base + 7))"
} >"$dir/seeds.toml"
echo "demo archive: $dir/demo.sqlite"
