# The mask of test-golden.sh (the goldens were masked with it too).
# mask what differs between runs and machines (times, host, the
# environment block, measured values); keep every other key, its order and
# the shape of every line.  -v header=1: the header only.
/^#% date: / { print "#% date: *"; print "#% (environment)"; env = 1; next }
/^#% noise: / { env = 0 }
env { next }
/^#% (host|tsc\.hz): / { sub(/: .*/, ": *"); print; next }
/^#% command: / { sub(/: [^ ]*/, ": *"); print; next }
/^#% switch: / { sub(/ns=[0-9]+$/, "ns=*"); print; next }
/^#% resolve\.result: / { sub(/ rounds=.*/, " rounds=* seconds=*"); print; next }
header && /^#% columns: / { print; exit }
/^#/ { print; next }
header { next }
{ for (i = 7; i <= NF; i++) {
	if (i <= 8 && $i ~ /^[0-9]+$/) $i = "N"
	else if (i > 8 && $i ~ /^-?[0-9]+\.[0-9][0-9][0-9][0-9]$/) $i = "X.XXXX"
  }
  print }
