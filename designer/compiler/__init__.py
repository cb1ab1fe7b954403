"""Flow → networkx graph → documents → lxml trees → bundle (see docs/bundle.md)."""

from designer.compiler.bundle import MANIFEST_NAME, Bundle, write_bundle
from designer.compiler.compile import CompileError, compile_flow, diagnose

__all__ = ["MANIFEST_NAME", "Bundle", "CompileError", "compile_flow", "diagnose", "write_bundle"]
