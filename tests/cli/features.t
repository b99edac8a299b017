### features writes libsvm lines: a label number, then ascending index:value pairs
$ $TASNIF features -m $DEMO $TOP/datasets/demo/test.tsv | awk '{ for (i = 2; i <= NF; i++) { split($i, a, ":"); if (a[1] + 0 <= p) bad++; p = a[1] + 0 } p = 0 } $1 !~ /^[1-4]$/ { bad++ } END { print (NR > 0), bad + 0 }'
> 1 0

### vectors are L2-normalised
$ $TASNIF features -m $DEMO $TOP/datasets/demo/test.tsv | head -n 5 | awk '{ s = 0; for (i = 2; i <= NF; i++) { split($i, a, ":"); s += a[2] * a[2] } printf "%.6f\n", s }'
> 1.000000
> 1.000000
> 1.000000
> 1.000000
> 1.000000

### --tokens shows the normalised tokens
$ printf 'x\tأَعلنت الهدنـــة في حلب، Today!\n' | $TASNIF features -m $DEMO --tokens -
> اعلنت الهدنه في حلب today
