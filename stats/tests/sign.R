# Reference values of the sign test (method-sign.c) for tests/unit.c
# test_sign and tests/run-tests.sh (R 4.2): Rscript tests/sign.R
# Not run by the tests.  d = B - A; p = binom.test(#(d > 0), #(d != 0))$p.value;
# the interval: order statistics of d at ranks r, n + 1 - r with
# r = max(k[pbinom(k - 1, n, 0.5) <= 0.025]) (median-ci.h).
sign_ref <- function(a, b) {
	d <- b - a; n <- length(d); s <- sort(d); k <- 0:n
	r <- max(k[pbinom(k - 1, n, 0.5) <= 0.025])
	cat(sprintf("positive %d nonzero %d p %.12g median %.12g ci [%s, %s] coverage %.12g\n",
		    sum(d > 0), sum(d != 0), binom.test(sum(d > 0), sum(d != 0))$p.value,
		    median(d), if (r) format(s[r], digits = 15) else "NA",
		    if (r) format(s[n + 1 - r], digits = 15) else "NA",
		    if (r) 1 - 2 * pbinom(r - 1, n, 0.5) else NA))
}
# R's sleep data (as tests/unit.c sleep1, sleep2)
sign_ref(sleep$extra[1:10], sleep$extra[11:20])
sign_ref(sleep$extra[11:20], sleep$extra[1:10])
sign_ref(c(0, 0, 0, 0, 0, 0, 0), c(-3, -1, 2, 5, 7, 8, 9))
sign_ref(c(0, 0, 0, 0, 0), c(1, 2, -1, 4, 5))
# tests/data/pad-shift.txt: undisturbed block medians, pad=12 - pad=0 by round
x <- read.table(text = grep("^[0-9]", readLines("tests/data/pad-shift.txt"), value = TRUE))
names(x) <- c("cpu", "syscall", "entry", "block", "variant", "seq", "ctxsw", "migr", "cycles", "ns")
x <- x[x$ctxsw == 0 & x$migr == 0, ]
m <- aggregate(cycles ~ block + variant, data = x, FUN = median)
m$round <- m$block %/% 2
a <- m[m$variant == "pad=0", ]; b <- m[m$variant == "pad=12", ]
a <- a[order(a$round), ]; b <- b[order(b$round), ]
stopifnot(all(a$round == b$round))
sign_ref(a$cycles, b$cycles)
