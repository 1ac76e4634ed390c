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


def _error_cases(suite, path: str, messages) -> int:
    """An input error as an erroring test case: the file was not (fully) linted."""
    for message in messages:
        case = ET.SubElement(suite, "testcase", classname=_clean(path), name="textlint", file=_clean(path))
        error = ET.SubElement(case, "error", message=_clean(message), type="input-error")
        error.text = _clean(f"{path}: {message}")
    return len(messages)


def render(results, rules, stream, options) -> None:
    root = ET.Element("testsuites", name="textlint")
    total = failures = errors = 0
    input_errors = {}
    for path, message in options.get("file_errors") or ():
        input_errors.setdefault(path, []).append(message)
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=_clean(result.path))
        suite_errors = _error_cases(suite, result.path, input_errors.pop(result.path, []))
        errors += suite_errors
        found = list(zip(result.diagnostics, positions(result)))
        for diagnostic, position in found:
            where = f"{position.line}:{position.column}"
            case = ET.SubElement(
                suite, "testcase", classname=_clean(result.path), name=f"{diagnostic.rule} ({where})",
                file=_clean(result.path), line=str(position.line),
            )
            failure = ET.SubElement(case, "failure", message=_clean(diagnostic.message), type=diagnostic.rule)
            failure.text = _clean(f"{result.path}:{where}: {diagnostic.rule} [{diagnostic.severity}] {diagnostic.message}")
        if not found and not suite_errors:
            ET.SubElement(suite, "testcase", classname=_clean(result.path), name="textlint", file=_clean(result.path))
        cases = max(1, len(found) + suite_errors)
        suite.set("tests", str(cases))
        suite.set("failures", str(len(found)))
        suite.set("errors", str(suite_errors))
        total += cases
        failures += len(found)
    for path, messages in input_errors.items():  # files that could not be linted at all
        suite = ET.SubElement(root, "testsuite", name=_clean(path))
        count = _error_cases(suite, path, messages)
        suite.set("tests", str(count))
        suite.set("failures", "0")
        suite.set("errors", str(count))
        total += count
        errors += count
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root) if hasattr(ET, "indent") else None
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
