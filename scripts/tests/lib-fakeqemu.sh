# A fake boot for the compare-kernels tests (sourced, not run): no kernel
# boots.  fake_qemu PATH writes an executable qemu-system-x86_64 at PATH
# that takes the console and data serial files, the -append (in $append)
# and the -kernel (in $kern), writes a Linux banner on the console, runs the
# shell text it reads on stdin (which must write synthetic results to
# "$data.r"), and frames those results on the data serial as the guest's
# bench-init does.  fake_image DIR VARIANT makes a fake kernel image
# directory whose bzImage holds VARIANT.
fake_qemu() { # fake_qemu PATH <BODY
	{
		cat <<'EOF'
#!/bin/sh
con="" data="" append="" kern=""
while [ $# -gt 0 ]; do
	case "$1" in
	-serial) case "$2" in file:*) if [ -z "$con" ]; then con=${2#file:}; else data=${2#file:}; fi ;; esac; shift 2 ;;
	-append) append=$2; shift 2 ;;
	-kernel) kern=$2; shift 2 ;;
	-monitor) cat >/dev/null; shift 2 ;;
	*) shift ;;
	esac
done
[ -n "$con" ] || exit 0
echo "Linux version 6.1.192 (fake)" >"$con"
EOF
		cat
		cat <<'EOF'
frame() {
	echo "@@BENCH-FILE-BEGIN $1 $(wc -c <"$2") $(sha256sum <"$2" | cut -d' ' -f1)"
	base64 "$2"
	echo "@@BENCH-FILE-END $1"
}
printf 'accel: tcg\n' >"$data.e"; printf 'bench-1 rc=0 args=x\n' >"$data.s"
{ frame env.txt "$data.e"; frame bench.status "$data.s"; frame bench-1.txt "$data.r"; echo "@@BENCH-DONE"; } >"$data"
rm -f "$data.r" "$data.e" "$data.s"
echo "bench-init: done" >>"$con"
EOF
	} >"$1" && chmod +x "$1"
}

fake_image() { # fake_image DIR VARIANT
	mkdir -p "$1" &&
	echo "$2" >"$1/bzImage" && echo fake >"$1/initramfs.cpio.gz" &&
	printf 'series: 6.1\nvariant: %s\nkernel.version: 6.1.192\n' "$2" >"$1/info"
}
