# Reference values for tests/test-changepoint.c, computed offline with R
# 4.2 (no package beyond base R and stats): E-divisive's statistic by its
# definition (Matteson & James 2014, eq. (3)-(5)), the best split by brute
# force over every (tau, kappa), and R's own wilcox.test() intervals.
#   Rscript stats/tests/changepoint-reference.R
# prints the numbers test-changepoint.c quotes, and with an argument
# writes the ecp example series as a C array to that file.
args <- commandArgs(TRUE)
qstat <- function(z, tau, kappa, a = 1) {    # X = z[1..tau], Y = z[tau+1..kappa]
	X <- z[1:tau]; Y <- z[(tau + 1):kappa]; m <- length(X); k <- length(Y)
	e <- 2 * mean(abs(outer(X, Y, "-"))^a) -
		sum(abs(outer(X, X, "-"))^a) / (m * (m - 1)) -
		sum(abs(outer(Y, Y, "-"))^a) / (k * (k - 1))
	m * k / (m + k) * e
}
best <- function(z, min.size, a = 1) {
	n <- length(z); b <- c(NA, NA, -Inf)
	for (tau in min.size:(n - min.size)) for (kappa in (tau + min.size):n) {
		q <- qstat(z, tau, kappa, a)
		if (q > b[3]) b <- c(tau, kappa, q)
	}
	b   # tau = last point of X (1-based) = first point of Y (0-based)
}
h <- c(0, 0, 0, 0, 10, 10, 10, 10)
cat(sprintf("hand: Q(4,8) = %.10g  Q(3,8) = %.10g  best = %s\n",
	    qstat(h, 4, 8), qstat(h, 3, 8), paste(best(h, 2), collapse = " ")))
h2 <- c(1, 2, 1, 2, 1, 9, 8, 9, 8, 1, 2, 1)
b2 <- best(h2, 2)
cat(sprintf("h2: best tau=%d kappa=%d Q=%.10g\n", b2[1], b2[2], b2[3]))
cat(sprintf("h2 a=0.5: best %s\n", paste(sprintf("%.10g", best(h2, 2, 0.5)), collapse = " ")))

# ecp's e.divisive help-page example (set.seed(100), 3 segments of 100)
set.seed(100)
x1 <- c(rnorm(100), rnorm(100, 3), rnorm(100, 0, 2))
b <- best(x1, 30)
cat(sprintf("ecp x1: first split tau=%d kappa=%d Q=%.10g\n", b[1], b[2], b[3]))
l <- x1[1:b[1]]; r <- x1[(b[1] + 1):300]
bl <- best(l, 30); br <- best(r, 30)
cat(sprintf("ecp x1 left  [1,%d]: tau=%d kappa=%d Q=%.10g\n", b[1], bl[1], bl[2], bl[3]))
cat(sprintf("ecp x1 right [%d,300]: tau=%d kappa=%d Q=%.10g\n", b[1] + 1, b[1] + br[1], b[1] + br[2], br[3]))
if (length(args)) {
	con <- file(args[1], "w")
	writeLines("/* set.seed(100); c(rnorm(100), rnorm(100, 3), rnorm(100, 0, 2)) in R 4.2 (tests/changepoint-reference.R) */", con)
	writeLines("static const double ecp_x1[300] = {", con)
	writeLines(paste0("\t", sprintf("%.17g,", x1)), con)
	writeLines("};", con)
	close(con)
}

# Hodges-Lehmann shift and its interval: wilcox.test(after, before, conf.int = TRUE)
w <- function(after, before, cl = 0.95) {
	t <- suppressWarnings(wilcox.test(after, before, conf.int = TRUE, conf.level = cl))
	cat(sprintf("  est %.10g ci %.10g %.10g conf %.10g\n", t$estimate,
		    t$conf.int[1], t$conf.int[2], attr(t$conf.int, "conf.level")))
}
cat("wilcox small (3 vs 4):\n"); w(c(10.2, 11.7, 10.9, 12.4), c(1.1, 2.5, 0.3))
cat("wilcox 10 vs 12:\n")
before <- c(100.1, 99.7, 100.4, 100.0, 99.2, 100.9, 99.5, 100.2, 99.9, 100.6)
after <- c(103.2, 102.8, 103.9, 102.1, 103.4, 104.0, 102.6, 103.1, 102.9, 103.7, 103.3, 102.4)
w(after, before)
cat("wilcox 10 vs 12, 90%:\n"); w(after, before, 0.9)
cat("wilcox 60 vs 70 (normal approximation):\n")
set.seed(7); bb <- round(rnorm(60, 100, 1), 6); aa <- round(rnorm(70, 101, 1), 6)
cat(sprintf("  before[1..3] %.6f %.6f %.6f after[1..3] %.6f %.6f %.6f\n", bb[1], bb[2], bb[3], aa[1], aa[2], aa[3]))
w(aa, bb)
if (length(args)) {
	con <- file(args[1], "a")
	writeLines("/* set.seed(7); round(rnorm(60, 100, 1), 6); round(rnorm(70, 101, 1), 6) */", con)
	writeLines("static const double wl_before[60] = {", con)
	writeLines(paste0("\t", sprintf("%.17g,", bb)), con); writeLines("};", con)
	writeLines("static const double wl_after[70] = {", con)
	writeLines(paste0("\t", sprintf("%.17g,", aa)), con); writeLines("};", con)
	close(con)
}
