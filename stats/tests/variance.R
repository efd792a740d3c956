# Reference values of tests/unit.c test_variance_components (R 4.2.2):
#   Rscript tests/variance.R
# Nested ANOVA, boot / block / sample: the mean squares from R's sequential
# ANOVA of the nested fixed model (for nested factors these are the
# classical nested sums of squares, balanced or not); the variance
# components from them by the method of moments (Sokal & Rohlf, nested
# ANOVA with unequal sizes), printed for the balanced case.
options(digits = 15)
y <- c(10, 12, 11, 13,   14, 15, 13, 14,   11, 10, 12, 11,
       20, 19, 21, 22,   18, 17, 19, 18,   21, 23, 22, 20,
       15, 16, 14, 15,   13, 12, 14, 13,   16, 18, 17, 17)
boot <- factor(rep(1:3, each = 12))
block <- factor(rep(1:9, each = 4))
a <- anova(lm(y ~ boot / block))
print(a)
ms <- a[["Mean Sq"]]
n <- 4; r <- 3
cat("balanced MS boot", ms[1], "block", ms[2], "within", ms[3], "\n")
cat("balanced components boot", (ms[1] - ms[2]) / (r * n),
    "block", (ms[2] - ms[3]) / n, "within", ms[3], "\n")
# unbalanced: drop samples 4, 5, 6 (block 1 has 3, block 2 has 2) and block 9
keep <- setdiff(1:36, c(4, 5, 6, 33:36))
yu <- y[keep]; bu <- factor(boot[keep]); ku <- factor(block[keep])
au <- anova(lm(yu ~ bu / ku))
print(au)
cat("unbalanced MS boot", au[["Mean Sq"]][1], "block", au[["Mean Sq"]][2],
    "within", au[["Mean Sq"]][3], "\n")
# the per-round differences by boot (one-way): MS between and within
d <- c(3.1, 2.9, 3.4, 3.0,   5.2, 4.8, 5.1, 4.9,   1.0, 1.4, 0.8, 1.2)
g <- factor(rep(1:3, each = 4))
ad <- anova(lm(d ~ g))
cat("differences MS boot", ad[["Mean Sq"]][1], "within", ad[["Mean Sq"]][2],
    "components boot", (ad[["Mean Sq"]][1] - ad[["Mean Sq"]][2]) / 4,
    "round", ad[["Mean Sq"]][2], "\n")
