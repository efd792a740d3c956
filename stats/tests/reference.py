#!/usr/bin/env python3
# Independent reference values for tests/unit.c. Output of this script:
#   welch t 1.860813467486853 df 17.776473516178488 p 0.07939414018735846
#   ci -0.2054832307117065 3.365483230711707
#   student t 1.860813467486853 p 0.07918671421592471
#   ci -0.20387403228759648 3.3638740322875966
#   U 25.5 z -1.8162790619136817 p 0.06932757543362666
#   pooled s 264.15904300250634 se 154.67569760169638 t80 1.372183641110341 e 212.2434619263778 e(ministat t=1.372) 212.21505710952746
# Independent reference: Python standard library only (math, statistics),
# t CDF by Simpson integration of the Student t density.
import math, statistics as st
g1=[0.7,-1.6,-0.2,-1.2,-0.1,3.4,3.7,0.8,0.0,2.0]
g2=[1.9,0.8,1.1,0.1,-0.1,4.4,5.5,1.6,4.6,3.4]
def tpdf(x,df): return math.exp(math.lgamma((df+1)/2)-math.lgamma(df/2))/math.sqrt(df*math.pi)*(1+x*x/df)**(-(df+1)/2)
def tsf(t,df,N=200000):
    # P(T>t) = 0.5 - integral_0^t pdf
    h=t/N; s=tpdf(0,df)+tpdf(t,df)
    for i in range(1,N): s+= (4 if i%2 else 2)*tpdf(i*h,df)
    return 0.5 - s*h/3
def tq(p,df):  # upper quantile by bisection
    lo,hi=0,50
    for _ in range(60):
        m=(lo+hi)/2
        if tsf(m,df,20000)>p: lo=m
        else: hi=m
    return (lo+hi)/2
ma,mb=st.mean(g1),st.mean(g2); va,vb=st.variance(g1),st.variance(g2)
se=math.sqrt(va/10+vb/10); df=(va/10+vb/10)**2/((va/10)**2/9+(vb/10)**2/9)
t=(mb-ma)/se; print("welch t",t,"df",df,"p",2*tsf(t,df)); q=tq(0.025,df); print("ci",mb-ma-q*se,mb-ma+q*se)
sp=math.sqrt((9*va+9*vb)/18); se2=sp*math.sqrt(0.2); t2=(mb-ma)/se2
print("student t",t2,"p",2*tsf(t2,18)); q=tq(0.025,18); print("ci",mb-ma-q*se2,mb-ma+q*se2)
# Mann-Whitney, tie-corrected normal approximation with continuity correction
x=[(v,0) for v in g1]+[(v,1) for v in g2]; x.sort()
ranks={}; i=0; ties=0
vals=[v for v,_ in x]
while i<len(x):
    j=i
    while j<len(x) and vals[j]==vals[i]: j+=1
    for k in range(i,j): ranks[k]=(i+1+j)/2
    t_=j-i; ties+=t_**3-t_; i=j
R1=sum(ranks[k] for k in range(len(x)) if x[k][1]==0)
U=R1-10*11/2; n=20; mu=50; var=100/12*((n+1)-ties/(n*(n-1)))
z=(U-mu+0.5)/math.sqrt(var); print("U",U,"z",z,"p",2*st.NormalDist().cdf(z))
# ministat iguana/chameleon
a=[50,200,150,400,750,400,150]; b=[150,400,720,500,930]
sp=math.sqrt((6*st.variance(a)+4*st.variance(b))/10); se=sp*math.sqrt(1/7+1/5)
print("pooled s",sp,"se",se,"t80",tq(0.1,10),"e",tq(0.1,10)*se,"e(ministat t=1.372)",1.372*se)
