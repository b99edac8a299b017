"""Pieces the benchmark scripts share: reading a corpus, naming the CPU."""


def read(path, multi=False):
    """label<TAB>text lines -> (labels, texts); with multi, each label a list
    of the comma-separated labels of the line."""
    ys, xs = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            ys.append(label.split(",") if multi else label)
            xs.append(text)
    return ys, xs


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, or "unknown"."""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"
