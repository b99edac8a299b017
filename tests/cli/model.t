### a missing model
$ $TASNIF predict -m nothere.tsnf x.txt
! tasnif: nothere.tsnf: cannot open model: No such file or directory
? 1

### a file that is not a model
$ echo hello > m.tsnf && $TASNIF info m.tsnf
! tasnif: m.tsnf: not a tasnif model (only 6 bytes)
? 1

### a file with the wrong magic
$ head -c 100 /dev/zero > m.tsnf && $TASNIF info m.tsnf
! tasnif: m.tsnf: not a tasnif model (bad magic)
? 1
? 1

### a truncated model
$ head -c 1000 $DEMO > m.tsnf && $TASNIF info m.tsnf
~ m.tsnf: model is 1000 bytes but its header says
~ truncated or corrupt
? 1

### a flipped byte is caught by the checksum
$ cp $DEMO m.tsnf && printf 'X' | dd of=m.tsnf bs=1 seek=300 conv=notrunc 2>/dev/null && $TASNIF predict -m m.tsnf /dev/null
! tasnif: m.tsnf: checksum mismatch: the model file is corrupt
? 1

### a folder is not a model
$ mkdir d && $TASNIF info d
! tasnif: d: not a regular file
? 1

### info shows labels, kernel and the training summary
$ $TASNIF info $DEMO | grep -E '^(kernel|classifiers|\[features\]|\[training\])'
> kernel      linear, C 1
> classifiers 4 one-vs-rest (liblinear, hinge loss)
> [features]
> [training]

### info takes one model
$ $TASNIF info
~ give exactly one MODEL
? 2
