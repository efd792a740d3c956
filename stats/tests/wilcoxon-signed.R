# Reference values of tests/unit.c test_wilcoxon_signed (R 4.2.2):
#   Rscript tests/wilcoxon-signed.R
# Not run by the tests (they must not need R).  bench-stat's difference is
# B - A, so R is called as wilcox.test(B, A, paired = TRUE, conf.int = TRUE).
options(digits = 15)
show <- function(name, b, a, ...) {
	w <- suppressWarnings(wilcox.test(b, a, paired = TRUE, conf.int = TRUE, ...))
	cat(name, ": V", w$statistic, "p", w$p.value, "est", w$estimate,
	    "ci", w$conf.int, "conf", attr(w$conf.int, "conf.level"), "\n")
}
# 1. R's own example (?wilcox.test: depression scores, Hollander & Wolfe)
x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
show("depression exact", x, y)
show("depression exact 90%", x, y, conf.level = 0.9)
# 2. the sleep data paired (a zero difference, ties): normal approximation
show("sleep", sleep$extra[11:20], sleep$extra[1:10])
# 3. 8 rounds, one level shift inside one round (an outlying pair)
a3 <- c(300.5, 301.25, 299.75, 302.125, 300.875, 301.5, 300.25, 301.875)
b3 <- c(303.25, 303.625, 302.25, 304.75, 303.0, 348.0, 303.125, 304.125)
show("shift exact", b3, a3)
print(t.test(b3, a3, paired = TRUE)$conf.int)
# 4. 60 pairs without ties: normal approximation (n >= 50)
i <- 1:60
a4 <- 300 + 20 * cos(i)
b4 <- a4 + 10 * sin(1.7 * i) + 0.05 * i
show("sixty", b4, a4)
# 5. integer block medians with ties and zeros (cycles), 20 rounds
a5 <- c(290, 291, 290, 292, 291, 290, 293, 291, 290, 292, 291, 291, 290, 292, 290, 291, 293, 290, 291, 292)
b5 <- c(293, 290, 292, 294, 291, 295, 294, 293, 292, 294, 292, 297, 291, 294, 293, 292, 299, 292, 291, 340)
show("integers", b5, a5)
# 6. three pairs, exact: the interval is as wide as the data allows
show("three", c(2, 5, 9), c(0, 0, 0))
