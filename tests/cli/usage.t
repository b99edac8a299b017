### tasnif --help lists the commands and exits 0
$ $TASNIF --help | head -n 1
> Usage: tasnif <command> [options] [arguments]

### no command is a usage error
$ $TASNIF
~ Usage: tasnif <command>
? 2

### an unknown command is a usage error
$ $TASNIF frobnicate
~ tasnif: unknown command 'frobnicate'
? 2

### --version on the top level and on a command
$ $TASNIF --version && $TASNIF train --version
> tasnif 0.1.0
> tasnif 0.1.0

### every command has --help on stdout, exit 0
$ for c in train predict eval features info serve; do $TASNIF $c --help | head -n 1; done
> Usage: tasnif train [options] CORPUS...
> Usage: tasnif predict -m MODEL [options] [FILE...]
> Usage: tasnif eval -m MODEL [options] TEST...
> Usage: tasnif features -m MODEL [options] CORPUS...
> Usage: tasnif info [options] MODEL
> Usage: tasnif serve -m MODEL [options]

### serve takes no operand, and its numbers in range
$ $TASNIF serve -m $DEMO extra; echo $?; $TASNIF serve -m $DEMO --port -1; echo $?; $TASNIF serve -m $DEMO --max-body 0; echo $?; $TASNIF serve -m $DEMO --timeout 0; echo $?
> 2
> 2
> 2
> 2
~ tasnif serve: unexpected argument 'extra'

### help shows each default
$ $TASNIF train --help | grep -E '^  -c, --cost'
>   -c, --cost C                 C-SVC cost (default: 1; > 0 and <= 1e+100)

### unknown option
$ $TASNIF predict -m x --frob
! tasnif predict: unknown option '--frob'
! Usage: tasnif predict -m MODEL [options] [FILE...]
! Try 'tasnif predict --help' for more information.
? 2

### option without its argument
$ $TASNIF train -c
~ option '-c' needs an argument
? 2

### bad number
$ $TASNIF train -c abc corpus.tsv
! tasnif train: --cost must be a finite number > 0 and <= 1e+100, not 'abc'
! Usage: tasnif train [options] CORPUS...
! Try 'tasnif train --help' for more information.
? 2

### predict needs a model
$ $TASNIF predict article.txt
~ no model: give -m MODEL
? 2

### train needs a corpus
$ $TASNIF train
~ no corpus given
? 2

### bad kernel name
$ $TASNIF train -t cubic x.tsv
~ --kernel: invalid value 'cubic'
? 2

### bad n-gram range
$ $TASNIF train --char-ngrams 5-2 x.tsv
~ --char-ngrams must be N or MIN-MAX with orders from 1 to 20, MIN <= MAX (0 = none), not '5-2'
? 2

### a write error on standard output is an error for info, --help, --version and train --cv
$ $TASNIF info $DEMO > /dev/full; echo "exit $?"; $TASNIF train --help > /dev/full; echo "exit $?"; $TASNIF --help > /dev/full; echo "exit $?"; $TASNIF eval --version > /dev/full; echo "exit $?"; for i in 1 2 3 4 5 6; do printf 'a\tone two %s\nb\tthree four %s\n' $i $i; done > c.tsv && $TASNIF train --min-df 1 --cv 3 c.tsv > /dev/full; echo "exit $?"
> exit 1
> exit 1
> exit 1
> exit 1
> exit 1
~ tasnif: cannot write the output: No space left on device

### train --grid stops before writing the model when standard output fails
$ for i in 1 2 3 4 5 6; do printf 'a\tone two %s\nb\tthree four %s\n' $i $i; done > c.tsv && $TASNIF train -q --grid --cv 2 --min-df 1 c.tsv > /dev/full; echo "exit $?"; ls
> exit 1
> c.tsv

### -h alone is help in every command, train's libsvm -h 0|1 included
$ for c in train predict eval features info index similar serve suggest audit; do $TASNIF $c -h | head -n 1; done
> Usage: tasnif train [options] CORPUS...
> Usage: tasnif predict -m MODEL [options] [FILE...]
> Usage: tasnif eval -m MODEL [options] TEST...
> Usage: tasnif features -m MODEL [options] CORPUS...
> Usage: tasnif info [options] MODEL
> Usage: tasnif index -m MODEL -o INDEX [options] CORPUS...
> Usage: tasnif similar -i INDEX [options] [FILE...|-]
> Usage: tasnif serve -m MODEL [options]
> Usage: tasnif suggest -m MODEL [options] POOL...
> Usage: tasnif audit [options] CORPUS...

### train -h with its argument is still libsvm's shrinking
$ $TASNIF train -q -t rbf -h 0 -o $T/h.tsnf $TOP/datasets/demo/train.tsv && echo trained; $TASNIF train -h 2 x.tsv
> trained
~ --shrinking must be 0 or 1, not '2'
? 2

### tasnif help CMD is CMD --help; a mistyped command gets the closest
$ $TASNIF help eval | head -n 1; $TASNIF evl; echo $?
> Usage: tasnif eval -m MODEL [options] TEST...
> 2
~ tasnif: unknown command 'evl' (did you mean 'eval'?)

### an unknown option is named with the closest one
$ $TASNIF eval -m $DEMO --fail-undr macro_f1=1 x.tsv
! tasnif eval: unknown option '--fail-undr' (did you mean '--fail-under'?)
! Usage: tasnif eval -m MODEL [options] TEST...
! Try 'tasnif eval --help' for more information.
? 2

### predict's threshold has no letter: -t is train's kernel (and three of predict's options start with t: no guess)
$ $TASNIF predict -m $DEMO -t 0.5 x.txt
! tasnif predict: unknown option '-t'
! Usage: tasnif predict -m MODEL [options] [FILE...]
! Try 'tasnif predict --help' for more information.
? 2

### -f is the input format everywhere; train's old --format still reads, unlisted
$ $TASNIF train --help | grep -c -- '--format'; $TASNIF train -q --format tsv -o $T/f.tsnf $TOP/datasets/demo/train.tsv && echo ok
> 0
> ok
