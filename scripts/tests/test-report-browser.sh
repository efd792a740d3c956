#!/bin/sh
# The report in a real browser (issue 15.8): compare-kernels' report.html,
# made with a fake boot (a fake qemu framing synthetic dual-kernel results;
# no kernel boots), opened in headless Chromium.  Every image must load
# (complete, naturalWidth > 0) and nothing may point outside the report
# directory (no http:, no scheme, no ../, no absolute path); every relative
# link must name a file that is there.  The sweep's report (links to each
# setting's report) too.  Chromium comes from scripts/deps browser; the
# test skips (exit 4) only when Chromium cannot run at all.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ck=$top/scripts/compare-kernels
synth=$top/scripts/report.d/synth-results
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
ok() { echo "[OK] $*"; }
bad() { echo "[FAIL] $*"; fails=$((fails + 1)); }
. "$top/scripts/tests/lib-fakeqemu.sh"

# the report's own packages (python3-markdown renders report.html) and Chromium
"$top/scripts/deps" --check report browser 2>/dev/null || "$top/scripts/deps" report browser >/dev/null 2>&1 || true
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] || ! "$chromium" --headless --no-sandbox --version >/dev/null 2>&1; then
	echo "[SKIP] chromium cannot run here (scripts/deps browser installs it)"
	exit 4
fi
[ -x "$top/stats/bench-stat" ] || make -s -C "$top/stats" all >/dev/null 2>&1

# A fake dual kernel: one boot per setting, results with the -append.
mkdir -p "$tmp/bin"
fake_qemu "$tmp/bin/qemu-system-x86_64" <<EOF
"$synth" --seed 7 --blocks 24 --variants full,fastpush,fast --variant-delta fast=0 \\
	--variant-delta fastpush=6 --variant-delta full=10 --samples 30 --virt TCG \\
	--set "kernel.cmdline=\$append" --label dual >"\$data.r"
EOF
fake_image "$tmp/img" dual
echo "[RUN] a compare-kernels sweep with a fake boot"
PATH="$tmp/bin:$PATH" "$ck" --no-deps -q --accel tcg --boots 1 --boot-run bench --no-codegen \
	--plots diff,medians,dist --kernel "$tmp/img" --sweep 'mitigations=auto;mitigations=off' \
	-o "$tmp/r" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc != 0 ]; then
	bad "compare-kernels exit $rc: $(tail -n 5 "$tmp/err")"
	echo "test-report-browser: $fails failed"; exit 1
fi
ok "compare-kernels made the reports"

# probe PAGE: a copy of PAGE, beside it (same base), with a script that, on
# load, lists every image's state and every reference in the page; the
# DOM Chromium dumps carries that list.
probe() {
	page=$1
	p=${page%.html}.probe.html
	sed 's#</body></html>#<script>\
window.addEventListener("load", function () {\
	var out = [], i, e, all = document.querySelectorAll("[src],[href],[srcset],[poster],[data]");\
	for (i = 0; i < document.images.length; i++) {\
		e = document.images[i];\
		out.push("IMG " + (e.complete \&\& e.naturalWidth > 0 ? "loaded" : "broken") + " " + e.naturalWidth + "x" + e.naturalHeight + " " + e.getAttribute("src").slice(0, 40));\
	}\
	for (i = 0; i < all.length; i++) {\
		e = all[i];\
		if (e.id == "probe") continue;\
		["src", "href", "srcset", "poster", "data"].forEach(function (a) {\
			var v = e.getAttribute(a);\
			if (v !== null) out.push("REF " + e.tagName + " " + (v.slice(0, 5) == "data:" ? "data:..." : v));\
		});\
	}\
	var pre = document.createElement("pre"); pre.id = "probe-out";\
	pre.textContent = "PROBE-BEGIN\\n" + out.join("\\n") + "\\nPROBE-END";\
	document.body.appendChild(pre);\
});\
</script></body></html>#' "$page" >"$p"
	grep -q 'PROBE-BEGIN' "$p" || { echo "probe: no </body></html> in $page" >&2; return 1; }
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$tmp/profile" --virtual-time-budget=10000 --dump-dom "file://$p" \
		2>"$tmp/chromium.err" | sed -n '/PROBE-BEGIN/,/PROBE-END/p' | sed 's/<[^>]*>//g; s/&amp;/\&/g'
	rm -f "$p"
}

for page in "$tmp/r/1-mitigations_auto/report.html" "$tmp/r/report.html"; do
	name=${page#"$tmp/r/"}
	dir=$(dirname "$page")
	echo "[RUN] $name in Chromium"
	probe "$page" >"$tmp/probe.txt"
	if ! grep -q PROBE-END "$tmp/probe.txt"; then
		bad "$name: Chromium gave no probe output: $(tail -n 3 "$tmp/chromium.err")"
		continue
	fi
	imgs=$(grep -c '^IMG ' "$tmp/probe.txt")
	broken=$(grep -c '^IMG broken' "$tmp/probe.txt")
	want=$(grep -o '<img ' "$page" | wc -l)
	if [ "$imgs" = "$want" ] && [ "$broken" = 0 ]; then ok "$name: all $imgs images load ($(grep '^IMG' "$tmp/probe.txt" | awk '{ print $3 }' | sort -u | tr '\n' ' '))"
	else bad "$name: $broken of $imgs images broken (page has $want): $(grep '^IMG broken' "$tmp/probe.txt" | head -3)"; fi
	case $name in */*) [ "$imgs" -ge 3 ] && ok "$name: has its plots ($imgs)" || bad "$name: $imgs images, want the plots" ;; esac
	nref=$(grep -c '^REF ' "$tmp/probe.txt")
	outside=$(grep '^REF ' "$tmp/probe.txt" | awk '{ print $3 }' | grep -v '^data:\.\.\.$' |
		grep -E '^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|(^|/)\.\.(/|$)' || true)
	if [ -z "$outside" ]; then ok "$name: none of its $nref references points outside the directory"
	else bad "$name: references outside the directory: $(echo $outside)"; fi
	missing=""
	for ref in $(grep '^REF ' "$tmp/probe.txt" | awk '{ print $3 }' | grep -v '^data:\.\.\.$' | grep -v '^#'); do
		[ -e "$dir/${ref%%#*}" ] || missing="$missing $ref"
	done
	[ -z "$missing" ] && ok "$name: every relative link names a file there" || bad "$name: links to missing files:$missing"
done

# The probe can fail: a page with a broken image and a link out is caught.
printf '<!DOCTYPE html>\n<html><body><img src="plots/none.png"><a href="../x.html">x</a><a href="http://example.org/">y</a></body></html>\n' >"$tmp/r/bad.html"
echo "[RUN] the probe sees a broken image and links out"
probe "$tmp/r/bad.html" >"$tmp/probe-bad.txt"
if grep -q '^IMG broken' "$tmp/probe-bad.txt" && grep -q '^REF A \.\./x.html' "$tmp/probe-bad.txt" &&
   grep -q '^REF A http://example.org/' "$tmp/probe-bad.txt"; then ok "the probe sees a broken image and links out"
else bad "the probe missed a broken image or a link out: $(cat "$tmp/probe-bad.txt" | head -5)"; fi

echo "test-report-browser: $fails failed"
[ $fails = 0 ]
