# bench/lib.sh — what the bench scripts share. Source it after setting B
# (the build folder) and tmp (a scratch folder):
#
#   bench_slsd [slsd args...]   # start slsd on a free loopback port with a
#                               # bench key pair: sets url and pid, exports
#                               # the keys for slsx; exits when it fails
bench_slsd() {
	printf 'benchid benchsecret\n' >"$tmp/keys"
	chmod 600 "$tmp/keys"
	"$B/slsd" --memory --keys "$tmp/keys" --listen 127.0.0.1:0 "$@" >"$tmp/out" 2>&1 &
	pid=$!
	url=""
	for _ in $(seq 1 300); do
		url=$(sed -n 's/^listening on //p' "$tmp/out")
		[ -n "$url" ] && break
		sleep 0.1
	done
	[ -n "$url" ] || { echo "slsd did not start"; cat "$tmp/out"; exit 1; }
	export ALIBABA_CLOUD_ACCESS_KEY_ID=benchid ALIBABA_CLOUD_ACCESS_KEY_SECRET=benchsecret
}
