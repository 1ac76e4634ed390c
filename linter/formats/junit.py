"""`--format junit`: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

One test suite per file; one failing test case per finding (named after the
rule and the position), and one passing test case for a file without
findings, so a clean corpus shows as passing tests rather than none.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from textlint.formats import positions

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(results, rules, stream, options) -> None:
    root = ET.Element("testsuites", name="textlint")
    total = failures = 0
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=_clean(result.path))
        found = list(zip(result.diagnostics, positions(result)))
        for diagnostic, position in found:
            where = f"{position.line}:{position.column}"
            case = ET.SubElement(
                suite, "testcase", classname=_clean(result.path), name=f"{diagnostic.rule} ({where})",
                file=_clean(result.path), line=str(position.line),
            )
            failure = ET.SubElement(case, "failure", message=_clean(diagnostic.message), type=diagnostic.rule)
            failure.text = _clean(f"{result.path}:{where}: {diagnostic.rule} [{diagnostic.severity}] {diagnostic.message}")
        if not found:
            ET.SubElement(suite, "testcase", classname=_clean(result.path), name="textlint", file=_clean(result.path))
        cases = max(1, len(found))
        suite.set("tests", str(cases))
        suite.set("failures", str(len(found)))
        suite.set("errors", "0")
        total += cases
        failures += len(found)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root) if hasattr(ET, "indent") else None
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
