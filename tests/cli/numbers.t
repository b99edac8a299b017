### non-finite and out-of-range numbers are refused with the flag's name, before any work
$ for a in "-g nan -t rbf" "-c nan" "-c inf" "-c -1" "-c 0" "-e 0" "-m nan" "-r inf" "-d 0" "--gram-mb -1" "-j 0" "-j 65" "--cv 1" "--min-df 0" "--hash-bits 31" "--lsa 5000" "--max-features -1" "--max-labels 1" "--max-vocab 0" "--max-doc-bytes -1" "--max-line-bytes 0" "--seed 1e3" "-c 1e999"; do $TASNIF train -q $a -o m.tsnf $TOP/datasets/demo/train.tsv 2>&1 | head -n 1; done; ls
> tasnif train: --gamma must be a finite number > 0 and <= 1e+100, not 'nan'
> tasnif train: --cost must be a finite number > 0 and <= 1e+100, not 'nan'
> tasnif train: --cost must be a finite number > 0 and <= 1e+100, not 'inf'
> tasnif train: --cost must be a finite number > 0 and <= 1e+100, not '-1'
> tasnif train: --cost must be a finite number > 0 and <= 1e+100, not '0'
> tasnif train: --epsilon must be a finite number > 0, not '0'
> tasnif train: --cache must be a finite number > 0, not 'nan'
> tasnif train: --coef0 must be a finite number from -1e+100 to 1e+100, not 'inf'
> tasnif train: --degree must be a whole number from 1 to 100, not '0'
> tasnif train: --gram-mb must be a finite number >= 0, not '-1'
> tasnif train: --threads must be a whole number from 1 to 64, not '0'
> tasnif train: --threads must be a whole number from 1 to 64, not '65'
> tasnif train: --cv must be a whole number from 2 to 1000000, not '1'
> tasnif train: --min-df must be a whole number from 1 to 2147483647, not '0'
> tasnif train: --hash-bits must be a whole number from 0 to 30, not '31'
> tasnif train: --lsa must be a whole number from 0 to 4096, not '5000'
> tasnif train: --max-features must be a whole number from 0 to 2147483647, not '-1'
> tasnif train: --max-labels must be a whole number from 2 to 2147483647, not '1'
> tasnif train: --max-vocab must be a whole number from 1 to 2147483646, not '0'
> tasnif train: --max-doc-bytes must be a whole number from 0 to 536870912, not '-1'
> tasnif train: --max-line-bytes must be a whole number from 1 to 1125899906842624, not '0'
> tasnif train: --seed must be a whole number from 0 to 2147483647, not '1e3'
> tasnif train: --cost must be a finite number > 0 and <= 1e+100, not '1e999'

### a bad number is a usage error (exit 2) and no model is written
$ $TASNIF train -q -c nan -o m.tsnf $TOP/datasets/demo/train.tsv; echo "exit $?"; ls
> exit 2
~ --cost must be a finite number > 0 and <= 1e+100, not 'nan'

### --weight checks W at once: finite and positive
$ for w in ceasefire=nan ceasefire=inf ceasefire=0 ceasefire= =2 ceasefire; do $TASNIF train -q -w "$w" -o m.tsnf $TOP/datasets/demo/train.tsv 2>&1 | head -n 1; done
> tasnif train: --weight must be LABEL=W with W a finite number > 0 and <= 1e+100, not 'ceasefire=nan'
> tasnif train: --weight must be LABEL=W with W a finite number > 0 and <= 1e+100, not 'ceasefire=inf'
> tasnif train: --weight must be LABEL=W with W a finite number > 0 and <= 1e+100, not 'ceasefire=0'
> tasnif train: --weight must be LABEL=W with W a finite number > 0 and <= 1e+100, not 'ceasefire='
> tasnif train: --weight must be LABEL=W, not '=2'
> tasnif train: --weight must be LABEL=W, not 'ceasefire'

