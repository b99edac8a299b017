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

### info --format json says what the text says: labels with their documents, kernel, classifiers, features, flags, the [features] and [training] sections
$ $TASNIF info --format json $DEMO > j && $TASNIF info $DEMO > t && /usr/bin/python3 -c 'import json, re, sys; d = json.load(open("j")); t = open("t").read(); labs = re.findall(r"^ +\d+  (\S+) +(\d+) training documents$", t, re.M); assert [(l["label"], str(l["training_documents"])) for l in d["labels"]] == labs, labs; assert "classifiers %d one-vs-rest (liblinear, %s loss)" % (d["classifiers"], d["loss"]) in t; assert "features    %d (%s)" % (d["features"], d["feature_space"]) in t; assert ("kernel      %s, C %g" % (d["kernel"], d["C"])) in t; sec = lambda n: dict(l.split("=", 1) for l in t.split("[" + n + "]\n")[1].split("\n\n")[0].splitlines() if "=" in l); assert {k: str(v) for k, v in d["config"].items()} == sec("features"); assert d["training"] == sec("training"); assert d["multi_label"] is False and d["lsa"] is None and d["score_kind"] == "decision"; print(d["model"] == sys.argv[1], len(d["labels"]), d["flags"] or "(the defaults)")' $DEMO
> True 4 (the defaults)

### info --format json of a label-set model gives each label's threshold, of a kernel model its support vectors and gamma
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF train -q -t rbf -g 0.5 -o r.tsnf $TOP/datasets/demo/train.tsv && $TASNIF info --format json ml.tsnf > a && $TASNIF info --format json r.tsnf > b && /usr/bin/python3 -c 'import json; a = json.load(open("a")); b = json.load(open("b")); print(a["multi_label"], all(isinstance(l["threshold"], float) for l in a["labels"]), a["flags"]); print(b["kernel"], b["gamma"], b["support_vectors"] > 0, b["solver"], b["scheme"], "loss" in b)'
> True True --multi-label
> rbf 0.5 True libsvm one-vs-one False

### info --format takes text or json, and json goes without --vocab and --top-terms
$ $TASNIF info --format xml $DEMO; echo $?; $TASNIF info --format json --vocab 3 $DEMO; echo $?
> 2
> 2
~ unknown --format 'xml' (text, json)

### info takes one model
$ $TASNIF info
~ give exactly one MODEL
? 2

### info --top-terms lists each label's heaviest n-grams, positive then negative
$ $TASNIF info --top-terms 3 $DEMO | sed -n '/^\[top terms\]/,$p' | awk -F '\t' 'NR > 1 { n++; if (NF != 5 || ($2 != "+" && $2 != "-")) bad++ } END { print n, bad + 0 }'
> 8 0

### info --top-terms on a kernel model says why there are none
$ $TASNIF train -q -t rbf -o r.tsnf $TOP/datasets/demo/train.tsv && $TASNIF info --top-terms 3 r.tsnf | tail -n 1
> (this model has no n-gram weights: kernel or embedding-only model)
