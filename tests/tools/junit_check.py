"""Check JUnit XML files against the rules of the schema Jenkins' JUnit
plugin documents (junit-10.xsd of the xUnit plugin), which GitLab's unit
test reports read too, plus what those readers need to show a result:

- the root is <testsuites> (attributes name, time, tests, failures,
  errors, disabled) holding only <testsuite> elements;
- a <testsuite> has name and tests (required), failures, errors, skipped,
  disabled (whole numbers), time (a decimal), timestamp (yyyy-mm-ddThh:mm:ss,
  no zone), and holds, in this order, <properties>?, <testcase>*,
  <system-out>?, <system-err>?;
- a <property> has name and value; a <testcase> has name (required),
  classname, time, and holds only <skipped>, <error>, <failure>,
  <system-out>, <system-err>; a <failure> or <error> has message and type
  and text content;
- the counts add up: a suite's tests are its test cases, its failures its
  failed cases; the root's totals are the suites' sums;
- what GitLab and Jenkins show: every failure's text (GitLab shows the
  element's text, not message) is not empty and every case and suite has
  a time.

    junit_check.py FILE...

Prints "ok: FILE" or "FAILED FILE: reason" per file; exits 1 when any fails.
"""
import re
import sys
import xml.etree.ElementTree as ET

TIME = re.compile(r"^[0-9]+(\.[0-9]+)?$")
STAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$")
WHOLE = re.compile(r"^[0-9]+$")
ROOT_ATTRS = {"name", "time", "tests", "failures", "errors", "disabled"}
SUITE_ATTRS = {"name", "tests", "failures", "errors", "skipped", "disabled", "time", "timestamp", "hostname", "id",
               "package", "file", "log", "url", "version", "group"}
CASE_ATTRS = {"name", "classname", "time", "assertions", "status", "class", "file", "line", "log", "group", "url"}
SUITE_ORDER = ["properties", "testcase", "system-out", "system-err"]
CASE_CHILDREN = {"skipped", "error", "failure", "system-out", "system-err"}


class Bad(Exception):
    pass


def need(cond, why):
    if not cond:
        raise Bad(why)


def numbers(el, names, pattern, what):
    for n in names:
        v = el.get(n)
        need(v is None or pattern.match(v), f"{what} {n}={v!r} is not {pattern.pattern}")


def check_case(case, where):
    need(set(case.attrib) <= CASE_ATTRS, f"{where}: unknown attributes {set(case.attrib) - CASE_ATTRS}")
    need(case.get("name"), f"{where}: a testcase without a name")
    need(case.get("time") is not None, f"{where}: testcase {case.get('name')!r} has no time")
    numbers(case, ["time"], TIME, where)
    failed = 0
    for ch in case:
        need(ch.tag in CASE_CHILDREN, f"{where}: <{ch.tag}> inside a testcase")
        if ch.tag in ("failure", "error"):
            need(set(ch.attrib) <= {"message", "type"}, f"{where}: <{ch.tag}> attributes {set(ch.attrib)}")
            need((ch.text or "").strip(), f"{where}: <{ch.tag}> of {case.get('name')!r} has no text")
            failed += ch.tag == "failure"
    return failed


def check_suite(s, where):
    need(s.tag == "testsuite", f"{where}: <{s.tag}> inside <testsuites>")
    need(set(s.attrib) <= SUITE_ATTRS, f"{where}: unknown attributes {set(s.attrib) - SUITE_ATTRS}")
    need(s.get("name") and s.get("tests") is not None, f"{where}: a testsuite needs name and tests")
    numbers(s, ["tests", "failures", "errors", "skipped", "disabled"], WHOLE, where)
    numbers(s, ["time"], TIME, where)
    numbers(s, ["timestamp"], STAMP, where)
    need(s.get("time") is not None, f"{where}: suite {s.get('name')!r} has no time")
    rank = [SUITE_ORDER.index(ch.tag) if ch.tag in SUITE_ORDER else -1 for ch in s]
    need(-1 not in rank and rank == sorted(rank), f"{where}: suite children {[ch.tag for ch in s]}")
    need([ch.tag for ch in s].count("properties") <= 1, f"{where}: two <properties>")
    for p in s.iter("property"):
        need(p.get("name") is not None and p.get("value") is not None, f"{where}: a property without name or value")
    cases = s.findall("testcase")
    failures = sum(check_case(c, f"{where}/{s.get('name')}") for c in cases)
    need(int(s.get("tests")) == len(cases), f"{where}: suite {s.get('name')!r} says tests={s.get('tests')}, "
         f"holds {len(cases)}")
    need(int(s.get("failures", "0")) == failures, f"{where}: suite {s.get('name')!r} says "
         f"failures={s.get('failures')}, holds {failures}")
    return len(cases), failures


def check(path):
    root = ET.parse(path).getroot()
    need(root.tag == "testsuites", f"root <{root.tag}>")
    need(set(root.attrib) <= ROOT_ATTRS, f"unknown root attributes {set(root.attrib) - ROOT_ATTRS}")
    numbers(root, ["tests", "failures", "errors", "disabled"], WHOLE, "testsuites")
    numbers(root, ["time"], TIME, "testsuites")
    tests = failures = 0
    for s in root:
        t, f = check_suite(s, path)
        tests, failures = tests + t, failures + f
    need(root.get("tests") is None or int(root.get("tests")) == tests, f"testsuites tests={root.get('tests')}, "
         f"suites hold {tests}")
    need(root.get("failures") is None or int(root.get("failures")) == failures,
         f"testsuites failures={root.get('failures')}, suites hold {failures}")


status = 0
for path in sys.argv[1:]:
    try:
        check(path)
        print("ok:", path)
    except (Bad, ET.ParseError) as e:
        print(f"FAILED {path}: {e}")
        status = 1
sys.exit(status)