### n-gram orders are checked against the flag's own range, named by the flag
$ for r in 1-12 0-2 3-1 x 1-x 10 21; do $TASNIF train -q --word-ngrams $r x.tsv 2>&1 | head -n 1; done; $TASNIF train -q --char-ngrams 2-21 x.tsv 2>&1 | head -n 1
> tasnif train: --word-ngrams must be N or MIN-MAX with orders from 1 to 9, MIN <= MAX (0 = none), not '1-12'
> tasnif train: --word-ngrams must be N or MIN-MAX with orders from 1 to 9, MIN <= MAX (0 = none), not '0-2'
> tasnif train: --word-ngrams must be N or MIN-MAX with orders from 1 to 9, MIN <= MAX (0 = none), not '3-1'
> tasnif train: --word-ngrams must be N or MIN-MAX with orders from 1 to 9, MIN <= MAX (0 = none), not 'x'
> tasnif train: --word-ngrams must be N or MIN-MAX with orders from 1 to 9, MIN <= MAX (0 = none), not '1-x'
> tasnif train: --word-ngrams must be N or MIN-MAX with orders from 1 to 9, MIN <= MAX (0 = none), not '10'
> tasnif train: --word-ngrams must be N or MIN-MAX with orders from 1 to 9, MIN <= MAX (0 = none), not '21'
> tasnif train: --char-ngrams must be N or MIN-MAX with orders from 1 to 20, MIN <= MAX (0 = none), not '2-21'

### --help shows the same ranges the parser enforces
$ $TASNIF train --help | grep -E -- '--(gamma|threads|word-ngrams|weight) '
>       --word-ngrams N|MIN-MAX  word n-gram orders, e.g. 1 for words alone; 1 when the training text is over 32 MB and no orders are set (default: 1-2; 0 = none; 1 to 9)
>   -g, --gamma G                gamma of rbf/poly/sigmoid kernels (default: 1; > 0 and <= 1e+100)
>   -w, --weight LABEL=W         multiply C of LABEL by W (repeatable) (> 0 and <= 1e+100)
>   -j, --threads N              threads for feature extraction, kernel matrix and sub-problems (default: 2; 1 to 64)

### every other command's numbers are checked the same way
$ $TASNIF predict -m $DEMO -k nan x 2>&1 | head -n 1; $TASNIF predict -m $DEMO -j 0 x 2>&1 | head -n 1; $TASNIF predict -m $DEMO --max-line-bytes inf x 2>&1 | head -n 1; $TASNIF eval -m $DEMO --bootstrap -1 x 2>&1 | head -n 1; $TASNIF eval -m $DEMO --seed nan x 2>&1 | head -n 1; $TASNIF eval -m $DEMO -j 99 x 2>&1 | head -n 1; $TASNIF features -m $DEMO --max-line-bytes -5 x 2>&1 | head -n 1; $TASNIF index -m $DEMO -o i.idx -j nan x 2>&1 | head -n 1; $TASNIF similar -i x -k 0 y 2>&1 | head -n 1; $TASNIF similar -i x -k 10001 y 2>&1 | head -n 1; $TASNIF info --vocab -1 $DEMO 2>&1 | head -n 1
> tasnif predict: --top-k must be a whole number from 1 to 100000, not 'nan'
> tasnif predict: --threads must be a whole number from 1 to 64, not '0'
> tasnif predict: --max-line-bytes must be a whole number from 1 to 1125899906842624, not 'inf'
> tasnif eval: --bootstrap must be a whole number from 0 to 1000000, not '-1'
> tasnif eval: --seed must be a whole number from 0 to 2147483647, not 'nan'
> tasnif eval: --threads must be a whole number from 1 to 64, not '99'
> tasnif features: --max-line-bytes must be a whole number from 1 to 1125899906842624, not '-5'
> tasnif index: --threads must be a whole number from 1 to 64, not 'nan'
> tasnif similar: --top-k must be a whole number from 1 to 10000, not '0'
> tasnif similar: --top-k must be a whole number from 1 to 10000, not '10001'
> tasnif info: --vocab must be a whole number from 0 to 2147483647, not '-1'

### gate limits are finite numbers in range
$ $TASNIF eval -m $DEMO --fail-under accuracy=nan $TOP/datasets/demo/test.tsv; echo "exit $?"; $TASNIF eval -m $DEMO --fail-under accuracy=97 $TOP/datasets/demo/test.tsv 2>&1 | head -n 1
> exit 2
> tasnif eval: --fail-under 'accuracy=97': expected METRIC=LIMIT; the limit must be a number from 0 to 1
~ --fail-under 'accuracy=nan': expected METRIC=LIMIT; the limit must be a number from 0 to 1
