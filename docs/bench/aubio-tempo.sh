#!/bin/sh
# aubio's tempo (aubio-tools 0.4.9, `aubio tempo FILE`) on the loops and drones that
# TempoOnRealLoopsTest uses, scored the same way: a loop's truth is its length read as the one
# power-of-two beat count in 70-180 BPM (loops under 1.5 s or with two such readings are left out),
# right within 4%; aubio's "unknown bpm" is its "no tempo". Needs the packs the test unpacked
# (lmms-common, sonic-pi-samples under ~/.cache/ersatz/debian-samples), sox (soxi) and python3.
S=~/.cache/ersatz/debian-samples; L=$S/lmms-common/usr/share/lmms/samples; P=$S/sonic-pi-samples/usr/share/sonic-pi/samples
for f in $L/beats/* $L/bassloops/* $P/loop_*; do case $f in *drone*) continue;; esac
  d=$(python3 -c "print($(soxi -s "$f" 2>/dev/null) / $(soxi -r "$f" 2>/dev/null))" 2>/dev/null) || continue; echo "loop $d $(aubio tempo "$f" 2>/dev/null | awk '{print $1}')"; done |
python3 -c '
import sys
n=f=0
for l in sys.stdin:
    _,d,b=l.split()+[""]*(3-len(l.split())) if len(l.split())<3 else l.split()
    d=float(d); r=[60*k/d for k in (1,2,4,8,16,32,64) if 70<=60*k/d<=180]
    if len(r)!=1 or d<1.5: continue
    n+=1; f+= b not in ("","unknown") and abs(float(b)/r[0]-1)<=0.04
print("aubio tempo, loops: %d, right %d (%.0f%%)"%(n,f,100*f/n))'
for f in $P/ambi_* $P/loop_drone* $L/stringsnpads/*; do echo "$(aubio tempo "$f" 2>/dev/null | awk '{print $1}')"; done |
python3 -c '
import sys
v=[l.strip() for l in sys.stdin]
print("aubio tempo, drones and pads: %d, no tempo %d"%(len(v),sum(1 for x in v if x in ("","unknown"))))'
