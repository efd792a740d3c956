# pending-cases: 2
# PENDING (stats/results.c, being rebuilt on the results library):
# bench-stat accepts two metric columns of one name, and the first wins
# (issue 14).  bench-history already refuses it ("column 'cycles' named
# twice").  Reproduce: a results file with "#% metrics: cycles cycles" and
# "#% columns: ... cycles cycles": bench-stat good.txt dupcol.txt exits 0,
# and so does compare-kernels on a directory holding it.
# Cause: the header parser of stats/results.c does not compare the names.
[ -n "${bf:-}" ] || . "$here/lib-badfiles.sh"

mkbad dupcol
begin bad-file "bench-stat A dupcol.txt"
runrc "$BS" "$bf/good.txt" "$bf/dupcol.txt"
inv "exit 2" rc_is 2
inv "$(linedesc dupcol any)" names dupcol any

begin bad-file "compare-kernels --results-b DIR holding dupcol.txt"
mkdir -p "$C/a" "$C/b" && cp "$bf/good.txt" "$C/a/" && cp "$bf/good-b.txt" "$bf/dupcol.txt" "$C/b/"
runrc "$CK" -q --no-codegen --results-a "$C/a" --results-b "$C/b" -o "$C/rep"
inv "exit 2" rc_is 2
inv "no traceback" no_traceback
inv "names dupcol.txt" names dupcol ""
