"""Scenario results as JUnit XML, for CI systems: one <testsuite> per flow, one <testcase> per
scenario, the coverage report in the suite's <system-out>. Written atomically."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from designer.atomic import write_bytes_atomic

if TYPE_CHECKING:
    from designer.simulator.coverage import Coverage
    from designer.simulator.scenario import Outcome, SuiteResult


def junit_bytes(suite: SuiteResult, coverages: dict[Path, Coverage]) -> bytes:
    groups: dict[str, list[Outcome]] = {}
    flow_of: dict[str, Path | None] = {}
    for outcome in suite.outcomes:
        flow_path = outcome.scenario.flow_path if outcome.scenario else None
        key = flow_path.name if flow_path else "unreadable scenarios"
        groups.setdefault(key, []).append(outcome)
        flow_of[key] = flow_path
    root = ET.Element("testsuites", name="ivr-designer test")
    _counts(root, suite.outcomes)
    for key, outcomes in groups.items():
        element = ET.SubElement(root, "testsuite", name=key)
        _counts(element, outcomes)
        for outcome in outcomes:
            case = ET.SubElement(
                element,
                "testcase",
                name=outcome.name,
                classname=key.removesuffix(".ivrflow"),
                file=str(outcome.source),
            )
            if outcome.status != "pass":
                tag = "failure" if outcome.status == "fail" else "error"
                problem = ET.SubElement(case, tag, message=outcome.message.splitlines()[0])
                problem.text = outcome.message
            if outcome.result is not None:
                ET.SubElement(case, "system-out").text = outcome.result.render()
        cover = coverages.get(flow_of[key]) if flow_of[key] else None
        if cover is not None:
            lines = [f"Branch coverage: {cover.summary()}"]
            lines += [f"not taken: {b.describe()}" for b in cover.missed]
            ET.SubElement(element, "system-out").text = "\n".join(lines)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _counts(element: ET.Element, outcomes: list[Outcome]) -> None:
    element.set("tests", str(len(outcomes)))
    element.set("failures", str(sum(o.status == "fail" for o in outcomes)))
    element.set("errors", str(sum(o.status == "error" for o in outcomes)))


def write_junit(suite: SuiteResult, path: Path, coverages: dict[Path, Coverage]) -> None:
    write_bytes_atomic(path, junit_bytes(suite, coverages))
