#!/bin/bash
# cli_roundtrip — nothing lost in output: values holding a NUL, control
# bytes, quotes, CJK and emoji, written with `slsx put` (JSON lines, and a
# plain line with a raw NUL), come back byte for byte from `query` in every
# format (the JSON ones decoded and compared; text, table and csv with
# --raw), from `context`, from `tail`, and from the UI's :export (the
# results, the detail view and the context show it as \0, y copies the
# whole value); without --raw the NUL shows as \u0000 (JSON) or \x00
# (text), never cut.
. "$(dirname "$0")/lib.sh"

echo '{"v":"seed","i":"0"}' >"$T_TMP/seed.jsonl"
slsd_start --memory --ingest "$T_TMP/seed.jsonl:rt" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL -p local -l rt"
cat >"$T_TMP/values.jsonl" <<'VALUES'
{"v":"before\u0000after","i":"1"}
{"v":"\\u0000 is text","i":"2"}
{"v":"ctl \u0001\u001b[2J\t end","i":"3"}
{"v":"\u6c49\u5b57 \ud83d\ude00 \u00e9","i":"4"}
{"v":"quote \" and , comma","i":"5"}
{"v":"  pad  ","i":"6"}
{"v":"\u0000","i":"7"}
VALUES
check put_json $X put "$T_TMP/values.jsonl"
printf 'raw\0nul line\nplain two\n' >"$T_TMP/plain.txt"
check put_plain $X put "$T_TMP/plain.txt"
sleep 0.5

# same_values NAME FILE: every value of values.jsonl is in FILE's JSON
# lines (or JSON array), exactly, under the same i; the plain line too
same_values() {
	check "$1" node -e '
		const fs = require("fs");
		const want = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
		let text = fs.readFileSync(process.argv[2], "utf8").trim();
		const got = text.startsWith("[") ? JSON.parse(text) : text.split("\n").map(JSON.parse);
		for (const w of want) {
			const g = got.find((r) => r.i === w.i);
			if (!g || g.v !== w.v) { console.log("value", w.i, JSON.stringify(g && g.v)); process.exit(1); }
		}
		if (!got.some((r) => r.content === "raw\u0000nul line")) { console.log("plain line"); process.exit(1); }
	' "$T_TMP/values.jsonl" "$2"
}
$X query --from -1h --limit 0 --format jsonl '*' >"$T_TMP/q.jsonl"
same_values query_jsonl "$T_TMP/q.jsonl"
$X query --from -1h --limit 0 --format json '*' >"$T_TMP/q.json"
same_values query_json "$T_TMP/q.json"
# has_bytes NAME FILE JS: FILE holds the bytes of the JS string JS (UTF-8)
has_bytes() {
	check "$1" node -e 'const b = require("fs").readFileSync(process.argv[1]);
		process.exit(b.indexOf(Buffer.from(JSON.parse(process.argv[2]), "utf8")) >= 0 ? 0 : 1)' \
		"$2" "$3"
}
# text, table and csv: with --raw the bytes as they are; else escaped
$X --raw query --from -1h --limit 0 --format text '*' >"$T_TMP/q.text"
has_bytes text_raw_nul "$T_TMP/q.text" '"v=before\u0000after"'
has_bytes text_raw_plain "$T_TMP/q.text" '"content=raw\u0000nul line"'
has_bytes text_raw_cjk "$T_TMP/q.text" '"v=\u6c49\u5b57 \ud83d\ude00 \u00e9"'
$X query --from -1h --limit 0 --format text '*' >"$T_TMP/q.etext"
check text_escaped_nul grep -qF 'v=before\x00after' "$T_TMP/q.etext"
check text_escaped_ctl grep -qF 'v=ctl \x01\e[2J\t end' "$T_TMP/q.etext"
$X --raw query --from -1h --limit 0 --format csv '*' >"$T_TMP/q.csv"
has_bytes csv_raw_nul "$T_TMP/q.csv" '"before\u0000after"'
check csv_quoted grep -qF '"quote "" and , comma"' "$T_TMP/q.csv"
$X --raw query --from -1h --limit 0 --format table '*' >"$T_TMP/q.table"
has_bytes table_raw_nul "$T_TMP/q.table" '"before\u0000after"'

# the context around value 4 (its put's logs) and around the plain line
# (the other put's: each put is a pack of its own) carries the same bytes
: >"$T_TMP/c.jsonl"
for a in '"i":"4"' '"content":"plain two"'; do
	anchor=$(grep -F "$a" "$T_TMP/q.jsonl" | head -1)
	pid=$(printf '%s' "$anchor" | sed 's/.*"__tag__:__pack_id__":"\([^"]*\)".*/\1/')
	meta=$(printf '%s' "$anchor" | sed 's/.*"__pack_meta__":"\([^"]*\)".*/\1/')
	$X context --pack-id "$pid" --pack-meta "$meta" -B 20 -A 20 --format jsonl >>"$T_TMP/c.jsonl"
done
same_values context_jsonl "$T_TMP/c.jsonl"
# tail (PullLogs, protobuf) from the beginning
timeout -s INT 3 $X tail --from begin >"$T_TMP/t.jsonl" 2>/dev/null
same_values tail_jsonl "$T_TMP/t.jsonl"

# the UI shows the NUL as \0 and :export writes it as \u0000
tui_start 140 40 "$X --from -1h" || { t_fail tui_start; t_done; }
check ui_shows_nul tui_wait 'v=before\0after' 15
tui_keys ':'
tui_keys -l "export $T_TMP/e.jsonl"
tui_keys Enter
for _ in $(seq 1 50); do [ -s "$T_TMP/e.jsonl" ] && break; sleep 0.1; done
same_values ui_export_jsonl "$T_TMP/e.jsonl"
# ... and in its views: the detail view, the context; y in the detail
# view puts the whole value (NUL and all) on the clipboard
tui_keys /
tui_keys C-a C-k
tui_keys -l 'i:1'
tui_keys Enter
check ui_one tui_wait 'Results  1 of 1 ' 15
tui_keys Escape
tui_screen | grep -q 'Enter open  l shards' && tui_keys BTab
check ui_results_focus tui_wait 'j/k move  Enter context' 10
tui_keys v
check ui_detail_nul tui_wait 'before\0after' 10
for _ in $(seq 1 20); do
	tui_screen | grep -qE 'Log detail  [0-9]+/[0-9]+  line [0-9-]+ of [0-9]+  v ' && break
	tui_keys j
	sleep 0.2
done
tui_keys y
check ui_detail_copied tui_wait 'copied the value of v (12 bytes' 10
check ui_detail_copy_exact grep -qF "$(printf 'before\0after' | base64)" "$T_TMP/tty.raw"
tui_keys Escape
tui_keys Enter
check ui_context tui_wait 'Context  ' 10
check_match ui_context_nul "$(tui_screen | sed -n '/Context  /,$p')" 'v=before\\0after'
tui_keys Escape
tui_keys C-c
tui_stop
t_done
